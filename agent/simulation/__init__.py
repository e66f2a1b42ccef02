"""Room-less simulation: a scripted candidate speaking to a real AgentSession."""
