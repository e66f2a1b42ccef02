"""Benchmark: time to greeting, and per-turn voice overhead, each beside a baseline.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python -m scripts.bench_voice [--json PATH]
        [--part greeting|turns|all]

1. Time to greeting: from the candidate's arrival (the simulation's join) to the first
   interviewer audio frame reaching their speaker (``SimSpeaker.capture_frame``), against
   the local platform on loopback with each of `GREETING_LATENCIES` added to every GraphQL
   request (the CV download is not delayed). Three kinds of run, rotated:
   ``ours_joins_later`` (dispatched first, the candidate joins `JOIN_AFTER` s later, as in
   a LiveKit room: the application is read and the greeting voiced by then),
   ``ours_present`` (already there at dispatch: the application fetch and the TTS's first
   audio are still ahead) and ``baseline``, the naive sequential setup started once they
   are there (get_application → CV download + parse → ``analyze_fit`` → createInterview →
   startInterview → session start with the ``Interviewer``, whose ``on_enter`` says the
   greeting → first frame). Stub TTS (fixed time to first audio) keeps the engine out of
   the comparison; a few runs with the real Piper voice follow.

2. Per-turn overhead: a simulated candidate (espeak-ng speech, real Silero VAD, real-time
   microphone) answers `--turns` times; STT and TTS are stubs of known latency, so
   ``overhead = e2e_latency − (stt + tts)`` is what the pipeline adds: Silero's silence
   wait (a constant, reported), the session, and for ours the ``Interviewer`` agent with
   ``PolicyLLM`` (two LLM calls and a tool per turn) inside the full orchestrator. The
   baseline is a bare ``AgentSession`` with a plain ``Agent`` and an instant fixed-reply
   LLM under the same stubs and turn settings. ``residual`` also subtracts the VAD wait
   and the endpointing delay; ``after_final_transcript`` (e2e − the turn's own
   transcription_delay − tts) is free of the VAD's 32 ms window jitter, so it shows the
   code's own cost most sharply. The microphone runs at 1x (VAD timestamps and
   endpointing are wall-clock); only the interviewer's playback is sped up. Each side's
   turns are split over `--processes` interviews (default 2) that run at once beside the
   other side's, one process each, as LiveKit runs jobs (`--sequential`: one process per
   side, one side after the other).

Prints one JSON object (milliseconds); asserts nothing. Machines here are shared and
noisy: quote medians and ratios from one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import os
import platform
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from livekit import rtc
from livekit.agents import Agent, AgentSession, tts, vad
from livekit.plugins import silero

from agent.analysis import analyze_fit
from agent.components import Components, Prewarmed
from agent.interview.flow import Candidate, InterviewFlow
from agent.interview.interviewer import Interviewer
from agent.interview.policy_llm import PolicyLLM
from agent.session import VoiceStack, build_session, turn_handling
from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.candidate import SimLink, SimulatedCandidate, espeak_voice
from agent.simulation.script import CandidateScript, Step
from config.logging import configure_logging
from config.settings import InterviewSettings, Settings, load_settings
from scripts.bench_stats import emit, p95
from scripts.bench_stubs import ExpectedTexts, FixedReplyLLM, ScriptedSTT, SineTTS

API_KEY = "bench-key"
APPLICATION = "app-strong-001"  # English, PDF CV: the full CV path
PLAYBACK_SPEED = 6.0  # interviewer audio plays 6x faster; the microphone stays at 1x
PIPER_RUNS = 3  # greeting runs of each with the real Piper voice
JOIN_AFTER = 1.5  # s from dispatch to the candidate's arrival when they join later
GREETING_LATENCIES = (0.0, 0.05)  # platform latencies the greeting is timed at
WARMUP_TURNS = 1  # the first reply of a session is dropped (lazy set-up inside the session)
ANSWERS = (  # short (≈1 s) so turns are quick; "pardon" asks for a repeat (another tool)
    "Yes, many times.",
    "Pardon?",
    "Sure, every week.",
)
Kind = Literal["ours", "bare"]


@dataclass(frozen=True)
class Params:
    runs: int = 5
    turns: int = 30
    platform_latency: float = 0.05
    greeting_latencies: tuple[float, ...] = GREETING_LATENCIES
    stt_latency: float = 0.3
    tts_latency: float = 0.2
    piper: bool = True
    sequential: bool = False
    processes: int = 2  # per side, each with its share of the turns
    application: str = APPLICATION
    part: Literal["greeting", "turns", "all"] = "all"


# -- small helpers --------------------------------------------------------------------------


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def summary(values: list[float]) -> dict[str, Any]:
    """p50 / p95 / min / max in ms (empty → n=0 only)."""
    if not values:
        return {"n": 0}
    return {
        "p50": ms(statistics.median(values)),
        "p95": ms(p95(values)),
        "min": ms(min(values)),
        "max": ms(max(values)),
        "n": len(values),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def quiet_logs() -> None:
    configure_logging("ERROR", json=False)
    for name in ("livekit", "livekit.agents", "livekit.plugins", "aiohttp"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # sim audio outputs left for the GC at loop close: "Task was destroyed but it is pending"
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def settings_for(platform_url: str, workdir: Path) -> Settings:
    """Worker settings pointed at the local platform; recording off, .env ignored."""
    overrides = {
        "GRAPHQL_ENDPOINT": platform_url,
        "PLATFORM_API_KEY": API_KEY,
        "RECORDING_MODE": "off",
        "OUTBOX_DIR": str(workdir / "outbox"),
        "CV_ALLOWED_HOSTS": "127.0.0.1",  # the local platform serves the CVs
        "STT_PROVIDER": "local",
        "LLM_PROVIDER": "local",
        "TTS_PROVIDER": "local",
    }
    return load_settings(overrides, _env_file=None)


class FirstFrameSpeaker(SimSpeaker):
    """A SimSpeaker that timestamps (perf_counter) the first interviewer frame it gets."""

    def __init__(self, *, speed: float = 1.0) -> None:
        super().__init__(speed=speed)
        self.first_frame_at: float | None = None
        self.first_frame = asyncio.Event()

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        if self.first_frame_at is None:
            self.first_frame_at = time.perf_counter()
            self.first_frame.set()
        await super().capture_frame(frame)


@dataclass
class Env:
    """Local platform + the worker's components, shared by every run in one process."""

    platform: Any  # scripts.local_platform.LocalPlatform, or None when served elsewhere
    settings: Settings
    components: Components
    vad: vad.VAD

    def session(
        self, tts_engine: tts.TTS, texts: ExpectedTexts, stt_latency: float
    ) -> AgentSession:
        """Production `build_session` with stub STT/TTS, PolicyLLM and the real VAD."""
        stack = VoiceStack(
            vad=self.vad,
            stt=ScriptedSTT(texts, latency=stt_latency),
            llm=PolicyLLM(),
            tts=tts_engine,
        )
        return build_session(self.settings.interview, stack)


@contextlib.asynccontextmanager
async def local_env(latency: float, platform_url: str | None = None) -> AsyncIterator[Env]:
    """The worker's components against the local platform: started here, or (for the
    per-turn runs) the one at `platform_url`, served by another process as a real
    platform is, so that its work does not land on the loop under test."""
    from scripts.local_platform import LocalPlatform

    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        workdir = Path(tmp)
        async with contextlib.AsyncExitStack() as stack:
            server = None
            if platform_url is None:
                server = LocalPlatform(db_path=workdir / "platform.sqlite3", api_key=API_KEY)
                await stack.enter_async_context(server)
                server.inject(latency=latency)
                platform_url = server.url
            settings = settings_for(platform_url, workdir)
            model = await asyncio.to_thread(silero.VAD.load)
            components = Components(settings, prewarmed=Prewarmed(vad=model, engines=None))
            await components.open()
            try:
                yield Env(server, settings, components, model)
            finally:
                await components.aclose()


# -- 1. time to greeting ----------------------------------------------------------------------


class StampedLink(SimLink):
    """A SimLink that timestamps (perf_counter) the candidate's arrival."""

    joined_at: float | None = None

    async def wait_for_candidate(self, within: float) -> bool:
        present = await super().wait_for_candidate(within)
        self.joined_at = time.perf_counter()
        return present


@dataclass
class GreetingRig:
    """One run's simulated room: the candidate joins `join_after` s after dispatch, silent."""

    join_after: float = 0.0
    mic: SimMicrophone = field(default_factory=SimMicrophone)
    speaker: FirstFrameSpeaker = field(
        default_factory=lambda: FirstFrameSpeaker(speed=PLAYBACK_SPEED)
    )
    link: StampedLink = field(init=False)

    def __post_init__(self) -> None:
        script = CandidateScript(join_after=self.join_after, steps=[])
        self.link = StampedLink(mic=self.mic, speaker=self.speaker, script=script)

    def from_join(self) -> float:
        assert self.speaker.first_frame_at is not None and self.link.joined_at is not None
        return self.speaker.first_frame_at - self.link.joined_at

    async def aclose(self) -> None:
        self.mic.close()
        await self.speaker.aclose()


@dataclass(frozen=True)
class Greeted:
    """One run: dispatch (run() or the naive setup's start) and arrival → first frame."""

    from_dispatch: float
    from_join: float


async def greeting_ours(env: Env, engine: tts.TTS, app_id: str, room: str, join: float) -> Greeted:
    """orchestrator.run() → first greeting frame; then the session is closed (wrap-up untimed)."""
    rig = GreetingRig(join)
    sessions: list[AgentSession] = []

    def factory(_language: str) -> AgentSession:
        sessions.append(env.session(engine, ExpectedTexts(), 0.0))
        return sessions[-1]

    c = env.components
    orchestrator = c.orchestrator(
        application_id=app_id, room=room, link=rig.link, session_factory=factory
    )
    started = time.perf_counter()
    run = asyncio.create_task(orchestrator.run())
    heard = asyncio.create_task(rig.speaker.first_frame.wait())
    try:
        await asyncio.wait({run, heard}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        if rig.speaker.first_frame_at is None:
            raise RuntimeError(f"no greeting: {run.result() if run.done() else 'timeout'}")
        if sessions:
            await sessions[0].aclose()
        outcome = await asyncio.wait_for(run, 60)
        if outcome.status == "FAILED" and outcome.reason:
            raise RuntimeError(f"orchestrator failed: {outcome.reason}")
    finally:
        heard.cancel()
        await rig.aclose()
    return Greeted(rig.speaker.first_frame_at - started, rig.from_join())


async def greeting_baseline(
    env: Env, engine: tts.TTS, app_id: str, room: str, join: float
) -> Greeted:
    """The same work done naively, one step after the other, once the candidate is there."""
    rig = GreetingRig(join)
    c, s = env.components, env.settings.interview
    recorder = c.recorder()
    started = time.perf_counter()
    await rig.link.wait_for_candidate(s.no_show_timeout)
    application = await c.platform.get_application(app_id)
    cv_text = (
        (await c.cv_loader.load(application.resume_url)).text if application.resume_url else None
    )
    fit = await analyze_fit(application, cv_text, duration_minutes=s.duration_minutes)
    interview = await c.platform.create_interview(
        application.id, room, duration_minutes=s.duration_minutes
    )
    await c.platform.start_interview(interview.id)
    await recorder.start(application_id=application.id, interview_id=interview.id)
    job = application.job
    flow = InterviewFlow(
        candidate=Candidate(application.candidate.name, job.title, job.company.name),
        language=job.language,
        duration_minutes=s.duration_minutes,
        max_follow_ups=s.max_follow_ups,
    )
    plan: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    plan.set_result(fit.plan)
    agent = Interviewer(flow=flow, application=application, plan=plan)  # greets in on_enter
    session = env.session(engine, ExpectedTexts(), 0.0)
    try:
        await rig.link.start_session(
            session, agent, wrap_input=recorder.wrap_input, wrap_output=recorder.wrap_output
        )
        await asyncio.wait_for(rig.speaker.first_frame.wait(), 60)
        assert rig.speaker.first_frame_at is not None
        return Greeted(rig.speaker.first_frame_at - started, rig.from_join())
    finally:
        await session.aclose()
        await rig.aclose()
        await c.platform.cancel_interview(interview.id, "benchmark")


GreetingFn = Callable[[Env, tts.TTS, str, str, float], Any]
GREETING_RUNS: dict[str, tuple[GreetingFn, float]] = {
    # the candidate is in the room when the job starts: dispatch = arrival
    "ours_present": (greeting_ours, 0.0),
    # the usual case: dispatched first, the candidate arrives after the application is read
    "ours_joins_later": (greeting_ours, JOIN_AFTER),
    "baseline": (greeting_baseline, 0.0),
}


async def greeting_runs(
    env: Env, engine: tts.TTS, app_id: str, runs: int, tag: str
) -> dict[str, list[Greeted]]:
    """`runs` of each kind, rotating which goes first; room names are unique per run."""
    names = list(GREETING_RUNS)
    out: dict[str, list[Greeted]] = {name: [] for name in names}
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            fn, join = GREETING_RUNS[name]
            room = f"bench-{tag}-{name}-{i}-{time.monotonic_ns()}"
            out[name].append(await fn(env, engine, app_id, room, join))
    return out


def greeting_report(timed: dict[str, list[Greeted]]) -> dict[str, Any]:
    base = statistics.median(g.from_join for g in timed["baseline"])
    later = statistics.median(g.from_join for g in timed["ours_joins_later"])
    present = statistics.median(g.from_join for g in timed["ours_present"])
    return {
        "ours_joins_later_from_join_ms": summary([g.from_join for g in timed["ours_joins_later"]]),
        "ours_joins_later_from_dispatch_ms": summary(
            [g.from_dispatch for g in timed["ours_joins_later"]]
        ),
        "ours_present_from_join_ms": summary([g.from_join for g in timed["ours_present"]]),
        "baseline_from_join_ms": summary([g.from_join for g in timed["baseline"]]),
        "speedup_p50_joins_later": ratio(base, later),
        "speedup_p50_present": ratio(base, present),
    }


def piper_tts() -> tts.TTS:
    """The real English interviewer voice, warmed up once (its first synthesis is slow)."""
    from agent.voice.local_tts import LocalTTS, load_piper_voice

    voice = load_piper_voice()
    for _ in voice.synthesize("Hello there."):
        pass
    return LocalTTS(voice=voice)


async def bench_greeting(params: Params) -> dict[str, Any]:
    stub = SineTTS(ttfa=params.tts_latency)
    report: dict[str, Any] = {
        "what": "candidate's arrival (the simulation's join) -> first greeting frame at the "
        f"speaker; ours_joins_later: they join {ms(JOIN_AFTER)} ms after dispatch (the "
        "application is read by then); ours_present: already there at dispatch; baseline: "
        "the naive sequential setup, started when they are there",
        "application": params.application,
        "tts": f"stub, {ms(params.tts_latency)} ms to first audio",
        "by_platform_latency": {},
    }
    async with local_env(0.0) as env:
        for latency in params.greeting_latencies:
            env.platform.inject(latency=latency)
            await greeting_runs(env, stub, params.application, 1, "warmup")
            timed = await greeting_runs(env, stub, params.application, params.runs, "stub")
            report["by_platform_latency"][f"{ms(latency):g}ms"] = greeting_report(timed)
        if params.piper:
            env.platform.inject(latency=params.platform_latency)
            report["piper"] = await greeting_with_piper(env, params)
    return report


async def greeting_with_piper(env: Env, params: Params) -> dict[str, Any]:
    """A few runs with the real Piper voice (after one discarded round): what a listener gets."""
    try:
        engine = await asyncio.to_thread(piper_tts)
    except RuntimeError as exc:  # the `local` extra is missing
        return {"skipped": str(exc)}
    await greeting_runs(env, engine, params.application, 1, "piper-warmup")
    timed = await greeting_runs(env, engine, params.application, PIPER_RUNS, "piper")
    return {
        "runs": PIPER_RUNS,
        "platform_latency_ms": ms(params.platform_latency),
        **greeting_report(timed),
    }


# -- 2. per-turn overhead ---------------------------------------------------------------------

_METRICS = ("e2e_latency", "llm_node_ttft", "tts_node_ttfb")


class TurnLog:
    """``conversation_item_added`` → the latency metrics of every reply to a user turn,
    with the user turn's ``transcription_delay`` (its end of speech → STT final)."""

    def __init__(self, want: int) -> None:
        self.want = want
        self.replies: list[dict[str, float]] = []
        self.user_turns = 0
        self.enough = asyncio.Event()
        self._transcribed_after: float | None = None

    def on_item(self, ev: Any) -> None:
        item = ev.item
        if getattr(item, "type", None) != "message":
            return
        metrics = item.metrics or {}
        if item.role == "user":
            self.user_turns += 1
            self._transcribed_after = metrics.get("transcription_delay")
            return
        if item.role == "assistant" and metrics.get("e2e_latency") is not None:
            reply = {k: float(metrics[k]) for k in _METRICS if k in metrics}
            if self._transcribed_after is not None:
                reply["transcription_delay"] = float(self._transcribed_after)
            self.replies.append(reply)
            if len(self.replies) >= self.want:
                self.enough.set()


@dataclass
class TurnRig:
    """The simulated candidate: espeak-ng voice into a 1x microphone, scripted answers."""

    texts: ExpectedTexts
    mic: SimMicrophone
    speaker: SimSpeaker
    link: SimLink
    candidate: SimulatedCandidate

    @classmethod
    def build(cls, turns: int, tts_latency: float) -> TurnRig:
        texts = ExpectedTexts()
        steps = [Step.model_validate({"say": ANSWERS[i % len(ANSWERS)]}) for i in range(turns + 10)]
        script = CandidateScript(join_after=0, steps=steps)
        mic, speaker = SimMicrophone(speed=1.0), SimSpeaker(speed=PLAYBACK_SPEED)
        link = SimLink(mic=mic, speaker=speaker, script=script)
        espeak = espeak_voice("en", mic.sample_rate)

        def voice(text: str) -> Any:
            texts.push(text)  # what the stub STT will "recognize" for this utterance
            return espeak(text)

        # answers once the interviewer has been quiet for longer than a TTS round trip,
        # so a greeting and the question after it are heard as one turn
        candidate = SimulatedCandidate(
            script, link=link, voice=voice, think_s=0.1, quiet_s=tts_latency + 0.4
        )
        return cls(texts, mic, speaker, link, candidate)

    async def aclose(self) -> None:
        self.mic.close()
        await self.speaker.aclose()


def bare_session(
    settings: InterviewSettings, model: vad.VAD, texts: ExpectedTexts, params: Params
) -> AgentSession:
    return AgentSession(
        vad=model,
        stt=ScriptedSTT(texts, latency=params.stt_latency),
        llm=FixedReplyLLM(),
        tts=SineTTS(ttfa=params.tts_latency),
        turn_handling=turn_handling(settings, preemptive=False),  # type: ignore[arg-type]
        user_away_timeout=settings.silence_timeout,
    )


async def turns_bare(params: Params, log: TurnLog, platform_url: str | None) -> dict[str, Any]:
    """A bare AgentSession: plain Agent, instant fixed reply, same stubs and turn settings."""
    settings = load_settings({"RECORDING_MODE": "off"}, _env_file=None).interview
    model = await asyncio.to_thread(silero.VAD.load)
    rig = TurnRig.build(params.turns + WARMUP_TURNS, params.tts_latency)
    session = bare_session(settings, model, rig.texts, params)
    session.on("conversation_item_added", log.on_item)
    await rig.link.wait_for_candidate(0)  # "joins" at once, as the orchestrator would ask
    talk = asyncio.create_task(rig.candidate.run())
    try:
        await rig.link.start_session(
            session,
            Agent(instructions="You are an interviewer."),
            wrap_input=lambda a: a,
            wrap_output=lambda a: a,
        )
        session.say("Hello, thank you for joining. Tell me about your last job.")
        await asyncio.wait_for(log.enough.wait(), 60 + 15 * params.turns)
    finally:
        talk.cancel()
        await asyncio.gather(talk, return_exceptions=True)
        await session.aclose()
        await rig.aclose()
    return {"sessions": 1, "stt": stt_counts(rig.texts), "vad": vad_opts(model)}


async def turns_ours(params: Params, log: TurnLog, platform_url: str | None) -> dict[str, Any]:
    """Full orchestrator (local platform, Interviewer + PolicyLLM); more interviews if the
    plan runs out before enough turns."""
    async with local_env(params.platform_latency, platform_url) as env:
        interviews, stt = 0, {"recognized": 0, "empty": 0}
        while not log.enough.is_set() and interviews < 5:
            interviews += 1
            room = f"bench-turns-{os.getpid()}-{interviews}"  # one record per process
            counts = await one_interview(env, params, log, room)
            stt = {k: stt[k] + counts[k] for k in stt}
        return {"sessions": interviews, "stt": stt, "vad": vad_opts(env.vad)}


async def one_interview(env: Env, params: Params, log: TurnLog, room: str) -> dict[str, int]:
    rig = TurnRig.build(params.turns + WARMUP_TURNS, params.tts_latency)
    sessions: list[AgentSession] = []
    engine = SineTTS(ttfa=params.tts_latency)

    def factory(_language: str) -> AgentSession:
        session = env.session(engine, rig.texts, params.stt_latency)
        session.on("conversation_item_added", log.on_item)
        sessions.append(session)
        return session

    c = env.components
    orchestrator = c.orchestrator(
        application_id=params.application, room=room, link=rig.link, session_factory=factory
    )
    run = asyncio.create_task(orchestrator.run())
    talk = asyncio.create_task(rig.candidate.run())
    enough = asyncio.create_task(log.enough.wait())
    try:
        await asyncio.wait(
            {run, enough}, timeout=60 + 15 * params.turns, return_when=asyncio.FIRST_COMPLETED
        )
        if not run.done() and sessions:
            await sessions[0].aclose()  # enough turns: the orchestrator wraps up
        await asyncio.wait_for(run, 60)
    finally:
        for task in (talk, enough):
            task.cancel()
        await asyncio.gather(talk, enough, return_exceptions=True)
        await rig.aclose()
    return stt_counts(rig.texts)


def stt_counts(texts: ExpectedTexts) -> dict[str, int]:
    """Utterances Silero cut and the stub recognized (empty = a cut with no answer pending)."""
    return {"recognized": texts.recognized, "empty": texts.empty}


def vad_opts(model: vad.VAD) -> dict[str, float]:
    opts = getattr(model, "_opts", None)
    return {"min_silence_s": float(getattr(opts, "min_silence_duration", 0.55))}


def run_turns(kind: Kind, params: Params, platform_url: str | None) -> dict[str, Any]:
    """One side of the comparison, in its own process (spawned) or in this one."""
    quiet_logs()
    return asyncio.run(_run_turns(kind, params, platform_url))


async def _run_turns(kind: Kind, params: Params, platform_url: str | None) -> dict[str, Any]:
    log = TurnLog(params.turns + WARMUP_TURNS)
    started = time.monotonic()
    info = await (turns_ours if kind == "ours" else turns_bare)(params, log, platform_url)
    return {
        **info,
        "replies": log.replies[WARMUP_TURNS:],
        "user_turns": log.user_turns,
        "wall_s": round(time.monotonic() - started, 1),
    }


def merged(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One side's processes as one: their replies, counts and longest wall time."""
    return {
        "replies": [r for run in runs for r in run["replies"]],
        "user_turns": sum(run["user_turns"] for run in runs),
        "stt": {k: sum(run["stt"][k] for run in runs) for k in runs[0]["stt"]},
        "sessions": sum(run["sessions"] for run in runs),
        "wall_s": max(run["wall_s"] for run in runs),
        "vad": runs[0]["vad"],
    }


def side_report(raw: dict[str, Any], params: Params, endpointing: float) -> dict[str, Any]:
    replies: list[dict[str, float]] = raw["replies"]
    e2e = [r["e2e_latency"] for r in replies]
    stubs = params.stt_latency + params.tts_latency
    floor = max(raw["vad"]["min_silence_s"] + params.stt_latency, endpointing) + params.tts_latency
    after_final = [
        r["e2e_latency"] - r["transcription_delay"] - params.tts_latency
        for r in replies
        if "transcription_delay" in r
    ]
    return {
        "e2e_ms": summary(e2e),
        "overhead_ms": summary([v - stubs for v in e2e]),
        "residual_ms": summary([v - floor for v in e2e]),
        "after_final_transcript_ms": summary(after_final),
        "llm_node_ttft_ms": summary([r["llm_node_ttft"] for r in replies if "llm_node_ttft" in r]),
        "tts_node_ttfb_ms": summary([r["tts_node_ttfb"] for r in replies if "tts_node_ttfb" in r]),
        "user_turns": raw["user_turns"],
        "stt_utterances": raw["stt"],
        "sessions": raw["sessions"],
        "wall_s": raw["wall_s"],
    }


async def bench_turns(params: Params) -> dict[str, Any]:
    from scripts.local_platform import LocalPlatform

    kinds: tuple[Kind, Kind] = ("ours", "bare")
    with tempfile.TemporaryDirectory(prefix="bench-voice-platform-") as tmp:
        # served from this process: a platform's work is not on the worker's loop
        server = LocalPlatform(db_path=Path(tmp) / "platform.sqlite3", api_key=API_KEY)
        async with server:
            server.inject(latency=params.platform_latency)
            if params.sequential:
                raw = [
                    [await asyncio.to_thread(run_turns, kind, params, server.url)] for kind in kinds
                ]
            else:
                # each side's turns split over `processes` interviews at once, one process
                # each (as LiveKit runs jobs): the machine stays far from busy, and 100
                # turns take a third of the time
                share = replace(params, turns=-(-params.turns // params.processes))
                context = multiprocessing.get_context("spawn")
                workers = 2 * params.processes
                with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                    loop = asyncio.get_running_loop()
                    runs = await asyncio.gather(
                        *(
                            loop.run_in_executor(pool, run_turns, kind, share, server.url)
                            for kind in kinds
                            for _ in range(params.processes)
                        )
                    )
                raw = [list(runs[: params.processes]), list(runs[params.processes :])]
    endpointing = load_settings({}, _env_file=None).interview.endpointing_min_delay
    ours, bare = (side_report(merged(r), params, endpointing) for r in raw)
    return {
        "what": "e2e_latency (candidate's end of speech -> first reply audio) per turn",
        "stt_latency_ms": ms(params.stt_latency),
        "tts_ttfa_ms": ms(params.tts_latency),
        "vad_min_silence_ms": ms(raw[0][0]["vad"]["min_silence_s"]),
        "endpointing_min_delay_ms": ms(endpointing),
        "overhead": "e2e - (stt + tts)",
        "residual": "e2e - (max(vad silence + stt, endpointing) + tts)",
        "after_final_transcript": "e2e - the turn's transcription_delay - tts: from the STT "
        "final to first audio, without the VAD's silence wait or its 32 ms window jitter",
        "mode": "sequential"
        if params.sequential
        else f"concurrent ({params.processes} processes per side)",
        "ours": ours,
        "bare": bare,
        "ours_vs_bare": {
            metric: compare(ours[metric], bare[metric])
            for metric in ("overhead_ms", "residual_ms", "after_final_transcript_ms")
        },
    }


def compare(ours: dict[str, Any], bare: dict[str, Any]) -> dict[str, float | None]:
    """Ratio and difference of p50 and p95, ours against bare."""
    out: dict[str, float | None] = {}
    for key in ("p50", "p95"):
        a, b = ours.get(key), bare.get(key)
        out[f"ratio_{key}"] = ratio(a, b)
        out[f"delta_{key}"] = round(a - b, 1) if a is not None and b is not None else None
    return out


# -- entry point ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> tuple[Params, Path | None]:
    p = argparse.ArgumentParser(
        prog="python -m scripts.bench_voice",
        description="Time to greeting and per-turn voice overhead, each beside a baseline.",
    )
    p.add_argument("--runs", type=int, default=5, help="time-to-greeting runs of each (5)")
    p.add_argument("--turns", type=int, default=30, help="candidate turns per side (30)")
    p.add_argument(
        "--platform-latency", type=float, default=0.05, help="s added per GraphQL request (0.05)"
    )
    p.add_argument("--stt-latency", type=float, default=0.3, help="stub STT latency, s (0.3)")
    p.add_argument(
        "--tts-latency", type=float, default=0.2, help="stub TTS time to first audio, s (0.2)"
    )
    p.add_argument("--no-piper", action="store_true", help="skip the real-Piper greeting runs")
    p.add_argument(
        "--sequential", action="store_true", help="run ours and bare turns one after the other"
    )
    p.add_argument(
        "--processes", type=int, default=2, help="interviews at once per side, turns split (2)"
    )
    p.add_argument("--application", default=APPLICATION, help=f"seeded application ({APPLICATION})")
    p.add_argument(
        "--part", choices=("greeting", "turns", "all"), default="all", help="what to run (all)"
    )
    p.add_argument("--json", type=Path, help="also write the report here")
    args = p.parse_args(argv)
    params = Params(
        runs=max(1, args.runs),
        turns=max(1, args.turns),
        platform_latency=max(0.0, args.platform_latency),
        stt_latency=max(0.0, args.stt_latency),
        tts_latency=max(0.0, args.tts_latency),
        piper=not args.no_piper,
        sequential=args.sequential,
        processes=max(1, args.processes),
        application=args.application,
        part=args.part,
    )
    return params, args.json


async def bench(params: Params) -> dict[str, Any]:
    started = time.monotonic()
    greeting = await bench_greeting(params) if params.part != "turns" else None
    turns = await bench_turns(params) if params.part != "greeting" else None
    return {
        "benchmark": "voice",
        "machine": {"python": platform.python_version(), "cpus": multiprocessing.cpu_count()},
        "params": asdict(params),
        "time_to_greeting": greeting,
        "per_turn": turns,
        "wall_clock_s": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    params, json_path = parse_args(argv)
    quiet_logs()
    emit(asyncio.run(bench(params)), json_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
