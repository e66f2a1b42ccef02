"""Engine selection from settings: each engine talks to the server and key it is given
(a local OpenAI-compatible server on 127.0.0.1), or to the offline model it is handed."""

from __future__ import annotations

import io
import json
import wave
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from livekit import rtc
from livekit.agents import llm
from pydantic import SecretStr

from agent.voice import providers
from agent.voice.local_tts import EspeakTTS
from agent.voice.providers import LocalEngines, build_llm, build_stt, build_tts
from config.settings import ModelSettings


def _settings(**values: Any) -> ModelSettings:
    return ModelSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _no_ambient_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@dataclass
class Seen:
    path: str
    auth: str
    body: dict[str, Any]


@pytest.fixture
async def openai_server() -> AsyncIterator[tuple[str, list[Seen]]]:
    """A local OpenAI-compatible server: records each request and answers as OpenAI does."""
    seen: list[Seen] = []

    async def chat(request: web.Request) -> web.StreamResponse:
        seen.append(Seen(request.path, request.headers["Authorization"], await request.json()))
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        chunk = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hi"}}],
        }
        await resp.write(f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode())
        return resp

    async def transcribe(request: web.Request) -> web.Response:
        form = await request.post()
        body = {k: v for k, v in form.items() if isinstance(v, str)}
        seen.append(Seen(request.path, request.headers["Authorization"], body))
        return web.json_response({"text": "مرحبا"})

    async def speech(request: web.Request) -> web.Response:
        seen.append(Seen(request.path, request.headers["Authorization"], await request.json()))
        wav = io.BytesIO()
        with wave.open(wav, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(24000)
            w.writeframes(b"\x00\x00" * 4800)
        return web.Response(body=wav.getvalue(), content_type="audio/wav")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_post("/v1/audio/transcriptions", transcribe)
    app.router.add_post("/v1/audio/speech", speech)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("/v1")), seen
    await server.close()


def _said(text: str) -> llm.ChatContext:
    ctx = llm.ChatContext.empty()
    ctx.add_message(role="user", content=text)
    return ctx


async def test_openai_compatible_engines_call_their_own_server_with_their_own_key(
    openai_server: tuple[str, list[Seen]], closing: list[Any]
) -> None:
    url, seen = openai_server
    models = _settings(
        stt_base_url=url,
        stt_model="Systran/faster-whisper-small",
        llm_base_url=url,
        llm_api_key=SecretStr("llm-key"),
        llm_model="qwen2.5",
        tts_base_url=url,
        tts_model="kokoro",
        tts_voice="af_sky",
    )
    stt_engine = build_stt(models, language="ar-SA")
    llm_engine = build_llm(models, max_tokens=120)
    tts_engine = build_tts(models, language="en")
    assert llm_engine is not None
    closing.extend([stt_engine, llm_engine, tts_engine])

    heard = await stt_engine.recognize(rtc.AudioFrame(b"\x00\x00" * 16000, 16000, 1, 16000))
    async with llm_engine.chat(chat_ctx=_said("Hello")) as stream:
        replied = "".join([c.delta.content or "" async for c in stream if c.delta])
    async with tts_engine.synthesize("Hello there") as speech:
        frames = [ev.frame async for ev in speech]

    assert heard.alternatives[0].text == "مرحبا" and replied == "Hi" and frames
    stt_call, llm_call, tts_call = seen
    assert stt_call.path == "/v1/audio/transcriptions"
    assert stt_call.auth == f"Bearer {providers.NO_KEY_PLACEHOLDER}"
    assert stt_call.body["model"] == "Systran/faster-whisper-small"
    assert stt_call.body["language"] == "ar"
    assert llm_call.auth == "Bearer llm-key" and llm_call.body["model"] == "qwen2.5"
    # several OpenAI-compatible servers read only max_tokens
    assert llm_call.body["max_completion_tokens"] == llm_call.body["max_tokens"] == 120
    assert tts_call.body["model"] == "kokoro" and tts_call.body["voice"] == "af_sky"


async def test_openai_itself_gets_no_extra_max_tokens(
    openai_server: tuple[str, list[Seen]], closing: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, seen = openai_server
    monkeypatch.setenv("OPENAI_BASE_URL", url)  # where the SDK sends "OpenAI itself"
    engine = build_llm(_settings(openai_api_key=SecretStr("sk-test")), max_tokens=64)
    assert engine is not None
    closing.append(engine)
    async with engine.chat(chat_ctx=_said("Hello")) as stream:
        [c async for c in stream]
    [call] = seen
    assert call.auth == "Bearer sk-test"
    assert call.body["max_completion_tokens"] == 64 and "max_tokens" not in call.body


async def test_local_llm_comes_from_the_factory() -> None:
    models = _settings(llm_provider="local")
    assert build_llm(models) is None
    sentinel = SimpleNamespace()
    assert build_llm(models, local_llm_factory=lambda: sentinel) is sentinel  # type: ignore[arg-type,return-value]


class StubWhisper:
    """Stands in for a prewarmed faster-whisper model: says which model heard what."""

    def __init__(self, name: str, *, multilingual: bool) -> None:
        self.name = name
        self.model = SimpleNamespace(is_multilingual=multilingual)

    def transcribe(self, audio: Any, *, language: str, **_: Any) -> tuple[Any, Any]:
        segment = SimpleNamespace(text=f"{self.name}:{language}", start=0.0, end=1.0, avg_logprob=0)
        return [segment], SimpleNamespace(language=language, duration=1.0)


async def test_local_stt_transcribes_with_the_prewarmed_model_for_the_language() -> None:
    engines = LocalEngines(
        whisper={  # type: ignore[dict-item]
            "tiny.en": StubWhisper("tiny.en", multilingual=False),
            "base": StubWhisper("base", multilingual=True),
        }
    )
    models = _settings(stt_provider="local")
    second = rtc.AudioFrame(b"\x00\x00" * 16000, 16000, 1, 16000)
    heard = {}
    for language in ("en", "ar"):
        engine = build_stt(models, language=language, prewarmed=engines)
        heard[language] = (await engine.recognize(second)).alternatives[0].text
    assert heard == {"en": "tiny.en:en", "ar": "base:ar"}


def test_local_tts_arabic_is_espeak_and_unknown_language_fails() -> None:
    models = _settings(tts_provider="local")
    engine = build_tts(models, language="ar", prewarmed=LocalEngines())
    assert isinstance(engine, EspeakTTS) and engine.model == "ar"
    with pytest.raises(ValueError, match="no offline interviewer voice"):
        build_tts(models, language="fr", prewarmed=LocalEngines())


async def test_local_tts_english_speaks_with_the_prewarmed_piper_voice() -> None:
    spoken: list[str] = []

    def synthesize(text: str) -> Any:
        spoken.append(text)
        yield SimpleNamespace(audio_int16_bytes=b"\x00\x00" * 2205)

    voice = SimpleNamespace(config=SimpleNamespace(sample_rate=22050), synthesize=synthesize)
    engine = build_tts(
        _settings(tts_provider="local"),
        language="en-US",
        prewarmed=LocalEngines(piper_voice=voice),  # type: ignore[arg-type]
    )
    async with engine.synthesize("Welcome to the interview.") as stream:
        frames = [ev.frame async for ev in stream]
    assert spoken == ["Welcome to the interview."]
    assert frames and all(f.sample_rate == 22050 for f in frames)
