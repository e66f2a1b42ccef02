"""Everything an interview needs, built from settings: one place for worker and demo.

Per process (prewarm): Silero VAD and the offline speech engines. Per job (open /
aclose inside the job's event loop): the pooled HTTP session, the platform client,
the CV loader, the outbox, and the S3 client for recordings. The worker and the
demo compose the same objects, so the demo exercises the production wiring.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog
from livekit.agents import AgentSession, llm, vad
from livekit.plugins import silero

from agent import content
from agent.analysis.llm import LLMCallable
from agent.interview.policy_llm import PolicyLLM
from agent.orchestrator import CandidateLink, InterviewOrchestrator
from agent.recording import Recorder, SpoolUploader, build_recorder
from agent.session import VoiceStack, build_session
from agent.voice.providers import (
    LocalEngines,
    build_llm,
    build_stt,
    build_tts,
    prewarm_local_engines,
)
from config.settings import Settings
from service.cv import CVLoader, cv_loader_from_settings
from service.graphql import PlatformClient
from service.http import http_session_from_settings
from service.interviews import GraphQLPlatform
from service.outbox import outbox_from_settings

log = structlog.get_logger(__name__)


@dataclass
class Prewarmed:
    vad: vad.VAD
    engines: LocalEngines | None


class Components:
    def __init__(self, settings: Settings, *, prewarmed: Prewarmed | None = None) -> None:
        self.settings = settings
        self._prewarmed = prewarmed
        self._http: aiohttp.ClientSession | None = None
        self._platform: GraphQLPlatform | None = None
        self._cv_loader: CVLoader | None = None
        self.outbox = outbox_from_settings(settings.platform)
        self._s3: Any | None = None
        self._background: list[asyncio.Task[Any]] = []

    def prewarm(self, languages: tuple[str, ...] = ("en", "ar")) -> Prewarmed:
        """Load models once per process: VAD always, offline engines when configured, and
        the phrase files (parsed here rather than in the first interview)."""
        content.load()
        models = self.settings.models
        engines = None
        if "local" in (models.stt_provider, models.tts_provider):
            engines = prewarm_local_engines(
                languages,
                stt=models.stt_provider == "local",
                tts=models.tts_provider == "local",
            )
        self._prewarmed = Prewarmed(vad=silero.VAD.load(), engines=engines)
        return self._prewarmed

    async def open(self) -> None:
        """Per-job clients, bound to the running loop; replays left-over results and
        recordings in the background (``aclose`` tries what is still parked once more)."""
        from agent import metrics  # see agent.metrics: imported once the worker started

        s = self.settings
        self._http = http_session_from_settings(s.platform)
        client = PlatformClient.from_settings(
            s.platform, session=self._http, on_call=metrics.observe_platform_call
        )
        self._platform = GraphQLPlatform(client=client)
        self._cv_loader = cv_loader_from_settings(s.cv)
        self._background.append(asyncio.create_task(self._replay_left_overs()))

    @property
    def platform(self) -> GraphQLPlatform:
        if self._platform is None:
            raise RuntimeError("Components.open() first: the platform client is per job")
        return self._platform

    @property
    def cv_loader(self) -> CVLoader:
        if self._cv_loader is None:
            raise RuntimeError("Components.open() first: the CV loader is per job")
        return self._cv_loader

    async def _replay_left_overs(self) -> None:
        # Separately: trouble with one (a bad outbox file) never skips the other.
        try:
            await self.outbox.deliver(self.platform)
        except Exception:  # never stops an interview; logged for ops
            log.exception("outbox_replay_failed")
        storage = self.settings.storage
        try:
            s3 = self.s3_client()
            if s3 is not None and storage.recording_mode == "worker":
                await SpoolUploader(s3_client=s3, spool_dir=storage.recording_spool_dir).drain()
        except Exception:
            log.exception("spool_drain_failed")

    def s3_client(self) -> Any | None:
        storage = self.settings.storage
        if storage.recording_mode == "off" or not storage.aws_bucket_name:
            return None
        if self._s3 is None:
            from service.storage import make_s3_client

            self._s3 = make_s3_client(storage)
        return self._s3

    def recorder(self, *, livekit_api: Any | None = None, room_name: str | None = None) -> Recorder:
        return build_recorder(
            self.settings.storage,
            s3_client=self.s3_client(),
            livekit_api=livekit_api,
            room_name=room_name,
        )

    def session_factory(self, language: str) -> AgentSession:
        prewarmed = self._prewarmed or self.prewarm((language,))
        models = self.settings.models
        interviewer = build_llm(models, local_llm_factory=PolicyLLM, max_tokens=300)
        assert interviewer is not None
        voice = VoiceStack(
            vad=prewarmed.vad,
            stt=build_stt(models, language=language, prewarmed=prewarmed.engines),
            llm=interviewer,
            tts=build_tts(models, language=language, prewarmed=prewarmed.engines),
        )
        return build_session(self.settings.interview, voice)

    def text_llm(self) -> LLMCallable | None:
        """Prompt -> text with the configured LLM, for the analysis refinement and the
        LLM evaluator; None offline (both then stay deterministic)."""
        if self.settings.models.llm_provider == "local":
            return None
        model = build_llm(self.settings.models, max_tokens=2000, temperature=0.0)
        assert model is not None

        async def _complete(prompt: str) -> str:
            ctx = llm.ChatContext.empty()
            ctx.add_message(role="user", content=prompt)
            async with model.chat(chat_ctx=ctx) as stream:
                return (await stream.collect()).text

        return _complete

    def orchestrator(
        self,
        *,
        application_id: str,
        room: str,
        link: CandidateLink,
        recorder: Recorder | None = None,
        session_factory: Callable[[str], AgentSession] | None = None,
        **extra: Any,
    ) -> InterviewOrchestrator:
        """One interview wired to this job's clients (worker, demo and benchmarks alike)."""
        from agent import metrics

        return InterviewOrchestrator(
            application_id=application_id,
            room=room,
            platform=self.platform,
            cv_loader=self.cv_loader,
            recorder=recorder or self.recorder(),
            link=metrics.MeteredLink(link),
            session_factory=session_factory or self.session_factory,
            settings=self.settings.interview,
            outbox=self.outbox,
            refine=self.text_llm(),
            **extra,
        )

    async def aclose(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self._last_delivery()
        if self._cv_loader is not None:
            await self._cv_loader.aclose()
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def _last_delivery(self) -> None:
        """What the wrap-up could not send in time goes out here, in the job's shutdown
        callback (bounded well inside LiveKit's shutdown_process_timeout); what is still
        left waits for the next job start on this host."""
        if self._platform is None or not self.outbox.files():
            return
        budget = max(5.0, self.settings.interview.shutdown_timeout / 2)
        try:
            async with asyncio.timeout(budget):
                await self.outbox.deliver(self._platform)
        except TimeoutError:
            log.warning("outbox_left_for_next_start", pending=len(self.outbox.files()))
        except Exception:
            log.exception("outbox_replay_failed")
