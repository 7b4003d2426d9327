"""A CAM++ voice embedding for every local speaker of every chunk, in one pass over the recording.

Embedding each (chunk, local speaker) on its own, as pyannote's pipeline does, runs the network over the
audio once per chunk that covers it (five times at a 2-second step): 7 s per audio minute on one core
here. CAM++ ends in statistics pooling (the mean and standard deviation of its frame features over time)
and one dense layer, so the frame features are computed once, in pieces, and each local speaker's
statistics are pooled over the frames where segmentation says that speaker talks, alone where possible.
Only the pooling and the dense layer run per local speaker.
"""

from __future__ import annotations

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.diarize.neural import embedder, fbank
from pipeline.diarize.segmentation import Local
from pipeline.pcm import Samples

FEATURE_HOP = 0.02  # CAM++'s frame features: one every two 10 ms filterbank frames
CONTEXT_SECONDS = 1.0  # audio either side of a piece, so its edge frames see their neighbours
POOL_ROWS = 1024  # local speakers pooled at once: bounds the statistics' temporaries


def _trunk(samples: np.ndarray) -> np.ndarray:
    """CAM++'s frame features (channels × frames, one per 20 ms) of ``samples``, before pooling."""
    import torch

    net = embedder()
    feats = fbank(samples)
    if len(feats) < 10:
        return np.zeros((0, 0), dtype=np.float32)
    feats = feats - feats.mean(axis=0, keepdims=True)  # CAM++ was trained on mean-normalised features
    layers = list(net.xvector.children())[:-2]  # everything up to the statistics pooling and dense layer
    with torch.inference_mode():
        x = net.head(torch.from_numpy(feats)[None].permute(0, 2, 1))
        for layer in layers:
            x = layer(x)
    return x[0].numpy()


def _weights(local: Local, chunks: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(chunks·3 × frames) weights of local speakers at feature ``times``: alone, and at all."""
    width = local.activity.shape[1]
    alone = np.zeros((len(chunks) * 3, len(times)), dtype=np.float32)
    every = np.zeros_like(alone)
    for row, c in enumerate(chunks):
        index = np.rint((times - local.starts[c] - local.frame_duration / 2) / local.frame_step).astype(int)
        inside = (index >= 0) & (index < width)
        act = local.activity[c, index[inside]]  # frames × 3
        solo = act * (act.sum(axis=1, keepdims=True) == 1)
        every[row * 3 : row * 3 + 3, inside] = act.T
        alone[row * 3 : row * 3 + 3, inside] = solo.T
    return alone, every


def embed_local_speakers(
    samples: Samples, local: Local, piece_seconds: float, min_seconds: float
) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings (C·3 × 192, row ``c * 3 + s``) and which rows have at least ``min_seconds`` of speech.

    A local speaker's statistics come from the frames where it talks alone when there are enough of them
    (overlapped frames mix two voices), else from all its frames.
    """
    n = len(local.starts) * 3
    duration = len(samples) / SAMPLE_RATE
    sums: dict[str, np.ndarray] = {}
    for start in np.arange(0.0, max(duration, 1e-3), piece_seconds):
        end = min(duration, start + piece_seconds)
        first = max(0.0, start - CONTEXT_SECONDS)
        piece = samples[
            round(first * SAMPLE_RATE) : round(min(duration, end + CONTEXT_SECONDS) * SAMPLE_RATE)
        ]
        features = _trunk(piece)
        if features.size == 0:
            continue
        times = first + np.arange(features.shape[1]) * FEATURE_HOP + 0.0125
        keep = (times >= start) & (times < end)
        x, times = features[:, keep], times[keep]
        chunks = np.flatnonzero((local.starts < end) & (local.starts + local.chunk_seconds > start))
        rows = (chunks[:, None] * 3 + np.arange(3)).ravel()
        for kind, w in zip(("alone", "every"), _weights(local, chunks, times), strict=True):
            for moment, value in (("0", w.sum(axis=1)), ("1", w @ x.T), ("2", w @ (x * x).T)):
                key = kind + moment
                if key not in sums:
                    sums[key] = np.zeros((n, *value.shape[1:]), dtype=np.float64)
                sums[key][rows] += value
    if not sums:
        return np.zeros((n, 192), dtype=np.float32), np.zeros(n, dtype=bool)
    least = min_seconds / FEATURE_HOP
    use_alone = sums["alone0"] >= least
    for m in "012":  # in place: a two-hour recording's sums are 44 MB each
        sums[f"every{m}"][use_alone] = sums.pop(f"alone{m}")[use_alone]
    embeddings = np.concatenate([_pooled(sums, slice(r, r + POOL_ROWS)) for r in range(0, n, POOL_ROWS)])
    return embeddings, sums["every0"] >= least


def _pooled(sums: dict[str, np.ndarray], rows: slice) -> np.ndarray:
    """CAM++'s statistics pooling and dense layer for ``rows`` of the pooled sums."""
    import torch

    count = np.maximum(sums["every0"][rows], 1.0)[:, None]
    mean = sums["every1"][rows] / count
    var = np.maximum(sums["every2"][rows] / count - mean**2, 0.0) * (count / np.maximum(count - 1, 1))
    stats = torch.from_numpy(np.concatenate([mean, np.sqrt(var)], axis=1).astype(np.float32))
    with torch.inference_mode():
        return embedder().xvector.dense(stats).numpy()
