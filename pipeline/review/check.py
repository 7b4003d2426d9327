"""The check view's side of the page, without HTTP: the corrected transcript word by word with the places
to listen, and the checker's actions, each checked and saved before it returns.

The corrections, their store and the check status live below the page in :mod:`pipeline.corrections`,
which the ``correct`` stage applies; this module only shows and edits them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.audit import now
from pipeline.corrections.apply import Corrected, apply_corrections, matches
from pipeline.corrections.flags import Flag, all_flags
from pipeline.corrections.model import ACTIONS, INSERT, NAME, SPEAKER, Correction, CorrectionError
from pipeline.corrections.speech import load_speech
from pipeline.corrections.status import check_status, corrected_hash
from pipeline.corrections.store import CorrectionStore, TranscriptCheck
from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.items import recording_codes
from pipeline.document import Transcript, load_transcript
from pipeline.layout import RecordingFolder, WorkLayout
from pipeline.review_options import ReviewOptions


class CheckNotFound(ReviewError):
    """No processed recording with this code, or it has no raw transcript with word timings."""


@dataclass
class Recording:
    """What the check view needs of one recording's private folder."""

    code: str
    folder: RecordingFolder
    source: Path
    sha256: str
    raw: Transcript


@dataclass
class CheckService:
    work: Path
    out: Path | None
    options: ReviewOptions

    def __post_init__(self) -> None:
        self.store = CorrectionStore(self.work)

    def recording(self, code: str) -> Recording:
        stem = recording_codes(self.work, self.out).get(code)
        if stem is None:
            raise CheckNotFound(f"no processed transcript with code {code}")
        folder = WorkLayout(self.work).recording(stem)
        if not folder.raw.is_file() or not folder.identity.is_file():
            raise CheckNotFound(f"{code}: no raw transcript to check (run `qualscribe run` again)")
        identity = json.loads(folder.identity.read_text(encoding="utf-8"))
        return Recording(
            code, folder, Path(identity["source"]), identity["sha256"], load_transcript(folder.raw)
        )

    def corrected(
        self, code: str, rec: Recording | None = None
    ) -> tuple[Recording, TranscriptCheck, Corrected]:
        """The recording (read again unless given), its corrections and the corrected transcript."""
        rec = rec or self.recording(code)
        mine = self.store.of(code)
        return rec, mine, apply_corrections(rec.raw, mine.corrections)

    def open_flags(self, code: str) -> list[Flag]:
        """The check flags nobody has looked at yet."""
        rec, mine, result = self.corrected(code)
        flags = all_flags(result.turns, load_speech(rec.folder, rec.sha256), self.options)
        return [f for f in flags if f.id not in mine.dismissed]

    def summary(self, code: str) -> dict[str, Any]:
        try:
            rec, mine, result = self.corrected(code)
        except CheckNotFound:
            return {"check": None, "check_open": 0}
        flags = all_flags(result.turns, load_speech(rec.folder, rec.sha256), self.options)
        return {
            "check": check_status(mine.check, result.transcript),
            "checked_by": mine.check.__dict__ if mine.check else None,
            "check_open": sum(f.id not in mine.dismissed for f in flags),
            "corrections": len(mine.corrections),
        }

    def view(self, code: str, rec: Recording | None = None) -> dict[str, Any]:
        """The check page's view; an action passes the recording it has read already (a 90-minute raw
        transcript takes a while to read)."""
        rec, mine, result = self.corrected(code, rec)
        speech = load_speech(rec.folder, rec.sha256)
        flags = all_flags(result.turns, speech, self.options)
        stale = {id(c) for c in result.stale}
        turns = [
            {
                "speaker": t.speaker,
                "role": t.role,
                "start": doc.start,
                "words": [
                    [w.word.text, w.word.start, w.word.end, round(w.word.probability, 2), w.by]
                    for w in t.words
                ],
            }
            for t, doc in zip(result.turns, result.transcript.turns, strict=True)
        ]
        return {
            "code": code,
            "status": check_status(mine.check, result.transcript),
            "check": mine.check.__dict__ if mine.check else None,
            "duration": rec.raw.duration,
            "audio": f"/audio/{code}",
            "speech_known": speech is not None,
            "speakers": sorted({t.speaker for t in rec.raw.turns if t.speaker}),
            "names": {c.speaker: c.text for c in mine.corrections if c.action == NAME},
            "turns": turns,
            "flags": [{**f.__dict__, "dismissed": f.id in mine.dismissed} for f in flags],
            "open": sum(f.id not in mine.dismissed for f in flags),
            "corrections": [
                {**c.to_dict(), "index": i, "stale": id(c) in stale} for i, c in enumerate(mine.corrections)
            ],
        }

    # --- acting --------------------------------------------------------------------------------------

    def correct(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Record one correction: ``action``, ``words`` ([start, end, text] of raw words), ``text``,
        ``at`` (insertions), ``speaker`` (naming), ``checker``."""
        rec = self.recording(code)
        correction = Correction.from_dict(
            {
                "action": str(payload.get("action", "")),
                "words": payload.get("words") or [],
                "text": str(payload.get("text") or "").strip(),
                "at": payload.get("at"),
                "speaker": str(payload.get("speaker") or ""),
                "checker": _checker(payload),
                "time": now(),
            }
        )
        if correction.action not in ACTIONS:
            raise CorrectionError(f"unknown correction {correction.action!r}")
        if not matches(rec.raw, correction):
            raise CorrectionError("those words are not in the raw transcript; reload the page")
        labels = {t.speaker for t in rec.raw.turns if t.speaker}
        if correction.action == SPEAKER and correction.text not in labels:
            raise CorrectionError(f"no speaker {correction.text!r}; known: {', '.join(sorted(labels))}")
        if correction.action == NAME and correction.speaker not in labels:
            raise CorrectionError(f"no speaker {correction.speaker!r} to name")
        if correction.action == INSERT and not 0 <= (correction.at or 0) <= rec.raw.duration + 1:
            raise CorrectionError("an insertion's time must lie within the recording")
        self.store.correct(code, correction)
        return self.view(code, rec)

    def undo(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        rec = self.recording(code)
        index = payload.get("index")
        if not isinstance(index, int) or isinstance(index, bool):
            raise CorrectionError("index must be a whole number")
        self.store.undo(code, index, _checker(payload))
        return self.view(code, rec)

    def dismiss(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Mark a flag looked at (nothing to correct), or take that back with ``undo``."""
        flag = str(payload.get("flag") or "")
        rec, _, result = self.corrected(code)
        known = {f.id for f in all_flags(result.turns, load_speech(rec.folder, rec.sha256), self.options)}
        if flag not in known:
            raise CorrectionError("no such flag in this transcript; reload the page")
        self.store.dismiss(code, flag, _checker(payload), undo=bool(payload.get("undo")))
        return self.view(code, rec)

    def mark_checked(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        rec, _, result = self.corrected(code)
        self.store.check(code, _checker(payload), corrected_hash(result.transcript))
        return self.view(code, rec)


def _checker(payload: dict[str, Any]) -> str:
    name = str(payload.get("checker") or payload.get("reviewer") or "").strip()
    if not name:
        raise ReviewError("enter your name first: every decision records who made it")
    return name
