"""A small ctypes binding to the libespeak-ng that ships inside the `espeakng-loader` wheel.

Why: espeak-ng gives us, offline and without apt, (a) a voice for the simulated candidate
that is clearly not the interviewer's Piper voice and (b) an Arabic voice, which Piper has
none of here. Only three calls of the C API are needed, so ctypes beats another dependency.

espeak-ng keeps all its state in C globals (current voice, rate, the synth callback), so
every call into the library runs under ONE process-wide lock, and the library is loaded
and initialised lazily on first use (never at import). Piper links its own static copy of
espeak-ng; ctypes loads this one with RTLD_LOCAL, so the two never share state.

espeak-ng is GPL-3.0: it belongs to the optional ``local`` extra only.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

import numpy as np
from livekit.agents.language import LanguageCode

# speak_lib.h constants
_AUDIO_OUTPUT_SYNCHRONOUS = 2  # espeak_Synth blocks; audio arrives through the callback
_INITIALIZE_DONT_EXIT = 0x8000  # report errors instead of calling exit()
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3

DEFAULT_RATE = 140
"""Words per minute. At espeak's own 175, whisper tiny.en's WER on the candidate voice was
25%; at 140 it was 8% (6 interview answers), and 140 is still a natural pace."""

INTERVIEWER_VOICES: dict[str, str] = {"ar": "ar"}
"""espeak voice per language when espeak is the interviewer (Piper has no Arabic voice)."""

CANDIDATE_VOICES: dict[str, str] = {"en": "en-us+f3", "ar": "ar+f3"}
"""The simulated candidate's voices: a different engine/variant than the interviewer's."""

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class EspeakError(RuntimeError):
    """libespeak-ng could not be loaded, initialised, or refused a voice/text."""


@dataclass
class _Engine:
    lib: ctypes.CDLL
    sample_rate: int
    sink: list[np.ndarray] = field(default_factory=list)
    # keep a reference: the C side holds only the raw pointer
    callback: object = None


_lock = threading.Lock()
_engine: _Engine | None = None


def _on_audio(engine: _Engine, wav: ctypes._Pointer[ctypes.c_short], n: int) -> int:
    if wav and n > 0:
        engine.sink.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
    return 0  # 0 = keep synthesising


def _load() -> _Engine:
    """Load and initialise the library once per process (caller holds `_lock`)."""
    global _engine
    if _engine is not None:
        return _engine
    try:
        import espeakng_loader
    except ImportError as exc:  # the `local` extra is not installed
        raise EspeakError("espeakng-loader is not installed (pip install '.[local]')") from exc

    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]  # fmt: skip
    lib.espeak_Synth.restype = ctypes.c_int

    data_path = espeakng_loader.get_data_path().encode()
    sample_rate = lib.espeak_Initialize(
        _AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, _INITIALIZE_DONT_EXIT
    )
    if sample_rate <= 0:
        raise EspeakError(f"espeak_Initialize failed ({sample_rate}); data at {data_path!r}")
    engine = _Engine(lib=lib, sample_rate=sample_rate)
    engine.callback = _SynthCallback(lambda wav, n, _events: _on_audio(engine, wav, n))
    lib.espeak_SetSynthCallback(engine.callback)
    _engine = engine
    return engine


def sample_rate() -> int:
    """espeak-ng's output rate (22050 Hz); loads the library on first call."""
    with _lock:
        return _load().sample_rate


def synthesize(
    text: str, *, voice: str = "en-us", rate: int = DEFAULT_RATE
) -> tuple[np.ndarray, int]:
    """Speak `text` with an espeak voice ("en-us+m3", "en+f3" (British), "ar"...).

    Returns (mono int16 samples, sample rate). Blocking (≈300x faster than real time):
    call it from a worker thread in async code.
    """
    with _lock:
        engine = _load()
        if not text.strip():  # espeak would still emit a few ms of silence
            return np.zeros(0, dtype=np.int16), engine.sample_rate
        if engine.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakError(f"unknown espeak voice {voice!r}")
        # parameters are global and sticky: set both on every call (pitch: espeak's default)
        engine.lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
        engine.lib.espeak_SetParameter(_PARAM_PITCH, 50, 0)
        engine.sink = []
        data = text.encode()
        status = engine.lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        chunks, engine.sink = engine.sink, []
    if status != 0:
        raise EspeakError(f"espeak_Synth failed with status {status}")
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    return samples.astype(np.int16, copy=False), engine.sample_rate


def interviewer_voice(language: str) -> str:
    """espeak voice for the interviewer in `language` (e.g. "ar"); KeyError if none."""
    return INTERVIEWER_VOICES[LanguageCode(language).language]


def candidate_voice(language: str) -> str:
    """espeak voice for the simulated candidate; falls back to the bare language code."""
    lang = LanguageCode(language).language
    return CANDIDATE_VOICES.get(lang, lang)
