"""`python -m agent dispatch` against a local server speaking LiveKit's Twirp API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from livekit import api
from pydantic import SecretStr

from agent.__main__ import main
from agent.dispatch import DispatchError, dispatch
from config.settings import ConfigError, LiveKitSettings
from tests.fixtures.livekit import KEY, SECRET, FakeLiveKit, error, reply

ROOT = Path(__file__).resolve().parents[2]
APP = "app-strong-001"


def settings(url: str, *, secret: str = SECRET, **kw: Any) -> LiveKitSettings:
    return LiveKitSettings(  # type: ignore[call-arg]
        _env_file=None,
        url=url,
        api_key=SecretStr(KEY),
        api_secret=SecretStr(secret),
        agent_name="interviewer",
        **kw,
    )


def answer_ok(livekit: FakeLiveKit) -> None:
    livekit.answers["CreateRoom"] = lambda req: reply(api.Room(sid="RM_1", name=req.name))
    livekit.answers["CreateDispatch"] = lambda req: reply(
        api.AgentDispatch(id="AD_1", agent_name=req.agent_name, room=req.room)
    )


async def test_creates_the_room_then_dispatches_the_agent(livekit: FakeLiveKit) -> None:
    answer_ok(livekit)
    out = await dispatch(settings(livekit.url), APP, number=7)

    room = f"interview-{APP}-7"
    (created,) = livekit.requests["CreateRoom"]
    assert livekit.services["CreateRoom"] == "livekit.RoomService"
    assert created.name == room
    assert json.loads(created.metadata) == {"applicationId": APP}
    (job,) = livekit.requests["CreateDispatch"]
    assert livekit.services["CreateDispatch"] == "livekit.AgentDispatchService"
    assert (job.agent_name, job.room) == ("interviewer", room)
    assert json.loads(job.metadata) == {"application_id": APP}
    # the calls were authorised with the grants LiveKit checks for them
    (room_claims,) = livekit.claims["CreateRoom"]
    assert room_claims.video is not None and room_claims.video.room_create
    (dispatch_claims,) = livekit.claims["CreateDispatch"]
    assert dispatch_claims.video is not None
    assert dispatch_claims.video.room_admin and dispatch_claims.video.room == room

    assert out["room"] == room and out["dispatch_id"] == "AD_1"
    _check_candidate_token(out, room=room, url=livekit.url)


def _check_candidate_token(out: dict[str, Any], *, room: str, url: str) -> None:
    claims = api.TokenVerifier(KEY, SECRET).verify(out["candidate_token"])
    assert claims.identity == out["candidate_identity"] == f"candidate-{APP}"
    video = claims.video
    assert video is not None
    assert video.room == room and video.room_join
    assert video.can_publish and video.can_subscribe
    # a candidate may join this one room, nothing more
    assert not (video.room_admin or video.room_create or video.room_record or video.agent)
    link = urlsplit(out["join_url"])
    assert (link.scheme, link.netloc, link.path) == ("https", "meet.livekit.io", "/custom")
    query = parse_qs(link.query)
    assert query["token"] == [out["candidate_token"]]
    assert query["liveKitUrl"] == [url.replace("http://", "ws://")]


async def test_dry_run_prints_the_requests_and_sends_nothing(livekit: FakeLiveKit) -> None:
    out = await dispatch(settings(livekit.url), APP, number=3, dry_run=True)
    assert livekit.requests == {}
    room = f"interview-{APP}-3"
    assert out["dry_run"] is True and out["room"] == room
    assert [r["method"] for r in out["requests"]] == [
        "livekit.RoomService/CreateRoom",
        "livekit.AgentDispatchService/CreateDispatch",
    ]
    create, job = (r["body"] for r in out["requests"])
    assert create == {"name": room, "metadata": json.dumps({"applicationId": APP})}
    assert job["agent_name"] == "interviewer" and job["room"] == room
    assert json.loads(job["metadata"]) == {"application_id": APP}
    _check_candidate_token(out, room=room, url=livekit.url)


@pytest.mark.parametrize("bad", ["", "app:1", "a/b"])
async def test_an_id_the_worker_would_refuse_is_not_dispatched(
    livekit: FakeLiveKit, bad: str
) -> None:
    with pytest.raises(ValueError, match="not a platform id"):
        await dispatch(settings(livekit.url), bad, number=3)
    assert livekit.requests == {}


async def test_each_attempt_gets_a_new_room_by_default(livekit: FakeLiveKit) -> None:
    first = await dispatch(settings(livekit.url), APP, dry_run=True)
    assert first["room"].startswith(f"interview-{APP}-")
    assert int(first["room"].rsplit("-", 1)[1]) > 1_700_000_000  # the Unix time


async def test_a_wrong_secret_is_a_clear_error(livekit: FakeLiveKit) -> None:
    answer_ok(livekit)
    with pytest.raises(DispatchError) as err:
        await dispatch(settings(livekit.url, secret="not-the-secret-0123456789abcdef-xyz"), APP)
    assert "unauthenticated" in err.value.message and "LIVEKIT_API_SECRET" in err.value.message
    assert "CreateDispatch" not in livekit.requests


async def test_a_refused_dispatch_names_the_call_and_the_reason(livekit: FakeLiveKit) -> None:
    answer_ok(livekit)
    livekit.answers["CreateDispatch"] = lambda _: error(
        403, "permission_denied", "agent dispatch is not enabled"
    )
    with pytest.raises(DispatchError) as err:
        await dispatch(settings(livekit.url), APP, number=1)
    text = err.value.message
    assert "CreateDispatch" in text and "permission_denied" in text and "not enabled" in text
    assert err.value.retryable is False


async def test_unreachable_livekit_says_where_it_looked() -> None:
    with pytest.raises(DispatchError) as err:
        await dispatch(settings("http://127.0.0.1:9"), APP, number=1)  # discard port
    assert "cannot reach http://127.0.0.1:9" in err.value.message
    assert err.value.retryable is True


async def test_missing_credentials_are_listed_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        await dispatch(LiveKitSettings(_env_file=None), APP)  # type: ignore[call-arg]
    assert len(err.value.problems) == 3


def test_cli_exit_codes(
    livekit: FakeLiveKit, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for var in ("LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "LIVEKIT_AGENT_NAME"):
        monkeypatch.delenv(var, raising=False)
    assert main(["dispatch", "--application-id", APP, "--dry-run"]) == 2
    assert "LIVEKIT_URL is missing" in capsys.readouterr().err
    monkeypatch.setenv("LIVEKIT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("LIVEKIT_API_KEY", KEY)
    monkeypatch.setenv("LIVEKIT_API_SECRET", SECRET)
    assert main(["dispatch", "--application-id", APP, "--number", "1"]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_dry_run_from_the_command_line(tmp_path: Path) -> None:
    """The README's example, as a user runs it."""
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "LIVEKIT_URL": "wss://my-project.livekit.cloud",
        "LIVEKIT_API_KEY": KEY,
        "LIVEKIT_API_SECRET": SECRET,
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "agent",
            "dispatch",
            "--application-id",
            APP,
            "--number",
            "1",
            "--dry-run",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["room"] == f"interview-{APP}-1" and len(out["requests"]) == 2
    assert out["join_url"].startswith("https://meet.livekit.io/custom?liveKitUrl=wss%3A%2F%2F")
