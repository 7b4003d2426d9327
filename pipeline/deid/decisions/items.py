"""What the reviewer reviews: each processed recording in a study's private work folder, by its code.

A recording's folder ``work/<stem>/`` (:class:`pipeline.layout.RecordingFolder`) holds the cleaned
transcript (the de-identification stage's input, whose coordinates the decisions use), the ledger of
the last run, and ``recording.json``, which names its participant code, so the review needs no
passphrase. A folder without them (not processed yet, or another kind of folder such as ``review/``)
is not listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.model import REVIEWER, Span
from pipeline.deid.ledger import load_ledger
from pipeline.deid.roster import normalise_key
from pipeline.document import Transcript, load_transcript
from pipeline.layout import RecordingFolder, WorkLayout


@dataclass
class ReviewItem:
    """One transcript as the reviewer sees it: the cleaned text and the detector's redactions.

    ``spans`` leave out the redactions the ledger credits to the reviewer: those come back from the
    decisions themselves, so undoing a decision shows at once, before the next run.
    """

    code: str
    stem: str
    transcript: Transcript
    spans: list[Span]
    tags: dict[tuple[int, int, int], str]

    @property
    def texts(self) -> list[str]:
        return [turn.text for turn in self.transcript.turns]


def _code_from_out(folder: RecordingFolder, out: Path | None) -> str | None:
    """Before recording.json existed: the shareable JSON whose audio hash matches the cleaned one's."""
    if out is None or not out.is_dir():
        return None
    sha = json.loads(folder.cleaned.read_text(encoding="utf-8")).get("sha256")
    for path in sorted(out.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and data.get("sha256") == sha and "deid" in data.get("settings", {}):
            return path.stem
    return None


def recording_codes(work: Path, out: Path | None = None) -> dict[str, str]:
    """Participant code → the recording's folder name (stem) in ``work``, for every processed recording.

    Not :meth:`WorkLayout.recordings`, which lists only folders with ``recording.json``: a folder from
    before that file existed is still reviewable, its code found through ``out`` (:func:`_code_from_out`).
    """
    codes: dict[str, str] = {}
    if not work.is_dir():
        return codes
    layout = WorkLayout(work)
    for folder in (layout.recording(p.name) for p in sorted(work.iterdir()) if p.is_dir()):
        if not (folder.cleaned.exists() and folder.ledger.exists()):
            continue
        try:
            if folder.identity.exists():
                code = json.loads(folder.identity.read_text(encoding="utf-8"))["code"]
            else:
                code = _code_from_out(folder, out)
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ReviewError(f"cannot read {folder.identity}: {exc}") from exc
        if code:
            codes[str(code)] = folder.stem
    return dict(sorted(codes.items()))


def load_item(work: Path, code: str, stem: str) -> ReviewItem:
    folder = WorkLayout(work).recording(stem)
    transcript = load_transcript(folder.cleaned)
    entries = load_ledger(folder.ledger)
    spans, tags = [], {}
    for e in entries:
        if e.turn is None or e.recognizer == REVIEWER:
            continue
        span = Span(
            e.turn, e.start, e.end, e.category, e.original, e.score, e.recognizer, normalise_key(e.original)
        )
        spans.append(span)
        tags[(e.turn, e.start, e.end)] = e.tag
    for e in entries:  # tags of the reviewer's own redactions, from the last run, for the preview
        if e.turn is not None and e.recognizer == REVIEWER:
            tags[(e.turn, e.start, e.end)] = e.tag
    return ReviewItem(code, stem, transcript, spans, tags)
