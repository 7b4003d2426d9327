"""Mono path: which voice said each word, from speaker embeddings clustered over the whole recording."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from pipeline.diarize.cluster import cluster_embeddings
from pipeline.diarize.embeddings import embed_windows
from pipeline.diarize.options import DiarizeOptions
from pipeline.diarize.smooth import switch_costs, viterbi, word_scores
from pipeline.diarize.speech import Region, word_regions
from pipeline.document import Word

log = logging.getLogger(__name__)


def assign_voices(
    samples: np.ndarray, words: Sequence[Word], regions: Sequence[Region], k: int, options: DiarizeOptions
) -> list[int]:
    """A voice number (0..k-1, in no particular order) for each of ``words``.

    Embedding windows are laid over the detected speech ``regions`` (the words' own stretches when the
    detector found none), so the voices are learnt from all the speech, transcribed or not.
    """
    if not words:
        return []
    if k <= 1:
        return [0] * len(words)
    regions = list(regions) or word_regions(words, options.region_gap)
    centres, embeddings = embed_windows(
        samples,
        regions,
        options.window_seconds,
        options.hop_seconds,
        threads=options.embedding_threads,
        weights=options.encoder_weights,
    )
    if len(embeddings) < k:
        log.info("too little speech to tell %d voices apart; one voice assumed", k)
        return [0] * len(words)
    clusters = cluster_embeddings(embeddings, k, options.cluster_max_windows)
    scores = word_scores(words, centres, clusters.similarities(embeddings), options.window_seconds)
    costs = switch_costs(
        words,
        options.switch_penalty,
        options.sentence_end_factor,
        options.pause_factor,
        options.pause_seconds,
    )
    return viterbi(scores, costs)


def group_by_voice(words: Sequence[Word], voices: Sequence[int]) -> list[tuple[int, list[Word]]]:
    """Consecutive words of the same voice, as (voice, words) runs in time order."""
    runs: list[tuple[int, list[Word]]] = []
    for word, voice in zip(words, voices, strict=True):
        if runs and runs[-1][0] == voice:
            runs[-1][1].append(word)
        else:
            runs.append((voice, [word]))
    return runs
