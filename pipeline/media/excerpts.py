"""A few stretches of a long file, decoded as :func:`pipeline.audio.load_audio` would, the rest dropped.

The audio leak gate listens only where the file was redacted: for three hours of stereo, decoding the
whole draft would hold 0.7 GB to read a few minutes of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.audio import SAMPLE_RATE, check_length, decoding
from pipeline.pcm import mix, to_pcm


class Excerpts:
    """The mix of a file in some sample ranges; sliced like ``load_audio(path).track()`` inside them."""

    def __init__(self, ranges: Sequence[tuple[int, int]], parts: list[np.ndarray], length: int) -> None:
        self._kept = list(zip(ranges, parts, strict=True))
        self.length = length

    @property
    def duration(self) -> float:
        return self.length / SAMPLE_RATE

    def __getitem__(self, index: slice) -> np.ndarray:
        start, stop, step = index.indices(self.length)
        for (first, last), part in self._kept:
            if step == 1 and first <= start and stop <= min(last, self.length):
                return part[start - first : stop - first]
        raise ValueError(f"samples {start}..{stop} were not kept")


def load_excerpts(path: Path, ranges: Sequence[tuple[int, int]]) -> Excerpts:
    """The mix of ``path`` in each sample range, ``ranges`` sorted and apart, each exactly the samples
    ``load_audio(path).track()[start:end]`` gives (the same decoder, rounding and mix, block by block)."""
    path = Path(path)
    parts: list[list[np.ndarray]] = [[] for _ in ranges]
    read = current = 0
    with decoding(path) as decoded:
        for block in decoded.blocks:
            pcm, first = to_pcm(block), read
            read += pcm.shape[1]
            if not pcm.shape[1]:
                continue
            while current < len(ranges) and ranges[current][1] <= first:
                current += 1
            for index in range(current, len(ranges)):
                start, end = ranges[index]
                if start >= read:
                    break
                low, high = max(start, first), min(end, read)
                parts[index].append(mix(pcm[:, low - first : high - first]))
    check_length(path, read, decoded.declared)
    joined = [np.concatenate(p) if p else np.zeros(0, dtype=np.float32) for p in parts]
    return Excerpts(ranges, joined, read)
