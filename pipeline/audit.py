"""The study's audit log, ``work/review/audit.jsonl``: who decided what, and when.

The privacy reviewer's decisions and the checker's corrections are two stores but one record for the
privacy board, so both append their lines here, in one form, flushed to disk before the change returns.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pipeline.layout import WorkLayout
from pipeline.private import append_private


def now() -> str:
    """UTC time to the second, ISO 8601: what the audit log, approvals and checks record."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def append_audit(layout: WorkLayout, person: str, event: str, code: str, **details: Any) -> None:
    """One line of the audit log (it holds originals: private, like the rest of the work folder)."""
    line = {"time": now(), "reviewer": person, "event": event, "code": code, **details}
    append_private(layout.audit, json.dumps(line, ensure_ascii=False))
