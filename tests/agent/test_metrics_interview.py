"""Scrape LiveKit's exporter during a simulated voice interview: every series moves.

The production wiring (``Components.orchestrator`` and ``metrics.run_interview``, as
the worker's job runs them) against the local platform and S3; a real AgentSession
with real Silero VAD, the offline interviewer policy, and stub STT/TTS of known
latency, so it runs in about real time. When the session closes, the platform starts
failing, so the wrap-up's calls fail, are counted, and park in the outbox.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from livekit.agents.telemetry.http_server import HttpServer
from livekit.plugins import silero

from agent import metrics
from agent.components import Components, Prewarmed
from agent.interview.policy_llm import PolicyLLM
from agent.session import VoiceStack, build_session
from agent.simulation.audio import SimMicrophone, SimSpeaker
from agent.simulation.candidate import SimLink, SimulatedCandidate, espeak_voice
from agent.simulation.script import CandidateScript, Step
from config.settings import load_settings
from scripts.bench_stubs import ExpectedTexts, ScriptedSTT, SineTTS
from tests.agent.test_metrics import scrape

pytestmark = pytest.mark.slow

APP = "app-strong-001"
ANSWERS = [
    "In my last role I moved our order service to PostgreSQL partitions and cut p99 "
    "latency from nine hundred to one hundred and twenty milliseconds.",
    "I run Kubernetes in production every day and I write the runbooks for our on call team.",
    "When two services disagreed on a schema, I wrote the contract tests that ended it.",
    "I mentor two junior engineers and review most of the database changes on my team.",
]
# histograms by their _count; labelled series summed over their label sets
SERIES = (
    "interview_agent_interviews_total",
    "interview_agent_active_interviews",
    "interview_agent_setup_seconds_count",
    "interview_agent_turn_latency_seconds_count",
    "interview_agent_llm_ttft_seconds_count",
    "interview_agent_tts_ttfb_seconds_count",
    "interview_agent_platform_request_seconds_count",
    "interview_agent_platform_errors_total",
    "interview_agent_outbox_depth",
    "interview_agent_outbox_oldest_age_seconds",
    "interview_agent_recording_spool_depth",
    "interview_agent_recording_upload_lag_seconds",
)


def totals(sample: dict[tuple[str, Any], float]) -> dict[str, float]:
    out = dict.fromkeys(SERIES, 0.0)
    for (name, _labels), value in sample.items():
        if name in out:
            out[name] += value
    return out


async def test_every_series_moves_during_a_simulated_interview(
    platform_server: Any, s3: Any, tmp_path: Path
) -> None:
    outbox, spool = tmp_path / "outbox", tmp_path / "spool"
    settings = load_settings(
        {
            **platform_server.settings_env,
            **s3.settings_env,
            "MAX_RETRIES": "2",
            "RETRY_MIN_WAIT": "0",
            "RETRY_MAX_WAIT": "0",
            "OUTBOX_DIR": str(outbox),
            "RECORDING_SPOOL_DIR": str(spool),
            "LLM_PROVIDER": "local",
            "INTERVIEW_DURATION_MINUTES": "6",
        },
        _env_file=None,
    )
    exporter = HttpServer("127.0.0.1", 0)
    await exporter.start()
    url = f"http://127.0.0.1:{exporter.port}/metrics"
    vad = await asyncio.to_thread(silero.VAD.load)
    components = Components(settings, prewarmed=Prewarmed(vad=vad, engines=None))
    await components.open()

    texts = ExpectedTexts()
    script = CandidateScript(
        join_after=0,
        steps=[
            *(Step.model_validate({"say": a}) for a in ANSWERS),
            Step.model_validate({"stop": True}),
        ],
    )
    mic, speaker = SimMicrophone(speed=1.0), SimSpeaker(speed=3.0)
    link = SimLink(mic=mic, speaker=speaker, script=script)
    espeak = espeak_voice("en", mic.sample_rate)

    def voice(text: str) -> Any:
        texts.push(text)  # what the stub STT "recognizes" for this utterance
        return espeak(text)

    candidate = SimulatedCandidate(script, link=link, voice=voice, think_s=0.1, quiet_s=0.5)

    def session_factory(_language: str) -> Any:
        stack = VoiceStack(
            vad=vad,
            stt=ScriptedSTT(texts, latency=0.05),
            llm=PolicyLLM(),
            tts=SineTTS(ttfa=0.05),
        )
        session = build_session(settings.interview, stack)
        session.on("close", lambda _ev: platform_server.inject(fail_next=1000))
        return session

    orchestrator = components.orchestrator(
        application_id=APP, room=f"interview-{APP}-1", link=link, session_factory=session_factory
    )
    before = totals(await scrape(url))
    seen: list[dict[str, float]] = []

    async def keep_scraping() -> None:
        while True:
            seen.append(totals(await scrape(url)))
            await asyncio.sleep(0.2)

    background = [
        asyncio.create_task(metrics.watch_backlogs(outbox, spool, every=0.2)),
        asyncio.create_task(keep_scraping()),
        asyncio.create_task(candidate.run()),
    ]
    try:
        outcome = await asyncio.wait_for(metrics.run_interview(orchestrator), 240)
        await asyncio.to_thread(metrics.sample_backlogs, outbox, spool)
        final = await scrape(url)
        seen.append(totals(final))
        parked = len(list(outbox.glob("*.json")))  # aclose() below delivers them
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        platform_server.reset()
        mic.close()
        await speaker.aclose()
        await components.aclose()
        await exporter.aclose()

    # the platform fails from the wrap-up on: the results wait in the outbox
    assert outcome.final_status == "COMPLETED" and outcome.pending_delivery
    still = [name for name in SERIES if all(s[name] == before[name] for s in seen)]
    assert not still, f"series that never moved: {still}"
    after = seen[-1]
    assert (
        after["interview_agent_interviews_total"] == before["interview_agent_interviews_total"] + 1
    )
    assert after["interview_agent_active_interviews"] == before["interview_agent_active_interviews"]
    assert (
        after["interview_agent_turn_latency_seconds_count"]
        >= 2 + before["interview_agent_turn_latency_seconds_count"]
    )
    assert after["interview_agent_outbox_depth"] == parked >= 2
    assert after["interview_agent_recording_spool_depth"] == 0  # the recording reached S3
    # labels: statuses, operations and error classes only, never an id
    labels = {v for (_name, lbls), _ in final.items() for _k, v in lbls}
    assert ("status", "COMPLETED") in {kv for (_n, lbls), _ in final.items() for kv in lbls}
    assert not any(
        APP in v or (outcome.interview_id or "?") in v or "interview-" in v for v in labels
    )
    operations = {
        dict(lbls)["operation"]
        for (name, lbls), _ in final.items()
        if name == "interview_agent_platform_errors_total"
    }
    # errors by GraphQL operation; the first refused call holds the later ones back
    assert operations & {"CreateBulkTranscripts", "UpdateInterview"}
    assert "CompleteInterview" not in operations
