"""Stub speech engines of fixed, known latency, for `scripts.bench_voice`.

With these in the pipeline, every second of end-of-speech → first-audio latency that is
not one of the configured delays (or the VAD's own silence wait) is overhead of the code
under test: the session, the agent, its tools and the orchestration around them.

- `ScriptedSTT`: non-streaming, so the session wraps it in ``stt.StreamAdapter`` with its
  VAD exactly as it wraps the offline whisper STT; each utterance sleeps `latency` and
  returns the next text from a shared `ExpectedTexts` queue (the simulated candidate
  pushes what it is about to say).
- `SineTTS`: non-streaming ChunkedStream; each call sleeps `ttfa` (time to first audio)
  and then emits a sine tone lasting `ms_per_char` per character (capped), so playback
  time scales with the text as real speech does.
- `FixedReplyLLM`: answers every turn at once with one fixed sentence and no tools.
"""

from __future__ import annotations

import asyncio
from collections import deque

import numpy as np
from livekit.agents import APIConnectOptions, llm, stt, tts, utils
from livekit.agents.language import LanguageCode
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS

from agent.interview.policy_llm import PolicyLLM
from agent.voice.local_stt import UtteranceSTT
from agent.voice.local_tts import OfflineTTS


class ExpectedTexts:
    """What the candidate said, in order; the stub STT hands them out one per utterance."""

    def __init__(self) -> None:
        self._queue: deque[str] = deque()
        self.recognized = 0
        self.empty = 0  # utterances the VAD cut with nothing left to hand out

    def push(self, text: str) -> None:
        self._queue.append(text)

    def pop(self) -> str:
        if not self._queue:
            self.empty += 1
            return ""
        self.recognized += 1
        return self._queue.popleft()


class ScriptedSTT(UtteranceSTT):
    """Recognizes each VAD-cut utterance as the next expected text after `latency` s."""

    model = "scripted"
    provider = "bench-stub"

    def __init__(self, texts: ExpectedTexts, *, latency: float, language: str = "en") -> None:
        super().__init__(language=language)
        self._texts = texts
        self._latency = latency

    async def _utterance(self, buffer: utils.AudioBuffer, language: LanguageCode) -> stt.SpeechData:
        await asyncio.sleep(self._latency)
        text = self._texts.pop()
        return stt.SpeechData(language=language, text=text, confidence=1.0 if text else 0.0)


class SineTTS(OfflineTTS):
    """A 220 Hz tone after a fixed time to first audio; `ms_per_char` long, capped. Its
    own stream: the wait for the first audio is a sleep, not a worker thread's time."""

    def __init__(
        self,
        *,
        ttfa: float,
        ms_per_char: float = 60.0,
        max_seconds: float = 3.0,
        sample_rate: int = 24_000,
    ) -> None:
        super().__init__(sample_rate=sample_rate, provider="bench-stub", model="sine")
        self.ttfa = ttfa
        self.ms_per_char = ms_per_char
        self.max_seconds = max_seconds

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _SineStream(tts=self, input_text=text, conn_options=conn_options)

    def tone(self, text: str) -> bytes:
        seconds = min(max(len(text.strip()), 1) * self.ms_per_char / 1000, self.max_seconds)
        t = np.arange(int(self.sample_rate * seconds)) / self.sample_rate
        return (np.sin(2 * np.pi * 220.0 * t) * 6000).astype(np.int16).tobytes()


class _SineStream(tts.ChunkedStream):
    def __init__(self, *, tts: SineTTS, input_text: str, conn_options: APIConnectOptions):
        super().__init__(tts=tts, input_text=input_text, conn_options=conn_options)
        self._sine = tts

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        output_emitter.initialize(
            request_id=utils.shortuuid(),
            sample_rate=self._sine.sample_rate,
            num_channels=1,
            mime_type="audio/pcm",
        )
        await asyncio.sleep(self._sine.ttfa)
        output_emitter.push(self._sine.tone(self.input_text))
        output_emitter.flush()


class FixedReplyLLM(PolicyLLM):
    """Replies to every turn at once with `reply`; never calls a tool."""

    model = "fixed-reply"

    def __init__(self, reply: str = "Thank you. Could you tell me more about that?") -> None:
        super().__init__()
        self.fixed = reply

    def reply(self, chat_ctx: llm.ChatContext, tools: list[llm.Tool]) -> llm.ChoiceDelta:
        return llm.ChoiceDelta(role="assistant", content=self.fixed)
