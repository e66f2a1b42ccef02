"""Builds the AgentSession for one interview from settings and prewarmed engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livekit.agents import AgentSession, llm, stt, tts, vad

from config.settings import InterviewSettings


@dataclass
class VoiceStack:
    vad: vad.VAD
    stt: stt.STT
    llm: llm.LLM
    tts: tts.TTS


def turn_handling(settings: InterviewSettings, *, preemptive: bool) -> dict[str, Any]:
    """Turn options that keep end-of-speech → first agent audio low on CPU.

    VAD endpointing with a short fixed delay answers in ~0.3-0.5 s offline; a model
    turn detector adds ~2 s on 2 cores. Interruptions use VAD so that no cloud
    model is needed; half a second of speech counts as barging in. Preemptive
    generation helps a remote LLM and is wasted work for the instant offline policy.
    """
    return {
        "turn_detection": settings.turn_detection,
        "endpointing": {
            "mode": "fixed",
            "min_delay": settings.endpointing_min_delay,
            "max_delay": max(3.0, settings.endpointing_min_delay),
        },
        "interruption": {"enabled": True, "mode": "vad", "min_duration": 0.5},
        "preemptive_generation": {"enabled": preemptive},
    }


def build_session(settings: InterviewSettings, voice: VoiceStack) -> AgentSession:
    return AgentSession(
        vad=voice.vad,
        stt=voice.stt,
        llm=voice.llm,
        tts=voice.tts,
        turn_handling=turn_handling(  # type: ignore[arg-type]
            settings, preemptive=voice.llm.provider != "local"
        ),
        user_away_timeout=settings.silence_timeout,
    )
