"""Tone or silence over the redacted spans; every other sample is left exactly as it was.

The tone starts and ends with a short fade, so a span does not click: a click at a name's edges would
tell a listener where the name's syllables fell. :func:`redact_blocks` does the same a block at a time,
so a long recording is never held whole.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from pipeline.media.options import BLEEP
from pipeline.media.spans import Span

FADE_SECONDS = 0.005
BAND_HZ = 25.0  # each side of the bleep's frequency taken out by Tone.without


@dataclass(frozen=True)
class Tone:
    """``mode`` is bleep or silence; a bleep is a sine of ``hz`` at peak ``level`` (RMS level/√2)."""

    mode: str
    hz: float = 1000.0
    level: float = 0.1

    def fill(self, n: int, rate: int) -> np.ndarray:
        """``n`` samples of the replacement at ``rate``."""
        if self.mode != BLEEP or n == 0:
            return np.zeros(n, dtype=np.float32)
        t = np.arange(n, dtype=np.float64) / rate
        wave = self.level * np.sin(2 * np.pi * self.hz * t)
        fade = min(int(FADE_SECONDS * rate), n // 2)
        if fade:
            ramp = np.linspace(0.0, 1.0, fade, endpoint=False)
            wave[:fade] *= ramp
            wave[n - fade :] *= ramp[::-1]
        return wave.astype(np.float32)

    def without(self, samples: np.ndarray, rate: int) -> np.ndarray:
        """``samples`` with the bleep's band taken out (a silence is returned as it is).

        The audio gate listens to the written file through this. A bare sine is not speech, but Whisper
        still writes words for it ("F***ing...") and, greedy, can loop on them into the next stretch:
        on one CPU a name left unredacted was heard, on another it came out as "My... My... My...".
        With the band removed, a tone is close to silence, while a voice (broadband) stays intelligible.
        25 Hz each side leaves a 1 s tone 28 dB down (a 0.2 s one 21 dB) and takes 4 % of a voice's
        energy (the sample interview); 50 Hz would take 7 % for 4 dB more.
        """
        if self.mode != BLEEP or not len(samples):
            return samples
        spectrum = np.fft.rfft(samples.astype(np.float64))
        hz = np.fft.rfftfreq(len(samples), 1.0 / rate)
        spectrum[np.abs(hz - self.hz) <= BAND_HZ] = 0.0
        return np.fft.irfft(spectrum, len(samples)).astype(np.float32)


def span_samples(span: Span, rate: int, length: int) -> tuple[int, int]:
    """The span's sample range: outward rounding, so no sample of a redacted word escapes."""
    start = max(0, int(np.floor(span.start * rate)))
    return start, min(length, int(np.ceil(span.end * rate)))


def redact(samples: np.ndarray, rate: int, spans: list[Span], tone: Tone) -> np.ndarray:
    """A copy of (channels, n) ``samples`` with every span replaced on every channel."""
    result = samples.copy()
    for span in spans:
        start, end = span_samples(span, rate, result.shape[1])
        result[:, start:end] = tone.fill(end - start, rate)[None, :]
    return result


class _Met:
    """The spans' sample ranges met as a recording is read: those begun and not yet released whole."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self._by_start = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
        self._next = 0
        self._live: list[int] = []

    def before(self, sample: int) -> list[tuple[int, int]]:
        """The live ranges once every span beginning before ``sample`` has begun, in the spans' order
        (where spans overlap, a later one overwrites an earlier one, as in :func:`redact`)."""
        while self._next < len(self._by_start) and self.ranges[self._by_start[self._next]][0] < sample:
            self._live.append(self._by_start[self._next])
            self._next += 1
        self._live.sort()
        return [self.ranges[i] for i in self._live]

    def released(self, sample: int) -> None:
        """Everything before ``sample`` is out: forget the spans that end there."""
        self._live = [i for i in self._live if self.ranges[i][1] > sample]


def redact_blocks(
    blocks: Iterable[np.ndarray], rate: int, spans: list[Span], tone: Tone
) -> Iterator[np.ndarray]:
    """:func:`redact` of the concatenated ``blocks``, given back block by block.

    A span that runs past the recording's end fades out at the end, which is known only once the last
    block is read; so the samples from where a span begins are held back until its end has been read.
    """
    met = _Met([span_samples(span, rate, sys.maxsize) for span in spans])
    pending: list[np.ndarray] = []
    first = read = 0  # the first sample held back; the samples read so far
    for block in blocks:
        pending.append(block)
        read += block.shape[1]
        live = met.before(read)
        until = min([start for start, end in live if end > read], default=read)
        if until > first:
            yield _release(pending, first, until, live, rate, tone)
            met.released(until)
            first = until
    if read > first:  # the end is known: spans past it end there
        ended = [(start, min(end, read)) for start, end in met.before(read)]
        yield _release(pending, first, read, ended, rate, tone)


def _release(
    pending: list[np.ndarray], first: int, until: int, live: list[tuple[int, int]], rate: int, tone: Tone
) -> np.ndarray:
    """Samples ``first``..``until`` of ``pending`` (held from ``first``), redacted; the rest stays held.

    Each range's part here gets its part of the span's whole replacement: the samples :func:`redact`
    gives, however the recording was cut into blocks.
    """
    joined = pending[0] if len(pending) == 1 else np.concatenate(pending, axis=1)
    pending[:] = [joined[:, until - first :]] if joined.shape[1] > until - first else []
    out, copied = joined[:, : until - first], False
    for start, end in live:
        low, high = max(start, first), min(end, until)
        if low < high:
            if not copied:  # the blocks given are never written to
                out, copied = out.copy(), True
            wave = tone.fill(end - start, rate)
            out[:, low - first : high - first] = wave[None, low - start : high - start]
    return out
