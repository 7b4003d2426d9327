"""The checker's decisions on disk: ``work/review/corrections.json``, and the study's audit log.

Per participant code: the corrections (oldest first), the flags a person looked at and dismissed (an
uncertain word that was right, a possible miss that names no one), and the check record (who checked
the transcript against the recording, when, and a hash of the corrected text they saw). Every change is
written at once, atomically, and appended to ``work/review/audit.jsonl`` beside the redaction decisions
before the page answers. Both files hold what was said, so they go through :mod:`pipeline.private`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.audit import append_audit, now
from pipeline.corrections.model import Correction, CorrectionError
from pipeline.layout import WorkLayout
from pipeline.private import write_private

CORRECTIONS_FORMAT = "qualscribe.corrections"


@dataclass(frozen=True)
class Check:
    """Who checked a transcript against the recording, when, and a hash of the corrected text."""

    checker: str
    time: str
    hash: str


@dataclass
class TranscriptCheck:
    corrections: list[Correction] = field(default_factory=list)
    dismissed: dict[str, dict[str, str]] = field(default_factory=dict)  # flag id → who, when
    check: Check | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "corrections": [c.to_dict() for c in self.corrections],
            "dismissed": dict(sorted(self.dismissed.items())),
            "check": asdict(self.check) if self.check else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranscriptCheck:
        try:
            return cls(
                [Correction.from_dict(c) for c in data.get("corrections", [])],
                {str(k): dict(v) for k, v in data.get("dismissed", {}).items()},
                Check(**data["check"]) if data.get("check") else None,
            )
        except (TypeError, AttributeError, ValueError) as exc:
            raise CorrectionError(f"malformed corrections file: {exc}") from exc


def load_checks(work: Path) -> dict[str, TranscriptCheck]:
    """Participant code → its corrections, dismissed flags and check; empty if nobody checked yet."""
    path = WorkLayout(work).corrections
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, json.JSONDecodeError) as exc:
        raise CorrectionError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != CORRECTIONS_FORMAT:
        raise CorrectionError(f"{path}: not a qualscribe corrections file")
    return {code: TranscriptCheck.from_dict(t) for code, t in data.get("transcripts", {}).items()}


def load_check(work: Path, code: str) -> TranscriptCheck:
    return load_checks(work).get(code, TranscriptCheck())


class CorrectionStore:
    """Changes one study's corrections; each change is saved and audited before it returns."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.layout = WorkLayout(work)
        self._lock = threading.Lock()

    def of(self, code: str) -> TranscriptCheck:
        return load_check(self.work, code)

    def correct(self, code: str, correction: Correction) -> Correction | None:
        """Record a correction (replacing an earlier one on the same target); return the one replaced."""
        with self._lock:
            checks = load_checks(self.work)
            mine = checks.setdefault(code, TranscriptCheck())
            old = next((c for c in mine.corrections if c.target == correction.target), None)
            if old:
                mine.corrections.remove(old)
            mine.corrections.append(correction)
            self._save(checks)
            self._audit(
                correction.checker,
                "correct",
                code,
                correction=correction.content(),
                replaced=old.content() if old else None,
            )
            return old

    def undo(self, code: str, index: int, checker: str) -> Correction:
        with self._lock:
            checks = load_checks(self.work)
            mine = checks.setdefault(code, TranscriptCheck())
            if not 0 <= index < len(mine.corrections):
                raise CorrectionError("no such correction (already undone?); reload the page")
            found = mine.corrections.pop(index)
            self._save(checks)
            self._audit(checker, "undo correction", code, correction=found.content())
            return found

    def dismiss(self, code: str, flag: str, checker: str, undo: bool = False) -> None:
        """Record that ``checker`` looked at flag ``flag`` and found nothing to change (or take it back)."""
        with self._lock:
            checks = load_checks(self.work)
            mine = checks.setdefault(code, TranscriptCheck())
            if undo:
                mine.dismissed.pop(flag, None)
            else:
                mine.dismissed[flag] = {"by": checker, "time": now()}
            self._save(checks)
            self._audit(checker, "undo dismiss" if undo else "dismiss", code, flag=flag)

    def check(self, code: str, checker: str, text_hash: str) -> Check:
        if not checker.strip():
            raise CorrectionError("marking a transcript checked needs the checker's name")
        with self._lock:
            checks = load_checks(self.work)
            record = Check(checker.strip(), now(), text_hash)
            checks.setdefault(code, TranscriptCheck()).check = record
            self._save(checks)
            self._audit(checker, "checked", code, hash=text_hash)
            return record

    def _save(self, checks: dict[str, TranscriptCheck]) -> None:
        data = {
            "format": CORRECTIONS_FORMAT,
            "version": 1,
            "transcripts": {code: t.to_dict() for code, t in sorted(checks.items())},
        }
        write_private(self.layout.corrections, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def _audit(self, checker: str, event: str, code: str, **details: Any) -> None:
        append_audit(self.layout, checker, event, code, **details)
