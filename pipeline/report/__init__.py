"""The study report: ``out/report.html`` (self-contained, charts by matplotlib) and ``out/report.csv``.

What a methods section reports about the corpus ("18 interviews of 45–75 minutes") and a privacy
appendix reports about what was removed, counted from the study's own documents: per recording its
duration, talk time, words and turns per role, the encouragers and stutters the cleaning removed, the
redactions per category, the review and check status and a timeline of turns and redactions; and the
study-wide totals and distributions. Both files go through the leak gate like every shareable file,
and are made again only when what they count changes (their key is kept in ``work/report.json``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.deid.roster import RosterEntry
from pipeline.layout import WorkLayout
from pipeline.private import write_private
from pipeline.report.figures import RecordingFigures, exported
from pipeline.report.gate import report_gate, without_geometry

REPORT_HTML = "report.html"
REPORT_CSV = "report.csv"
REPORT_VERSION = "1"  # bump when the report's code changes what it shows
KEYED_STAGES = ("clean", "deidentify", "export")


@dataclass(frozen=True)
class Report:
    """The report's files in out/, and whether this call wrote them (False: they were up to date)."""

    files: list[Path]
    made: bool


def report_files(out: Path) -> list[Path]:
    return [out / REPORT_HTML, out / REPORT_CSV]


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def report_key(layout: WorkLayout, out: Path, title: str) -> str:
    """A hash of what the report counts: each exported recording's code, the cache keys of its
    cleaning, de-identification and export and the bytes of its checked transcript (its check status),
    the review decisions (the approvals), and the report's version. Hashed as bytes, not parsed: the
    key is computed on every run, and an hour's transcript takes longer to read than to hash."""
    from importlib.metadata import version

    parts: list[object] = [REPORT_VERSION, version("matplotlib"), title, str(out.resolve())]
    for folder, code in exported(layout, out):
        stages = json.loads(folder.manifest.read_text(encoding="utf-8")).get("stages", {})
        keys = [stages.get(s, {}).get("key", "") for s in KEYED_STAGES]
        parts.append([code, keys, _file_hash(folder.corrected)])
    parts.append(_file_hash(layout.decisions))
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def _cached(layout: WorkLayout, out: Path, key: str) -> bool:
    try:
        kept = json.loads(layout.report_key.read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return False
    return kept == key and all(p.is_file() for p in report_files(out))


def build(layout: WorkLayout, out: Path, title: str) -> tuple[list[RecordingFigures], str, str]:
    """The figures, the HTML page and the CSV (not yet checked, not written)."""
    from pipeline.report.figures import study_figures
    from pipeline.report.page import report_html
    from pipeline.report.summary import report_csv, summarise

    figures = study_figures(layout, out)
    made = datetime.now(UTC).date().isoformat()
    return figures, report_html(title, figures, summarise(figures), made), report_csv(figures)


def write_report(layout: WorkLayout, out: Path, roster: list[RosterEntry], deid, title: str = "") -> Report:
    """Write the report into ``out`` unless it is up to date; both files are checked by the leak gate
    first (LeakError: neither is written)."""
    title = title or "Study report"
    key = report_key(layout, out, title)
    if _cached(layout, out, key):
        return Report(report_files(out), made=False)
    _, html, csv_text = build(layout, out, title)
    gate = report_gate(layout, roster, deid)
    html_path, csv_path = report_files(out)
    # both checked before either is written; checked once (the page of a large study is megabytes)
    gate.check(without_geometry(html), str(html_path))
    gate.check(csv_text, str(csv_path))
    write_text_atomic(csv_path, csv_text)
    write_text_atomic(html_path, html)
    write_private(layout.report_key, json.dumps({"key": key}) + "\n")
    return Report([html_path, csv_path], made=True)
