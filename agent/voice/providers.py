"""STT / LLM / TTS engines chosen by settings: OpenAI-compatible servers or offline ones.

``openai`` means OpenAI itself or any OpenAI-compatible server reached through a base
URL (vLLM, Ollama, speaches/faster-whisper-server, Kokoro-FastAPI...). ``local`` means
the in-process engines of this package: whisper STT, Piper (English) or espeak-ng
(Arabic) TTS; the offline LLM is a plan-following policy owned elsewhere, plugged in
through ``local_llm_factory``.

Everything heavy is imported inside functions, so the core worker (without the ``local``
extra) imports this module freely. Offline models are loaded once per process by
``prewarm_local_engines`` (call it from the worker's prewarm) and injected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import structlog
from livekit.agents import llm, stt, tts
from livekit.agents.language import LanguageCode
from livekit.agents.types import NOT_GIVEN, NotGivenOr

from config.settings import ModelSettings

from .local_stt import WhisperKind, whisper_kind_for

if TYPE_CHECKING:
    from faster_whisper import WhisperModel
    from piper import PiperVoice

log = structlog.get_logger(__name__)

# The openai SDK refuses to start without a key, but self-hosted OpenAI-compatible
# servers usually need none: with a base URL and no key we send this placeholder.
NO_KEY_PLACEHOLDER = "not-needed"

PIPER_LANGUAGES = frozenset({"en"})
"""Languages the bundled Piper voice speaks; others fall back to espeak-ng."""


@dataclass(frozen=True)
class LocalEngines:
    """Offline models loaded once per process, shared by every interview it runs."""

    whisper: Mapping[WhisperKind, WhisperModel] = field(default_factory=dict)
    piper_voice: PiperVoice | None = None

    def whisper_for(self, language: str) -> WhisperModel:
        kind = whisper_kind_for(language)
        if kind in self.whisper:
            return self.whisper[kind]
        from .local_stt import load_whisper_model

        # not prewarmed: load now (≈2 s, blocking the loop) rather than fail the interview
        log.warning("whisper_not_prewarmed", kind=kind, language=language)
        return load_whisper_model(kind)

    def piper(self) -> PiperVoice:
        if self.piper_voice is not None:
            return self.piper_voice
        from .local_tts import load_piper_voice

        log.warning("piper_not_prewarmed")
        return load_piper_voice()


def prewarm_local_engines(
    languages: Iterable[str] = ("en",), *, stt: bool = True, tts: bool = True
) -> LocalEngines:
    """Load the offline models the given interview languages need (idempotent per process).

    English STT -> whisper tiny.en; any other language -> multilingual whisper base.
    English TTS -> Piper; espeak-ng (other languages) needs no prewarm: it loads in ms.
    """
    from .local_stt import load_whisper_model
    from .local_tts import load_piper_voice

    langs = {LanguageCode(lang).language for lang in languages}
    kinds = {whisper_kind_for(lang) for lang in langs} if stt else set()
    whisper = {kind: load_whisper_model(kind) for kind in kinds}
    piper = load_piper_voice() if tts and langs & PIPER_LANGUAGES else None
    log.info("local_engines_ready", whisper=sorted(whisper), piper=piper is not None)
    return LocalEngines(whisper=whisper, piper_voice=piper)


def build_stt(
    models: ModelSettings, *, language: str, prewarmed: LocalEngines | None = None
) -> stt.STT:
    """The candidate's speech recognizer for an interview in `language`."""
    if models.stt_provider == "local":
        from .local_stt import LocalSTT

        engines = prewarmed or LocalEngines()
        model_name = f"whisper-{whisper_kind_for(language)}"
        return LocalSTT(
            model=engines.whisper_for(language), language=language, model_name=model_name
        )

    from livekit.plugins import openai

    return openai.STT(
        model=models.stt_model,
        language=LanguageCode(language).language,
        base_url=models.stt_base_url or NOT_GIVEN,
        api_key=_api_key(models, "stt"),
    )


def build_llm(
    models: ModelSettings,
    *,
    local_llm_factory: Callable[[], llm.LLM] | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
) -> llm.LLM | None:
    """The interviewer's language model; None for ``local`` without a factory.

    With a custom base URL `max_tokens` is also sent in the request body: several
    OpenAI-compatible servers ignore ``max_completion_tokens``. OpenAI itself gets only
    ``max_completion_tokens`` (it rejects requests carrying both).
    """
    if models.llm_provider == "local":
        return local_llm_factory() if local_llm_factory is not None else None

    from livekit.plugins import openai

    body = {"max_tokens": max_tokens} if max_tokens is not None and models.llm_base_url else {}
    return openai.LLM(
        model=models.llm_model,
        base_url=models.llm_base_url or NOT_GIVEN,
        api_key=_api_key(models, "llm"),
        max_completion_tokens=max_tokens if max_tokens is not None else NOT_GIVEN,
        temperature=temperature if temperature is not None else NOT_GIVEN,
        extra_body=body or NOT_GIVEN,
    )


def build_tts(
    models: ModelSettings, *, language: str, prewarmed: LocalEngines | None = None
) -> tts.TTS:
    """The interviewer's voice: Piper for English, espeak-ng for other languages offline."""
    if models.tts_provider == "local":
        from . import espeak
        from .local_tts import EspeakTTS, LocalTTS

        lang = LanguageCode(language).language
        if lang in PIPER_LANGUAGES:
            return LocalTTS(voice=(prewarmed or LocalEngines()).piper())
        try:
            return EspeakTTS(voice=espeak.interviewer_voice(lang))
        except KeyError:
            raise ValueError(f"no offline interviewer voice for language {language!r}") from None

    from livekit.plugins import openai

    return openai.TTS(
        model=models.tts_model,
        voice=models.tts_voice,
        base_url=models.tts_base_url or NOT_GIVEN,
        api_key=_api_key(models, "tts"),
    )


def _api_key(models: ModelSettings, kind: Literal["stt", "llm", "tts"]) -> NotGivenOr[str]:
    """The engine's key, else OPENAI_API_KEY, else a placeholder for a keyless base URL.

    NOT_GIVEN lets the openai SDK read OPENAI_API_KEY from the environment itself.
    """
    secret = models.key_for(kind)
    if secret is not None and secret.get_secret_value():
        return secret.get_secret_value()
    if getattr(models, f"{kind}_base_url"):
        return NO_KEY_PLACEHOLDER
    return NOT_GIVEN
