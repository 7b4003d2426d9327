"""The figures of the study report, counted from the private work folder's own documents.

Per recording: the cleaned transcript (``clean.json``: turns, speakers, word timings, and the cleaning
stage's removals by rule), the ledger (redactions by category, placed in time through the same word
timings as the de-identified audio) and the review and check status. Only recordings whose transcripts
are in out/ now count: the report describes what the coding team has, as out/MANIFEST.csv does.
Nothing here keeps an original: a redaction is its category and its time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.corrections.status import SETTINGS_KEY, UNCHECKED
from pipeline.deid.decisions.approval import item_status
from pipeline.deid.decisions.items import load_item
from pipeline.deid.decisions.store import load_state
from pipeline.deid.ledger import load_ledger
from pipeline.document import Transcript, load_transcript
from pipeline.errors import DocumentError
from pipeline.layout import RecordingFolder, WorkLayout
from pipeline.media.spans import entry_times

INTERVIEWER, PARTICIPANT = "interviewer", "participant"
ROLES = (INTERVIEWER, PARTICIPANT)
ENCOURAGER = "encourager"
STUTTER_PREFIX = "stutter"
SHAREABLE = ("export", "media")  # the stages whose files are in out/ (pipeline.batch.withdraw)


def check_status(folder: RecordingFolder) -> str:
    """The transcript check's status (unchecked, checked, changed since check) that the corrected
    transcript was made with, as out/MANIFEST.csv gives it, without the checker's name."""
    try:
        record = load_transcript(folder.corrected).settings.get(SETTINGS_KEY) or {}
    except DocumentError:  # a study run without the correct stage
        return UNCHECKED
    return str(record.get("status", UNCHECKED))


@dataclass
class RecordingFigures:
    """One recording's figures; ``timeline`` holds (start, end, role) turns and ``redacted`` holds
    (start, end, category) redactions, in seconds."""

    code: str
    duration: float
    turns: int
    talk: dict[str, float]
    words: dict[str, int]
    turns_by_role: dict[str, int]
    removals: dict[str, int]
    redactions: dict[str, int]
    review: str
    check: str
    timeline: list[tuple[float, float, str]] = field(default_factory=list)
    redacted: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def encouragers(self) -> int:
        return self.removals.get(ENCOURAGER, 0)

    @property
    def stutters(self) -> int:
        return sum(n for rule, n in self.removals.items() if rule.startswith(STUTTER_PREFIX))


def _role(role: str) -> str:
    return INTERVIEWER if role == INTERVIEWER else PARTICIPANT


def shared_files(folder: RecordingFolder, out: Path) -> list[Path]:
    """The recording's files in ``out`` as its stage cache lists them (what withdraw.shareable_files
    reads; read here directly, since the batch package sits above this one)."""
    try:
        recorded = json.loads(folder.manifest.read_text(encoding="utf-8"))["stages"]
        names = [n for stage in SHAREABLE if stage in recorded for n in recorded[stage]["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    paths = [Path(n) if Path(n).is_absolute() else folder.path / n for n in names]
    return [p for p in paths if p.is_file() and p.resolve().parent == out.resolve()]


def recording_figures(
    folder: RecordingFolder, code: str, review: str, check: str, cleaned: Transcript | None = None
) -> RecordingFigures:
    """Count one recording from its cleaned transcript (read here unless given) and ledger."""
    cleaned = cleaned or load_transcript(folder.cleaned)
    ledger = load_ledger(folder.ledger)
    talk = dict.fromkeys(ROLES, 0.0)
    words = dict.fromkeys(ROLES, 0)
    turns = dict.fromkeys(ROLES, 0)
    timeline = []
    for turn in cleaned.turns:
        role = _role(turn.role)
        talk[role] += max(0.0, turn.end - turn.start)
        words[role] += len(turn.text.split())
        turns[role] += 1
        timeline.append((turn.start, turn.end, role))
    redacted = []
    for entry in ledger:
        if entry.turn is not None and 0 <= entry.turn < len(cleaned.turns):
            start, end = entry_times(cleaned.turns[entry.turn], entry)
            redacted.append((start, end, entry.category))
    return RecordingFigures(
        code=code,
        duration=cleaned.duration,
        turns=len(cleaned.turns),
        talk=talk,
        words=words,
        turns_by_role=turns,
        removals=dict(sorted(Counter(r.rule for r in cleaned.removals).items())),
        redactions=dict(sorted(Counter(e.category for e in ledger).items())),
        review=review,
        check=check,
        timeline=timeline,
        redacted=redacted,
    )


def exported(layout: WorkLayout, out: Path) -> list[tuple[RecordingFolder, str]]:
    """The recordings whose transcripts are in out/ now, with their codes, in code order."""
    found = []
    for folder in layout.recordings():
        if not shared_files(folder, out):
            continue
        code = str(json.loads(folder.identity.read_text(encoding="utf-8")).get("code", ""))
        found.append((folder, code))
    return sorted(found, key=lambda item: item[1])


def study_figures(layout: WorkLayout, out: Path) -> list[RecordingFigures]:
    """Every exported recording's figures, in code order. Each cleaned transcript is read once, for
    its review status and its counts (an hour's transcript takes a tenth of a second to read)."""
    state = load_state(layout.root)
    figures = []
    for folder, code in exported(layout, out):
        if folder.cleaned.exists() and folder.ledger.exists():
            item = load_item(layout.root, code, folder.path.name)
            review, cleaned = item_status(item, state), item.transcript
        else:
            review, cleaned = "pending", None
        figures.append(recording_figures(folder, code, review, check_status(folder), cleaned))
    return figures
