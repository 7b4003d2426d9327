"""The decisions on disk: decisions and approvals in ``work/review/decisions.json``, and an audit log.

Every change is written at once (atomically, so a crash leaves the old file or the new one, never half
of one) and appended to ``work/review/audit.jsonl`` (flushed to disk) with who did what and when, before
the page answers. Both hold originals, so they are written through :mod:`pipeline.private` (folder
0700, files 0600), and their names come from :class:`pipeline.layout.WorkLayout`. Per-transcript state
is keyed by participant code, which survives renaming the recording.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.audit import append_audit, now
from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.model import Decision, ReviewEdits
from pipeline.layout import WorkLayout
from pipeline.private import write_private

DECISIONS_FORMAT = "qualscribe.review"


@dataclass(frozen=True)
class Approval:
    """Who approved a transcript, when, and a hash of the de-identified text they approved."""

    reviewer: str
    time: str
    hash: str


@dataclass
class TranscriptReview:
    decisions: list[Decision] = field(default_factory=list)
    approval: Approval | None = None


@dataclass
class ReviewState:
    """All decisions of a study: study-wide ones, and per participant code its own and its approval."""

    study: list[Decision] = field(default_factory=list)
    transcripts: dict[str, TranscriptReview] = field(default_factory=dict)

    def edits(self, code: str) -> ReviewEdits:
        own = self.transcripts.get(code, TranscriptReview()).decisions
        return ReviewEdits(tuple(own) + tuple(self.study))

    def approval(self, code: str) -> Approval | None:
        review = self.transcripts.get(code)
        return review.approval if review else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": DECISIONS_FORMAT,
            "version": 1,
            "study": [d.to_dict() for d in self.study],
            "transcripts": {
                code: {
                    "decisions": [d.to_dict() for d in review.decisions],
                    "approval": review.approval.__dict__ if review.approval else None,
                }
                for code, review in sorted(self.transcripts.items())
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewState:
        if data.get("format") != DECISIONS_FORMAT:
            raise ReviewError("not a qualscribe review decisions file")
        try:
            return cls(
                study=[Decision.from_dict(d) for d in data.get("study", [])],
                transcripts={
                    code: TranscriptReview(
                        [Decision.from_dict(d) for d in review.get("decisions", [])],
                        Approval(**review["approval"]) if review.get("approval") else None,
                    )
                    for code, review in data.get("transcripts", {}).items()
                },
            )
        except (TypeError, AttributeError) as exc:
            raise ReviewError(f"malformed review decisions file: {exc}") from exc


def load_state(work: Path) -> ReviewState:
    """The study's review state; empty if nobody has reviewed anything yet."""
    path = WorkLayout(work).decisions
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ReviewState()
    except OSError as exc:
        raise ReviewError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReviewError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ReviewError(f"{path}: not a qualscribe review decisions file")
    try:
        return ReviewState.from_dict(data)
    except ReviewError as exc:
        raise ReviewError(f"{path}: {exc}") from exc


def load_edits(work: Path, code: str) -> ReviewEdits:
    """The decisions for participant ``code`` in the study whose private work folder is ``work``.

    Empty when nothing was decided (no review folder yet, or nothing for this code).
    """
    return load_state(work).edits(code)


class DecisionStore:
    """Reads and changes one study's review state; each change is saved and audited before it returns.

    One lock serialises changes, since the page's server may handle two requests at once.
    """

    def __init__(self, work: Path) -> None:
        self.work = work
        self.layout = WorkLayout(work)
        self._lock = threading.Lock()

    def state(self) -> ReviewState:
        return load_state(self.work)

    def decide(self, code: str, decision: Decision) -> Decision | None:
        """Record a decision (replacing any earlier one on the same target); return the one replaced.

        An approval is left as it was: if the decision changes the approved text, the transcript's
        status becomes "changed since approval" by its hash, for every transcript a study-wide decision
        touches, and for no other.
        """
        with self._lock:
            state = self.state()
            decisions, replaced = self._same_target(state, code, decision)
            if replaced:
                decisions.remove(replaced)
            decisions.append(decision)
            self._save(state)
            self._audit(
                decision.reviewer,
                "decide",
                code,
                decision=decision.content(),
                replaced=replaced.content() if replaced else None,
            )
            return replaced

    def undo(self, code: str, target: Decision, reviewer: str) -> Decision | None:
        """Remove the decision on ``target``'s target (if any) and return it."""
        with self._lock:
            state = self.state()
            decisions, found = self._same_target(state, code, target)
            if found:
                decisions.remove(found)
                self._save(state)
                self._audit(reviewer, "undo", code, decision=found.content())
            return found

    def approve(self, code: str, reviewer: str, text_hash: str) -> Approval:
        if not reviewer.strip():
            raise ReviewError("an approval needs the reviewer's name")
        with self._lock:
            state = self.state()
            approval = Approval(reviewer.strip(), now(), text_hash)
            self._review(state, code).approval = approval
            self._save(state)
            self._audit(reviewer, "approve", code, hash=text_hash)
            return approval

    def withdraw(self, code: str, reviewer: str) -> None:
        with self._lock:
            state = self.state()
            if self._review(state, code).approval is not None:
                self._review(state, code).approval = None
                self._save(state)
                self._audit(reviewer, "withdraw", code)

    @staticmethod
    def _review(state: ReviewState, code: str) -> TranscriptReview:
        return state.transcripts.setdefault(code, TranscriptReview())

    def _same_target(
        self, state: ReviewState, code: str, decision: Decision
    ) -> tuple[list[Decision], Decision | None]:
        """The list ``decision`` belongs in (the study's or the transcript's) and the decision already
        there on the same target, if any: a target has one decision at a time."""
        decisions = state.study if decision.study_wide else self._review(state, code).decisions
        return decisions, next((d for d in decisions if d.target == decision.target), None)

    def _save(self, state: ReviewState) -> None:
        """Write the state; :func:`write_private` also tightens the folder, an older looser one too."""
        write_private(self.layout.decisions, json.dumps(state.to_dict(), ensure_ascii=False, indent=2) + "\n")

    def _audit(self, reviewer: str, event: str, code: str, **details: Any) -> None:
        append_audit(self.layout, reviewer, event, code, **details)


def read_audit(work: Path) -> list[dict[str, Any]]:
    """Every audit entry, oldest first."""
    path = WorkLayout(work).audit
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
