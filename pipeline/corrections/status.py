"""A transcript's check status: unchecked, checked (by whom, when), or changed since the check.

A check records a hash of the corrected transcript the checker heard through: each turn's speaker and
text. A re-transcription, or a correction made after the check, changes it, and the transcript reads
*changed since check* until someone checks it again. The ``correct`` stage writes the status into the
transcript's ``settings["check"]``, which every later stage carries on, so the exports can say it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pipeline.corrections.store import Check
from pipeline.document import Transcript

UNCHECKED = "unchecked"
CHECKED = "checked"
CHANGED = "changed since check"
SETTINGS_KEY = "check"


def corrected_hash(transcript: Transcript) -> str:
    text = "\n".join(f"{turn.speaker}\t{turn.text}" for turn in transcript.turns)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_status(check: Check | None, transcript: Transcript) -> str:
    if check is None:
        return UNCHECKED
    return CHECKED if check.hash == corrected_hash(transcript) else CHANGED


def check_record(check: Check | None, transcript: Transcript, corrections: int) -> dict[str, Any]:
    """What the transcript says about its check: the status, and for a check the checker and its day
    (a shareable file says no finer time), and how many corrections were applied."""
    status = check_status(check, transcript)
    record: dict[str, Any] = {"status": status, "corrections": corrections}
    if check is not None:
        record |= {"by": check.checker, "date": check.time[:10]}
    return record


def describe(record: dict[str, Any] | None) -> str:
    """One line for an export's header: whether and by whom the words were checked against the audio."""
    status = (record or {}).get("status", UNCHECKED)
    if status == CHECKED:
        return f"Checked against the recording by {record['by']} on {record['date']}"  # type: ignore[index]
    if status == CHANGED:
        return f"Checked against the recording by {record['by']} on {record['date']}, changed since"  # type: ignore[index]
    return "Not checked against the recording"
