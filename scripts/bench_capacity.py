"""Benchmark: how many interviews one node carries.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python -m scripts.bench_capacity [--json PATH]
        [--n 1,2,4,8,16,24] [--turns 8]

For each N, N job-like processes (spawned, one interview each, as LiveKit runs jobs)
load Silero VAD as the worker's prewarm does, report ready, and then all start at once
a real-time simulated interview through the full ``InterviewOrchestrator``: real Silero
VAD, the in-worker recorder on (stereo Ogg/Opus streamed to a local S3), stub STT/TTS of
known latency (``scripts.bench_stubs``) and the offline ``PolicyLLM`` interviewer. What a
room adds is stood in for by Opus: the candidate's 48 kHz audio is Opus-decoded packet by
packet and resampled to the worker's room input (``agent.room.ROOM_INPUT``: its rate, in
frames of its ``frame_size_ms``, as RoomIO's audio stream delivers them); the
interviewer's audio is resampled to 48 kHz and Opus-encoded (the published track). The
candidate's own voice (espeak-ng) and its Opus encoding are their client's work, so both
are done once per answer before the start. Each job's loop is watched by LiveKit's loop
monitor, as a job process's is.

Per N, measured while all N talk (until the first interview ends): machine CPU %
(``/proc/stat``: includes whatever else runs on the machine), CPU of the job processes
themselves (% of one core per job, and as CPU-seconds per interview minute: the figure
that compares runs on a busy machine) and of this parent process (the local platform and
S3), PSS and USS per job process (peaks of ``/proc/PID/smaps_rollup``); over the whole
run, per turn ``overhead = e2e_latency − (stt + tts)`` and ``residual`` (e2e minus the
configured waits: max(VAD silence + STT, endpointing) + TTS), and turns that lost audio
(answers the stub STT never got). ``--start-method spawn`` / ``--no-preload`` show what
the forkserver's shared imports save.
Prints one JSON object; asserts nothing. Machines here are shared: quote the load average
printed with it.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import queue
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents import AgentSession
from livekit.agents.telemetry import loop_monitor
from livekit.agents.voice import io
from livekit.plugins import silero

from agent.components import Components, Prewarmed
from agent.interview.policy_llm import PolicyLLM
from agent.room import ROOM_INPUT
from agent.session import VoiceStack, build_session
from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.candidate import SimLink, SimulatedCandidate, espeak_voice
from agent.simulation.script import CandidateScript, Step
from config.settings import load_settings
from scripts.bench_stats import emit
from scripts.bench_stubs import ExpectedTexts, ScriptedSTT, SineTTS
from scripts.bench_voice import (
    ANSWERS,
    WARMUP_TURNS,
    TurnLog,
    quiet_logs,
    summary,
    vad_opts,
)

API_KEY = "bench-key"
APPLICATION = "app-strong-001"
BUCKET = "bench-recordings"
OPUS_RATE = 48_000  # WebRTC's Opus clock
TARGETS = {"interviews": 16, "p95_overhead_ms": 50.0, "cpu_percent": 70.0, "pss_mb": 150.0}


@dataclass(frozen=True)
class Params:
    ns: tuple[int, ...] = (1, 2, 4, 8, 16, 24)
    turns: int = 8
    stt_latency: float = 0.3
    tts_latency: float = 0.2
    start_method: str = "forkserver"
    preload: bool = True


# -- what a room adds: Opus both ways ---------------------------------------------------------


class Opus:
    """One direction of a WebRTC audio track: Opus at 48 kHz mono, 20 ms packets."""

    def __init__(self) -> None:
        import av

        self._enc = av.CodecContext.create("libopus", "w")
        self._enc.sample_rate, self._enc.layout, self._enc.format = OPUS_RATE, "mono", "s16"
        self._enc.bit_rate = 32_000
        self._enc.open()
        self._dec = av.CodecContext.create("libopus", "r")
        self._dec.sample_rate, self._dec.layout = OPUS_RATE, "mono"
        self._pts = 0

    def encode(self, pcm: np.ndarray) -> list[Any]:
        import av

        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts = OPUS_RATE, self._pts
        self._pts += len(pcm)
        return list(self._enc.encode(frame))

    def decode(self, packet: Any) -> np.ndarray:
        frames = [f.to_ndarray().reshape(-1) for f in self._dec.decode(packet)]
        return np.concatenate(frames) if frames else np.zeros(0, dtype=np.int16)


class ClientEncoder:
    """The candidate's client: Opus-encodes each 20 ms frame of their microphone. That is
    their device's work, not the worker's, so each answer is encoded before the start
    (``prime``) and its packets are looked up while they talk; silence is one entry."""

    def __init__(self) -> None:
        self._opus = Opus()
        self._packets: dict[bytes, list[Any]] = {}

    def prime(self, samples: np.ndarray) -> None:
        step = OPUS_RATE // 50
        padded = np.pad(samples, (0, -len(samples) % step))
        for chunk in (np.zeros(step, dtype=np.int16), *padded.reshape(-1, step)):
            self.encode(chunk)

    def encode(self, pcm: np.ndarray) -> list[Any]:
        key = pcm.tobytes()
        if (packets := self._packets.get(key)) is None:
            packets = self._packets[key] = self._opus.encode(pcm)
        return packets


class OpusInput(io.AudioInput):
    """The candidate's track as the session gets it from RoomIO: their client's packets
    decoded one by one, then resampled to the room input's rate and handed over in frames
    of its ``frame_size_ms`` (one resampler call per frame, as RoomIO's stream does)."""

    def __init__(self, source: io.AudioInput, *, client: ClientEncoder) -> None:
        super().__init__(label="opus-input", source=source)
        self._client = client
        self._opus = Opus()
        self._rate = ROOM_INPUT.sample_rate
        self._resampler = rtc.AudioResampler(OPUS_RATE, self._rate, num_channels=1)
        self._frame_bytes = 2 * self._rate * ROOM_INPUT.frame_size_ms // 1000
        self._decoded_bytes = 2 * OPUS_RATE * ROOM_INPUT.frame_size_ms // 1000
        self._decoded = bytearray()  # 48 kHz, waiting for a whole frame
        self._pending = bytearray()  # the room input's rate, waiting to be handed over

    async def __anext__(self) -> rtc.AudioFrame:
        assert self.source is not None
        while len(self._pending) < self._frame_bytes:
            frame = await self.source.__anext__()
            for packet in self._client.encode(np.frombuffer(frame.data, dtype=np.int16)):
                self._decoded += self._opus.decode(packet).tobytes()
            if len(self._decoded) >= self._decoded_bytes:
                pcm = bytes(self._decoded)
                self._decoded.clear()
                for out in self._resampler.push(rtc.AudioFrame(pcm, OPUS_RATE, 1, len(pcm) // 2)):
                    self._pending += out.data.cast("B")
        data = bytes(self._pending[: self._frame_bytes])
        del self._pending[: self._frame_bytes]
        return rtc.AudioFrame(data, self._rate, 1, len(data) // 2)


class OpusSpeaker(SimSpeaker):
    """The published track: the interviewer's audio resampled to 48 kHz and encoded."""

    def __init__(self) -> None:
        super().__init__(speed=1.0)
        self._opus = Opus()
        self._resampler: rtc.AudioResampler | None = None
        self._pending = bytearray()

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        if self._resampler is None:
            self._resampler = rtc.AudioResampler(frame.sample_rate, OPUS_RATE, num_channels=1)
        for f in self._resampler.push(frame):
            self._pending += f.data.cast("B")
        step = 2 * OPUS_RATE // 50
        while len(self._pending) >= step:
            self._opus.encode(np.frombuffer(self._pending[:step], dtype=np.int16))
            del self._pending[:step]
        await super().capture_frame(frame)


class WebRTCLink(SimLink):
    """SimLink with the candidate's audio through ``OpusInput``."""

    def __init__(
        self,
        *,
        mic: SimMicrophone,
        speaker: SimSpeaker,
        script: CandidateScript,
        client: ClientEncoder,
    ):
        super().__init__(mic=mic, speaker=speaker, script=script)
        self.script = script
        self.client = client
        self.session: AgentSession | None = None

    async def start_session(self, session: AgentSession, agent: Any, **kw: Any) -> None:
        wrap_input = kw.pop("wrap_input")
        self.session = session
        await super().start_session(
            session, agent, wrap_input=lambda a: wrap_input(OpusInput(a, client=self.client)), **kw
        )


# -- one job process --------------------------------------------------------------------------


def job_main(index: int, cfg: dict[str, Any], go: Any, out: Any) -> None:
    quiet_logs()
    try:
        result = asyncio.run(job(index, cfg, go, out))
    except Exception as exc:  # reported, never hangs the parent
        result = {"error": f"{type(exc).__name__}: {exc}"}
    out.put(("done", index, result))


async def job(index: int, cfg: dict[str, Any], go: Any, out: Any) -> dict[str, Any]:
    # as LiveKit's job process runs its loop: watched for stalls (a heartbeat and a watchdog
    # thread every 20 ms; LIVEKIT_AGENTS_LOOP_BLOCK_WARN_MS=0 turns it off)
    loop_monitor.start_monitoring(asyncio.get_running_loop(), name="job")
    params = Params(**cfg["params"])
    work = Path(cfg["workdir"]) / f"job{index}"
    settings = load_settings(
        {
            "GRAPHQL_ENDPOINT": cfg["platform_url"],
            "PLATFORM_API_KEY": API_KEY,
            "RECORDING_MODE": "worker",
            "AWS_ENDPOINT_URL": cfg["s3_url"],
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_BUCKET_NAME": BUCKET,
            "RECORDING_SPOOL_DIR": str(work / "spool"),
            "OUTBOX_DIR": str(work / "outbox"),
            # no engines are built from these (the session gets the stubs); "local" keeps
            # the analysis and evaluation deterministic, with no API key
            "STT_PROVIDER": "local",
            "LLM_PROVIDER": "local",
            "TTS_PROVIDER": "local",
        },
        _env_file=None,
    )
    vad = silero.VAD.load()  # the worker's prewarm (cloud engines: the VAD is all it loads)
    components = Components(settings, prewarmed=Prewarmed(vad=vad, engines=None))
    await components.open()
    speak = cache(espeak_voice("en", OPUS_RATE))
    client = ClientEncoder()
    for text in ANSWERS:  # the candidate's voice and client are the harness's, not the worker's
        client.prime(speak(text))

    texts = ExpectedTexts()
    pushed = 0

    def voice(text: str) -> np.ndarray:
        nonlocal pushed
        pushed += 1
        texts.push(text)
        return speak(text)

    log = TurnLog(params.turns + WARMUP_TURNS)
    steps = [
        Step.model_validate({"say": ANSWERS[i % len(ANSWERS)]}) for i in range(params.turns + 10)
    ]
    mic = SimMicrophone(sample_rate=OPUS_RATE)
    speaker = OpusSpeaker()
    link = WebRTCLink(
        mic=mic,
        speaker=speaker,
        script=CandidateScript(join_after=0, steps=steps),
        client=client,
    )
    candidate = SimulatedCandidate(
        link.script, link=link, voice=voice, think_s=0.1, quiet_s=params.tts_latency + 0.4
    )

    def factory(_language: str) -> AgentSession:
        stack = VoiceStack(
            vad=vad,
            stt=ScriptedSTT(texts, latency=params.stt_latency),
            llm=PolicyLLM(),
            tts=SineTTS(ttfa=params.tts_latency),
        )
        session = build_session(settings.interview, stack)
        session.on("conversation_item_added", log.on_item)
        return session

    orchestrator = components.orchestrator(
        application_id=APPLICATION,
        room=f"capacity-{os.getpid()}-{index}",
        link=link,
        session_factory=factory,
    )
    out.put(("ready", index, os.getpid()))
    await asyncio.to_thread(go.wait)
    started, cpu0 = time.monotonic(), time.process_time()
    run = asyncio.create_task(orchestrator.run())
    talk = asyncio.create_task(candidate.run())
    enough = asyncio.create_task(log.enough.wait())
    await asyncio.wait(
        {run, enough}, timeout=60 + 15 * params.turns, return_when=asyncio.FIRST_COMPLETED
    )
    interview_s, cpu_s = time.monotonic() - started, time.process_time() - cpu0
    talk.cancel()  # enough turns: an answer already on its way is still heard, then we stop
    for _ in range(60):
        if texts.recognized >= pushed:
            break
        await asyncio.sleep(0.05)
    answers, recognized = pushed, texts.recognized
    if link.session is not None:
        await link.session.aclose()  # enough turns: the orchestrator wraps up
    outcome = await asyncio.wait_for(run, 120)
    mic.close()
    await speaker.aclose()
    await components.aclose()
    replies = log.replies[WARMUP_TURNS:]
    silence = vad_opts(vad)["min_silence_s"] + params.stt_latency
    return {
        "e2e": [r["e2e_latency"] for r in replies],
        # the configured waits: VAD silence + STT (or endpointing), then the TTS
        "floor": max(silence, settings.interview.endpointing_min_delay) + params.tts_latency,
        "answers": answers,
        "recognized": recognized,
        "empty_cuts": texts.empty,
        "interview_s": round(interview_s, 1),
        "cpu_share": cpu_s / interview_s,  # of one core, all threads, while talking
        "status": outcome.status,
        "recording": outcome.recording.status.value if outcome.recording else None,
    }


# -- the parent: platform, S3, and one stage per N ------------------------------------------


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def memory_mb(pid: int) -> tuple[float, float] | None:
    """(PSS, USS) in MB: shared pages split among their sharers, and private pages only."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("Pss", "Private_Clean", "Private_Dirty"):
                    values[key] = int(rest.split()[0])
    except OSError:
        return None
    if "Pss" not in values:
        return None
    return values["Pss"] / 1024, (values["Private_Clean"] + values["Private_Dirty"]) / 1024


def job_context(start_method: str, *, preload: bool = True) -> Any:
    """Job processes as LiveKit starts them on Linux: forked from a forkserver that has
    imported the plugins, the worker's ``PRELOAD_MODULES`` and LiveKit's warm-up, then
    frozen the GC (see livekit.agents.worker); ``spawn`` imports everything per job."""
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        from livekit.agents.plugin import Plugin

        from agent.worker import PRELOAD_MODULES

        plugins = [p.package for p in Plugin.registered_plugins]
        ours = list(PRELOAD_MODULES) if preload else []
        context.set_forkserver_preload(
            [
                *dict.fromkeys([*plugins, *ours]),
                __name__,  # the harness (the job's target lives here)
                "livekit.agents.ipc._preload",
                "livekit.agents.ipc._preload_freeze",  # last: freezes what came before
            ]
        )
    return context


async def stage(n: int, params: Params, urls: dict[str, str], workdir: Path) -> dict[str, Any]:
    context = job_context(params.start_method, preload=params.preload)
    go, out = context.Event(), context.Queue()
    cfg = {"params": asdict(params), "workdir": str(workdir / f"n{n}"), **urls}
    procs = [context.Process(target=job_main, args=(i, cfg, go, out)) for i in range(n)]
    for p in procs:
        p.start()
    pids: dict[int, int] = {}
    results: dict[int, dict[str, Any]] = {}
    while len(pids) + len(results) < n:  # every job prewarmed (or failed) before the start
        kind, index, value = await asyncio.to_thread(out.get)
        (pids if kind == "ready" else results)[index] = value
    load_at_start = os.getloadavg()
    peak: dict[int, tuple[float, float]] = {}
    busy0, total0 = cpu_times()
    parent0 = time.process_time()
    go.set()
    # CPU and memory while all n talk: until the first interview ends
    window: tuple[int, int, float] | None = None
    while len(results) < n:
        try:
            kind, index, value = await asyncio.to_thread(out.get, True, 2.0)
            results[index] = value
        except queue.Empty:  # a sampling tick
            pass
        if window is None:
            for index, pid in pids.items():
                if (mb := memory_mb(pid)) is not None:
                    old = peak.get(index, (0.0, 0.0))
                    peak[index] = (max(old[0], mb[0]), max(old[1], mb[1]))
            if results:
                busy, total = cpu_times()
                window = (busy, total, time.process_time() - parent0)
    for p in procs:
        await asyncio.to_thread(p.join, 30)
    assert window is not None
    busy1, total1, parent_s = window
    seconds = (total1 - total0) / os.sysconf("SC_CLK_TCK") / os.cpu_count()  # type: ignore[operator]
    report = stage_report(
        n, params, results, peak, (busy1 - busy0) / max(1, total1 - total0), load_at_start
    )
    report["parent_cpu_percent_of_one_core"] = round(100 * parent_s / max(seconds, 1e-9), 1)
    return report


def stage_report(
    n: int,
    params: Params,
    results: dict[int, dict[str, Any]],
    peak: dict[int, tuple[float, float]],
    busy: float,
    load: tuple[float, float, float],
) -> dict[str, Any]:
    ok = [r for r in results.values() if "error" not in r]
    overhead = [e - params.stt_latency - params.tts_latency for r in ok for e in r["e2e"]]
    residual = [e - r["floor"] for r in ok for e in r["e2e"]]
    answers = sum(r["answers"] for r in ok)
    recognized = sum(r["recognized"] for r in ok)
    pss = [v[0] for v in peak.values()]
    uss = [v[1] for v in peak.values()]
    return {
        "n": n,
        "cpu_percent": round(100 * busy, 1),
        "cpu_percent_of_one_core_per_job": (
            round(100 * statistics.median(r["cpu_share"] for r in ok), 1) if ok else None
        ),
        # the same, load-independent: CPU-seconds of a job per minute of its interview
        "cpu_s_per_interview_minute": (
            round(60 * statistics.median(r["cpu_share"] for r in ok), 2) if ok else None
        ),
        "pss_mb_per_process": {
            "median": round(statistics.median(pss), 1) if pss else None,
            "max": round(max(pss), 1) if pss else None,
        },
        "uss_mb_per_process": {
            "median": round(statistics.median(uss), 1) if uss else None,
            "max": round(max(uss), 1) if uss else None,
        },
        "overhead_ms": summary(overhead),
        "residual_ms": summary(residual),
        "answers": answers,
        "turns_lost_audio": answers - recognized,
        "empty_cuts": sum(r["empty_cuts"] for r in ok),
        "statuses": sorted({r["status"] for r in ok}),
        "recordings": sorted({str(r["recording"]) for r in ok}),
        "errors": [r["error"] for r in results.values() if "error" in r],
        "load_average_at_start": [round(v, 2) for v in load],
    }


async def bench(params: Params) -> dict[str, Any]:
    from scripts.local_platform import LocalPlatform
    from scripts.local_s3 import LocalS3

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-capacity-") as tmp, LocalS3() as s3:
        workdir = Path(tmp)
        s3.client().create_bucket(Bucket=BUCKET)
        server = LocalPlatform(db_path=workdir / "platform.sqlite3", api_key=API_KEY)
        async with server:
            urls = {"platform_url": server.url, "s3_url": s3.endpoint_url}
            stages = [await stage(n, params, urls, workdir) for n in params.ns]
    return {
        "benchmark": "capacity",
        "machine": {"cpus": multiprocessing.cpu_count()},
        "params": asdict(params),
        "targets": TARGETS,
        "stages": stages,
        "wall_clock_s": round(time.monotonic() - started, 1),
    }


def parse_args(argv: list[str] | None = None) -> tuple[Params, Path | None]:
    p = argparse.ArgumentParser(
        prog="python -m scripts.bench_capacity",
        description="Concurrent real-time interviews per node: CPU, PSS, overhead, lost audio.",
    )
    p.add_argument("--n", default="1,2,4,8,16,24", help="concurrent interviews per stage")
    p.add_argument("--turns", type=int, default=8, help="candidate turns per interview (8)")
    p.add_argument(
        "--start-method",
        choices=("forkserver", "spawn"),
        default="forkserver",
        help="how job processes start (forkserver: as LiveKit on Linux)",
    )
    p.add_argument(
        "--no-preload",
        action="store_true",
        help="forkserver without the worker's PRELOAD_MODULES (LiveKit's plugins only)",
    )
    p.add_argument("--json", type=Path, help="also write the report here")
    args = p.parse_args(argv)
    ns = tuple(int(v) for v in args.n.split(",") if v.strip())
    params = Params(
        ns=ns,
        turns=max(1, args.turns),
        start_method=args.start_method,
        preload=not args.no_preload,
    )
    return params, args.json


def main(argv: list[str] | None = None) -> int:
    params, json_path = parse_args(argv)
    quiet_logs()
    emit(asyncio.run(bench(params)), json_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
