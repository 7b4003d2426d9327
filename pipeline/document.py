"""The document model every stage reads and writes, and its versioned JSON form.

A transcript carries how it was made (engine, model, every stage's settings) so that a result found on
disk months later still says where it came from, and so the batch runner can tell whether a cached
stage result is still valid for the current settings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError

SCHEMA_VERSION = 1
FORMAT_NAME = "qualscribe.transcript"


@dataclass
class Word:
    """One recognised word with its timing; ``probability`` is the recogniser's confidence (0..1)."""

    text: str
    start: float
    end: float
    probability: float


@dataclass
class Turn:
    """A stretch of speech by one speaker.

    Before diarization a turn is one recogniser segment with an empty speaker; the speakers stage fills
    ``speaker`` (the label printed in transcripts, e.g. ``I``) and ``role`` (interviewer/participant).
    ``channel`` records which channel of a stereo call recording the words came from, if any.
    """

    start: float
    end: float
    text: str
    speaker: str = ""
    role: str = ""
    channel: int | None = None
    words: list[Word] = field(default_factory=list)


@dataclass
class Removal:
    """One stretch of words a stage removed, kept in the transcript so a reviewer can see every drop.

    ``turn`` is the index of the turn it was removed from (in the stage's input), ``rule`` the rule that
    fired (e.g. ``encourager``, ``stutter-repeat``), ``start``/``end`` its audio time when known.
    """

    stage: str
    rule: str
    text: str
    speaker: str
    turn: int
    start: float | None = None
    end: float | None = None


@dataclass
class Transcript:
    """A whole recording's transcript plus its provenance.

    ``attributes`` are the participant's shareable study attributes from the roster (cohort, site...),
    which the .qdpx export turns into case variables. The JSON form writes them only when there are
    any, so a transcript without them reads and writes exactly as before (the schema stays version 1).
    """

    source: str
    sha256: str
    duration: float
    engine: str
    model: str
    language: str
    turns: list[Turn] = field(default_factory=list)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    removals: list[Removal] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All turns' text joined by newlines; convenient for scoring and search."""
        return "\n".join(turn.text for turn in self.turns)

    def to_dict(self) -> dict[str, Any]:
        data = {"format": FORMAT_NAME, "version": SCHEMA_VERSION, **asdict(self)}
        if not self.attributes:
            del data["attributes"]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        if data.get("format") != FORMAT_NAME:
            raise DocumentError('not a qualscribe transcript (missing "format": "qualscribe.transcript")')
        version = data.get("version")
        if version != SCHEMA_VERSION:
            raise DocumentError(
                f"transcript version {version!r} is not supported by this release "
                f"(it reads version {SCHEMA_VERSION})"
            )
        try:
            turns = [
                Turn(**{**turn, "words": [Word(**word) for word in turn.get("words", [])]})
                for turn in data["turns"]
            ]
            removals = [Removal(**removal) for removal in data.get("removals", [])]
            attributes = data.get("attributes", {})
            if not isinstance(attributes, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()
            ):
                raise DocumentError("malformed transcript: attributes must map names to text")
            fields = {k: v for k, v in data.items() if k not in ("format", "version", "turns", "removals")}
            return cls(**fields, turns=turns, removals=removals)
        except (KeyError, TypeError) as exc:
            raise DocumentError(f"malformed transcript: {exc}") from exc

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DocumentError(f"transcript is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise DocumentError("transcript JSON must be an object")
        return cls.from_dict(data)


def load_transcript(path: Path) -> Transcript:
    """Read a transcript JSON file, with a domain error for a missing or unreadable file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"cannot read transcript {path}: {exc.strerror or exc}") from exc
    return Transcript.from_json(text)
