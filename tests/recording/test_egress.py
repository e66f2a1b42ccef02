"""EgressRecorder against a local HTTP server that speaks LiveKit's Twirp API.

``livekit.api.LiveKitAPI`` POSTs protobuf bodies (``Content-Type: application/protobuf``)
to ``/twirp/livekit.Egress/<Method>`` with a ``Bearer`` JWT, and reads errors as JSON
``{"code", "msg"}``. The server (tests/fixtures/livekit.py) decodes and checks what
the recorder sends and answers with canned ``EgressInfo`` messages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from livekit import api

from agent.recording import EgressRecorder, EgressS3Target, RecordingStatus
from agent.recording.egress import EgressRefused, EgressUnavailable, map_egress_error
from tests.fixtures.livekit import KEY, SECRET, FakeLiveKit, error

ROOM = "interview-app1-1"
EXPECTED_KEY = "interviews/app1/int1/recording.ogg"


def info_bytes(**kw: Any) -> tuple[int, bytes]:
    return 200, api.EgressInfo(**kw).SerializeToString()


@pytest.fixture(autouse=True)
def every_call_carries_the_record_grant(livekit: FakeLiveKit) -> Iterator[None]:
    yield
    for claims in livekit.claims.values():
        assert all(c.video is not None and c.video.room_record for c in claims)


@pytest.fixture
async def lkapi(livekit: FakeLiveKit) -> AsyncIterator[api.LiveKitAPI]:
    client = api.LiveKitAPI(livekit.url, KEY, SECRET)
    yield client
    await client.aclose()


def recorder(lkapi: api.LiveKitAPI, **kw: Any) -> EgressRecorder:
    target = EgressS3Target(
        bucket="recordings",
        region="me-central-1",
        endpoint="https://s3.example.test",
        access_key="AKIA-test",
        secret="s3-secret",
    )
    return EgressRecorder(livekit_api=lkapi, room_name=ROOM, target=target, **kw)


async def test_start_sends_an_audio_only_dual_channel_ogg_egress_to_our_key(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(
        egress_id="EG_1", status=api.EgressStatus.EGRESS_STARTING
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")

    (req,) = livekit.requests["StartRoomCompositeEgress"]
    assert req.room_name == ROOM
    assert req.audio_only is True
    assert req.audio_mixing == api.AudioMixing.DUAL_CHANNEL_AGENT
    (out,) = req.file_outputs
    assert out.file_type == api.EncodedFileType.OGG
    assert out.filepath == EXPECTED_KEY
    assert out.s3.bucket == "recordings"
    assert out.s3.region == "me-central-1"
    assert out.s3.endpoint == "https://s3.example.test"
    assert out.s3.force_path_style is True
    assert (out.s3.access_key, out.s3.secret) == ("AKIA-test", "s3-secret")
    assert dict(out.s3.metadata) == {"application-id": "app1", "interview-id": "int1"}
    assert rec.last_error is None


async def test_stop_reads_the_file_location_from_the_stop_response(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(egress_id="EG_2")
    livekit.answers["StopEgress"] = lambda _: info_bytes(
        egress_id="EG_2",
        status=api.EgressStatus.EGRESS_COMPLETE,
        file_results=[
            api.FileInfo(
                filename=EXPECTED_KEY,
                location=f"https://recordings.s3.example.test/{EXPECTED_KEY}",
                duration=312_500_000_000,  # ns
                size=1_234_567,
            )
        ],
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")
    result = await rec.stop()

    assert [r.egress_id for r in livekit.requests["StopEgress"]] == ["EG_2"]
    assert result.status is RecordingStatus.UPLOADED
    assert result.key == EXPECTED_KEY
    assert result.url == f"s3://recordings/{EXPECTED_KEY}"
    assert result.duration_s == pytest.approx(312.5)
    assert result.bytes == 1_234_567
    assert result.note is None
    assert await rec.stop() is result  # idempotent, no second StopEgress
    assert len(livekit.requests["StopEgress"]) == 1


async def test_egress_still_uploading_is_pending_not_polled(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(egress_id="EG_3")
    livekit.answers["StopEgress"] = lambda _: info_bytes(
        egress_id="EG_3",
        status=api.EgressStatus.EGRESS_ENDING,
        file_results=[api.FileInfo(filename=EXPECTED_KEY)],
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")
    result = await rec.stop()
    assert result.status is RecordingStatus.PENDING
    assert result.url == f"s3://recordings/{EXPECTED_KEY}"
    assert "ListEgress" not in livekit.requests


async def test_egress_that_already_ended_is_read_once_with_list(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(egress_id="EG_4")
    livekit.answers["StopEgress"] = lambda _: error(
        412, "failed_precondition", "egress with status EGRESS_COMPLETE cannot be stopped"
    )
    ended = api.EgressInfo(
        egress_id="EG_4",
        status=api.EgressStatus.EGRESS_COMPLETE,
        file_results=[api.FileInfo(filename=EXPECTED_KEY, duration=10_000_000_000, size=99)],
    )
    livekit.answers["ListEgress"] = lambda _: (
        200,
        api.ListEgressResponse(items=[ended]).SerializeToString(),
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")
    result = await rec.stop()
    assert [r.egress_id for r in livekit.requests["ListEgress"]] == ["EG_4"]
    assert result.status is RecordingStatus.UPLOADED
    assert result.duration_s == pytest.approx(10.0)


async def test_refused_start_is_a_typed_error_and_the_interview_goes_on(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: error(
        403, "permission_denied", "egress is not enabled for this project"
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")  # does not raise

    err = rec.last_error
    assert isinstance(err, EgressRefused)
    assert err.code == "permission_denied" and err.status == 403
    assert err.retryable is False
    assert "StartRoomCompositeEgress" in err.message
    assert "egress is not enabled" in err.message
    result = await rec.stop()
    assert result.status is RecordingStatus.FAILED
    assert result.note is not None and "permission_denied" in result.note
    assert "StopEgress" not in livekit.requests


async def test_failed_egress_is_reported_as_failed(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(egress_id="EG_5")
    livekit.answers["StopEgress"] = lambda _: info_bytes(
        egress_id="EG_5", status=api.EgressStatus.EGRESS_FAILED, error="S3 upload: AccessDenied"
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")
    result = await rec.stop()
    assert result.status is RecordingStatus.FAILED
    assert result.url is None
    assert result.note is not None and "AccessDenied" in result.note


async def test_unavailable_server_maps_to_a_retryable_error(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: error(
        503, "unavailable", "no egress workers"
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1", interview_id="int1")
    assert isinstance(rec.last_error, EgressUnavailable)
    assert rec.last_error.retryable is True


async def test_unreachable_livekit_maps_to_unavailable():
    lk = api.LiveKitAPI("http://127.0.0.1:9", KEY, SECRET)  # discard port: refused
    try:
        rec = recorder(lk)
        await rec.start(application_id="app1", interview_id="int1")
    finally:
        await lk.aclose()
    assert isinstance(rec.last_error, EgressUnavailable)
    assert "LIVEKIT_URL" in rec.last_error.message


def test_error_mapping_table():
    cases = {
        (400, "invalid_argument"): EgressRefused,
        (401, "unauthenticated"): EgressRefused,
        (404, "not_found"): EgressRefused,
        (500, "internal"): EgressUnavailable,
        (429, "resource_exhausted"): EgressUnavailable,
    }
    for (status, code), kind in cases.items():
        mapped = map_egress_error(api.TwirpError(code, "m", status=status), operation="X")
        assert type(mapped) is kind, (status, code)
        assert mapped.code == code


async def test_egress_waits_for_the_interview_id_its_key_needs(livekit, lkapi):
    livekit.answers["StartRoomCompositeEgress"] = lambda _: info_bytes(
        egress_id="EG_1", status=api.EgressStatus.EGRESS_STARTING
    )
    rec = recorder(lkapi)
    await rec.start(application_id="app1")
    assert not livekit.requests.get("StartRoomCompositeEgress")

    await rec.set_interview_id("int1")
    (req,) = livekit.requests["StartRoomCompositeEgress"]
    assert req.file_outputs[0].filepath == EXPECTED_KEY
