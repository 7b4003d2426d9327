"""Which global voice each chunk's local speaker is: agglomerative clustering with an estimated count.

The local speakers' CAM++ embeddings are unit-normalised and clustered by centroid linkage (as pyannote's
pipeline does); the tree is cut where merging would join voices farther apart than ``threshold``, which is
what estimates the number of speakers: one voice gives one tight cluster, three give three. Clusters with
fewer than ``min_size`` members are stray windows (a cough, a laugh, a short overlap), not people, and
join their nearest large cluster. A fixed count or ``min``/``max`` bounds then cut the tree at that many.
Last, each chunk's local speakers take distinct voices (two people talking in one chunk are two voices),
by a best one-to-one assignment on similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# a cluster with less than this share of the local speakers is a stray too, however many it holds
STRAY_SHARE = 0.03


@dataclass(frozen=True)
class Voices:
    """``labels``: the voice (0..count-1) of each local speaker row, -1 for one that never talks."""

    labels: np.ndarray
    centroids: np.ndarray
    estimated: int  # the count the threshold gave, before any fixed count or bounds


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


def _tree_labels(points: np.ndarray, threshold: float, min_size: int, bounds: tuple[int, int]) -> tuple:
    """Labels of ``points`` from the cut tree (large clusters only, strays joined) and the estimated count."""
    from scipy.cluster.hierarchy import fcluster, linkage

    if len(points) < 2:
        return np.zeros(len(points), dtype=int), 1
    tree = linkage(points, method="centroid", metric="euclidean")
    labels = fcluster(tree, threshold, criterion="distance") - 1
    sizes = np.bincount(labels)
    # a person in a long recording talks in many chunks: strays are judged against the recording's size
    least = max(min_size, STRAY_SHARE * len(points))
    large = np.flatnonzero(sizes >= min(least, sizes.max()))
    estimated = len(large)
    low, high = bounds
    if estimated < low:  # too few: the biggest clusters of a finer cut
        labels = fcluster(tree, min(low, len(points)), criterion="maxclust") - 1
        sizes = np.bincount(labels)
        large = np.argsort(-sizes)[: min(low, len(sizes))]
    groups = [points[labels == j] for j in large]
    while len(groups) > max(high, 1):  # too many: join the two closest voices
        centres = unit(np.stack([g.mean(axis=0) for g in groups]))
        similarity = centres @ centres.T - 2 * np.eye(len(groups))
        a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        groups = [g for i, g in enumerate(groups) if i not in (a, b)] + [np.vstack([groups[a], groups[b]])]
    centroids = unit(np.stack([g.mean(axis=0) for g in groups]))
    return np.argmax(points @ centroids.T, axis=1), estimated


def cluster_local_speakers(
    embeddings: np.ndarray,
    valid: np.ndarray,
    talking: np.ndarray,
    threshold: float,
    min_size: int,
    bounds: tuple[int, int],
    max_points: int,
) -> Voices:
    """Voices of the local speakers (rows ``chunk * 3 + s``).

    ``valid`` rows have enough speech to trust their embedding and form the clusters; every ``talking``
    row is then given a voice. At most ``max_points`` valid rows, evenly spread, build the tree (its
    memory grows with the square); the others only take the nearest voice.
    """
    labels = np.full(len(embeddings), -1, dtype=int)
    points = unit(embeddings)
    rows = np.flatnonzero(valid)
    if len(rows) == 0:
        labels[talking] = 0
        return Voices(labels, np.zeros((1, embeddings.shape[1])), 1)
    sample = rows[:: max(1, -(-len(rows) // max_points))]
    sample_labels, estimated = _tree_labels(points[sample], threshold, min_size, bounds)
    found = np.unique(sample_labels)
    centroids = unit(np.stack([points[sample][sample_labels == j].mean(axis=0) for j in found]))
    similarity = points @ centroids.T
    for chunk in range(len(embeddings) // 3):
        speakers = [r for r in range(chunk * 3, chunk * 3 + 3) if talking[r]]
        labels[speakers] = _distinct(similarity[speakers])
    return Voices(labels, centroids, estimated)


def _distinct(similarity: np.ndarray) -> np.ndarray:
    """Each row's voice, all different where there are at least as many voices as rows."""
    from scipy.optimize import linear_sum_assignment

    if len(similarity) == 0:
        return np.zeros(0, dtype=int)
    if len(similarity) > similarity.shape[1]:
        return np.argmax(similarity, axis=1)
    rows, cols = linear_sum_assignment(-similarity)
    out = np.empty(len(similarity), dtype=int)
    out[rows] = cols
    return out
