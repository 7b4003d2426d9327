"""Words to speakers by frame-level activity, and turn edges where the voices really start and stop.

Each word goes to the voice active over most of its own frames, not to the segment it falls in, so the
first words after a change of speaker are never the previous speaker's last ones. Where two voices are
both active under a word (overlap), the word stays with the voice already speaking unless the other one
covers more of it: Whisper nearly always writes the main speaker's words there. A turn's edges move to
the edges of its voice's activity around its first and last words (within ``tolerance``), since Whisper's
word times are often tenths of a second off at the ends of an utterance; turns of different voices may
overlap, as the speech did.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.diarize.activity import Activity
from pipeline.document import Turn, Word

TIE = 1e-6


def _cover(word: Word, activity: Activity, reach: float) -> np.ndarray:
    """Fraction of the word's frames each voice is active in (the nearest active frame's if none is)."""
    first, last = activity.index(word.start), activity.index(max(word.start, word.end))
    cover = activity.active[first : last + 1].mean(axis=0)
    if cover.max() > 0:
        return cover
    middle = activity.index((word.start + word.end) / 2)
    span = round(reach / activity.step)
    lo, hi = max(0, middle - span), min(len(activity.active), middle + span + 1)
    frames = np.flatnonzero(activity.active[lo:hi].any(axis=1))
    if len(frames) == 0:
        return cover
    nearest = lo + frames[np.argmin(np.abs(lo + frames - middle))]
    return activity.active[nearest].astype(float)


def word_voices(words: Sequence[Word], activity: Activity, reach: float) -> list[int]:
    """The voice (0..voices-1) of each word in time order."""
    voices: list[int] = []
    for word in words:
        cover = _cover(word, activity, reach)
        best = np.flatnonzero(cover >= cover.max() - TIE)
        if voices and voices[-1] in best:
            voices.append(voices[-1])  # overlap or no evidence: the voice already speaking goes on
        elif len(best) == 1:
            voices.append(int(best[0]))
        else:
            first, last = activity.index(word.start), activity.index(max(word.start, word.end))
            score = activity.score[first : last + 1].sum(axis=0)
            voices.append(int(best[np.argmax(score[best])]))
    return voices


def _around(segments: Sequence[tuple[float, float]], start: float, end: float) -> tuple[float, float] | None:
    """The first activity segment overlapping [start, end], if any."""
    return next(((s, e) for s, e in segments if s <= end and e >= start), None)


def place_turn_edges(turns: list[Turn], keys: Sequence[int], activity: Activity, tolerance: float) -> None:
    """Move each turn's start and end to its voice's activity, in place (see the module docstring)."""
    if tolerance <= 0:
        return
    segments = {voice: activity.segments(voice) for voice in set(keys)}
    last_end: dict[int, float] = {}
    for turn, voice in zip(turns, keys, strict=True):
        first, last = turn.words[0], turn.words[-1]
        start, end = turn.start, turn.end
        seg = _around(segments[voice], first.start, first.end)
        if seg is not None:
            start = min(max(seg[0], first.start - tolerance), first.end)
        seg = _around(segments[voice], last.start, last.end)
        if seg is not None:
            end = max(min(seg[1], last.end + tolerance), last.start)
        start = max(start, last_end.get(voice, 0.0))
        if end > start:
            turn.start, turn.end = round(start, 3), round(end, 3)
        last_end[voice] = turn.end
