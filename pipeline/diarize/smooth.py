"""Speaker labels for the words of a transcript: per-word voice scores, smoothed by a Viterbi pass.

Each word is scored against every voice by the windows around it (Gaussian-weighted by distance from
the word's middle), so a one-word "Yes." still gets evidence from the audio it sits in. Scores are then
standardised over the whole recording and a Viterbi pass finds the most likely labelling with a penalty
per change of speaker: a speaker change costs less after a sentence ends and after a pause, where people
actually hand over the floor, so turns change at word boundaries that make sense.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.document import Word

SENTENCE_END = (".", "?", "!")


def word_scores(
    words: Sequence[Word], centres: np.ndarray, similarities: np.ndarray, window: float
) -> np.ndarray:
    """Score of each word (rows) for each voice (columns): weighted mean similarity of nearby windows.

    ``centres`` must be sorted; only windows within three spreads of a word are looked at, so an hour
    of words against an hour of windows stays linear.
    """
    spread = window / 3
    scores = np.zeros((len(words), similarities.shape[1]))
    for i, word in enumerate(words):
        middle = (word.start + word.end) / 2
        lo, hi = np.searchsorted(centres, [middle - 3 * spread, middle + 3 * spread])
        if hi <= lo:  # far from every window: use the nearest one
            nearest = int(np.argmin(np.abs(centres - middle)))
            scores[i] = similarities[nearest]
            continue
        weights = np.exp(-(((centres[lo:hi] - middle) / spread) ** 2))
        scores[i] = weights @ similarities[lo:hi] / weights.sum()
    return scores


def switch_costs(
    words: Sequence[Word], penalty: float, sentence_end_factor: float, pause_factor: float, pause: float
) -> np.ndarray:
    """Cost of a speaker change before each word (the first word's is unused)."""
    costs = np.full(len(words), penalty, dtype=float)
    for i in range(1, len(words)):
        if words[i - 1].text.rstrip('"”’').endswith(SENTENCE_END):
            costs[i] *= sentence_end_factor
        if words[i].start - words[i - 1].end > pause:
            costs[i] *= pause_factor
    return costs


def viterbi(scores: np.ndarray, costs: np.ndarray) -> list[int]:
    """Best label sequence for per-word ``scores`` (standardised here) and per-word change ``costs``."""
    n, k = scores.shape
    if n == 0:
        return []
    if k == 1:
        return [0] * n
    z = (scores - scores.mean()) / (scores.std() + 1e-9)
    change = 1.0 - np.eye(k)
    total = z[0].copy()
    back = np.zeros((n, k), dtype=int)
    for i in range(1, n):
        candidates = total[:, None] - costs[i] * change  # from (rows) → to (columns)
        back[i] = candidates.argmax(axis=0)
        total = candidates.max(axis=0) + z[i]
    path = [int(total.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return path[::-1]
