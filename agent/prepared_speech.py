"""Speech synthesized before it is needed: the greeting, while the candidate is joining.

A LiveKit job is dispatched before the candidate is in the room, and the greeting needs
only the application, so its audio can be ready when they arrive: the first frame then
costs no TTS round trip. ``audio()`` plays what is ready and follows the synthesis if it
is still running; when it failed before producing anything, it returns None and the
session synthesizes the words itself, as it would without this.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import structlog
from livekit import rtc
from livekit.agents import tts

log = structlog.get_logger(__name__)


class PreparedSpeech:
    def __init__(self, engine: tts.TTS, text: str) -> None:
        self.text = text
        self._frames: list[rtc.AudioFrame] = []
        self._more = asyncio.Event()
        self._done = False
        self._task = asyncio.create_task(self._synthesize(engine), name="prepared-speech")

    async def _synthesize(self, engine: tts.TTS) -> None:
        try:
            async with engine.synthesize(self.text) as stream:
                async for chunk in stream:
                    self._frames.append(chunk.frame)
                    self._more.set()
        except Exception:  # the session's own TTS gets its turn (see audio())
            log.exception("prepared_speech_failed")
        finally:
            self._done = True
            self._more.set()

    def audio(self) -> AsyncIterator[rtc.AudioFrame] | None:
        """The frames from the first, live if still synthesizing; None if it failed."""
        if self._done and not self._frames:
            return None
        return self._play()

    async def _play(self) -> AsyncIterator[rtc.AudioFrame]:
        played = 0
        while True:
            if played < len(self._frames):
                played += 1
                yield self._frames[played - 1]
            elif self._done:
                return
            else:
                self._more.clear()
                await self._more.wait()

    def close(self) -> None:
        """Stop synthesizing (no await: it also runs when the job is being cancelled)."""
        self._task.cancel()
