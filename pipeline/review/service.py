"""What the review page shows and does, without HTTP: views of the study and of a transcript, and the
reviewer's actions, each checked and saved before it returns.

An action that would make the export fail is refused with the reason, rather than recorded: un-redacting
a roster entry, or one occurrence of an original that stays redacted elsewhere (the leak gate refuses
any shareable file that still contains a known original).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.audit import now
from pipeline.deid.decisions.approval import deidentified_text, reviewed, status_of, text_hash
from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.items import ReviewItem, load_item, recording_codes
from pipeline.deid.decisions.model import (
    UNREDACT,
    Applied,
    Decision,
    ReviewEdits,
    apply_edits,
)
from pipeline.deid.decisions.store import DecisionStore, ReviewState
from pipeline.deid.leakgate import KnownIdentifier, LeakGate, original_pattern
from pipeline.deid.options import ALL_CATEGORIES
from pipeline.deid.roster import ROSTER_RECOGNIZER, RosterEntry
from pipeline.deid.wordlists import WordLists
from pipeline.errors import LeakError
from pipeline.review.check import CheckService
from pipeline.review.misses import find_misses
from pipeline.review.payloads import decision_for, reviewer_of, where, whole_number
from pipeline.review_options import ReviewOptions


class NotFound(ReviewError):
    """No processed transcript has this participant code."""


class Conflict(ReviewError):
    """The action would make the export fail; the message says why and what to do instead."""


@dataclass
class ReviewService:
    work: Path
    out: Path | None
    roster: list[RosterEntry]
    words: WordLists
    options: ReviewOptions

    def __post_init__(self) -> None:
        self.store = DecisionStore(self.work)
        self.check = CheckService(self.work, self.out, self.options)

    # --- reading -------------------------------------------------------------------------------------

    def _item(self, code: str) -> ReviewItem:
        stem = recording_codes(self.work, self.out).get(code)
        if stem is None:
            raise NotFound(f"no processed transcript with code {code}")
        return load_item(self.work, code, stem)

    def _items(self) -> list[ReviewItem]:
        return [
            load_item(self.work, code, stem) for code, stem in recording_codes(self.work, self.out).items()
        ]

    def _summary(self, item: ReviewItem, state: ReviewState) -> dict[str, Any]:
        applied = reviewed(item, state)
        approval = state.approval(item.code)
        misses = find_misses(
            item.texts, applied.spans, [u for u, _ in applied.unredacted], self.words, self.options
        )
        return {
            "code": item.code,
            "status": status_of(approval, text_hash(item.texts, applied.spans)),
            "approval": asdict(approval) if approval else None,
            "counts": dict(sorted(Counter(s.category for s in applied.spans).items())),
            "redactions": len(applied.spans),
            "low_confidence": sum(s.score < self.options.low_confidence for s in applied.spans),
            "misses": len(misses),
            "kept": len(applied.unredacted),
            "stale": len(applied.stale),
            "turns": len(item.texts),
            "open": len(self._open(item, applied, misses, state)),
            **self.check.summary(item.code),
        }

    def _open(self, item: ReviewItem, applied: Applied, misses: list, state: ReviewState) -> list[str]:
        """The privacy flags nobody decided or dismissed: possible misses, and low-confidence
        redactions without a decision of their own."""
        edits = state.edits(item.code)
        low = [
            _flag_id("low", s.turn, s.start, s.end, s.text)
            for s in applied.spans
            if s.score < self.options.low_confidence
            and not decision_for(s.text, s.turn, s.start, s.end, edits, s.recognizer)
        ]
        flags = [*low, *(_flag_id("miss", m.turn, m.start, m.end, m.text) for m in misses)]
        dismissed = self.check.store.of(item.code).dismissed
        return [f for f in flags if f not in dismissed]

    def overview(self) -> dict[str, Any]:
        state = self.store.state()
        return {
            "transcripts": [self._summary(item, state) for item in self._items()],
            "study_decisions": [d.to_dict() for d in state.study],
            "categories": list(ALL_CATEGORIES),
        }

    def transcript(self, code: str) -> dict[str, Any]:
        item = self._item(code)
        state = self.store.state()
        edits = state.edits(code)
        applied = reviewed(item, state)
        base = {(s.turn, s.start, s.end): s for s in item.spans}
        entries: list[dict[str, Any]] = []
        for s in applied.spans:
            before = base.get((s.turn, s.start, s.end))
            entries.append(
                {
                    "kind": "redaction",
                    **where(s.turn, s.start, s.end, s.text),
                    "category": s.category,
                    "tag": item.tags.get((s.turn, s.start, s.end), f"[{s.category}]"),
                    "score": round(s.score, 2),
                    "recognizer": s.recognizer,
                    "was": before.category if before and before.category != s.category else None,
                    "low": s.score < self.options.low_confidence,
                    "decision": decision_for(s.text, s.turn, s.start, s.end, edits, s.recognizer),
                    "flag": _flag_id("low", s.turn, s.start, s.end, s.text)
                    if s.score < self.options.low_confidence
                    else None,
                }
            )
        for s, d in applied.unredacted:
            entries.append({"kind": "kept", **where(s.turn, s.start, s.end, s.text), "decision": d.to_dict()})
        kept = [u for u, _ in applied.unredacted]
        for m in find_misses(item.texts, applied.spans, kept, self.words, self.options):
            flag = _flag_id("miss", m.turn, m.start, m.end, m.text)
            entries.append(
                {"kind": "miss", **where(m.turn, m.start, m.end, m.text), "reasons": m.reasons, "flag": flag}
            )
        dismissed = self.check.store.of(code).dismissed
        for e in entries:
            e["dismissed"] = e.get("flag") in dismissed
        entries.sort(key=lambda e: (e["turn"], e["start"]))
        return {
            **self._summary(item, state),
            "turns": [
                {"index": i, "speaker": t.speaker, "role": t.role, "start": t.start, "text": t.text}
                for i, t in enumerate(item.transcript.turns)
            ],
            "items": entries,
            "decisions": [{**d.to_dict(), "study_wide": d.study_wide} for d in edits.decisions],
            "stale": [d.to_dict() for d in applied.stale],
            "categories": list(ALL_CATEGORIES),
        }

    # --- acting --------------------------------------------------------------------------------------

    def decide(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Record one decision from the page: ``action``, ``text``, ``category``, ``reviewer``, and
        ``turn``/``start``/``end`` (the span it was made on) with ``study_wide`` true or false."""
        item = self._item(code)
        reviewer = reviewer_of(payload)
        turn, start, end = (whole_number(payload, k) for k in ("turn", "start", "end"))
        if not (0 <= turn < len(item.texts)) or item.texts[turn][start:end] != payload.get("text"):
            raise ReviewError("the text at that place does not match the transcript; reload the page")
        decision = Decision(
            str(payload.get("action", "")),
            item.texts[turn][start:end],
            str(payload.get("category") or ""),
            *((None, None, None) if payload.get("study_wide") else (turn, start, end)),
            reviewer=reviewer,
            time=now(),
        )
        if decision.action == UNREDACT:
            self._check_unredact(item, decision)
        self.store.decide(code, decision)
        return self.transcript(code)

    def undo(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        self._item(code)
        reviewer = reviewer_of(payload)
        fields = {k: payload.get(k) for k in ("action", "text", "category", "turn", "start", "end")}
        target = Decision.from_dict({k: v for k, v in fields.items() if v is not None})
        if self.store.undo(code, target, reviewer) is None:
            raise ReviewError("no such decision (already undone?); reload the page")
        return self.transcript(code)

    def approve(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Approve, once every flag (privacy and check) was decided or dismissed: approval means each
        flagged item was looked at."""
        item = self._item(code)
        summary = self._summary(item, self.store.state())
        remaining = summary["open"] + summary["check_open"]
        if remaining:
            raise Conflict(
                f"{remaining} flagged item(s) remain ({summary['open']} here, {summary['check_open']} in "
                "the check view): decide or dismiss each before approving"
            )
        applied = reviewed(item, self.store.state())
        self.store.approve(code, reviewer_of(payload), text_hash(item.texts, applied.spans))
        return self.transcript(code)

    def dismiss(self, code: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Mark a flagged item (a possible miss, a low-confidence redaction) looked at and left as it is."""
        flag = str(payload.get("id") or "")
        view = self.transcript(code)
        if flag not in {i.get("flag") for i in view["items"]}:
            raise ReviewError("no such flagged item in this transcript; reload the page")
        self.check.store.dismiss(code, flag, reviewer_of(payload), undo=bool(payload.get("undo")))
        return self.transcript(code)

    def _check_unredact(self, item: ReviewItem, decision: Decision) -> None:
        rostered = any(
            s.recognizer == ROSTER_RECOGNIZER and s.text.strip().lower() == decision.text.strip().lower()
            for s in item.spans
        )
        if rostered or any(original_pattern(e.value.strip()).search(decision.text) for e in self.roster):
            raise Conflict(
                f"{decision.text!r} is in the study's roster, which is redacted everywhere: "
                "edit the roster to keep it"
            )
        state = self.store.state()
        if not decision.study_wide:
            after = apply_edits(item.texts, item.spans, _with(state.edits(item.code), decision))
            turn, start, end = decision.turn, decision.start, decision.end
            if any(s.turn == turn and s.start < end and start < s.end for s in after.spans):  # type: ignore[operator]
                raise Conflict(
                    f"{decision.text!r} stays redacted by a reviewer's decision: undo that decision instead"
                )
        items = self._items() if decision.study_wide else [item]
        for other in items:
            before = reviewed(other, state)
            after = apply_edits(other.texts, other.spans, _with(state.edits(other.code), decision))
            if _passes_gate(other, before) and not _passes_gate(other, after):
                where = "" if other.code == item.code else f" in {other.code}"
                raise Conflict(
                    f"{decision.text!r} is also redacted elsewhere{where}, and the leak gate refuses a file "
                    "that still shows it: tick 'every occurrence in the study' to un-redact it everywhere"
                )


def _flag_id(kind: str, turn: int, start: int, end: int, text: str) -> str:
    """A privacy flag's id: its place in the cleaned text and the text there (new text, new flag)."""
    return f"{kind}:{turn}:{start}:{end}:{text}"


def _with(edits: ReviewEdits, decision: Decision) -> ReviewEdits:
    return ReviewEdits((*(d for d in edits.decisions if d.target != decision.target), decision))


def _passes_gate(item: ReviewItem, applied: Applied) -> bool:
    gate = LeakGate(KnownIdentifier(s.text, f"[{s.category}]") for s in applied.spans)
    try:
        gate.check(deidentified_text(item.texts, applied.spans), item.code)
    except LeakError:
        return False
    return True
