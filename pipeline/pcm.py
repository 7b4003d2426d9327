"""16-bit samples, as the decoded audio is held, and the float32 every reader is given.

Whisper's own loaders (faster-whisper's and openai-whisper's) hold audio as 16-bit PCM too: half the
memory of float32. The conversions here are FFmpeg's: s16 to float divides by 32768 (exact), float to
s16 rounds to the nearest step, ties to even, and clips to full scale.
"""

from __future__ import annotations

import numpy as np

# int16 full scale: FFmpeg converts s16 to float by dividing by this, and back by multiplying
PCM_SCALE = 32768.0
# a mix is computed this many samples at a time, so mixing never holds a float copy of every channel
MIX_BLOCK = 1 << 20


def to_float(pcm: np.ndarray) -> np.ndarray:
    """int16 PCM as float32 in -1..1, exactly as FFmpeg converts s16 (x / 32768); float32 passes as is."""
    if pcm.dtype == np.int16:
        floats = pcm.astype(np.float32)
        floats *= np.float32(1.0 / PCM_SCALE)  # in place: one array, not two; a power of two: exact
        return floats
    return np.asarray(pcm, dtype=np.float32)


def to_pcm(samples: np.ndarray) -> np.ndarray:
    """float samples as the nearest int16 (ties to even, as FFmpeg's lrintf), clipped to full scale."""
    scaled = np.rint(np.asarray(samples, dtype=np.float32) * np.float32(PCM_SCALE))
    return np.clip(scaled, -PCM_SCALE, PCM_SCALE - 1).astype(np.int16)


def mix(rows: np.ndarray) -> np.ndarray:
    """One contiguous float32 vector of (channels, n) ``rows``: the channel, or the channels' mean.

    The mean goes a block at a time: per sample it is the same float32 sum and division as a mean of
    the whole array, without a float copy of every channel at once.
    """
    if rows.shape[0] == 1:
        return np.ascontiguousarray(to_float(rows[0]))
    mixed = np.empty(rows.shape[1], dtype=np.float32)
    for start in range(0, rows.shape[1], MIX_BLOCK):
        block = to_float(rows[:, start : start + MIX_BLOCK])
        mixed[start : start + MIX_BLOCK] = block.mean(axis=0, dtype=np.float32)
    return mixed


class Track:
    """One channel of the audio, or the mix of all, read as float32 only where it is sliced.

    It has a length and step-1 slices (``track[a:b]`` is the float32 vector ``mono()[a:b]`` would be),
    which is all that readers working piece by piece need (the transcription pieces, the speech
    detector, the audio leak gate): a three-hour recording is then never converted whole.
    ``np.asarray(track)`` converts it whole, for readers that need every sample at once.
    """

    def __init__(self, pcm: np.ndarray, channel: int | None = None) -> None:
        self._rows = pcm if channel is None else pcm[channel : channel + 1]

    def __len__(self) -> int:
        return int(self._rows.shape[1])

    def __getitem__(self, index: slice) -> np.ndarray:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("a Track is read in step-1 slices, e.g. track[start:end]")
        return mix(self._rows[:, index])

    def __array__(self, dtype: np.dtype | None = None, copy: bool | None = None) -> np.ndarray:
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype, copy=False)


# what piece-by-piece readers accept: a float32 vector, or a Track converted only where it is sliced
Samples = np.ndarray | Track
