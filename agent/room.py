"""``CandidateLink`` for a real LiveKit room.

The candidate is present while we can hear them: they leave on ``participant_disconnected``
and are back once their microphone track is subscribed again. A returning client is
connected before it has published and subscribed; the interviewer's "welcome back" said
at ``participant_connected`` would be lost, and the answer to it would not be heard. One
who comes back without a microphone is not back: the reconnect grace runs out for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Unpack

import structlog
from livekit import rtc
from livekit.agents import AgentSession, utils
from livekit.agents.voice import room_io

from agent.orchestrator import AudioTaps

log = structlog.get_logger(__name__)

ROOM_INPUT = room_io.AudioInputOptions()
"""The candidate's audio as RoomIO hands it to the session (rate, frame size)."""

_CANDIDATE_KINDS = [
    rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD,
    rtc.ParticipantKind.PARTICIPANT_KIND_SIP,
]


class RoomLink:
    def __init__(self, *, room: rtc.Room) -> None:
        self._room = room
        self._candidate: str | None = None
        self._present = False
        self._callbacks: list[Callable[[bool], None]] = []
        self._room_io: room_io.RoomIO | None = None
        room.on("participant_disconnected", self._on_disconnected)
        room.on("track_subscribed", self._on_track_subscribed)

    async def wait_for_candidate(self, within: float) -> bool:
        try:
            participant = await asyncio.wait_for(
                utils.wait_for_participant(self._room, kind=_CANDIDATE_KINDS), within
            )
        except TimeoutError:
            return False
        self._candidate, self._present = participant.identity, True
        log.info("candidate_joined", participant=participant.identity)
        return True

    def on_presence(self, callback: Callable[[bool], None]) -> None:
        self._callbacks.append(callback)

    def _set_present(self, present: bool) -> None:
        if present == self._present:
            return
        self._present = present
        for callback in self._callbacks:
            callback(present)

    def _on_disconnected(self, participant: rtc.RemoteParticipant) -> None:
        if participant.identity == self._candidate:
            self._set_present(False)

    def _on_track_subscribed(
        self,
        _track: rtc.Track,
        publication: rtc.RemoteTrackPublication,
        participant: rtc.RemoteParticipant,
    ) -> None:
        # the source RoomIO's audio input listens to (RoomInputOptions' default)
        if (
            participant.identity == self._candidate
            and publication.source == rtc.TrackSource.SOURCE_MICROPHONE
        ):
            self._set_present(True)

    async def start_session(
        self, session: AgentSession, agent: Any, **taps: Unpack[AudioTaps]
    ) -> None:
        # RoomIO is started by hand so that the recorder's taps are in place before the
        # agent says its first word (session.start(room=...) would start speaking first).
        # The chain is then taps -> transcript synchronizer -> room track, the one
        # agent/simulation reproduces.
        self._room_io = room_io.RoomIO(
            session,
            self._room,
            participant=self._candidate,
            # the orchestrator, not RoomIO, decides when a candidate has left for good
            options=room_io.RoomOptions(close_on_disconnect=False, audio_input=ROOM_INPUT),
        )
        await self._room_io.start()
        if session.input.audio is not None:
            session.input.audio = taps["wrap_input"](session.input.audio)
        if session.output.audio is not None:
            session.output.audio = taps["wrap_output"](session.output.audio)
        await session.start(agent, record=False)

    async def aclose(self) -> None:
        self._room.off("participant_disconnected", self._on_disconnected)
        self._room.off("track_subscribed", self._on_track_subscribed)
        if self._room_io is not None:
            await self._room_io.aclose()
