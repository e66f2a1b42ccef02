"""The ctypes espeak-ng binding: output format, voices, errors, thread safety."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from agent.voice import espeak
from agent.voice.local_tts import EspeakTTS


def test_synthesize_returns_int16_mono_speech() -> None:
    samples, rate = espeak.synthesize("Hello, thank you for having me.", voice="en-us+m3")
    assert rate == 22050
    assert samples.dtype == np.int16 and samples.ndim == 1
    assert 0.8 < len(samples) / rate < 5.0
    assert np.abs(samples).max() > 1000  # not silence


def test_voices_differ_and_arabic_speaks() -> None:
    text = "I enjoy working with people."
    male, _ = espeak.synthesize(text, voice="en-us+m3")
    female, _ = espeak.synthesize(text, voice=espeak.candidate_voice("en"))
    assert not np.array_equal(male[: len(female)], female[: len(male)])
    arabic, _ = espeak.synthesize("شكرا جزيلا على وقتك", voice=espeak.interviewer_voice("ar-SA"))
    assert len(arabic) > 22050 // 2


def test_rate_changes_duration() -> None:
    text = "This sentence is spoken at two different speeds."
    slow, _ = espeak.synthesize(text, voice="en-us", rate=120)
    fast, _ = espeak.synthesize(text, voice="en-us", rate=240)
    assert len(slow) > 1.5 * len(fast)


def test_unknown_voice_raises() -> None:
    with pytest.raises(espeak.EspeakError, match="unknown espeak voice"):
        espeak.synthesize("hello", voice="xx-not-a-voice")


def test_empty_text_gives_no_samples() -> None:
    samples, rate = espeak.synthesize("", voice="en-us")
    assert rate == 22050
    assert samples.size == 0


def test_concurrent_calls_do_not_mix_audio() -> None:
    """espeak is global C state: the module lock must keep calls apart.

    Variant voices add random jitter (a few samples of length), so compare lengths:
    audio from two calls mixed into one sink would be far longer or shorter.
    """
    jobs = [("One two three four five.", "en-us+m3"), ("مرحبا بك في المقابلة اليوم", "ar")] * 6
    expected = {job: len(espeak.synthesize(job[0], voice=job[1])[0]) for job in set(jobs)}
    assert abs(expected[jobs[0]] - expected[jobs[1]]) > 0.1 * expected[jobs[0]]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda job: espeak.synthesize(job[0], voice=job[1])[0], jobs))
    for job, samples in zip(jobs, results, strict=True):
        assert len(samples) == pytest.approx(expected[job], rel=0.02)


async def test_espeak_tts_through_livekit_api() -> None:
    engine = EspeakTTS(voice="ar")
    frame = await engine.synthesize("أهلا وسهلا").collect()
    assert frame.sample_rate == engine.sample_rate == 22050
    assert frame.num_channels == 1
    assert frame.duration > 0.3


async def test_espeak_tts_punctuation_only_is_short_silence() -> None:
    frame = await EspeakTTS(voice="en-us").synthesize("...").collect()
    assert frame.duration < 0.5
