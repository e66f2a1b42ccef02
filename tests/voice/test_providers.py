"""Engine selection from settings; OpenAI plugins are only constructed (no network)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from livekit.plugins import openai
from pydantic import SecretStr

from agent.voice import providers
from agent.voice.local_stt import LocalSTT
from agent.voice.local_tts import EspeakTTS
from agent.voice.providers import LocalEngines, build_llm, build_stt, build_tts
from config.settings import ModelSettings


def _settings(**values: Any) -> ModelSettings:
    return ModelSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _no_ambient_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
async def closing() -> AsyncIterator[list[Any]]:
    """Engines built by a test, closed after it (they own httpx clients)."""
    built: list[Any] = []
    yield built
    for engine in built:
        await engine.aclose()


async def test_openai_engines_use_base_urls_and_keys(closing: list[Any]) -> None:
    models = _settings(
        stt_base_url="http://127.0.0.1:9001/v1",
        stt_model="Systran/faster-whisper-small",
        llm_base_url="http://127.0.0.1:9002/v1",
        llm_api_key=SecretStr("llm-key"),
        llm_model="qwen2.5",
        tts_base_url="http://127.0.0.1:9003/v1",
        tts_model="kokoro",
        tts_voice="af_sky",
    )
    stt_engine = build_stt(models, language="ar-SA")
    llm_engine = build_llm(models, max_tokens=120)
    tts_engine = build_tts(models, language="en")
    closing.extend([stt_engine, llm_engine, tts_engine])

    assert isinstance(stt_engine, openai.STT)
    assert str(stt_engine._client.base_url) == "http://127.0.0.1:9001/v1/"
    assert stt_engine._client.api_key == providers.NO_KEY_PLACEHOLDER
    assert stt_engine.model == "Systran/faster-whisper-small"
    assert stt_engine._opts.languages == ["ar"]

    assert isinstance(llm_engine, openai.LLM)
    assert str(llm_engine._client.base_url) == "http://127.0.0.1:9002/v1/"
    assert llm_engine._client.api_key == "llm-key"
    assert llm_engine._opts.max_completion_tokens == 120
    assert llm_engine._opts.extra_body == {"max_tokens": 120}

    assert isinstance(tts_engine, openai.TTS)
    assert str(tts_engine._client.base_url) == "http://127.0.0.1:9003/v1/"
    assert tts_engine._opts.voice == "af_sky"
    assert tts_engine._opts.model == "kokoro"


async def test_openai_itself_gets_no_extra_max_tokens(closing: list[Any]) -> None:
    engine = build_llm(_settings(openai_api_key=SecretStr("sk-test")), max_tokens=64)
    closing.append(engine)
    assert isinstance(engine, openai.LLM)
    assert engine._client.api_key == "sk-test"
    assert engine._opts.max_completion_tokens == 64
    assert not engine._opts.extra_body


async def test_local_llm_comes_from_the_factory() -> None:
    models = _settings(llm_provider="local")
    assert build_llm(models) is None
    sentinel = SimpleNamespace()
    assert build_llm(models, local_llm_factory=lambda: sentinel) is sentinel  # type: ignore[arg-type,return-value]


def test_local_stt_uses_the_prewarmed_model() -> None:
    english = SimpleNamespace(model=SimpleNamespace(is_multilingual=False))
    multilingual = SimpleNamespace(model=SimpleNamespace(is_multilingual=True))
    engines = LocalEngines(whisper={"tiny.en": english, "base": multilingual})  # type: ignore[dict-item]
    models = _settings(stt_provider="local")

    en = build_stt(models, language="en", prewarmed=engines)
    ar = build_stt(models, language="ar", prewarmed=engines)
    assert isinstance(en, LocalSTT) and en._model is english and en.model == "whisper-tiny.en"
    assert isinstance(ar, LocalSTT) and ar._model is multilingual and ar.model == "whisper-base"


def test_local_tts_arabic_is_espeak_and_unknown_language_fails() -> None:
    models = _settings(tts_provider="local")
    engine = build_tts(models, language="ar", prewarmed=LocalEngines())
    assert isinstance(engine, EspeakTTS) and engine.model == "ar"
    with pytest.raises(ValueError, match="no offline interviewer voice"):
        build_tts(models, language="fr", prewarmed=LocalEngines())


def test_local_tts_english_uses_the_prewarmed_piper_voice() -> None:
    voice = SimpleNamespace(config=SimpleNamespace(sample_rate=22050))
    engine = build_tts(
        _settings(tts_provider="local"),
        language="en-US",
        prewarmed=LocalEngines(piper_voice=voice),  # type: ignore[arg-type]
    )
    assert engine.sample_rate == 22050 and engine.provider == "piper"
    assert engine._voice is voice  # type: ignore[attr-defined]
