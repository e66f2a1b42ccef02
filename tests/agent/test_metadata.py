import pytest

from agent.metadata import BadJobMetadata, resolve_application_id


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
    ],
)
def test_bad_metadata_says_what_and_how_to_fix(job, room, fragment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadJobMetadata) as err:
        resolve_application_id(job_metadata=job, room_metadata=None, room_name=room)
    assert fragment in str(err.value)
    assert "application_id" in str(err.value)
