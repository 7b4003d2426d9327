"""Group window embeddings into a known number of voices, using the whole recording's statistics.

Resemblyzer embeddings of any two voices on the same phone line are close (cosine similarity 0.7–0.9),
because they share the channel, the room and the language; the margin between speakers is small. So the
recording's mean embedding is subtracted first, which removes what all windows share and leaves what
tells the voices apart. The centred embeddings are clustered by Ward's agglomerative method (which does
not, unlike average linkage, peel off a single odd window as a "speaker"), then refined by spherical
k-means so each voice is represented by its centroid over the whole recording.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REFINE_ITERATIONS = 20


@dataclass(frozen=True)
class Clusters:
    """Voice ``centroids`` (k × d, unit length, centred space), window ``labels``, the centring ``mean``."""

    centroids: np.ndarray
    labels: np.ndarray
    mean: np.ndarray

    def similarities(self, embeddings: np.ndarray) -> np.ndarray:
        """Cosine similarity of each embedding (centred like the clustered ones) to each centroid."""
        return unit(embeddings - self.mean) @ self.centroids.T


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _centroids(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    return unit(np.stack([points[labels == j].mean(axis=0) for j in range(k)]))


def _initial_labels(points: np.ndarray, k: int, max_windows: int) -> np.ndarray:
    """Ward clustering of at most ``max_windows`` evenly spaced windows, extended to all by centroid.

    Ward's linkage needs every pairwise distance: for the 15,000 windows of an hour it would be about a
    gigabyte, while a few thousand spread over the recording find the same voices.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    step = max(1, -(-len(points) // max(max_windows, k)))
    sample = points[::step]
    sample_labels = fcluster(linkage(sample, method="ward"), k, criterion="maxclust") - 1
    if step == 1:
        return sample_labels
    found = int(sample_labels.max()) + 1
    return np.argmax(points @ _centroids(sample, sample_labels, found).T, axis=1)


def cluster_embeddings(embeddings: np.ndarray, k: int, max_windows: int = 2000) -> Clusters:
    """Cluster ``embeddings`` (windows × d) into ``k`` voices; fewer windows than ``k`` give fewer voices."""
    mean = embeddings.mean(axis=0)
    points = unit(embeddings - mean)
    k = max(1, min(k, len(points)))
    if k == 1:
        return Clusters(unit(points.mean(axis=0, keepdims=True)), np.zeros(len(points), int), mean)
    labels = _initial_labels(points, k, max_windows)
    k = int(labels.max()) + 1
    for _ in range(REFINE_ITERATIONS):
        centroids = _centroids(points, labels, k)
        updated = np.argmax(points @ centroids.T, axis=1)
        if np.array_equal(updated, labels) or len(np.unique(updated)) < k:
            break
        labels = updated
    labels = np.unique(labels, return_inverse=True)[1]  # an emptied voice leaves no gap in the numbers
    k = int(labels.max()) + 1
    return Clusters(_centroids(points, labels, k), labels, mean)
