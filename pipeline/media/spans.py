"""Where in the recording each redaction is heard: ledger character offsets → seconds.

The ledger's offsets are into the cleaned turn text (``clean.json``), which keeps every word's timing;
the de-identified transcript may have dropped a turn's words, so the timings are always taken from the
cleaned one. A redaction covers the words its characters overlap. Where that cannot be told (a turn
without word timings, words that do not line up with the text, an entry with no turn) the whole turn's
time is redacted: hearing a little less of the interview is the safe side, hearing a name is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.deid.ledger import LedgerEntry
from pipeline.document import Transcript, Turn

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    """A stretch of the recording to replace, in seconds, with the tags it hides (never the originals)."""

    start: float
    end: float
    tags: tuple[str, ...]


def _norm(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def word_chars(turn: Turn) -> list[tuple[int, int]] | None:
    """Each word's character range in the turn's text, or None if the words do not line up with it.

    The cleaning stage re-cases a word it moves to the front of a sentence ("my" → "My"), so tokens are
    compared without case and punctuation; a token count that differs falls back to matching in order.
    """
    tokens = [(m.start(), m.end(), _norm(m.group())) for m in _TOKEN.finditer(turn.text)]
    if not turn.words:
        return None
    if len(tokens) == len(turn.words):
        return [(s, e) for s, e, _ in tokens]
    ranges, at = [], 0
    for word in turn.words:
        want = _norm(word.text)
        found = next((i for i in range(at, len(tokens)) if tokens[i][2] == want), None)
        if found is None:
            return None
        ranges.append(tokens[found][:2])
        at = found + 1
    return ranges


def entry_times(turn: Turn, entry: LedgerEntry) -> tuple[float, float]:
    """The time of the words the entry's characters overlap; the whole turn where that is unknown."""
    whole = (turn.start, turn.end)
    chars = word_chars(turn)
    if chars is None:
        return whole
    hit = [w for w, (s, e) in zip(turn.words, chars, strict=True) if s < entry.end and e > entry.start]
    if not hit:
        return whole
    return min(w.start for w in hit), max(w.end for w in hit)


def _turns_of(cleaned: Transcript, entry: LedgerEntry) -> list[Turn]:
    """The entry's turn; for an entry without one, every turn whose text holds the original."""
    if entry.turn is not None and 0 <= entry.turn < len(cleaned.turns):
        return [cleaned.turns[entry.turn]]
    needle = entry.original.casefold()
    found = [t for t in cleaned.turns if needle and needle in t.text.casefold()]
    return found or list(cleaned.turns)  # not found: the safe side is the whole recording's speech


def redacted_spans(
    cleaned: Transcript, ledger: list[LedgerEntry], margin: float, duration: float | None = None
) -> list[Span]:
    """Every ledger entry's time, widened by ``margin`` each side, clipped to the recording and merged
    where spans touch, in time order."""
    end_of = duration if duration is not None else cleaned.duration
    raw = []
    for entry in ledger:
        for turn in _turns_of(cleaned, entry):
            start, end = entry_times(turn, entry)
            raw.append(Span(max(0.0, start - margin), min(end_of, end + margin), (entry.tag,)))
    return merge(raw)


def merge(spans: list[Span], gap: float = 0.0) -> list[Span]:
    """Spans in time order, those closer than ``gap`` joined (their tags kept, each once)."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and span.start <= merged[-1].end + gap:
            last = merged[-1]
            tags = last.tags + tuple(t for t in span.tags if t not in last.tags)
            merged[-1] = Span(last.start, max(last.end, span.end), tags)
        else:
            merged.append(span)
    return merged
