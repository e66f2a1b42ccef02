"""The fault matrix: does any failure lose or duplicate a result?

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python -m scripts.faults [--case NAME ...]
        [--voice-turns 4] [--json PATH]

Runs every case against real local processes: the local platform as a subprocess
(``python -m scripts.local_platform``, killed and restarted where a case says so,
faults armed through its admin API) and moto's S3 as a subprocess
(``python -m scripts.local_s3``). Interviews are text-level (the real orchestrator,
``Interviewer`` and ``PolicyLLM`` in a real room-less ``AgentSession``, a scripted
candidate typing its answers) because twenty voice sessions would overload two cores;
the slow-platform case also measures voice turns (real Silero VAD, espeak-ng candidate,
stub STT/TTS of known latency, ``scripts.bench_voice``). The SIGTERM/SIGKILL cases run
the interview in a child process (``python -m scripts.faults child``) that shuts down
as a LiveKit job process does: the session closes, the entrypoint is cancelled after
a window (LiveKit's 15 s, shortened where the cancel must land inside the wrap-up),
then the shutdown callback gets a last delivery.

Every case ends with what the next job start on that host would do (outbox replay,
spool drain) and then counts, per interview: transcript rows produced (by the worker),
delivered (on the platform, same number and words) and duplicated (on the platform
beyond that), the platform's final status and rating. Lost = rows not delivered +
results (final status, evaluation, recording) missing. The last line is
``N cases, L lost, D duplicated``; the exit status is 1 when L or D is not 0.
"""
