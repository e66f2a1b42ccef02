"""LocalSTT without loading whisper: audio conversion, the event it returns, guards."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import stt

from agent.voice.local_stt import LocalSTT, to_whisper_input, whisper_kind_for


@dataclass
class FakeWhisper:
    """Stands in for faster_whisper.WhisperModel: records calls, returns fixed segments."""

    multilingual: bool = True
    segments: list[Any] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def model(self) -> Any:
        return SimpleNamespace(is_multilingual=self.multilingual)

    def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[Any, Any]:
        self.calls.append({"audio": audio, **kwargs})
        info = SimpleNamespace(language=kwargs["language"], duration=len(audio) / 16000)
        return iter(self.segments), info


def _segment(text: str, start: float, end: float, avg_logprob: float) -> Any:
    return SimpleNamespace(text=text, start=start, end=end, avg_logprob=avg_logprob)


def _tone(rate: int, seconds: float, channels: int = 1) -> rtc.AudioFrame:
    n = int(rate * seconds)
    wave = (np.sin(np.arange(n) * 2 * np.pi * 440 / rate) * 8000).astype(np.int16)
    data = np.repeat(wave[:, None], channels, axis=1)
    return rtc.AudioFrame(data.tobytes(), rate, channels, n)


def test_to_whisper_input_resamples_and_downmixes() -> None:
    frames = [_tone(48000, 0.5, channels=2), _tone(48000, 0.5, channels=2)]
    audio = to_whisper_input(frames)
    assert audio.dtype == np.float32
    assert abs(len(audio) - 16000) < 400  # resampler latency may trim a few ms
    assert 0.2 < np.abs(audio).max() <= 1.0


def test_to_whisper_input_passes_16k_through() -> None:
    audio = to_whisper_input(_tone(16000, 0.25))
    assert len(audio) == 4000
    assert to_whisper_input(rtc.AudioFrame(b"", 16000, 1, 0)).size == 0


def test_whisper_kind_by_language() -> None:
    assert whisper_kind_for("en") == "tiny.en"
    assert whisper_kind_for("en-US") == "tiny.en"
    assert whisper_kind_for("ar") == "base"
    assert whisper_kind_for("ar-SA") == "base"


async def test_recognize_returns_final_transcript_with_confidence() -> None:
    model = FakeWhisper(
        segments=[_segment(" Hello there.", 0.0, 1.0, -0.1), _segment(" Bye.", 1.0, 2.0, -0.3)]
    )
    engine = LocalSTT(model=model, language="ar-SA")  # type: ignore[arg-type]
    event = await engine.recognize(_tone(24000, 2.0))
    assert event.type == stt.SpeechEventType.FINAL_TRANSCRIPT
    data = event.alternatives[0]
    assert data.text == "Hello there. Bye."
    assert data.language == "ar"
    assert data.confidence == pytest.approx(math.exp(-0.2))
    call = model.calls[0]
    assert call["language"] == "ar"
    assert call["vad_filter"] is False
    assert call["beam_size"] == 1
    assert call["condition_on_previous_text"] is False
    assert call["audio"].dtype == np.float32


async def test_language_argument_overrides_default() -> None:
    model = FakeWhisper()
    engine = LocalSTT(model=model, language="en")  # type: ignore[arg-type]
    event = await engine.recognize(_tone(16000, 0.5), language="ar")
    assert model.calls[0]["language"] == "ar"
    assert event.alternatives[0].text == ""
    assert event.alternatives[0].confidence == 0.0


def test_english_only_model_rejects_other_languages() -> None:
    with pytest.raises(ValueError, match="English-only"):
        LocalSTT(model=FakeWhisper(multilingual=False), language="ar")  # type: ignore[arg-type]


def test_capabilities_are_non_streaming() -> None:
    engine = LocalSTT(model=FakeWhisper(multilingual=False))  # type: ignore[arg-type]
    assert engine.capabilities.streaming is False
    assert engine.capabilities.interim_results is False
    assert engine.provider == "faster-whisper"


async def test_empty_audio_is_not_decoded() -> None:
    model = FakeWhisper()
    event = await LocalSTT(model=model).recognize(rtc.AudioFrame(b"", 48000, 1, 0))  # type: ignore[arg-type]
    assert event.alternatives[0].text == ""
    assert model.calls == []
