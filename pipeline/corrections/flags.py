"""Where to listen: the places of a transcript a checker should hear before trusting the words.

- an *uncertain word*: the recogniser's probability for it is below ``[review] low_probability``;
- *speech without words*: a stretch the voice detector heard as speech, at least ``gap_min_seconds``
  long, that no word covers (a passage the recogniser skipped);
- a *word in silence*: a word whose middle lies outside every speech region, by more than
  ``silence_margin`` (Whisper's word times are a few tenths off at the edges), a likely hallucination.

A flag is looked at when a correction covers it or a person dismissed it; each has an id that stays the
same across reruns of the later stages (the raw word's timing and text, or the gap's times).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from pipeline.corrections.apply import CheckedTurn
from pipeline.review_options import ReviewOptions

UNCERTAIN = "uncertain word"
NO_WORDS = "speech without words"
IN_SILENCE = "word in silence"


@dataclass(frozen=True)
class Flag:
    id: str
    kind: str
    turn: int
    word: int | None  # the word's index in the turn; None for a gap, which sits before ``word``-less
    start: float
    end: float
    text: str = ""


def _inside(regions: list[tuple[float, float]], time: float, margin: float) -> bool:
    at = bisect_left(regions, (time,))
    near = regions[max(0, at - 1) : at + 1]
    return any(a - margin <= time <= b + margin for a, b in near)


def word_flags(
    turns: list[CheckedTurn], speech: list[tuple[float, float]] | None, options: ReviewOptions
) -> list[Flag]:
    """The flags of the words as recognised (a checker's own words are never flagged)."""
    flags = []
    for t, turn in enumerate(turns):
        for k, w in enumerate(turn.words):
            if w.ref is None:
                continue
            word, key = w.word, f"{w.word.start}:{w.word.end}:{w.word.text}"
            if word.probability < options.low_probability:
                flags.append(Flag(f"word:{key}", UNCERTAIN, t, k, word.start, word.end, word.text))
            middle = (word.start + word.end) / 2
            if speech is not None and not _inside(speech, middle, options.silence_margin):
                flags.append(Flag(f"silence:{key}", IN_SILENCE, t, k, word.start, word.end, word.text))
    return flags


def gap_flags(
    turns: list[CheckedTurn], speech: list[tuple[float, float]] | None, options: ReviewOptions
) -> list[Flag]:
    """Speech regions no word covers, each placed in the turn it falls in (or follows)."""
    if not speech:
        return []
    spans = sorted((w.word.start, w.word.end) for turn in turns for w in turn.words)
    starts = [turn.words[0].word.start for turn in turns if turn.words]
    flags = []
    for a, b in speech:
        if b - a < options.gap_min_seconds:
            continue
        at = bisect_left(spans, (a,))
        if any(s < b and a < e for s, e in spans[max(0, at - 1) : at + 1]) or any(
            s < b and a < e for s, e in spans[at : at + 3]
        ):
            continue
        turn = max(0, bisect_left(starts, a) - 1)
        flags.append(Flag(f"gap:{a}:{b}", NO_WORDS, turn, None, a, b))
    return flags


def all_flags(
    turns: list[CheckedTurn], speech: list[tuple[float, float]] | None, options: ReviewOptions
) -> list[Flag]:
    """Every flag of the transcript in time order."""
    return sorted(
        [*word_flags(turns, speech, options), *gap_flags(turns, speech, options)], key=lambda f: f.start
    )
