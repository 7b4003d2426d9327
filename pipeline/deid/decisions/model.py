"""A reviewer's decisions as edits to the de-identifier's redactions, and how they are applied.

Decisions are made on the cleaned transcript (``work/<stem>/clean.json``), the de-identification stage's
input, so a span is a turn index with character offsets into that turn's text, plus the text it covered
then. If a later re-transcription moves or changes that text, the decision is relocated to the same
text nearby in the same turn, or reported stale: it is never applied blindly to whatever now sits at
those offsets.

The same :func:`apply_edits` serves the export (through ``deidentify(..., edits=...)``, on fresh
detections) and the review page (on the ledger of the last run). It is idempotent: applied to its own
result it changes nothing, so the page shows, and the approval hash covers, what the next export writes.
A recording's decisions are read from disk by :func:`pipeline.deid.decisions.store.load_edits`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.leakgate import original_pattern
from pipeline.deid.options import ALL_CATEGORIES
from pipeline.deid.roster import normalise_key

UNREDACT = "unredact"
REDACT = "redact"
CATEGORY = "category"
ACTIONS = (UNREDACT, REDACT, CATEGORY)
# the recognizer named in the ledger for a redaction a reviewer added
REVIEWER = "reviewer"


@dataclass(frozen=True)
class Decision:
    """One reviewer decision. ``turn is None`` means study-wide: every occurrence of ``text``.

    ``category`` is the new category for ``redact`` and ``category``; for ``unredact`` it records what the
    span was, for the audit log. ``reviewer`` and ``time`` say who and when; they are not part of what
    the decision does, so they are left out of the fingerprint.
    """

    action: str
    text: str
    category: str = ""
    turn: int | None = None
    start: int | None = None
    end: int | None = None
    reviewer: str = ""
    time: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ReviewError(f"unknown review action {self.action!r}; known: {', '.join(ACTIONS)}")
        if not self.text.strip():
            raise ReviewError("a review decision needs the text it is about")
        if self.action != UNREDACT and self.category not in ALL_CATEGORIES:
            raise ReviewError(f"unknown category {self.category!r}; known: {', '.join(ALL_CATEGORIES)}")
        span = (self.turn, self.start, self.end)
        if any(v is None for v in span) and any(v is not None for v in span):
            raise ReviewError("a span decision needs turn, start and end")
        if self.turn is not None and not (self.turn >= 0 and 0 <= self.start < self.end):  # type: ignore[operator]
            raise ReviewError(f"not a span: turn {self.turn}, {self.start}..{self.end}")

    @property
    def study_wide(self) -> bool:
        return self.turn is None

    @property
    def target(self) -> tuple[Any, ...]:
        """What the decision is about; a newer decision on the same target replaces the older one."""
        if self.study_wide:
            return ("study", self.text.strip().lower())
        return ("span", self.turn, self.start, self.end)

    def content(self) -> dict[str, Any]:
        """What the decision does (no reviewer or time), in a stable JSON-ready form."""
        data = {"action": self.action, "text": self.text, "category": self.category}
        if not self.study_wide:
            data |= {"turn": self.turn, "start": self.start, "end": self.end}
        return data

    def to_dict(self) -> dict[str, Any]:
        return {**self.content(), "reviewer": self.reviewer, "time": self.time}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        try:
            return cls(**data)
        except TypeError as exc:
            raise ReviewError(f"malformed review decision {data!r}: {exc}") from exc


@dataclass(frozen=True)
class ReviewEdits:
    """The decisions that apply to one transcript: its own span decisions and the study-wide ones."""

    decisions: tuple[Decision, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.decisions)

    def fingerprint(self) -> str:
        """A stable hash of what the edits do: equal edits give equal fingerprints, in any order.

        The batch runner puts it in its cache key, so a decision re-runs de-identification and export
        for the recordings it touches, and nothing else.
        """
        contents = sorted(json.dumps(d.content(), sort_keys=True, ensure_ascii=False) for d in self.decisions)
        return hashlib.sha256("\n".join(contents).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A redaction in turn coordinates: ``text`` is ``turn_text[start:end]`` of the cleaned transcript."""

    turn: int
    start: int
    end: int
    category: str
    text: str
    score: float = 1.0
    recognizer: str = REVIEWER
    key: str = ""


@dataclass
class Applied:
    """The result of applying edits: the redactions, where un-redacted text stays visible, stale decisions."""

    spans: list[Span]
    unredacted: list[tuple[Span, Decision]] = field(default_factory=list)
    stale: list[Decision] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _whole_word(text: str) -> re.Pattern[str]:
    """Every occurrence of ``text`` as whole words, in any case ("apply to every occurrence")."""
    return re.compile(rf"(?<!\w){re.escape(text.strip())}(?!\w)", re.IGNORECASE)


def _locate(texts: list[str], decision: Decision) -> tuple[int, int, int] | None:
    """Where a span decision's text is now: at its offsets, else its nearest occurrence in the same
    turn (text moved by a re-transcription), else None (stale)."""
    turn, start, end = decision.turn, decision.start, decision.end
    assert turn is not None and start is not None and end is not None
    if turn >= len(texts):
        return None
    if texts[turn][start:end] == decision.text:
        return turn, start, end
    found = [m.start() for m in re.finditer(re.escape(decision.text), texts[turn])]
    if not found:
        return None
    at = min(found, key=lambda i: abs(i - start))
    return turn, at, at + len(decision.text)


def _within(span: Span, turn: int, start: int, end: int) -> bool:
    return span.turn == turn and start <= span.start and span.end <= end


def _force(spans: list[Span], texts: list[str], turn: int, start: int, end: int, category: str) -> None:
    """Add a reviewer's redaction, absorbing every redaction it overlaps (never half-reveal one)."""
    overlapping = [s for s in spans if s.turn == turn and s.start < end and start < s.end]
    if any(s.start == start and s.end == end and s.category == category for s in overlapping):
        return  # already redacted just so (e.g. applying the edits to their own result)
    start = min([start, *(s.start for s in overlapping)])
    end = max([end, *(s.end for s in overlapping)])
    text = texts[turn][start:end]
    same = [s for s in overlapping if s.category == category and s.key]
    key = max(same, key=lambda s: s.end - s.start).key if same else normalise_key(text)
    for s in overlapping:
        spans.remove(s)
    spans.append(Span(turn, start, end, category, text, 1.0, REVIEWER, key))


def apply_edits(texts: list[str], spans: list[Span], edits: ReviewEdits) -> Applied:
    """Apply a transcript's decisions to its redactions; ``texts`` are the cleaned turns' texts.

    Order: un-redactions, then category changes, then added redactions, so that a redaction the
    reviewer added always wins over an un-redaction it overlaps (the safe side). An added redaction is
    also made wherever else its text occurs in the transcript, as the stage does for every original:
    otherwise the leak gate would refuse the transcript for the other occurrences.
    """
    result = Applied(list(spans))
    located: dict[Decision, tuple[int, int, int]] = {}
    for d in edits.decisions:
        if not d.study_wide:
            if (where := _locate(texts, d)) is None:
                result.stale.append(d)
            else:
                located[d] = where
    by_action = {a: [d for d in edits.decisions if d.action == a] for a in ACTIONS}

    for d in by_action[UNREDACT]:
        if d.study_wide:
            result.spans = [s for s in result.spans if _norm(s.text) != _norm(d.text)]
        elif d in located:
            result.spans = [s for s in result.spans if not _within(s, *located[d])]
    for d in by_action[CATEGORY]:
        if d.study_wide:
            hit = lambda s, d=d: _norm(s.text) == _norm(d.text)  # noqa: E731
        elif d in located:
            hit = lambda s, d=d: _within(s, *located[d])  # noqa: E731
        else:
            continue
        result.spans = [dataclasses.replace(s, category=d.category) if hit(s) else s for s in result.spans]
    for d in by_action[REDACT]:
        if d.study_wide or d not in located:
            # study-wide, or a stale span whose text is no longer where it was: redact it wherever it is
            # in this transcript rather than risk leaving it in
            pattern = _whole_word(d.text)
        else:
            turn, start, end = located[d]
            _force(result.spans, texts, turn, start, end, d.category)
            pattern = original_pattern(d.text.strip())
        for turn, text in enumerate(texts):
            for m in pattern.finditer(text):
                _force(result.spans, texts, turn, m.start(), m.end(), d.category)

    result.spans.sort(key=lambda s: (s.turn, s.start))
    result.unredacted = _unredacted(texts, result.spans, by_action[UNREDACT], located)
    return result


def _unredacted(
    texts: list[str],
    spans: list[Span],
    decisions: list[Decision],
    located: dict[Decision, tuple[int, int, int]],
) -> list[tuple[Span, Decision]]:
    """Where the reviewer's un-redactions leave text visible (not covered by a remaining redaction)."""
    out: list[tuple[Span, Decision]] = []
    for d in decisions:
        if d.study_wide:
            pattern = _whole_word(d.text)
            places = [(t, m.start(), m.end()) for t, text in enumerate(texts) for m in pattern.finditer(text)]
        else:
            places = [located[d]] if d in located else []
        for turn, start, end in places:
            if not any(s.turn == turn and s.start < end and start < s.end for s in spans):
                out.append((Span(turn, start, end, d.category, texts[turn][start:end]), d))
    return sorted(out, key=lambda pair: (pair[0].turn, pair[0].start))
