"""The outbox against the real local platform: durable writes, poison and dead letters,
attempt limits, one sender per file, per-interview order, and the ops command."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from service.interviews import GraphQLPlatform
from service.outbox import Courier, Outbox, Poison
from tests.fixtures.platform import ATTEMPTS


def row(seq: int, text: str = "an answer") -> dict[str, Any]:
    return {
        "content": text,
        "speaker": "candidate",
        "timestamp": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
        "sequence_number": seq,
        "language": "en",
    }


async def new_interview(platform: GraphQLPlatform, room: str) -> str:
    interview = await platform.create_interview("app-strong-001", room)
    await platform.start_interview(interview.id)
    return interview.id


def test_a_parked_call_is_fsynced_file_and_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power loss after put() must not leave an empty file (renamed .bad, result gone)."""
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    path = Outbox(tmp_path / "outbox").put("i-1", "complete_interview", {})
    assert any(p.startswith(str(path)) for p in synced), synced  # the data, before the rename
    assert str(path.parent) in synced  # the rename itself


async def test_poison_files_are_moved_aside_and_the_good_ones_behind_them_delivered(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    outbox = Outbox(tmp_path)
    iid = await new_interview(graphql_platform, "room-poison")
    poison = {
        "00000000000000000001-1-000001-x.json": json.dumps({"interview_id": iid}),
        "00000000000000000002-1-000002-x.json": json.dumps(
            {"interview_id": iid, "operation": "update_interview", "payload": {"rating": "ten"}}
        ),
        "00000000000000000003-1-000003-x.json": json.dumps(
            {"interview_id": iid, "operation": "delete_everything", "payload": {}}
        ),
        "00000000000000000004-1-000004-x.json": "",  # a power loss before fsync, on old code
    }
    for name, body in poison.items():
        (tmp_path / name).write_text(body)
    outbox.put(iid, "add_transcripts", {"entries": [row(1)]})
    outbox.put(iid, "complete_interview", {})

    report = await outbox.deliver(graphql_platform)

    assert (report.sent, report.left, report.dead) == (2, 0, 4)
    assert platform.store.get_interview(iid)["status"] == "COMPLETED"
    assert len(platform.store.transcripts_by_interview(iid)) == 1
    reasons = {entry["file"]: entry["reason"] for entry in outbox.dead()}
    assert set(reasons) == set(poison)
    assert "no operation" in reasons["00000000000000000001-1-000001-x.json"]
    assert "rating" in reasons["00000000000000000002-1-000002-x.json"]
    assert "unknown operation" in reasons["00000000000000000003-1-000003-x.json"]
    assert "not JSON" in reasons["00000000000000000004-1-000004-x.json"]
    assert outbox.files() == []


async def test_a_permanent_refusal_is_dead_lettered_after_the_attempt_limit(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    outbox = Outbox(tmp_path, max_attempts=3)
    iid = await new_interview(graphql_platform, "room-refused")
    outbox.put(iid, "complete_interview", {})
    platform.inject(refuse_next=100, only="completeInterview")
    for attempt in (1, 2):
        report = await outbox.deliver(graphql_platform)
        assert (report.left, report.refused, report.dead) == (1, 1, 0)
        assert outbox.pending()[0].attempts == attempt
    report = await outbox.deliver(graphql_platform)
    assert (report.left, report.dead) == (0, 1)
    [dead] = outbox.dead()
    assert "refused 3 times" in dead["reason"] and "injected refusal" in dead["reason"]
    assert platform.store.get_interview(iid)["status"] == "STARTED"


async def test_an_outage_never_dead_letters_anything(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    outbox = Outbox(tmp_path, max_attempts=2)
    iid = await new_interview(graphql_platform, "room-down")
    outbox.put(iid, "complete_interview", {})
    platform.inject(fail_next=1000)
    for _ in range(3):
        assert (await outbox.deliver(graphql_platform)).left == 1
    assert outbox.dead() == [] and outbox.pending()[0].attempts == 3
    platform.reset()
    assert (await outbox.deliver(graphql_platform)).sent == 1
    assert platform.store.get_interview(iid)["status"] == "COMPLETED"


async def test_nothing_overtakes_what_was_parked_before_it(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    outbox = Outbox(tmp_path)
    iid = await new_interview(graphql_platform, "room-order")
    outbox.put(iid, "add_transcripts", {"entries": [row(1), row(2)]})
    outbox.put(iid, "update_interview", {"rating": 7})
    outbox.put(iid, "complete_interview", {})
    platform.inject(refuse_next=1, only="createBulkTranscripts")
    report = await outbox.deliver(graphql_platform)
    assert (report.sent, report.left) == (0, 3)
    assert platform.store.get_interview(iid)["status"] == "STARTED"
    report = await outbox.deliver(graphql_platform)
    assert (report.sent, report.left) == (3, 0)
    assert platform.store.get_interview(iid)["status"] == "COMPLETED"
    assert len(platform.store.transcripts_by_interview(iid)) == 2


async def test_two_processes_replaying_one_outbox_send_each_call_once(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    """Two job processes on one host share OUTBOX_DIR; each file has one sender (flock)."""
    ids = [await new_interview(graphql_platform, f"room-shared-{n}") for n in range(12)]
    for iid in ids:
        Outbox(tmp_path).put(iid, "update_interview", {"rating": 6})
    platform.reset()
    platform.inject(latency=0.05)
    # two Outbox objects open the files separately, as two processes do (flock is per
    # open file description, so this is the same contest)
    first, second = await asyncio.gather(
        Outbox(tmp_path).deliver(graphql_platform), Outbox(tmp_path).deliver(graphql_platform)
    )
    assert first.sent + second.sent == len(ids)
    assert platform.stats()["by_field"]["updateInterview"] == len(ids)  # none sent twice
    assert Outbox(tmp_path).files() == []


def test_ops_command_lists_replays_and_shows_dead_letters(
    tmp_path: Path, platform: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from agent.__main__ import main

    store = platform.store
    interview = store.create_interview({"applicationId": "app-strong-001", "roomId": "r-cli"})
    outbox = Outbox(tmp_path)
    outbox.put(interview["id"], "complete_interview", {})
    (tmp_path / "00000000000000000001-1-000001-x.json").write_text("{}")
    for var, value in {
        **platform.settings_env,
        "OUTBOX_DIR": str(tmp_path),
        "MAX_RETRIES": "1",
    }.items():
        monkeypatch.setenv(var, value)
    capsys.readouterr()  # the test's own log lines; the command logs to stderr

    assert main(["outbox", "--list"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed[0]["operation"] == "complete_interview"
    assert listed[-1]["waiting"] == 2

    assert main(["outbox", "--replay"]) == 0
    replayed = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (replayed["sent"], replayed["left"], replayed["dead"]) == (1, 0, 1)
    assert store.get_interview(interview["id"])["status"] == "COMPLETED"

    assert main(["outbox", "--dead"]) == 0
    [dead] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "no interview_id" in dead["reason"]


async def test_a_backlog_raises_the_alarm_by_count_and_by_age(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    from structlog.testing import capture_logs

    iid = await new_interview(graphql_platform, "room-backlog")
    now = [1000.0]
    outbox = Outbox(tmp_path, alarm_count=3, alarm_age_s=600, clock=lambda: now[0])
    outbox.put(iid, "update_interview", {"rating": 4})
    platform.inject(fail_next=1000)
    with capture_logs() as logs:
        await outbox.deliver(graphql_platform)
    assert not [e for e in logs if e["event"] == "outbox_backlog"]  # one call, just parked

    now[0] += 601  # the first call has waited too long
    with capture_logs() as logs:
        await outbox.deliver(graphql_platform)
    [alarm] = [e for e in logs if e["event"] == "outbox_backlog"]
    assert alarm["pending"] == 1 and alarm["oldest_age_s"] == 601

    crowded = Outbox(tmp_path / "crowded", alarm_count=3, alarm_age_s=600)  # by count
    for _ in range(3):
        crowded.put(iid, "update_interview", {"rating": 4})
    with capture_logs() as logs:
        await crowded.deliver(graphql_platform)
    [alarm] = [e for e in logs if e["event"] == "outbox_backlog"]
    assert alarm["pending"] == 3 and alarm["oldest_age_s"] < 600
    assert crowded.backlog()[0] == 3


def test_a_row_with_an_unknown_speaker_is_refused_before_it_is_parked(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    with pytest.raises(Poison, match="speaker"):
        outbox.put("i-1", "add_transcripts", {"entries": [{**row(1), "speaker": "assistant"}]})
    assert outbox.files() == []


async def test_a_courier_outlasts_a_blip_within_its_time_but_not_a_refusal(
    tmp_path: Path, graphql_platform: GraphQLPlatform, platform: Any
) -> None:
    outbox = Outbox(tmp_path)
    done = await new_interview(graphql_platform, "room-courier-blip")
    # more failures than one round's client retries: only a second round delivers it
    platform.inject(fail_next=ATTEMPTS + 1, only="completeInterview")
    courier = Courier(platform=graphql_platform, interview_id=done, outbox=outbox)
    courier.park("complete_interview")
    assert await courier.flush(within=30)
    assert courier.waiting() == []
    assert platform.store.get_interview(done)["status"] == "COMPLETED"

    platform.reset()
    refused = await new_interview(graphql_platform, "room-courier-refused")
    platform.inject(refuse_next=100, only="completeInterview")
    courier = Courier(platform=graphql_platform, interview_id=refused, outbox=outbox)
    courier.park("complete_interview")
    assert not await courier.flush(within=30)
    assert courier.waiting() == ["complete_interview"]  # still parked for the next replay
    assert platform.stats()["by_operation"]["CompleteInterview"] == 1  # one round only
