"""Speech engines for the interview: offline (whisper, Piper, espeak-ng) and OpenAI-compatible.

Import the submodules directly (``agent.voice.providers``...): this package imports
nothing at import time, so the core worker never pays for, or needs, the ``local`` extra.
"""
