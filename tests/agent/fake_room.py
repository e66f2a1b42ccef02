"""A LiveKit room without a server, for ``RoomLink`` and the ``RoomIO`` it starts.

It is the part of ``rtc.Room`` that livekit-agents 1.8.9's ``RoomIO`` and
``utils.wait_for_participant`` use (read from their source): room events, remote
participants and their microphone publications, the local participant's
``publish_track`` / ``set_attributes`` / ``stream_text`` / ``publish_transcription``, and
byte/text stream handler registration. Audio is real: every microphone is an
``rtc.AudioSource`` behind a real FFI track, which ``RoomIO`` reads through
``rtc.AudioStream.from_track`` as it reads a subscribed remote track, and the agent's
published track can be listened to the same way. What a server would do (deliver events
in the order a client causes them) is done by ``join`` / ``leave``.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
from livekit import rtc
from livekit.agents.types import CLIENT_PROTOCOL_TRANSCRIPTION_STREAMS

MIC_RATE = 48_000
_ids = itertools.count(1)


class Microphone:
    """A candidate's microphone: a real audio source and track, fed in real time."""

    def __init__(self) -> None:
        self.source = rtc.AudioSource(MIC_RATE, 1)
        self.track = rtc.LocalAudioTrack.create_audio_track(f"mic-{next(_ids)}", self.source)

    async def tone(self, seconds: float, freq: float) -> None:
        n = MIC_RATE // 100
        for i in range(round(seconds * 100)):
            t = (np.arange(n) + i * n) / MIC_RATE
            pcm = (0.5 * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)
            await self.source.capture_frame(rtc.AudioFrame(pcm.tobytes(), MIC_RATE, 1, n))
        await self.source.wait_for_playout()  # the source queues ahead; a voice takes its time

    async def aclose(self) -> None:
        await self.source.aclose()


@dataclass
class Publication:
    track: Any
    sid: str = field(default_factory=lambda: f"TR_{next(_ids)}")
    source: int = rtc.TrackSource.SOURCE_MICROPHONE
    kind: int = rtc.TrackKind.KIND_AUDIO
    name: str = "microphone"
    audio_features: list[int] = field(default_factory=list)
    subscribed: asyncio.Future[None] = field(default_factory=asyncio.Future)

    async def wait_for_subscription(self) -> None:
        await asyncio.shield(self.subscribed)


@dataclass
class Participant:
    identity: str
    sid: str = field(default_factory=lambda: f"PA_{next(_ids)}")
    kind: int = rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD
    state: int = rtc.ParticipantState.PARTICIPANT_STATE_ACTIVE
    attributes: dict[str, str] = field(default_factory=dict)
    track_publications: dict[str, Publication] = field(default_factory=dict)
    disconnect_reason: int | None = None
    # RoomIO reads a client's protocol version here to decide on legacy transcriptions
    _info: Any = field(
        default_factory=lambda: SimpleNamespace(
            client_protocol=CLIENT_PROTOCOL_TRANSCRIPTION_STREAMS
        )
    )


class TextWriter:
    def __init__(self, sink: list[str]) -> None:
        self._sink = sink

    async def write(self, text: str) -> None:
        self._sink.append(text)

    async def aclose(self, **_: Any) -> None:
        pass


class LocalParticipant:
    def __init__(self, room: FakeRoom) -> None:
        self._room = room
        self.identity = "agent-interviewer"
        self.sid = "PA_agent"
        self.kind = rtc.ParticipantKind.PARTICIPANT_KIND_AGENT
        self.attributes: dict[str, str] = {}
        self.track_publications: dict[str, Publication] = {}
        self.transcription: list[str] = []  # what reached the room's transcription stream

    async def publish_track(self, track: rtc.LocalTrack, _options: Any = None) -> Publication:
        publication = Publication(track=track, name=track.name)
        self.track_publications[publication.sid] = publication
        self._room.emit("local_track_published", publication, track)
        return publication

    async def set_attributes(self, attributes: dict[str, str]) -> None:
        self.attributes.update(attributes)

    async def stream_text(self, **_: Any) -> TextWriter:
        return TextWriter(self.transcription)

    async def publish_transcription(self, _transcription: Any) -> None:
        pass


class FakeRoom(rtc.EventEmitter[str]):
    def __init__(self, name: str = "interview-app-test-1") -> None:
        super().__init__()
        self.name = name
        self.remote_participants: dict[str, Participant] = {}
        self.local_participant = LocalParticipant(self)
        self.byte_stream_handlers: dict[str, Callable[..., Any]] = {}
        self.text_stream_handlers: dict[str, Callable[..., Any]] = {}

    def isconnected(self) -> bool:
        return True

    def register_byte_stream_handler(self, topic: str, handler: Callable[..., Any]) -> None:
        if topic in self.byte_stream_handlers:
            raise ValueError(f"byte stream handler for topic {topic!r} already set")
        self.byte_stream_handlers[topic] = handler

    def unregister_byte_stream_handler(self, topic: str) -> None:
        self.byte_stream_handlers.pop(topic, None)

    def register_text_stream_handler(self, topic: str, handler: Callable[..., Any]) -> None:
        if topic in self.text_stream_handlers:
            raise ValueError(f"text stream handler for topic {topic!r} already set")
        self.text_stream_handlers[topic] = handler

    def unregister_text_stream_handler(self, topic: str) -> None:
        self.text_stream_handlers.pop(topic, None)

    # -- what a client's actions look like from the agent's side ------------------
    def connect(
        self, identity: str, *, kind: int = rtc.ParticipantKind.PARTICIPANT_KIND_STANDARD
    ) -> Participant:
        participant = Participant(identity, kind=kind)
        self.remote_participants[identity] = participant
        self.emit("participant_connected", participant)
        self.emit("participant_active", participant)
        return participant

    def publish_microphone(self, participant: Participant, mic: Microphone) -> Publication:
        """The client publishes its microphone and the agent subscribes to it."""
        publication = Publication(track=mic.track)
        participant.track_publications[publication.sid] = publication
        self.emit("track_published", publication, participant)
        self.emit("track_subscribed", mic.track, publication, participant)
        return publication

    def subscribe_to_agent(self) -> None:
        """The client subscribes to the agent's audio track."""
        for publication in self.local_participant.track_publications.values():
            if not publication.subscribed.done():
                publication.subscribed.set_result(None)
            self.emit("local_track_subscribed", publication.track)

    def disconnect(self, identity: str) -> None:
        participant = self.remote_participants.pop(identity)
        participant.disconnect_reason = rtc.DisconnectReason.CLIENT_INITIATED
        for publication in list(participant.track_publications.values()):
            self.emit("track_unsubscribed", publication.track, publication, participant)
            self.emit("track_unpublished", publication, participant)
        participant.track_publications.clear()
        self.emit("participant_disconnected", participant)
