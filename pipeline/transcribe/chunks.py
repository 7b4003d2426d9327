"""Long recordings in pieces: bounded memory whatever the length.

faster-whisper computes the spectrogram of everything it is given at once; for a two-hour interview that
is over a gigabyte of intermediate arrays. Cutting the samples into pieces of ``chunk_seconds`` keeps
that to a few tens of megabytes. Each cut goes at the quietest half second shortly before the nominal
boundary, so it falls in a pause rather than through a word, and Whisper (which reads 30-second windows
and is not conditioned on earlier text here) transcribes each piece as it would have the whole.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.document import Turn

# a cut is sought in this many seconds before each nominal boundary, at the quietest stretch this long
SEARCH_SECONDS = 30.0
QUIET_SECONDS = 0.5
FRAME_SECONDS = 0.1


def chunk_bounds(samples: np.ndarray, chunk_seconds: float) -> list[tuple[int, int]]:
    """(start, end) sample indices covering ``samples`` in order; one piece if ``chunk_seconds`` <= 0."""
    n = len(samples)
    size = int(chunk_seconds * SAMPLE_RATE)
    search = min(int(SEARCH_SECONDS * SAMPLE_RATE), size // 2)
    if chunk_seconds <= 0 or n <= size + search:
        return [(0, n)]
    frame = int(FRAME_SECONDS * SAMPLE_RATE)
    width = round(QUIET_SECONDS / FRAME_SECONDS)
    bounds, start = [], 0
    while n - start > size + search:
        low = start + size - search
        window = samples[low : start + size]
        energy = (window[: len(window) // frame * frame].reshape(-1, frame).astype(np.float64) ** 2).mean(1)
        quiet = int(np.argmin(np.convolve(energy, np.ones(width), "valid")))
        cut = low + (quiet + width // 2) * frame
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def shifted(turn: Turn, seconds: float) -> Turn:
    """``turn`` as if its piece started ``seconds`` into the recording."""
    if seconds == 0:
        return turn
    words = [
        dataclasses.replace(w, start=round(w.start + seconds, 3), end=round(w.end + seconds, 3))
        for w in turn.words
    ]
    return dataclasses.replace(
        turn, start=round(turn.start + seconds, 3), end=round(turn.end + seconds, 3), words=words
    )
