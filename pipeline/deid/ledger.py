"""The redaction ledger: every replacement with its original, for the privacy reviewer only.

It is written only to the study's private work folder (or a path the user names), never beside the
shareable output, and it is what the leak gate checks shareable files against.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.private import write_private

LEDGER_FORMAT = "qualscribe.ledger"


@dataclass(frozen=True)
class LedgerEntry:
    original: str
    tag: str
    category: str
    start: int
    end: int
    score: float
    recognizer: str
    turn: int | None = None  # which turn of the transcript; offsets are into that turn's text


def save_ledger(path: Path, source: str, entries: list[LedgerEntry]) -> None:
    data = {"format": LEDGER_FORMAT, "version": 1, "source": source, "entries": [asdict(e) for e in entries]}
    write_private(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def load_ledger(path: Path) -> list[LedgerEntry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != LEDGER_FORMAT:
            raise DocumentError(f"{path} is not a qualscribe redaction ledger")
        return [LedgerEntry(**entry) for entry in data["entries"]]
    except (OSError, json.JSONDecodeError, TypeError, KeyError) as exc:
        raise DocumentError(f"cannot read redaction ledger {path}: {exc}") from exc
