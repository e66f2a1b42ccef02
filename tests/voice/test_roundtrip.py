"""Real engines end to end: text -> TTS -> audio -> whisper -> text.

These load the offline models (≈5 s once per process) and so are marked slow; they run
in CI. The last two drive the engines through the same adapters AgentSession 1.8.9 wraps
non-streaming engines in (stt.StreamAdapter + Silero VAD, tts.StreamAdapter).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import stt, tts
from livekit.plugins import silero

from agent.voice import espeak, local_stt
from agent.voice.local_stt import LocalSTT, assemble_base_model
from agent.voice.local_tts import EspeakTTS, LocalTTS
from agent.voice.providers import LocalEngines, prewarm_local_engines
from tests.voice import wer

pytestmark = pytest.mark.slow

# WER bounds leave room for one or two misheard words: Piper samples noise, so audio varies
INTERVIEWER_LINES = [
    "Thank you for joining today. Could you tell me about a project you are proud of?",
    "What did you find most difficult when you moved the service to the cloud?",
]
CANDIDATE_LINES = [
    "In my last role I led the migration of our billing system to a new cloud provider.",
    "I enjoy working in small teams where everyone owns their part of the product.",
]
ARABIC_LINE = "شكرا جزيلا على وقتك"
_ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]")


@pytest.fixture(scope="module")
def engines() -> LocalEngines:
    return prewarm_local_engines(["en", "ar"])


async def _speak(engine: tts.TTS, text: str) -> list[rtc.AudioFrame]:
    frames: list[rtc.AudioFrame] = []
    async with engine.synthesize(text) as stream:
        async for event in stream:
            frames.append(event.frame)
    return frames


@pytest.mark.parametrize("text", INTERVIEWER_LINES)
async def test_piper_speech_is_understood(engines: LocalEngines, text: str) -> None:
    voice = LocalTTS(voice=engines.piper())
    frames = await _speak(voice, text)
    assert {f.sample_rate for f in frames} == {22050}
    assert sum(f.duration for f in frames) > 2.0

    recognizer = LocalSTT(model=engines.whisper_for("en"), language="en")
    event = await recognizer.recognize(frames)
    assert event.type == stt.SpeechEventType.FINAL_TRANSCRIPT
    assert wer(text, event.alternatives[0].text) <= 0.15, event.alternatives[0].text
    assert event.alternatives[0].confidence > 0.5


@pytest.mark.parametrize("text", CANDIDATE_LINES)
async def test_espeak_candidate_speech_is_understood(engines: LocalEngines, text: str) -> None:
    frames = await _speak(EspeakTTS(voice=espeak.candidate_voice("en")), text)
    recognizer = LocalSTT(model=engines.whisper_for("en"), language="en")
    event = await recognizer.recognize(frames)
    assert wer(text, event.alternatives[0].text) <= 0.3, event.alternatives[0].text


async def test_arabic_espeak_to_multilingual_whisper(engines: LocalEngines) -> None:
    """espeak's Arabic is crude and whisper base weak on Arabic: only expect Arabic text."""
    frames = await _speak(EspeakTTS(voice=espeak.interviewer_voice("ar")), ARABIC_LINE)
    recognizer = LocalSTT(model=engines.whisper_for("ar"), language="ar")
    event = await recognizer.recognize(frames)
    data = event.alternatives[0]
    assert data.language == "ar"
    assert _ARABIC_LETTERS.search(data.text), data.text


async def test_session_stt_path_with_vad(engines: LocalEngines) -> None:
    """What AgentSession does with a non-streaming STT: VAD cuts, LocalSTT recognizes."""
    text = INTERVIEWER_LINES[0]
    speech = rtc.combine_audio_frames(await _speak(LocalTTS(voice=engines.piper()), text))
    audio = _to_48k_frames(speech, pad_seconds=1.0)

    adapter = stt.StreamAdapter(
        stt=LocalSTT(model=engines.whisper_for("en"), language="en"), vad=silero.VAD.load()
    )
    finals: list[str] = []
    async with adapter.stream() as stream:
        for frame in audio:
            stream.push_frame(frame)
        stream.end_input()
        async for event in stream:
            if event.type == stt.SpeechEventType.FINAL_TRANSCRIPT:
                finals.append(event.alternatives[0].text)
    await adapter.aclose()
    assert wer(text, " ".join(finals)) <= 0.15, finals


async def test_session_tts_path_sentence_by_sentence(engines: LocalEngines) -> None:
    """What AgentSession does with a non-streaming TTS: one synthesize() per sentence."""
    adapter = tts.StreamAdapter(tts=LocalTTS(voice=engines.piper()))
    frames: list[rtc.AudioFrame] = []
    async with adapter.stream() as stream:
        for token in " ".join(INTERVIEWER_LINES).split(" "):
            stream.push_text(token + " ")
        stream.end_input()
        async for audio in stream:
            frames.append(audio.frame)
    await adapter.aclose()
    recognizer = LocalSTT(model=engines.whisper_for("en"), language="en")
    event = await recognizer.recognize(frames)
    assert wer(" ".join(INTERVIEWER_LINES), event.alternatives[0].text) <= 0.15


def test_base_model_is_joined_once(tmp_path: Path) -> None:
    target = assemble_base_model(tmp_path)
    model_bin = target / "model.bin"
    assert model_bin.stat().st_size == 145_217_532
    assert {p.name for p in target.iterdir()} == {
        "model.bin", "config.json", "tokenizer.json", "vocabulary.txt",
    }  # fmt: skip
    mtime = model_bin.stat().st_mtime_ns
    assert assemble_base_model(tmp_path) == target
    assert model_bin.stat().st_mtime_ns == mtime


def test_base_model_with_wrong_checksum_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_stt, "_BASE_MODEL_SHA256", "0" * 64)
    with pytest.raises(RuntimeError, match="corrupt or an unexpected version"):
        assemble_base_model(tmp_path)
    assert not (tmp_path / "whisper-base" / "model.bin").exists()
    assert not list((tmp_path / "whisper-base").glob("*.tmp"))


def _to_48k_frames(frame: rtc.AudioFrame, *, pad_seconds: float) -> list[rtc.AudioFrame]:
    """Speech padded with silence, as 20 ms 48 kHz frames like a LiveKit room delivers."""
    resampler = rtc.AudioResampler(input_rate=frame.sample_rate, output_rate=48000)
    speech = rtc.combine_audio_frames([*resampler.push(frame), *resampler.flush()])
    pcm = np.frombuffer(speech.data, dtype=np.int16)
    pad = np.zeros(int(48000 * pad_seconds), dtype=np.int16)
    samples = np.concatenate([pad, pcm, pad])
    step = 960
    return [
        rtc.AudioFrame(samples[i : i + step].tobytes(), 48000, 1, len(samples[i : i + step]))
        for i in range(0, len(samples) - step + 1, step)
    ]
