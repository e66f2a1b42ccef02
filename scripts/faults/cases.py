"""The cases of the fault matrix, one function each, registered in order."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.faults.child import child_case
from scripts.faults.rig import (
    APP,
    Env,
    Row,
    ScriptedLink,
    interview,
    interview_id,
    make_run,
    measure,
    next_job_start,
    reported,
)

# -- cases --------------------------------------------------------------------------------------

Case = Callable[[Env, Row], Awaitable[Row]]  # fills in the Row it is given
CASES: dict[str, tuple[str, Case]] = {}


def case(name: str, injected: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[name] = (injected, fn)
        return fn

    return register


@case("1 wrap-up cancelled", "platform hangs (3 s/call) at wrap-up; cancelled 1 s in")
async def wrap_up_cancelled(env: Env, row: Row) -> Row:
    outbox = env.outbox("c1")
    run = make_run(env, "faults-c1", outbox=outbox)
    task = asyncio.ensure_future(run.orchestrator.run())
    driver = asyncio.create_task(run.link.answer_until(task))
    await asyncio.wait_for(run.link.closed.wait(), 60)
    await env.platform.inject(latency=3.0)
    await asyncio.sleep(1.0)
    if task.done():  # the cancel would not land inside the wrap-up: the case proves nothing
        row.lost += 1
        row.notes = "wrap-up ended before the cancel"
    task.cancel()  # as LiveKit's aio.cancel_and_wait(job_entry_task)
    await asyncio.gather(task, return_exceptions=True)
    driver.cancel()
    row.reported = "cancelled"
    parked = len(outbox.pending())
    row.notes += f"parked at cancel: {parked} call{'s' if parked != 1 else ''}"
    return await faults_lifted(env, row, outbox, await interview_id(env, "faults-c1"), run.rows)


@case("2 re-dispatch", "same application and room run twice")
async def redispatch(env: Env, row: Row) -> Row:
    outbox = env.outbox("c2")
    first = make_run(env, "faults-c2", outbox=outbox)
    second = make_run(env, "faults-c2", outbox=outbox)
    await interview(first)
    outcome = await interview(second)
    row.reported = reported(outcome)
    return await measure(
        env, row, outcome.interview_id, first.rows + second.rows, expect="COMPLETED"
    )


@case("3 outbox unwritable", "OUTBOX_DIR unusable + 9 x 503 at wrap-up")
async def outbox_unwritable(env: Env, row: Row) -> Row:
    from service.outbox import Outbox

    blocker = env.workdir / "c3-not-a-dir"
    blocker.write_text("")
    run = make_run(env, "faults-c3", outbox=Outbox(blocker / "outbox"))

    async def at_wrap_up() -> None:
        await run.link.closed.wait()
        await env.platform.inject(fail_next=9, fail_status=503)

    hook = asyncio.create_task(at_wrap_up())
    outcome = await interview(run)
    hook.cancel()
    row.reported = reported(outcome)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("4 transcript refused", "createBulkTranscripts refused (GraphQL errors) all along")
async def transcript_refused(env: Env, row: Row) -> Row:
    outbox = env.outbox("c4")
    await env.platform.inject(refuse_next=1000, only="createBulkTranscripts")
    run = make_run(env, "faults-c4", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    record = await env.client.get_interview(outcome.interview_id)
    if record.status.value == "COMPLETED":  # completed ahead of its transcript
        row.lost += 1
        row.notes = "COMPLETED before its transcript"
    else:
        row.notes = f"held at {record.status.value} while rows were refused"
    return await faults_lifted(env, row, outbox, outcome.interview_id, run.rows)


@case("5 poison files", "4 poison outbox files + 2 junk spool entries before the job")
async def poison(env: Env, row: Row) -> Row:
    from agent.recording import SpoolUploader
    from agent.recording.spool import Manifest, SpoolEntry
    from service.models import TranscriptEntry

    outbox = env.outbox("c5")
    earlier = await env.client.create_interview(APP, "faults-c5-earlier")
    await env.client.start_interview(earlier.id)
    left = [
        TranscriptEntry(
            content=f"left by a dead job {n}",
            speaker="candidate",
            sequence_number=n,
            timestamp=datetime.now(UTC),
        )
        for n in (1, 2)
    ]
    outbox.directory.mkdir(parents=True, exist_ok=True)
    for n, body in enumerate(
        [
            "",
            json.dumps({"interview_id": earlier.id}),
            json.dumps({"interview_id": earlier.id, "operation": "drop_table", "payload": {}}),
            json.dumps(
                {"interview_id": earlier.id, "operation": "update_interview", "payload": "x"}
            ),
        ]
    ):
        (outbox.directory / f"{n:020d}-1-00000{n}-poison.json").write_text(body)
    outbox.put(
        earlier.id, "add_transcripts", {"entries": [e.model_dump(mode="json") for e in left]}
    )
    outbox.put(earlier.id, "update_interview", {"rating": 5})
    outbox.put(earlier.id, "complete_interview", {})
    spool = env.workdir / "c5" / "spool"
    for audio in (False, True):
        made = SpoolEntry.create(
            spool, Manifest(bucket="b", key="k", content_type="audio/ogg", metadata={})
        )
        made.release()
        (made.path / ("manifest.json" if audio else "recording.ogg")).unlink()
        os.utime(made.path, (time.time() - 3600, time.time() - 3600))
    report = await next_job_start(env, outbox)  # the job start replay, then the drain
    drained = await SpoolUploader(s3_client=None, spool_dir=spool).drain()
    run = make_run(env, "faults-c5", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    dead = len(outbox.dead()) + sum(1 for d in drained if d.status == "dead")
    row.notes = f"{report.dead} outbox + {dead - report.dead} spool entries moved to dead/"
    if dead != 6:
        row.lost += 1
    await measure(env, row, earlier.id, left, expect="COMPLETED")
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("6 completion refused", "completeInterview refused for good, then accepted")
async def completion_refused(env: Env, row: Row) -> Row:
    outbox = env.outbox("c6")
    await env.platform.inject(refuse_next=1000, only="completeInterview")
    run = make_run(env, "faults-c6", outbox=outbox)
    outcome = await interview(run)
    row.reported = reported(outcome)
    if outcome.status == "COMPLETED":  # reported done while the platform says STARTED
        row.lost += 1
        row.notes = "reported COMPLETED, platform STARTED"
    return await faults_lifted(env, row, outbox, outcome.interview_id, run.rows)


@case("7 shared outbox", "two `python -m agent outbox --replay` processes on one directory")
async def shared_outbox(env: Env, row: Row) -> Row:
    outbox = env.outbox("c7")
    ids = []
    for n in range(12):
        created = await env.client.create_interview(APP, f"faults-c7-{n}")
        await env.client.start_interview(created.id)
        outbox.put(created.id, "update_interview", {"rating": 6})
        ids.append(created.id)
    await env.platform.reset()
    await env.platform.inject(latency=0.05)
    await asyncio.gather(env.replay(outbox.directory), env.replay(outbox.directory))
    sends = (await env.platform.stats())["by_field"].get("updateInterview", 0)
    await env.platform.reset()
    row.produced = len(ids)
    row.delivered = sum(
        1 for r in [await env.client.get_interview(i) for i in ids] if r.rating == 6
    )
    row.duplicated = max(0, sends - len(ids))
    row.lost = row.produced - row.delivered + len(outbox.files())
    row.reported = row.final = "n/a"
    row.notes = f"calls, not rows: {sends} sends for {len(ids)} calls"
    return row


@case("8 power loss", "fsync spied on over a whole interview")
async def durability(env: Env, row: Row) -> Row:
    outbox = env.outbox("c8")
    synced: set[str] = set()
    real = os.fsync

    def spy(fd: Any) -> None:
        with contextlib.suppress(OSError):
            synced.add(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    parked: list[str] = []
    real_put = outbox.put

    def put(*args: Any) -> Path:
        path = real_put(*args)
        parked.append(str(path))
        return Path(path)

    outbox.put = put  # type: ignore[method-assign]
    os.fsync = spy
    try:
        run = make_run(env, "faults-c8", outbox=outbox)
        outcome = await interview(run)
    finally:
        os.fsync = real
    unsynced = [
        p
        for p in parked
        if not any(s.startswith(p + ".") for s in synced) or str(Path(p).parent) not in synced
    ]
    row.reported = reported(outcome)
    row.notes = f"{len(parked)} parked calls, {len(unsynced)} without file+dir fsync"
    row.lost += len(unsynced)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("13a model failure", "the LLM fails for good (401) after the first turn")
async def model_failure(env: Env, row: Row) -> Row:
    from livekit.agents import APIStatusError, llm
    from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS

    from agent.interview.policy_llm import PolicyLLM

    class Revoked(llm.LLMStream):
        async def _run(self) -> None:
            raise APIStatusError("Incorrect API key provided", status_code=401)

    class RevokedKeyLLM(PolicyLLM):
        calls = 0

        def chat(self, **kw: Any) -> llm.LLMStream:  # type: ignore[override]
            self.calls += 1
            if self.calls <= 2:
                return super().chat(**kw)
            return Revoked(
                self,
                chat_ctx=kw["chat_ctx"],
                tools=kw.get("tools") or [],
                conn_options=kw.get("conn_options", DEFAULT_API_CONNECT_OPTIONS),
            )

    # The interviewer answers every turn without the model (its offline policy), so the
    # interview completes; a voice that cannot speak is what cancels one
    # (tests/agent/test_orchestrator.py, the speech-failure test).
    link = ScriptedLink(impatient=True)
    run = make_run(env, "faults-c13a", outbox=env.outbox("c13a"), llm=RevokedKeyLLM(), link=link)
    outcome = await interview(run)
    row.reported = reported(outcome)
    row.notes = outcome.reason[:60]
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("13b room lost", "room disconnects while waiting for the candidate")
async def room_lost(env: Env, row: Row) -> Row:
    link = ScriptedLink(room_fails=RuntimeError("room disconnected while waiting"))
    run = make_run(env, "faults-c13b", outbox=env.outbox("c13b"), link=link)
    try:
        outcome = await interview(run)
    except RuntimeError as exc:  # the job crashed
        row.reported, row.lost, row.notes = "crashed", 1, str(exc)
        return row
    row.reported = reported(outcome)
    return await measure(env, row, outcome.interview_id, run.rows, expect="CANCELLED", rating=False)


@case("platform killed", "platform SIGKILLed after 3 rows, back 2 s later")
async def platform_killed(env: Env, row: Row) -> Row:
    outbox = env.outbox("c9")
    run = make_run(env, "faults-c9", outbox=outbox)
    task = asyncio.ensure_future(run.orchestrator.run())
    driver = asyncio.create_task(run.link.answer_until(task))
    while len(run.rows) < 3 and not task.done():
        run.grew.clear()
        await asyncio.wait_for(run.grew.wait(), 60)
    await env.platform.kill()
    await asyncio.sleep(2.0)
    await env.platform.start()
    outcome = await asyncio.wait_for(task, 90)
    driver.cancel()
    row.reported = reported(outcome)
    await next_job_start(env, outbox)
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("slow platform", "2 s per platform call, whole interview")
async def slow_platform(env: Env, row: Row) -> Row:
    outbox = env.outbox("c10")
    await env.platform.inject(latency=2.0)
    run = make_run(env, "faults-c10", outbox=outbox)
    outcome = await interview(run, within=180)
    row.reported = reported(outcome)
    if env.voice_turns:
        fast, slow = await voice_turn_latency(env.voice_turns)
        row.notes = f"voice e2e p50 {slow:.0f} ms at 2 s vs {fast:.0f} ms at 0.05 s"
    # the shutdown callback's last delivery is what the next job start does
    return await faults_lifted(env, row, outbox, outcome.interview_id, run.rows)


@case("S3 down", "S3 killed for the whole interview, then back")
async def s3_down(env: Env, row: Row) -> Row:
    from pydantic import SecretStr

    from agent.recording import SpoolUploader, build_recorder
    from config.settings import StorageSettings
    from scripts.local_s3 import ACCESS_KEY, REGION, SECRET_KEY
    from service.storage import make_s3_client

    storage = StorageSettings(  # type: ignore[call-arg]
        _env_file=None,
        aws_access_key_id=SecretStr(ACCESS_KEY),
        aws_secret_access_key=SecretStr(SECRET_KEY),
        aws_region=REGION,
        aws_bucket_name="faults-recordings",
        aws_endpoint_url=env.s3.url,
        recording_spool_dir=str(env.workdir / "c11" / "spool"),
    )
    s3 = make_s3_client(storage, max_attempts=1, connect_timeout=1, read_timeout=5)
    await asyncio.to_thread(s3.create_bucket, Bucket="faults-recordings")
    await env.s3.kill()
    recorder = build_recorder(storage, s3_client=s3)
    outbox = env.outbox("c11")
    run = make_run(env, "faults-c11", outbox=outbox, recorder=recorder)
    outcome = await interview(run)
    row.reported = reported(outcome)
    await env.s3.start()  # back, empty (moto keeps state in memory): ops recreate the bucket
    await asyncio.to_thread(s3.create_bucket, Bucket="faults-recordings")
    drained = await SpoolUploader(s3_client=s3, spool_dir=storage.recording_spool_dir).drain()
    record = await env.client.get_interview(outcome.interview_id)
    key = outcome.recording.key if outcome.recording else None
    listed = await asyncio.to_thread(s3.list_objects_v2, Bucket="faults-recordings")
    stored = {o["Key"] for o in listed.get("Contents", [])}
    if key not in stored or not record.recording_url:
        row.lost += 1
    row.notes = f"recording {outcome.recording.status if outcome.recording else '?'}, drained " + (
        ",".join(d.status for d in drained) or "nothing"
    )
    return await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")


@case("SIGTERM interview", "SIGTERM to the job process after 4 rows")
async def sigterm_interview(env: Env, row: Row) -> Row:
    return await child_case(env, row, "c12", signal.SIGTERM, at="rows")


@case("SIGTERM wrap-up", "SIGTERM at wrap-up, platform 3 s/call, cancel 1 s later")
async def sigterm_wrap_up(env: Env, row: Row) -> Row:
    return await child_case(env, row, "c13", signal.SIGTERM, at="wrap-up")


@case("SIGKILL + restart", "SIGKILL after 4 rows; re-dispatched to a new process")
async def sigkill(env: Env, row: Row) -> Row:
    return await child_case(env, row, "c14", signal.SIGKILL, at="rows")


@case("20 concurrent", "20 interviews at once; 10% 500s, 5% answers lost after commit")
async def concurrent(env: Env, row: Row) -> Row:
    outbox = env.outbox("c15")
    await env.platform.inject(fail_rate=0.10, lose_rate=0.05)
    runs = [make_run(env, f"faults-c15-{n}", outbox=outbox) for n in range(20)]
    outcomes = await asyncio.gather(*(interview(r, within=240) for r in runs))
    pending = sum(1 for o in outcomes if o.status == "PENDING")
    for _ in range(5):  # job starts on this host, faults still armed
        if not (await next_job_start(env, outbox)).left:
            break
    faults = (await env.platform.stats())["faults_applied"]
    await env.platform.reset()
    done = sum(1 for o in outcomes if o.status == "COMPLETED")
    row.reported = f"{done} COMPLETED, {pending} PENDING"
    for run, outcome in zip(runs, outcomes, strict=True):
        await measure(env, row, outcome.interview_id, run.rows, expect="COMPLETED")
        if outcome.status not in ("COMPLETED", "PENDING"):
            row.notes += f" [{outcome.status}: {outcome.reason}]"
    problems = row.notes
    row.notes = f"injected {faults.get('fail', 0)} x 500, {faults.get('lose', 0)} lost answers"
    row.notes += problems
    row.final = "20 COMPLETED" if not problems else row.final
    return row


async def faults_lifted(env: Env, row: Row, outbox: Any, interview: str, rows: list[Any]) -> Row:
    """The faults lifted, the next job start on this host delivers what was parked; then
    the platform must hold every row and the COMPLETED record."""
    await env.platform.reset()
    await next_job_start(env, outbox)
    return await measure(env, row, interview, rows, expect="COMPLETED")


async def voice_turn_latency(turns: int) -> tuple[float, float]:
    """p50 e2e latency (ms) of voice turns with the platform at 0.05 s and at 2 s per call."""
    import multiprocessing
    import statistics
    from concurrent.futures import ProcessPoolExecutor

    from scripts.bench_voice import Params, run_turns

    context = multiprocessing.get_context("spawn")
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        raw = await asyncio.gather(
            *(
                loop.run_in_executor(
                    pool, run_turns, "ours", Params(turns=turns, platform_latency=latency), None
                )
                for latency in (0.05, 2.0)
            )
        )
    fast, slow = (
        statistics.median(r["e2e_latency"] for r in side["replies"]) * 1000 for side in raw
    )
    return fast, slow
