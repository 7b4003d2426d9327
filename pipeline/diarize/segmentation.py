"""Local speaker activity: segmentation-3.0 over overlapping 10-second chunks, and how chunks add up.

The network knows nothing about who a voice is across chunks: inside one chunk it says, for every 17 ms
frame, which of three *local* speakers are talking (two at once where they overlap). The chunks overlap
(one every ``step`` seconds), so every moment is seen several times with different context; clustering
the local speakers' embeddings (local_embeddings.py, speaker_clusters.py) ties them to global voices, and
:func:`aggregate` averages the chunks back onto one timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.diarize.neural import segmenter
from pipeline.pcm import Samples

BATCH = 16  # chunks per forward pass: 10 MB of audio, enough to keep the LSTM busy


@dataclass(frozen=True)
class Local:
    """Per chunk (C), frame (F) and local speaker (3): 1.0 where that speaker talks, 0.0 elsewhere."""

    activity: np.ndarray  # C × F × 3, float32
    starts: np.ndarray  # C chunk start times, seconds
    chunk_seconds: float
    frame_step: float
    frame_duration: float

    def frame_times(self) -> np.ndarray:
        """Middle of each chunk frame, relative to its chunk's start."""
        return np.arange(self.activity.shape[1]) * self.frame_step + self.frame_duration / 2


def chunk_starts(duration: float, chunk: float, step: float) -> np.ndarray:
    """Chunk start times: every ``step`` seconds, plus one that ends with the recording."""
    if duration <= chunk:
        return np.zeros(1)
    starts = np.arange(0.0, duration - chunk + 1e-9, step)
    if duration - chunk - starts[-1] > 1e-3:
        starts = np.append(starts, duration - chunk)
    return starts


def segment(samples: Samples, step: float) -> Local:
    """Local speaker activity of 16 kHz mono ``samples`` in chunks every ``step`` seconds.

    ``samples`` may be a :class:`pipeline.pcm.Track`: each batch of chunks converts only the samples it
    covers, so a two-hour recording is never held whole as float32 (460 MB) beside its int16 original.
    """
    import torch

    model = segmenter()
    size = round(model.chunk_seconds * SAMPLE_RATE)
    starts = chunk_starts(len(samples) / SAMPLE_RATE, model.chunk_seconds, step)
    parts = []
    with torch.inference_mode():
        for first in range(0, len(starts), BATCH):
            offsets = [round(s * SAMPLE_RATE) for s in starts[first : first + BATCH]]
            length = offsets[-1] - offsets[0] + size
            span = np.asarray(samples[offsets[0] : offsets[0] + length], dtype=np.float32)
            if len(span) < length:  # a recording shorter than one chunk
                span = np.pad(span, (0, length - len(span)))
            chunks = [span[o - offsets[0] : o - offsets[0] + size] for o in offsets]
            batch = torch.from_numpy(np.stack(chunks))[:, None, :]
            classes = model.model(batch).argmax(dim=-1)  # the most likely powerset class per frame
            parts.append(model.powerset[classes].numpy())
    return Local(np.concatenate(parts), starts, model.chunk_seconds, model.frame_step, model.frame_duration)


def global_frames(local: Local, duration: float) -> int:
    """Frames of the recording-wide grid (same step as a chunk's) that cover ``duration`` seconds."""
    return int(np.ceil(duration / local.frame_step)) + 1


def aggregate(local: Local, values: np.ndarray, duration: float) -> np.ndarray:
    """Average per-chunk frame ``values`` (C × F × K) over all chunks covering each recording frame.

    Returns (frames × K) on the recording-wide grid whose frame ``i`` is centred on
    ``i * frame_step + frame_duration / 2``. Frames no chunk covers (none, in practice) stay 0.
    """
    frames = global_frames(local, duration)
    total = np.zeros((frames, values.shape[2]), dtype=np.float32)
    seen = np.zeros(frames, dtype=np.float32)
    width = values.shape[1]
    for c, start in enumerate(local.starts):
        first = round(start / local.frame_step)
        last = min(frames, first + width)
        total[first:last] += values[c, : last - first]
        seen[first:last] += 1
    return total / np.maximum(seen, 1)[:, None]
