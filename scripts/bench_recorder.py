"""Benchmark the in-worker recorder: CPU per interview and memory over a long interview.

Usage::

    .venv/bin/python -m scripts.bench_recorder                 # 30-min interview, 3 repeats
    .venv/bin/python -m scripts.bench_recorder --minutes 5 --repeat 1 --realtime-s 10

What runs: a simulated interview drives the recorder's taps the way an AgentSession
does (candidate audio as 20 ms frames at 24 kHz, interviewer turns pushed at once then
"played"), alternating 10 s candidate / 8 s interviewer turns with 1 s pauses. Two
variants, each in its own subprocess so CPU time and RSS are not mixed up:

* ``baseline``: the same driver, recording off (``NullRecorder``: frames pass straight);
* ``recorder``: ``S3Recorder`` with 5 MiB parts, uploading to a moto S3 server that
  runs in a separate process (its CPU is not counted).

Measures:

* fast mode (injected clock, as fast as the machine goes): process CPU time (all
  threads: encoder, boto3) / audio duration = share of one core per interview;
  the recorder's cost is the difference to the baseline;
* real-time mode (wall clock, paced frames, short): the same ratio at real pace;
* memory (separate fast runs): tracemalloc peak of Python/numpy allocations, peak RSS
  minus RSS at start, and RSS sampled every simulated 5 minutes (it must stay flat).

Prints one JSON document. Machines here are shared and noisy: medians of repeats.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents.voice import io

ROOT = Path(__file__).resolve().parents[1]
RATE = 24_000
FRAME = RATE // 50  # 20 ms
CANDIDATE_S, AGENT_S, PAUSE_S = 10.0, 8.0, 1.0
MARK_S = 300.0  # memory is sampled every 5 simulated minutes


# -- a speech-like signal: voiced tone + noise, 4 Hz syllable envelope ---------------------
def speech(seconds: float, pitch: float, seed: int) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    rng = np.random.default_rng(seed)
    voiced = np.sin(2 * np.pi * pitch * t) + 0.5 * np.sin(2 * np.pi * 2.7 * pitch * t)
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, 1) ** 0.5
    x = 0.3 * envelope * voiced + 0.05 * rng.standard_normal(n)
    return (np.clip(x, -1, 1) * 32767).astype(np.int16)


def frame(pcm: np.ndarray) -> rtc.AudioFrame:
    return rtc.AudioFrame(
        data=pcm.tobytes(), sample_rate=RATE, num_channels=1, samples_per_channel=len(pcm)
    )


class Clock:
    """Fake clock (fast mode) or wall clock with pacing (real-time mode)."""

    def __init__(self, realtime: bool) -> None:
        self.realtime = realtime
        self.t = time.time()

    def __call__(self) -> float:
        return time.time() if self.realtime else self.t

    async def tick(self, seconds: float) -> None:
        if self.realtime:
            self.t += seconds
            await asyncio.sleep(max(0.0, self.t - time.time()))
        else:
            self.t += seconds
            await asyncio.sleep(0)


class Mic(io.AudioInput):
    def __init__(self, clock: Clock) -> None:
        super().__init__(label="BenchMic")
        self.clock = clock
        self.pcm: np.ndarray | None = None
        self.pos = 0
        self.silence = np.zeros(FRAME, dtype=np.int16)

    async def __anext__(self) -> rtc.AudioFrame:
        if self.pcm is not None and self.pos < len(self.pcm):
            chunk = self.pcm[self.pos : self.pos + FRAME]
            self.pos += FRAME
        else:
            chunk = self.silence
        await self.clock.tick(FRAME / RATE)
        return frame(chunk)


class Speaker(io.AudioOutput):
    def __init__(self, clock: Clock) -> None:
        super().__init__(
            label="BenchSpeaker",
            capabilities=io.AudioOutputCapabilities(pause=False),
            sample_rate=RATE,
        )
        self.clock = clock
        self.pushed = 0.0

    async def capture_frame(self, f: rtc.AudioFrame) -> None:
        await super().capture_frame(f)
        self.pushed += f.duration

    def flush(self) -> None:
        super().flush()

    def clear_buffer(self) -> None:
        return None

    def play(self) -> None:
        self.on_playback_started(created_at=self.clock())

    def done(self) -> None:
        pos, self.pushed = self.pushed, 0.0
        self.on_playback_finished(playback_position=pos, interrupted=False)


def voices() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Four candidate and four interviewer turns, reused round-robin."""
    cand = [speech(CANDIDATE_S, 140.0, s) for s in range(4)]
    agent = [speech(AGENT_S, 210.0, 10 + s) for s in range(4)]
    return cand, agent


async def interview(
    recorder: Any,
    clock: Clock,
    seconds: float,
    signals: tuple[list[np.ndarray], list[np.ndarray]],
    on_mark: Callable[[float], None] | None = None,
) -> None:
    """Whole 20 s cycles until ``seconds`` of interview have passed."""
    mic, speaker = Mic(clock), Speaker(clock)
    inp, out = recorder.wrap_input(mic), recorder.wrap_output(speaker)
    cand, agent = signals
    elapsed, turn, next_mark = 0.0, 0, MARK_S

    async def listen(span: float) -> None:
        nonlocal elapsed, next_mark
        for _ in range(round(span * 50)):
            await inp.__anext__()
        elapsed += span
        if on_mark and elapsed >= next_mark:
            on_mark(elapsed)
            next_mark += MARK_S

    while elapsed < seconds:
        mic.pcm, mic.pos = cand[turn % 4], 0
        await listen(CANDIDATE_S)
        mic.pcm = None
        await listen(PAUSE_S)
        a = agent[turn % 4]
        for i in range(0, len(a), FRAME):  # TTS pushes the whole turn ahead of playback
            await out.capture_frame(frame(a[i : i + FRAME]))
        out.flush()
        speaker.play()
        await listen(AGENT_S)
        speaker.done()
        await listen(PAUSE_S)
        turn += 1


# -- one measured run (runs in a child process) ---------------------------------------------
def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run_once(args: argparse.Namespace) -> dict[str, Any]:
    from agent.recording import NullRecorder, S3Recorder

    clock = Clock(realtime=args.realtime)
    client = None
    if args.variant == "recorder":
        from pydantic import SecretStr

        from config.settings import StorageSettings
        from service.storage import make_s3_client

        settings = StorageSettings(
            _env_file=None,  # type: ignore[call-arg]
            aws_access_key_id=SecretStr("bench"),
            aws_secret_access_key=SecretStr("bench"),
            aws_region="us-east-1",
            aws_bucket_name="bench",
            aws_endpoint_url=args.endpoint,
        )
        client = make_s3_client(settings)
        client.head_bucket(Bucket="bench")  # warm the client (credentials, endpoints)
        spool = tempfile.mkdtemp(prefix="bench-spool-")
        recorder: Any = S3Recorder(s3_client=client, bucket="bench", spool_dir=spool, now=clock)
    else:
        recorder = NullRecorder()

    signals = voices()
    rss_marks: list[tuple[float, float]] = []
    traced_marks: list[tuple[float, float]] = []

    def mark(elapsed: float) -> None:
        rss_marks.append((elapsed / 60, round(rss_mb(), 1)))
        if args.trace:  # peak of traced memory within each 5-minute window
            traced_marks.append(
                (elapsed / 60, round(tracemalloc.get_traced_memory()[1] / 2**20, 2))
            )
            tracemalloc.reset_peak()

    rss0 = rss_mb()
    if args.trace:
        tracemalloc.start()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    await recorder.start(application_id="bench", interview_id=f"run{os.getpid()}")
    audio_t0 = clock()
    await interview(recorder, clock, args.seconds, signals, mark)
    audio_s = clock() - audio_t0
    result = await recorder.stop()
    await recorder.aclose()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    out: dict[str, Any] = {
        "variant": args.variant,
        "audio_s": round(audio_s, 3),
        "cpu_s": cpu,
        "wall_s": wall,
        "status": str(result.status),
        "bytes": result.bytes,
        "parts": getattr(recorder, "parts_uploaded", 0),
        "rss_start_mb": round(rss0, 1),
        "rss_peak_delta_mb": round(peak_rss_mb() - rss0, 1),
        "rss_every_5_min_mb": rss_marks,
    }
    if args.trace:
        traced_marks.append((audio_s / 60, round(tracemalloc.get_traced_memory()[1] / 2**20, 2)))
        out["tracemalloc_peak_mb"] = max(m for _, m in traced_marks)
        out["tracemalloc_peak_every_5_min_mb"] = traced_marks
        tracemalloc.stop()
    return out


def child(variant: str, seconds: float, endpoint: str, *, realtime: bool, trace: bool) -> dict:
    cmd = [sys.executable, "-m", "scripts.bench_recorder", "--child", variant]
    cmd += ["--seconds", str(seconds)]
    cmd += ["--endpoint", endpoint] + (["--realtime"] if realtime else [])
    cmd += ["--trace"] if trace else []
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def start_moto() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    for _ in range(100):
        try:
            s3.create_bucket(Bucket="bench")
            return proc, endpoint
        except Exception:
            time.sleep(0.1)
    raise SystemExit("moto_server did not start")


def pct(cpu_s: float, audio_s: float) -> float:
    return round(100 * cpu_s / audio_s, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0, help="simulated interview length")
    ap.add_argument("--repeat", type=int, default=3, help="fast runs per variant (median)")
    ap.add_argument("--realtime-s", type=float, default=20.0, help="real-time run length")
    ap.add_argument("--child", choices=["baseline", "recorder"], help=argparse.SUPPRESS)
    ap.add_argument("--variant", help=argparse.SUPPRESS)
    ap.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--endpoint", default="", help=argparse.SUPPRESS)
    ap.add_argument("--realtime", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        import structlog

        structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))
        args.variant = args.child
        print(json.dumps(asyncio.run(run_once(args))))
        return

    moto, endpoint = start_moto()
    try:
        seconds = args.minutes * 60
        fast: dict[str, list[dict[str, Any]]] = {"baseline": [], "recorder": []}
        for _ in range(args.repeat):
            for variant in ("baseline", "recorder"):
                fast[variant].append(child(variant, seconds, endpoint, realtime=False, trace=False))
        rt = {
            v: child(v, args.realtime_s, endpoint, realtime=True, trace=False)
            for v in ("baseline", "recorder")
        }
        mem = {v: child(v, seconds, endpoint, realtime=False, trace=True) for v in fast}
    finally:
        moto.terminate()
        moto.wait()

    def med(variant: str, field: str) -> float:
        return statistics.median(r[field] for r in fast[variant])

    def share(run: dict[str, Any]) -> float:
        return float(run["cpu_s"]) / float(run["audio_s"])

    rec_cpu, base_cpu = med("recorder", "cpu_s"), med("baseline", "cpu_s")
    audio_s = med("recorder", "audio_s")
    report = {
        "interview_minutes": args.minutes,
        "cpu_count": os.cpu_count(),
        "fast": {
            "repeats": args.repeat,
            "baseline_cpu_s_median": round(base_cpu, 2),
            "recorder_cpu_s_median": round(rec_cpu, 2),
            "recorder_wall_s_median": round(med("recorder", "wall_s"), 2),
            "audio_s": audio_s,
            "baseline_pct_of_core": pct(base_cpu, audio_s),
            "recorder_pct_of_core": pct(rec_cpu, audio_s),
            "recording_cost_pct_of_core": pct(rec_cpu - base_cpu, audio_s),
            "recorder_over_baseline_cpu_ratio": round(rec_cpu / base_cpu, 2),
            "faster_than_realtime_x": round(audio_s / med("recorder", "wall_s"), 1),
            "runs": fast,
        },
        "realtime": {
            "audio_s": rt["recorder"]["audio_s"],
            "baseline_pct_of_core": round(100 * share(rt["baseline"]), 3),
            "recorder_pct_of_core": round(100 * share(rt["recorder"]), 3),
            "recording_cost_pct_of_core": round(
                100 * (share(rt["recorder"]) - share(rt["baseline"])), 3
            ),
        },
        "memory": {
            v: {
                "tracemalloc_peak_mb": mem[v].get("tracemalloc_peak_mb"),
                "tracemalloc_peak_every_5_min_mb": mem[v].get("tracemalloc_peak_every_5_min_mb"),
                "rss_peak_delta_mb": mem[v]["rss_peak_delta_mb"],
                "rss_every_5_min_mb": mem[v]["rss_every_5_min_mb"],
            }
            for v in mem
        },
        "upload": {
            "bytes": fast["recorder"][0]["bytes"],
            "parts": fast["recorder"][0]["parts"],
            "kbit_per_s": round(fast["recorder"][0]["bytes"] * 8 / audio_s / 1000, 1),
            "status": fast["recorder"][0]["status"],
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
