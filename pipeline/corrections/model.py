"""A checker's correction of the raw transcript, keyed to the raw words' timings.

The raw transcript (``work/<stem>/transcript.json``) is what the recogniser heard; every later stage is
re-run from it. A correction names the raw words it is about by their start, end and text
(:class:`WordRef`), not by an index or a character offset: a rerun of the later stages leaves those
unchanged, and a re-transcription that moves or changes the words makes the correction *no longer
matching*, shown as such on the page and in the run's warnings, never applied to whatever now sits
there and never silently dropped.

Actions, and what ``words``, ``text`` and ``at`` mean for each:

    replace  words: a stretch of one turn      text: what was said instead
    delete   words: a stretch never said
    insert   at: the time the missed words were said (words: the raw word before it, if any)   text
    speaker  words: the turn's first word      text: the speaker label the turn belongs to
    split    words: the word a new turn starts at
    merge    words: the first word of a turn that joins the turn before it
    name     speaker: a speaker label          text: the name it is shown under
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Any

from pipeline.document import Word
from pipeline.errors import DocumentError

REPLACE, DELETE, INSERT = "replace", "delete", "insert"
SPEAKER, SPLIT, MERGE, NAME = "speaker", "split", "merge", "name"
ACTIONS = (REPLACE, DELETE, INSERT, SPEAKER, SPLIT, MERGE, NAME)
WORD_ACTIONS = (REPLACE, DELETE, INSERT)
# two timings within this many seconds are the same (JSON round-trips them exactly; this only absorbs
# rounding by another tool)
TIME_TOLERANCE = 0.005


class CorrectionError(DocumentError):
    """A correction is malformed, or the study's corrections file cannot be read or is not one."""


@dataclass(frozen=True)
class WordRef:
    """A raw word by its timing and text: what a correction is keyed to."""

    start: float
    end: float
    text: str

    @classmethod
    def of(cls, word: Word) -> WordRef:
        return cls(word.start, word.end, word.text)

    def matches(self, word: Word) -> bool:
        return (
            word.text == self.text
            and abs(word.start - self.start) <= TIME_TOLERANCE
            and abs(word.end - self.end) <= TIME_TOLERANCE
        )

    def to_list(self) -> list[Any]:
        return [self.start, self.end, self.text]

    @classmethod
    def from_list(cls, data: Any) -> WordRef:
        try:
            start, end, text = data
            return cls(float(start), float(end), str(text))
        except (TypeError, ValueError) as exc:
            raise CorrectionError(f"malformed word reference {data!r}") from exc


@dataclass(frozen=True)
class Correction:
    """One decision of a checker. ``checker`` and ``time`` say who and when; they are not part of what
    the correction does, so the fingerprint leaves them out."""

    action: str
    words: tuple[WordRef, ...] = ()
    text: str = ""
    at: float | None = None
    speaker: str = ""
    checker: str = ""
    time: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise CorrectionError(f"unknown correction {self.action!r}; known: {', '.join(ACTIONS)}")
        needs_words = self.action in (REPLACE, DELETE, SPEAKER, SPLIT, MERGE)
        if needs_words and not self.words:
            raise CorrectionError(f"a {self.action} correction needs the words it is about")
        if self.action in (REPLACE, INSERT, SPEAKER, NAME) and not self.text.strip():
            raise CorrectionError(f"a {self.action} correction needs its new text")
        if self.action == INSERT and self.at is None:
            raise CorrectionError("an insertion needs the time the words were said")
        if self.action == NAME and not self.speaker.strip():
            raise CorrectionError("naming a speaker needs the speaker label")
        if len(self.words) > 1 and any(b.start < a.start for a, b in itertools.pairwise(self.words)):
            raise CorrectionError("a stretch of words must be in time order")

    @property
    def target(self) -> tuple[Any, ...]:
        """What the correction is about; a newer correction on the same target replaces the older."""
        if self.action == NAME:
            return (NAME, self.speaker)
        if self.action == INSERT:
            return (INSERT, round(self.at or 0.0, 3))
        kind = "words" if self.action in (REPLACE, DELETE) else self.action
        return (kind, tuple(w.to_list()[0] for w in self.words[:1]), len(self.words))

    def content(self) -> dict[str, Any]:
        """What the correction does, in a stable JSON-ready form."""
        data: dict[str, Any] = {"action": self.action, "words": [w.to_list() for w in self.words]}
        if self.text:
            data["text"] = self.text
        if self.at is not None:
            data["at"] = self.at
        if self.speaker:
            data["speaker"] = self.speaker
        return data

    def to_dict(self) -> dict[str, Any]:
        return {**self.content(), "checker": self.checker, "time": self.time}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        if not isinstance(data, dict):
            raise CorrectionError(f"malformed correction {data!r}")
        fields = dict(data)
        fields["words"] = tuple(WordRef.from_list(w) for w in fields.get("words", []))
        if fields.get("at") is not None:
            fields["at"] = float(fields["at"])
        try:
            return cls(**fields)
        except TypeError as exc:
            raise CorrectionError(f"malformed correction {data!r}: {exc}") from exc


def fingerprint(corrections: tuple[Correction, ...] | list[Correction]) -> str:
    """A stable hash of what the corrections do, in any order: the ``correct`` stage's cache key."""
    contents = sorted(json.dumps(c.content(), sort_keys=True, ensure_ascii=False) for c in corrections)
    return hashlib.sha256("\n".join(contents).encode("utf-8")).hexdigest()
