"""Whether each transcript is approved, and whether what was approved is still what would be exported.

An approval records a hash of the de-identified text the reviewer saw: the cleaned turns with every
redaction (the ledger's, adjusted by the decisions) replaced by its category. Not a hash of
``out/<code>.json``: a rerun that applies the reviewer's own decisions rewrites that file (and its
tag numbers may shift) without changing what was approved. Applying the decisions to the ledger they
produced changes nothing (:func:`pipeline.review.edits.apply_edits` is idempotent), so the hash holds
across such a rerun; a re-transcription, a new detection or a new decision changes it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.review.edits import Applied, Span, apply_edits
from pipeline.review.store import Approval, ReviewState, load_state
from pipeline.review.transcripts import ReviewItem, load_item, recording_codes

PENDING = "pending"
APPROVED = "approved"
CHANGED = "changed since approval"


def reviewed(item: ReviewItem, state: ReviewState) -> Applied:
    """The transcript's redactions after the study's decisions: what the next export will redact."""
    return apply_edits(item.texts, item.spans, state.edits(item.code))


def deidentified_text(texts: list[str], spans: list[Span]) -> str:
    """The turns with each redaction replaced by ``[CATEGORY]`` (tag numbers left out on purpose)."""
    turns = []
    for index, text in enumerate(texts):
        parts, cursor = [], 0
        for s in sorted((s for s in spans if s.turn == index), key=lambda s: s.start):
            parts += [text[cursor : s.start], f"[{s.category}]"]
            cursor = s.end
        turns.append("".join(parts) + text[cursor:])
    return "\n\n".join(turns)


def text_hash(texts: list[str], spans: list[Span]) -> str:
    return hashlib.sha256(deidentified_text(texts, spans).encode("utf-8")).hexdigest()


def status_of(approval: Approval | None, current_hash: str) -> str:
    if approval is None:
        return PENDING
    return APPROVED if approval.hash == current_hash else CHANGED


def statuses(work: Path, out: Path | None = None) -> dict[str, str]:
    """Participant code → pending, approved or changed since approval, for every processed recording."""
    state = load_state(work)
    result = {}
    for code, stem in recording_codes(work, out).items():
        item = load_item(work, code, stem)
        result[code] = status_of(state.approval(code), text_hash(item.texts, reviewed(item, state).spans))
    return result


def approved_codes(work: Path, out: Path | None = None) -> set[str]:
    """Codes whose transcript is approved and unchanged since: what ``--approved-only`` exports."""
    return {code for code, status in statuses(work, out).items() if status == APPROVED}
