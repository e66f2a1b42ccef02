"""``CandidateLink`` for a real LiveKit room."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import structlog
from livekit import rtc
from livekit.agents import AgentSession, JobContext
from livekit.agents.voice import io, room_io

log = structlog.get_logger(__name__)

_CANDIDATE_KINDS = (
    rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD,
    rtc.ParticipantKind.PARTICIPANT_KIND_SIP,
)


class RoomLink:
    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx
        self._candidate: str | None = None
        self._room_io: room_io.RoomIO | None = None

    async def wait_for_candidate(self, within: float) -> bool:
        try:
            participant = await asyncio.wait_for(
                self._ctx.wait_for_participant(kind=list(_CANDIDATE_KINDS)), within
            )
        except TimeoutError:
            return False
        self._candidate = participant.identity
        log.info("candidate_joined", participant=participant.identity)
        return True

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        def _changed(present: bool) -> Callable[[rtc.RemoteParticipant], None]:
            def _handler(participant: rtc.RemoteParticipant) -> None:
                if participant.identity == self._candidate:
                    callback(present)

            return _handler

        self._ctx.room.on("participant_connected", _changed(True))
        self._ctx.room.on("participant_disconnected", _changed(False))

    async def start_session(
        self,
        session: AgentSession,
        agent: Any,
        *,
        wrap_input: Callable[[io.AudioInput], io.AudioInput],
        wrap_output: Callable[[io.AudioOutput], io.AudioOutput],
    ) -> None:
        # RoomIO is started by hand so that the recorder's taps are in place before the
        # agent says its first word (session.start(room=...) would start speaking first).
        self._room_io = room_io.RoomIO(
            session,
            self._ctx.room,
            participant=self._candidate,
            # the orchestrator, not RoomIO, decides when a candidate has left for good
            options=room_io.RoomOptions(close_on_disconnect=False),
        )
        await self._room_io.start()
        if session.input.audio is not None:
            session.input.audio = wrap_input(session.input.audio)
        if session.output.audio is not None:
            session.output.audio = wrap_output(session.output.audio)
        await session.start(agent, record=False)

    async def aclose(self) -> None:
        if self._room_io is not None:
            await self._room_io.aclose()
