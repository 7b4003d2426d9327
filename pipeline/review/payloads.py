"""What the page sends, read strictly: a reviewer's name, whole numbers, and the places decisions name.

A request the page could not have made (a missing name, a fractional offset) is refused with a clear
reason rather than guessed at: every decision is a record the privacy board may read later.
"""

from __future__ import annotations

from typing import Any

from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.model import REDACT, REVIEWER, UNREDACT, ReviewEdits


def where(turn: int, start: int, end: int, text: str) -> dict[str, Any]:
    return {"id": f"{turn}-{start}-{end}", "turn": turn, "start": start, "end": end, "text": text}


def decision_for(
    text: str, turn: int, start: int, end: int, edits: ReviewEdits, recognizer: str
) -> dict[str, Any] | None:
    """The decision that made or changed this redaction, so the page can offer to undo it."""
    for d in reversed(edits.decisions):
        if d.action == UNREDACT:
            continue
        if d.action == REDACT and recognizer != REVIEWER:
            continue
        same_text = d.text.strip().lower() == text.strip().lower()
        inside = d.turn == turn and start <= (d.start or 0) and (d.end or 0) <= end
        if same_text or inside:
            return {**d.to_dict(), "study_wide": d.study_wide}
    return None


def reviewer_of(payload: dict[str, Any]) -> str:
    name = str(payload.get("reviewer") or "").strip()
    if not name:
        raise ReviewError("enter your name first: every decision records who made it")
    return name


def whole_number(payload: dict[str, Any], key: str) -> int:
    value = payload.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ReviewError(f"{key} must be a whole number")
    return value
