"""`python -m agent demo`: a complete simulated voice interview, offline.

Starts the local platform (seeded with the sample applications) and a local S3
(moto) on free loopback ports, then runs the production orchestrator against a
simulated candidate who speaks through a real AgentSession with Silero VAD,
whisper STT, the offline interviewer policy and Piper TTS. It prints the
conversation as it happens, then reads back from the platform and S3 what landed
there, writes an HTML report and, with --summary-json, a machine-readable summary.

With --llm-base-url the interviewer's model is any OpenAI-compatible server instead
(the analysis refinement and the evaluation use it too); speech stays offline. When
the candidate script labels its steps, the summary checks the interview's
bookkeeping against them (agent/simulation/integrity.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import string
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from config.logging import configure_logging, register_secrets
from config.settings import Settings, load_settings

if TYPE_CHECKING:
    from agent.orchestrator import InterviewOutcome
    from agent.simulation.integrity import Spoken
    from service.models import TranscriptEntry

# The voice stack (LiveKit, models, simulation) is imported inside the functions that
# run the demo: `python -m agent config` and `--help` build this module's parser and
# should not pay seconds of imports for it.

SCRIPTS = Path(__file__).parent / "simulation" / "scripts"
DEFAULT_APPLICATION = "app-strong-001"
# Throwaway keys for the local services, new each run, shaped like real ones and
# registered with the log scrubber like real ones: a leak in the demo's logs would show.
API_KEY = "rlv_demo_" + secrets.token_hex(16)
AWS_KEY_ID = "AKIA" + "".join(
    secrets.choice(string.ascii_uppercase + string.digits) for _ in range(16)
)
AWS_SECRET = secrets.token_urlsafe(30)
BUCKET = "interview-recordings"
MARKER = ".interview-demo"  # in a workdir the demo made: it may wipe that one, no other


class WorkdirRefused(Exception):
    """--workdir names a directory with content the demo did not create."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--application-id",
        default=DEFAULT_APPLICATION,
        help=f"seeded application to interview (default {DEFAULT_APPLICATION})",
    )
    parser.add_argument(
        "--candidate-script",
        type=Path,
        help="candidate script (JSON/YAML); default: the one shipped for the application",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulation speed, 1 = real time (max 3)"
    )
    parser.add_argument(
        "--duration-minutes", type=int, default=8, help="planned interview length (default 8)"
    )
    parser.add_argument("--summary-json", type=Path, help="write a machine-readable summary here")
    parser.add_argument(
        "--llm-base-url",
        help="OpenAI-compatible server for the interviewer's model (default: offline policy)",
    )
    parser.add_argument(
        "--llm-model", default="gpt-4o-mini", help="model name to ask for (with --llm-base-url)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("var/demo"),
        help="where the demo keeps its state; wiped at start, so it must be empty, missing "
        f"or made by an earlier demo run (it holds a {MARKER} file)",
    )


def _print_entry(entry: TranscriptEntry) -> None:
    who = "Interviewer" if entry.speaker == "interviewer" else "Candidate  "
    print(f"  [{entry.timestamp:%H:%M:%S}] {who} │ {entry.content}", flush=True)


def _demo_overrides(
    platform_url: str, s3_url: str, workdir: Path, args: argparse.Namespace
) -> dict[str, str]:
    """Point the worker's settings at the local services; with throwaway keys."""
    llm: dict[str, str] = {"LLM_PROVIDER": "local"}
    if args.llm_base_url:
        llm = {
            "LLM_PROVIDER": "openai",
            "LLM_BASE_URL": args.llm_base_url,
            "LLM_MODEL": args.llm_model,
        }
    return {
        "GRAPHQL_ENDPOINT": platform_url,
        "PLATFORM_API_KEY": API_KEY,
        "AWS_ACCESS_KEY_ID": AWS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
        "AWS_REGION": "us-east-1",
        "AWS_BUCKET_NAME": BUCKET,
        "AWS_ENDPOINT_URL": s3_url,
        "RECORDING_MODE": "worker",
        "RECORDING_SPOOL_DIR": str(workdir / "spool"),
        "OUTBOX_DIR": str(workdir / "outbox"),
        "CV_ALLOWED_HOSTS": "127.0.0.1",  # the local platform serves the CVs
        "STT_PROVIDER": "local",
        "TTS_PROVIDER": "local",
        "INTERVIEW_DURATION_MINUTES": str(args.duration_minutes),
        **llm,
    }


async def run_demo(args: argparse.Namespace) -> int:
    from agent.simulation.script import ScriptError, load_script

    speed = min(max(args.speed, 0.5), 3.0)
    workdir: Path = args.workdir
    try:  # bad input is refused before anything starts or is deleted
        script = load_script(args.candidate_script or _default_script(args.application_id))
        await asyncio.to_thread(fresh_workdir, workdir)
    except (ScriptError, WorkdirRefused) as exc:
        print(f"python -m agent demo: {exc}", file=sys.stderr)
        return 2

    from agent.components import Components
    from scripts.local_platform import LocalPlatform
    from scripts.local_s3 import LocalS3

    started = time.monotonic()
    platform = LocalPlatform(db_path=workdir / "platform.sqlite3", api_key=API_KEY)
    s3 = LocalS3()
    with platform, s3:
        s3.client().create_bucket(Bucket=BUCKET)
        settings = load_settings(_demo_overrides(platform.url, s3.endpoint_url, workdir, args))
        configure_demo_logging(settings)
        print(f"local platform: {platform.url}\nlocal S3:       {s3.endpoint_url}", flush=True)

        components = Components(settings)
        print("loading offline speech engines…", flush=True)
        await asyncio.to_thread(components.prewarm, (script.language,))
        await components.open()
        try:
            outcome, spoken = await _interview(components, args.application_id, script, speed)
            report = await _report(components, outcome, s3, workdir)
            report["integrity"] = _integrity(outcome, spoken)
        finally:
            await components.aclose()
    report["wallClockSeconds"] = round(time.monotonic() - started, 1)
    _print_report(report)
    if args.summary_json:
        args.summary_json.parent.mkdir(parents=True, exist_ok=True)
        args.summary_json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"summary: {args.summary_json}")
    return 0 if outcome.status == "COMPLETED" else 1


def configure_demo_logging(settings: Settings) -> None:
    """Readable console logs (LOG_LEVEL, default WARNING), secrets masked like the worker's."""
    configure_logging(os.environ.get("LOG_LEVEL", "WARNING"), json=False)
    register_secrets(settings.secret_values())


def fresh_workdir(path: Path) -> None:
    """An empty ``path`` with the demo's marker. Only a directory the demo made (marker
    present) is wiped: ``--workdir ~`` by mistake must not delete a home directory."""
    if path.exists():
        if not path.is_dir():
            raise WorkdirRefused(f"--workdir {path} is a file, not a directory")
        if any(path.iterdir()):
            if not (path / MARKER).is_file():
                raise WorkdirRefused(
                    f"--workdir {path} is not empty and was not created by the demo (no "
                    f"{MARKER} file in it); the demo wipes its workdir at start, so give it "
                    "a new or empty directory"
                )
            shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("created by `python -m agent demo`; wiped by its next run\n")


def _default_script(application_id: str) -> Path:
    path = SCRIPTS / f"{application_id}.yaml"
    return path if path.exists() else SCRIPTS / "default.yaml"


async def _interview(
    components: Any, application_id: str, script: Any, speed: float
) -> tuple[InterviewOutcome, list[Spoken]]:
    from agent.simulation.audio import SimMicrophone, SimSpeaker
    from agent.simulation.candidate import SimLink, SimulatedCandidate, espeak_voice

    mic, speaker = SimMicrophone(speed=speed), SimSpeaker(speed=speed)
    link = SimLink(mic=mic, speaker=speaker, script=script)
    candidate = SimulatedCandidate(
        script, link=link, voice=espeak_voice(script.language, mic.sample_rate), speed=speed
    )
    orchestrator = components.orchestrator(
        application_id=application_id,
        room=f"interview-{application_id}-1",
        link=link,
        on_transcript=_print_entry,
    )
    print(f"\n── interview with application {application_id} ──", flush=True)
    candidate_task = asyncio.create_task(candidate.run())
    try:
        return await orchestrator.run(), candidate.spoken
    finally:
        candidate_task.cancel()
        await asyncio.gather(candidate_task, return_exceptions=True)
        mic.close()
        await speaker.aclose()


def _integrity(outcome: InterviewOutcome, spoken: list[Spoken]) -> dict[str, Any] | None:
    """The interview's bookkeeping against a labelled script; None when it has no labels."""
    from agent.simulation.integrity import check_integrity

    if not any(s.step.answers for s in spoken) or outcome.fit is None:
        return None
    evaluation = outcome.evaluation
    return check_integrity(
        spoken=spoken,
        rows=outcome.transcript,
        plan_ids=[q.id for q in outcome.fit.plan.questions],
        asked_ids=outcome.questions_asked,
        answer_seqs={q.question_id: q.answer_seqs for q in evaluation.questions}
        if evaluation
        else {},
    ).to_dict()


async def _report(
    components: Any, outcome: InterviewOutcome, s3: Any, workdir: Path
) -> dict[str, Any]:
    """Read back what actually landed on the platform and in S3."""
    platform = components.platform
    interview = rows = None
    if outcome.interview_id:
        interview = await platform.get_interview(outcome.interview_id)
        rows = await platform.list_transcripts(outcome.interview_id)
    recording: dict[str, Any] | None = None
    if outcome.recording and outcome.recording.key:
        head = await asyncio.to_thread(
            s3.client().head_object, Bucket=outcome.recording.bucket, Key=outcome.recording.key
        )
        recording = {
            "bucket": outcome.recording.bucket,
            "key": outcome.recording.key,
            "url": outcome.recording.url,
            "status": str(outcome.recording.status),
            "durationSeconds": round(outcome.recording.duration_s, 2),
            "bytes": head["ContentLength"],
            "contentType": head.get("ContentType"),
        }
    report: dict[str, Any] = {
        "interviewId": outcome.interview_id,
        "applicationId": outcome.application_id,
        "status": interview.status.value if interview else outcome.status,
        "endedBy": outcome.ended_by,
        "transcriptCount": len(rows or []),
        "questionsAsked": outcome.questions_asked,
        "evaluation": interview.ai_analysis if interview else None,
        "rating": interview.rating if interview else None,
        "recordingUrl": interview.recording_url if interview else None,
        "recording": recording,
        "latency": outcome.latency,
        "problems": outcome.problems,
    }
    if outcome.application and outcome.fit and outcome.evaluation:
        from agent.report import render_report

        html = render_report(
            outcome.application,
            outcome.fit,
            outcome.fit.plan,
            outcome.transcript,
            outcome.evaluation,
            recording,
        )
        path = workdir / "report.html"
        path.write_text(html, encoding="utf-8")
        report["reportHtml"] = str(path)
    return report


def _print_report(report: dict[str, Any]) -> None:
    evaluation = report.get("evaluation") or {}
    print("\n── where everything landed ──")
    print(
        f"  interview     {report['interviewId']}  status={report['status']}"
        f"  ended by {report['endedBy']}"
    )
    print(f"  transcript    {report['transcriptCount']} rows on the platform")
    print(f"  questions     {', '.join(report['questionsAsked'])}")
    if evaluation:
        print(
            f"  evaluation    rating {evaluation.get('rating')}/10, "
            f"recommendation {evaluation.get('recommendation')}: {evaluation.get('feedback')}"
        )
    rec = report.get("recording")
    if rec:
        print(
            f"  recording     s3://{rec['bucket']}/{rec['key']}  "
            f"{rec['durationSeconds']} s, {rec['bytes']} bytes ({rec['status']})"
        )
    else:
        print("  recording     none")
    e2e = report.get("latency", {}).get("e2e_latency")
    if e2e:
        print(f"  latency       end of speech → first audio p50 {e2e['p50']} s, p95 {e2e['p95']} s")
    if report.get("reportHtml"):
        print(f"  report        {report['reportHtml']}")
    integrity = report.get("integrity")
    if integrity:
        print(
            f"  bookkeeping   {integrity['labelled_turns']} scripted turns checked: "
            f"{len(integrity['misattributed'])} misattributed, "
            f"{integrity['silent_turns']} silent turns, {len(integrity['lost_steps'])} lost; "
            f"every planned question asked once: {integrity['asked_once']}"
        )
        for line in integrity["misattributed"]:
            print(f"  misattributed {line}")
    for problem in report.get("problems", []):
        print(f"  problem       {problem}")
    print(f"  took          {report['wallClockSeconds']} s")
