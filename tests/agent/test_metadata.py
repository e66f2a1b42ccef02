import json

import pytest

from agent.metadata import BadJobMetadata, resolve_application_id
from agent.recording import recording_key


@pytest.mark.parametrize(
    ("job", "room_meta", "room", "expected"),
    [
        ('{"application_id": "app-1"}', None, "x", "app-1"),
        ('{"applicationId": "app-2"}', '{"applicationId": "other"}', "x", "app-2"),
        (None, '{"applicationId": "app-3"}', "x", "app-3"),
        ("", "", "interview-app-4-2", "app-4"),
        ('{"language": "en"}', None, "interview-abc_9-17", "abc_9"),
    ],
)
def test_application_id_sources_in_order(job, room_meta, room, expected) -> None:  # type: ignore[no-untyped-def]
    assert (
        resolve_application_id(job_metadata=job, room_metadata=room_meta, room_name=room)
        == expected
    )


@pytest.mark.parametrize(
    ("job", "room", "fragment"),
    [
        ("not json{", "lobby", "job metadata is not JSON"),
        ('["a"]', "lobby", "not an object"),
        ('{"application_id": "../../etc"}', "lobby", "invalid application id"),
        (None, "interview-", "does not match"),
        (None, "interview-..-3", "does not match"),
    ],
)
def test_bad_metadata_says_what_and_how_to_fix(job, room, fragment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadJobMetadata) as err:
        resolve_application_id(job_metadata=job, room_metadata=None, room_name=room)
    assert fragment in str(err.value)
    assert "application_id" in str(err.value)


@pytest.mark.parametrize("value", ["app:1", "..", "a/b", "x" * 129])
def test_an_id_that_cannot_name_a_recording_is_refused_at_dispatch(value: str) -> None:
    with pytest.raises(BadJobMetadata, match="invalid application id"):
        resolve_application_id(
            job_metadata=json.dumps({"application_id": value}), room_metadata=None, room_name="x"
        )
    with pytest.raises(ValueError, match="not usable in an S3 key"):
        recording_key(value, "interview-1")


@pytest.mark.parametrize("value", ["app-1", "a.b_c-9", "3f2b9c1e-7d4a-4e0b-9a57-2f7c1d9e8b10"])
def test_an_id_accepted_at_dispatch_names_its_recording(value: str) -> None:
    got = resolve_application_id(
        job_metadata=None, room_metadata=None, room_name=f"interview-{value}-3"
    )
    assert got == value
    assert recording_key(got, "i-1") == f"interviews/{value}/i-1/recording.ogg"
