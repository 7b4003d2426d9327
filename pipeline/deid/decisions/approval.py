"""Whether each transcript is approved, and whether what was approved is still what would be exported.

An approval records a hash of the de-identified text the reviewer saw: the cleaned turns with every
redaction (the ledger's, adjusted by the decisions) replaced by its category. Not a hash of
``out/<code>.json``: a rerun that applies the reviewer's own decisions rewrites that file (and its
tag numbers may shift) without changing what was approved. Applying the decisions to the ledger they
produced changes nothing (:func:`pipeline.deid.decisions.model.apply_edits` is idempotent), so the
hash holds across such a rerun; a re-transcription, a new detection or a new decision changes it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.deid.decisions.items import ReviewItem, load_item, recording_codes
from pipeline.deid.decisions.model import Applied, Span, apply_edits
from pipeline.deid.decisions.store import Approval, ReviewState, load_state
from pipeline.document import Transcript

# a replacement tag as the stage writes it: [NAME 3] or [DATE]
_TAG = re.compile(r"\[([A-Z]+)(?: \d+)?\]")

PENDING = "pending"
APPROVED = "approved"
CHANGED = "changed since approval"


def reviewed(item: ReviewItem, state: ReviewState) -> Applied:
    """The transcript's redactions after the study's decisions: what the next export will redact."""
    return apply_edits(item.texts, item.spans, state.edits(item.code))


def deidentified_text(texts: list[str], spans: list[Span]) -> str:
    """The turns with each redaction replaced by ``[CATEGORY]`` (tag numbers left out on purpose)."""
    by_turn: dict[int, list[Span]] = {}
    for span in spans:
        by_turn.setdefault(span.turn, []).append(span)
    turns = []
    for index, text in enumerate(texts):
        parts, cursor = [], 0
        for s in sorted(by_turn.get(index, []), key=lambda s: s.start):
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
    codes = recording_codes(work, out)
    return {code: item_status(load_item(work, code, stem), state) for code, stem in codes.items()}


def item_status(item: ReviewItem, state: ReviewState) -> str:
    """One transcript's status, for a caller that has loaded the item already."""
    return status_of(state.approval(item.code), text_hash(item.texts, reviewed(item, state).spans))


def approved_codes(work: Path, out: Path | None = None) -> set[str]:
    """Codes whose transcript is approved and unchanged since: what ``--approved-only`` exports."""
    return {code for code, status in statuses(work, out).items() if status == APPROVED}


def exported_hash(transcript: Transcript) -> str:
    """The approval hash of a shareable transcript (``out/<code>.json``): equal to the approved one
    only if the file holds exactly the text that was approved (tag numbers aside)."""
    text = "\n\n".join(_TAG.sub(r"[\1]", turn.text) for turn in transcript.turns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def left_out(work: Path, transcripts: dict[str, Transcript]) -> dict[str, str]:
    """Of the shareable transcripts given (by code), those an ``--approved-only`` export must leave
    out, with the reason: not approved, changed since approval, or a file older than the approval
    (decisions not yet applied by a run)."""
    state = load_state(work)
    current = statuses(work)
    reasons = {}
    for code, transcript in transcripts.items():
        status = current.get(code)
        approval = state.approval(code)
        if status is None:
            reasons[code] = f"not found in {work}"
        elif status != APPROVED or approval is None:
            reasons[code] = status
        elif exported_hash(transcript) != approval.hash:
            reasons[code] = "approved, but its file predates the review: run `qualscribe run` again"
    return reasons
