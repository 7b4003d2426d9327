"""Tone or silence over the redacted spans; every other sample is left exactly as it was.

The tone starts and ends with a short fade, so a span does not click: a click at a name's edges would
tell a listener where the name's syllables fell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.media.options import BLEEP
from pipeline.media.spans import Span

FADE_SECONDS = 0.005


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
