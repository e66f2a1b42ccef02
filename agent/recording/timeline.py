"""Both speakers on one clock: audio placed where (when) it happened, silence elsewhere.

Runs in the encoder thread only. Times are seconds on the recorder's clock
(``time.time()`` in production, the same clock LiveKit's playback events use);
positions are sample indexes at the mixer's rate from the recording's start ``t0``.

A *run* is audio that arrives back to back (one stream of input frames, one played
stretch of an agent segment). A run is anchored once, at its first timestamp, and
then grows by the samples it produced, so per-frame arrival jitter does not smear
the audio; it is re-anchored only when its timestamps drift further than
:data:`RESYNC_TOLERANCE` (a gap, or a clock that drifts).
"""

from __future__ import annotations

import av
import numpy as np

SAMPLE_RATE = 24_000
"""The session's audio rate (RoomIO's input and output default, most TTS engines'): its
audio is placed as it comes; other rates are resampled to it."""
RESYNC_TOLERANCE = 0.1
MAX_RESAMPLER_LAG = 0.1
"""The writer waits this long for samples a resampler still holds before it writes
silence over their place (the swr resampler keeps well under 1 ms)."""


class Track:
    """One speaker's channel: mono float32 runs waiting to be mixed into the output."""

    def __init__(self, *, t0: float, sample_rate: int = SAMPLE_RATE) -> None:
        self._t0 = t0
        self._rate = sample_rate
        self._placed: list[tuple[int, np.ndarray]] = []  # (start sample, mono float32)
        self._resampler: av.AudioResampler | None = None
        self._source_rate: int | None = None
        self._run_start: float | None = None
        self._run_samples = 0
        self.dropped_samples = 0
        """Samples that arrived after their place had already been encoded."""

    def push(self, started_at: float, pcm: np.ndarray, sample_rate: int, channels: int) -> None:
        """Add int16 interleaved audio that began at ``started_at``."""
        expected = (
            None if self._run_start is None else self._run_start + self._run_samples / self._rate
        )
        if (
            expected is None
            or abs(started_at - expected) > RESYNC_TOLERANCE
            or (self._source_rate is not None and sample_rate != self._source_rate)
        ):
            self.end_run()
            self._run_start, self._run_samples = started_at, 0
        mono = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm
        self._place(self._resample(mono, sample_rate))

    def end_run(self) -> None:
        """Close the open run, placing what the resampler still holds."""
        if self._resampler is not None:
            self._place([f.to_ndarray()[0] for f in self._resampler.resample(None)])
        self._resampler = self._source_rate = self._run_start = None
        self._run_samples = 0

    @property
    def placed_through(self) -> int | None:
        """End of the open run (sample index), or None when no run is open."""
        if self._run_start is None:
            return None
        return self._anchor() + self._run_samples

    @property
    def resampling(self) -> bool:
        return self._resampler is not None

    def take(self, start: int, end: int) -> np.ndarray:
        """This channel over ``[start, end)``, silent wherever nothing was placed."""
        block = np.zeros(max(0, end - start), dtype=np.float32)
        keep: list[tuple[int, np.ndarray]] = []
        for pos, samples in self._placed:
            stop = pos + len(samples)
            if stop <= start:
                self.dropped_samples += len(samples)
                continue
            if pos >= end:
                keep.append((pos, samples))
                continue
            lo, hi = max(pos, start), min(stop, end)
            block[lo - start : hi - start] += samples[lo - pos : hi - pos]
            if pos < start:
                self.dropped_samples += start - pos
            if stop > end:
                keep.append((end, samples[end - pos :]))
        self._placed = keep
        return block

    def _anchor(self) -> int:
        assert self._run_start is not None
        return round((self._run_start - self._t0) * self._rate)

    def _resample(self, mono: np.ndarray, rate: int) -> list[np.ndarray]:
        if rate == self._rate and self._resampler is None:
            self._source_rate = rate
            return [mono.astype(np.float32) / 32768.0]
        if self._resampler is None:
            self._source_rate = rate
            self._resampler = av.AudioResampler(format="flt", layout="mono", rate=self._rate)
        frame = av.AudioFrame.from_ndarray(
            mono.astype(np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        return [f.to_ndarray()[0] for f in self._resampler.resample(frame)]

    def _place(self, chunks: list[np.ndarray]) -> None:
        if not chunks or self._run_start is None:
            return
        samples = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
        if not len(samples):
            return
        self._placed.append((self._anchor() + self._run_samples, samples))
        self._run_samples += len(samples)


class Mixer:
    """Two tracks (0 = candidate, 1 = interviewer) and the write cursor over them."""

    def __init__(self, *, t0: float, sample_rate: int = SAMPLE_RATE) -> None:
        self.tracks = (Track(t0=t0, sample_rate=sample_rate), Track(t0=t0, sample_rate=sample_rate))
        self._t0 = t0
        self._rate = sample_rate
        self.cursor = 0

    def settled_end(self, until: float, *, final: bool) -> int:
        """How far the output may be written given that nothing new lands before ``until``.

        An open run that is close to ``until`` may still be holding samples in its
        resampler, so writing stops at its end; one that fell behind stopped
        delivering, so its tail is placed now, before the cursor passes it.
        """
        end = round((until - self._t0) * self._rate)
        if final:
            for track in self.tracks:
                track.end_run()
            return end
        held = end - round(MAX_RESAMPLER_LAG * self._rate)
        for track in self.tracks:
            through = track.placed_through
            if through is None or not track.resampling:
                continue
            if through >= held:
                end = min(end, through)
            else:
                track.end_run()
        return end

    def take(self, end: int) -> np.ndarray:
        """The mix over ``[cursor, end)``, float32 shaped (2, n): candidate left."""
        left = self.tracks[0].take(self.cursor, end)
        right = self.tracks[1].take(self.cursor, end)
        self.cursor = max(self.cursor, end)
        return np.stack([left, right])

    @property
    def dropped_samples(self) -> int:
        return sum(t.dropped_samples for t in self.tracks)
