"""The local platform keeps the GraphQL contract, persists, and misbehaves on demand.

Every test talks to the server over real HTTP with a plain aiohttp client (one with
gql), never through the server's own code, so they check what a worker would see.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from scripts.local_platform import DEFAULT_SEED, LocalPlatform
from service.models import Application

REPO_ROOT = Path(__file__).resolve().parents[2]

APPLICATION_QUERY = """
query GetApplication($id: ID!) {
  application(id: $id) {
    id status resumeUrl coverLetter cvScore cvAnalysisResults aiInterviewRecommendations
    candidate { id name email }
    job {
      id title department description responsibilities requirements skills experience
      education jobLevel interviewPrompt interviewLanguage
      company { id name description }
    }
  }
}
"""
INTERVIEW_FIELDS = """
  id applicationId status type scheduledAt duration notes feedback rating aiAnalysis
  recordingUrl roomId createdAt updatedAt
"""
CREATE_INTERVIEW = f"""
mutation CreateInterview($input: CreateInterviewInput!) {{
  createInterview(input: $input) {{ {INTERVIEW_FIELDS} }}
}}
"""
TRANSCRIPT_FIELDS = "id interviewId content speaker timestamp confidence language sequenceNumber"
BULK_TRANSCRIPTS = f"""
mutation Bulk($inputs: [CreateTranscriptInput!]!) {{
  createBulkTranscripts(inputs: $inputs) {{ {TRANSCRIPT_FIELDS} }}
}}
"""


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15)) as session:
        yield session


async def post_graphql(
    http: aiohttp.ClientSession,
    platform: LocalPlatform,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """POST a GraphQL document; returns (HTTP status, decoded JSON body)."""
    async with http.post(
        platform.url,
        json={"query": query, "variables": variables or {}},
        headers=platform.headers if headers is None else headers,
    ) as response:
        return response.status, await response.json()


async def gql_data(
    http: aiohttp.ClientSession,
    platform: LocalPlatform,
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run a document that must succeed; returns its `data`."""
    status, body = await post_graphql(http, platform, query, variables)
    assert status == 200, body
    assert "errors" not in body, body
    return body["data"]


async def create_interview(
    http: aiohttp.ClientSession, platform: LocalPlatform, **fields: Any
) -> dict[str, Any]:
    payload = {"applicationId": "app-strong-001", **fields}
    data = await gql_data(http, platform, CREATE_INTERVIEW, {"input": payload})
    return data["createInterview"]


def transcript(seq: int | None, text: str, ts: str, speaker: str = "candidate") -> dict[str, Any]:
    return {
        "content": text,
        "speaker": speaker,
        "timestamp": ts,
        "sequenceNumber": seq,
        "confidence": 0.9,
        "language": "en",
    }


# -- seeded applications and CVs ----------------------------------------------------


async def test_seeded_application_has_contract_fields_and_served_pdf(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    data = await gql_data(http, platform_server, APPLICATION_QUERY, {"id": "app-strong-001"})
    application = Application.model_validate(data["application"])

    assert application.candidate.name == "Sara Haddad"
    assert {"Python", "Kubernetes", "PostgreSQL"} <= set(application.job.skills)
    assert application.job.language == "en"
    assert "?" in (application.job.interview_prompt or "")
    assert application.resume_url is not None
    assert application.resume_url.startswith(platform_server.base_url + "/files/")

    async with http.get(application.resume_url) as response:  # no API key
        assert response.status == 200
        assert response.content_type == "application/pdf"
        assert (await response.read()).startswith(b"%PDF")


async def test_arabic_application_serves_utf8_text_cv(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    data = await gql_data(http, platform_server, APPLICATION_QUERY, {"id": "app-arabic-003"})
    job = data["application"]["job"]
    assert job["interviewLanguage"] == "arabic"
    assert "محاسب" in job["title"]

    async with http.get(data["application"]["resumeUrl"]) as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        assert response.charset == "utf-8"
        assert "المعايير الدولية" in await response.text()


async def test_unknown_application_is_null_and_missing_cv_has_no_url(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    unknown = await gql_data(http, platform_server, APPLICATION_QUERY, {"id": "app-missing"})
    no_cv = await gql_data(http, platform_server, APPLICATION_QUERY, {"id": "app-nocv-004"})

    assert unknown["application"] is None
    assert no_cv["application"]["resumeUrl"] is None
    async with http.get(f"{platform_server.base_url}/files/app-strong-001/other.pdf") as resp:
        assert resp.status == 404


def test_shipped_seed_covers_strong_weak_and_arabic_fits() -> None:
    entries = json.loads(DEFAULT_SEED.read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in entries]

    assert ids[:3] == ["app-strong-001", "app-weak-002", "app-arabic-003"]
    for entry in entries:
        Application.model_validate(entry)
        prompt = entry["job"]["interviewPrompt"]
        assert "?" in prompt or "؟" in prompt
        if "resumeFile" in entry:
            assert (DEFAULT_SEED.parent / entry["resumeFile"]).is_file()
    assert entries[2]["job"]["interviewLanguage"] == "arabic"


async def test_admin_upsert_adds_application_without_duplicates(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    entry = {
        "id": "app-extra-900",
        "status": "PENDING",
        "candidate": {"id": "u-900", "name": "Test Person"},
        "job": {"id": "j-900", "title": "QA Engineer", "company": {"id": "c-1", "name": "C"}},
        "resumeUrl": "https://cv.example.com/x.pdf",
    }
    url = f"{platform_server.base_url}/_admin/applications"
    for _ in range(2):
        async with http.post(url, json=[entry], headers=platform_server.headers) as resp:
            assert resp.status == 200
    async with http.get(url, headers=platform_server.headers) as resp:
        ids = (await resp.json())["ids"]

    data = await gql_data(http, platform_server, APPLICATION_QUERY, {"id": "app-extra-900"})
    assert ids.count("app-extra-900") == 1
    assert data["application"]["job"]["skills"] == []
    assert data["application"]["job"]["interviewLanguage"] == "english"
    assert data["application"]["resumeUrl"] == "https://cv.example.com/x.pdf"


# -- interviews -----------------------------------------------------------------------


async def test_create_interview_defaults_and_is_idempotent_per_room(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    first = await create_interview(http, platform_server, roomId="interview-app-strong-001-1")
    again = await create_interview(http, platform_server, roomId="interview-app-strong-001-1")
    other = await create_interview(http, platform_server, roomId="interview-app-strong-001-2")
    listed = await gql_data(
        http,
        platform_server,
        "query($a: ID!) { interviewsByApplication(applicationId: $a) { id } }",
        {"a": "app-strong-001"},
    )

    assert (first["status"], first["type"]) == ("SCHEDULED", "VIDEO")
    assert first["createdAt"] == first["updatedAt"]
    datetime.fromisoformat(first["createdAt"])
    assert again["id"] == first["id"]
    assert other["id"] != first["id"]
    assert [row["id"] for row in listed["interviewsByApplication"]] == [first["id"], other["id"]]


async def test_create_interview_honours_given_type_status_and_json(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    created = await create_interview(
        http,
        platform_server,
        type="PHONE",
        status="STARTED",
        scheduledAt="2025-03-01T10:00:00+03:00",
        aiAnalysis={"plan": ["q1", "q2"], "score": 7.5},
    )

    assert (created["type"], created["status"]) == ("PHONE", "STARTED")
    assert created["scheduledAt"] == "2025-03-01T07:00:00.000000Z"
    assert created["aiAnalysis"] == {"plan": ["q1", "q2"], "score": 7.5}


async def test_create_interview_for_unknown_application_is_not_found(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    status, body = await post_graphql(
        http, platform_server, CREATE_INTERVIEW, {"input": {"applicationId": "app-missing"}}
    )

    assert status == 200
    assert body["data"] is None
    error = body["errors"][0]
    assert "unknown application" in error["message"]
    assert error["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        ("startInterview(id: $id)", "STARTED"),
        ("completeInterview(id: $id)", "COMPLETED"),
        ('cancelInterview(id: $id, reason: "candidate asked to reschedule")', "CANCELLED"),
        ("markInterviewNoShow(id: $id)", "NO_SHOW"),
    ],
)
async def test_status_mutations(
    http: aiohttp.ClientSession, platform_server: LocalPlatform, mutation: str, expected: str
) -> None:
    created = await create_interview(http, platform_server, notes="booked by recruiter")
    document = f"mutation($id: ID!) {{ result: {mutation} {{ {INTERVIEW_FIELDS} }} }}"

    changed = (await gql_data(http, platform_server, document, {"id": created["id"]}))["result"]
    missing = (await gql_data(http, platform_server, document, {"id": "nope"}))["result"]

    assert changed["status"] == expected
    assert changed["updatedAt"] > created["updatedAt"]
    assert changed["createdAt"] == created["createdAt"]
    assert changed["notes"].startswith("booked by recruiter")
    if expected == "CANCELLED":
        assert "candidate asked to reschedule" in changed["notes"]
    assert missing is None


async def test_update_interview_merges_only_given_fields(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    created = await create_interview(http, platform_server, notes="n1", rating=6.0, duration=30)
    document = f"""mutation($id: ID!, $input: UpdateInterviewInput!) {{
        updateInterview(id: $id, input: $input) {{ {INTERVIEW_FIELDS} }} }}"""
    analysis = {"overall": 8, "questions": [{"id": "q1", "score": 4, "evidence": "..."}]}

    updated = (
        await gql_data(
            http,
            platform_server,
            document,
            {
                "id": created["id"],
                "input": {"recordingUrl": "s3://rec/a.ogg", "aiAnalysis": analysis, "status": None},
            },
        )
    )["updateInterview"]
    cleared = (
        await gql_data(
            http, platform_server, document, {"id": created["id"], "input": {"notes": None}}
        )
    )["updateInterview"]
    missing = await gql_data(http, platform_server, document, {"id": "nope", "input": {}})

    assert updated["recordingUrl"] == "s3://rec/a.ogg"
    assert updated["aiAnalysis"] == analysis
    assert (updated["notes"], updated["rating"], updated["duration"]) == ("n1", 6.0, 30)
    assert updated["status"] == "SCHEDULED"  # explicit null on a non-null field is ignored
    assert cleared["notes"] is None and cleared["recordingUrl"] == "s3://rec/a.ogg"
    assert missing["updateInterview"] is None


async def test_unknown_interview_is_null(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    data = await gql_data(http, platform_server, 'query { interview(id: "nope") { id } }', None)
    assert data["interview"] is None


# -- transcripts ----------------------------------------------------------------------


async def test_bulk_transcripts_are_idempotent_and_ordered(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    interview = await create_interview(http, platform_server, roomId="room-t")
    batch = [
        transcript(2, "I led the Postgres migration.", "2025-01-01T10:00:05Z"),
        transcript(0, "Welcome, Sara.", "2025-01-01T10:00:00Z", "interviewer"),
        transcript(1, "Thanks!", "2025-01-01T10:00:02+00:00"),
    ]
    inputs = [{"interviewId": interview["id"], **row} for row in batch]

    first = await gql_data(http, platform_server, BULK_TRANSCRIPTS, {"inputs": inputs})
    resent = await gql_data(http, platform_server, BULK_TRANSCRIPTS, {"inputs": inputs})
    single = await gql_data(
        http,
        platform_server,
        "mutation($i: CreateTranscriptInput!) { createTranscript(input: $i) { id } }",
        {"i": {"interviewId": interview["id"], **transcript(3, "Bye", "2025-01-01T09:00:00Z")}},
    )
    listed = await gql_data(
        http,
        platform_server,
        f"""query($id: ID!) {{
            transcriptsByInterview(interviewId: $id) {{ {TRANSCRIPT_FIELDS} }}
            interview(id: $id) {{ transcripts {{ sequenceNumber }} }} }}""",
        {"id": interview["id"]},
    )

    first_ids = [row["id"] for row in first["createBulkTranscripts"]]
    assert [row["id"] for row in resent["createBulkTranscripts"]] == first_ids
    rows = listed["transcriptsByInterview"]
    assert [row["sequenceNumber"] for row in rows] == [0, 1, 2, 3]
    assert rows[3]["id"] == single["createTranscript"]["id"]
    assert rows[0]["speaker"] == "interviewer"
    assert rows[1]["timestamp"] == "2025-01-01T10:00:02.000000Z"
    assert [t["sequenceNumber"] for t in listed["interview"]["transcripts"]] == [0, 1, 2, 3]


async def test_transcripts_without_sequence_follow_timestamp(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    interview = await create_interview(http, platform_server)
    inputs = [
        {"interviewId": interview["id"], **transcript(None, "late", "2025-01-01T10:00:09Z")},
        {"interviewId": interview["id"], **transcript(None, "early", "2025-01-01T10:00:01Z")},
    ]

    await gql_data(http, platform_server, BULK_TRANSCRIPTS, {"inputs": inputs})
    rows = platform_server.store.transcripts_by_interview(interview["id"])

    assert [row["content"] for row in rows] == ["early", "late"]


async def test_transcript_for_unknown_interview_is_rejected_atomically(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    interview = await create_interview(http, platform_server)
    inputs = [
        {"interviewId": interview["id"], **transcript(0, "kept?", "2025-01-01T10:00:00Z")},
        {"interviewId": "nope", **transcript(1, "x", "2025-01-01T10:00:01Z")},
    ]

    status, body = await post_graphql(http, platform_server, BULK_TRANSCRIPTS, {"inputs": inputs})

    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert platform_server.store.transcripts_by_interview(interview["id"]) == []


# -- auth and request errors ----------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}])
async def test_missing_or_wrong_key_is_401(
    http: aiohttp.ClientSession, platform_server: LocalPlatform, headers: dict[str, str]
) -> None:
    status, body = await post_graphql(
        http, platform_server, '{ application(id: "app-strong-001") { id } }', headers=headers
    )
    async with http.get(f"{platform_server.base_url}/_admin/stats", headers=headers) as resp:
        admin_status = resp.status

    assert status == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert admin_status == 401
    assert platform_server.stats()["unauthorized"] == 1


async def test_invalid_documents_answer_400(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    status, body = await post_graphql(http, platform_server, "{ notAField }")
    async with http.post(
        platform_server.url, data=b"not json", headers=platform_server.headers
    ) as resp:
        bad_json_status = resp.status

    assert status == 400 and body["errors"]
    assert bad_json_status == 400


async def test_gql_client_with_local_schema_validation_works(
    platform_server: LocalPlatform,
) -> None:
    """The worker's GraphQL library, validating against the SDL, talks to this server."""
    from gql import Client, gql
    from gql.transport.aiohttp import AIOHTTPTransport

    sdl = (REPO_ROOT / "service" / "platform.graphql").read_text(encoding="utf-8")
    transport = AIOHTTPTransport(url=platform_server.url, headers=platform_server.headers)
    request = gql(APPLICATION_QUERY)
    request.variable_values = {"id": "app-weak-002"}
    async with Client(transport=transport, schema=sdl) as session:
        result = await session.execute(request)

    assert result["application"]["candidate"]["name"] == "Omar Khalil"


# -- persistence ----------------------------------------------------------------------


async def test_restart_on_same_db_keeps_interviews_and_transcripts(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    interview = await create_interview(http, platform_server, roomId="room-persist")
    inputs = [{"interviewId": interview["id"], **transcript(0, "hello", "2025-01-01T10:00:00Z")}]
    await gql_data(http, platform_server, BULK_TRANSCRIPTS, {"inputs": inputs})
    db_path, old_url = platform_server.db_path, platform_server.url
    await asyncio.to_thread(platform_server.stop)

    async with LocalPlatform(db_path=db_path, api_key="test-key") as restarted:
        data = await gql_data(
            http,
            restarted,
            "query($id: ID!) { interview(id: $id) { roomId transcripts { content } } }",
            {"id": interview["id"]},
        )
        again = await create_interview(http, restarted, roomId="room-persist")
        ids = restarted.store.list_application_ids()

    assert data["interview"] == {"roomId": "room-persist", "transcripts": [{"content": "hello"}]}
    assert again["id"] == interview["id"]
    assert ids.count("app-strong-001") == 1  # re-seeding is an upsert
    await asyncio.to_thread(platform_server.restart)
    assert platform_server.url == old_url  # restart() keeps the port


# -- fault injection ------------------------------------------------------------------

PING = '{ application(id: "app-strong-001") { id } }'


async def test_latency_delays_graphql_requests(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    await platform_server.inject(latency=0.3)  # awaiting is optional
    started = time.perf_counter()
    await gql_data(http, platform_server, PING)
    elapsed = time.perf_counter() - started

    assert elapsed >= 0.3


async def test_fail_next_answers_500_then_recovers_and_is_counted(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    platform_server.inject(fail_next=2)

    statuses = [(await post_graphql(http, platform_server, PING))[0] for _ in range(3)]
    stats = platform_server.stats()

    assert statuses == [500, 500, 200]
    assert stats["graphql_requests"] == 3
    assert stats["by_field"] == {"application": 3}
    assert stats["by_operation"] == {"<anonymous>": 3}
    assert stats["faults_applied"] == {"fail": 2}
    assert platform_server.faults.fail_next == 0


async def test_drop_next_closes_connection_without_answer(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    platform_server.inject(drop_next=1)

    with pytest.raises(aiohttp.ServerDisconnectedError):
        await post_graphql(http, platform_server, PING)
    status, _ = await post_graphql(http, platform_server, PING)

    assert status == 200
    assert platform_server.stats()["faults_applied"] == {"drop": 1}


async def test_malformed_next_answers_200_with_broken_json(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    platform_server.inject(malformed_next=1)

    async with http.post(
        platform_server.url, json={"query": PING}, headers=platform_server.headers
    ) as response:
        status, text = response.status, await response.text()
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    follow_up, _ = await post_graphql(http, platform_server, PING)

    assert status == 200
    assert follow_up == 200


async def test_lose_next_commits_then_cuts_the_answer(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    create = (
        'mutation { createInterview(input: {applicationId: "app-strong-001", '
        'roomId: "lost-answer"}) { id } }'
    )
    platform_server.inject(lose_next=1, only="createInterview")

    await post_graphql(http, platform_server, PING)  # another field: untouched
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await post_graphql(http, platform_server, create)

    assert len(platform_server.store.interviews_by_application("app-strong-001")) == 1
    assert platform_server.stats()["faults_applied"] == {"lose": 1}


async def test_refuse_next_answers_graphql_errors_without_executing(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    create = (
        'mutation { createInterview(input: {applicationId: "app-strong-001", '
        'roomId: "refused"}) { id } }'
    )
    platform_server.inject(refuse_next=1)

    status, body = await post_graphql(http, platform_server, create)

    assert status == 200 and body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert platform_server.store.interviews_by_application("app-strong-001") == []


async def test_fail_rate_draws_failures_at_random(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    platform_server.inject(fail_rate=0.5)
    statuses = [(await post_graphql(http, platform_server, PING))[0] for _ in range(40)]

    assert 5 < statuses.count(500) < 35 and statuses.count(200) == 40 - statuses.count(500)


async def test_admin_http_api_sets_faults_reports_stats_and_resets(
    http: aiohttp.ClientSession, platform_server: LocalPlatform
) -> None:
    admin = f"{platform_server.base_url}/_admin"
    headers = platform_server.headers
    async with http.post(
        f"{admin}/faults", json={"fail_next": 1, "fail_status": 503}, headers=headers
    ) as resp:
        armed = await resp.json()
    async with http.post(f"{admin}/faults", json={"bogus": 1}, headers=headers) as resp:
        bad_status = resp.status
    status, _ = await post_graphql(
        http, platform_server, 'query Ping { application(id: "x") { id } }'
    )
    async with http.get(f"{admin}/stats", headers=headers) as resp:
        stats = await resp.json()
    platform_server.inject(fail_next=5, latency=1.0)
    async with http.post(f"{admin}/reset", headers=headers) as resp:
        after_reset = await resp.json()
    async with http.get(f"{admin}/stats", headers=headers) as resp:
        zeroed = await resp.json()

    assert armed["fail_next"] == 1 and armed["fail_status"] == 503
    assert bad_status == 400
    assert status == 503
    assert stats["by_operation"] == {"Ping": 1}
    assert stats["faults_applied"] == {"fail": 1}
    assert after_reset == {
        "latency": 0.0,
        "fail_next": 0,
        "fail_status": 500,
        "drop_next": 0,
        "malformed_next": 0,
        "refuse_next": 0,
        "lose_next": 0,
        "fail_rate": 0.0,
        "lose_rate": 0.0,
        "only": "",
    }
    assert zeroed["graphql_requests"] == 0


# -- command line ---------------------------------------------------------------------


async def test_cli_prints_ready_line_and_serves(
    http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scripts.local_platform", "--port", "0",
        "--db", str(tmp_path / "cli.sqlite3"), "--api-key", "cli-key", "--fail-next", "1",
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        prefix = "local platform ready: "
        assert line.startswith(prefix) and line.endswith("\n")
        url = line.removeprefix(prefix).strip()
        answers = []
        for _ in range(2):
            async with http.post(
                url, json={"query": PING}, headers={"x-api-key": "cli-key"}
            ) as resp:
                answers.append((resp.status, await resp.text()))
    finally:
        process.terminate()
        return_code = await asyncio.wait_for(process.wait(), timeout=15)

    assert url.startswith("http://127.0.0.1:") and url.endswith("/graphql")
    assert answers[0][0] == 500  # --fail-next 1
    assert answers[1][0] == 200 and "app-strong-001" in answers[1][1]
    assert return_code == 0


async def test_cli_help_explains_flags() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scripts.local_platform", "--help",
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), timeout=30)

    assert process.returncode == 0
    for flag in ("--host", "--port", "--db", "--api-key", "--seed", "--latency", "--drop-next"):
        assert flag in out.decode()
