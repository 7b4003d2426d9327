"""out/MANIFEST.csv: what the shareable folder holds, and how far each file has been signed off.

One row per shareable file: its participant code, its review status (pending, approved by whom and
when, or changed since the approval), its check status (unchecked, checked by whom and when, or
changed since the check: from the corrected transcript the export was made from), and the qualscribe
version that wrote the manifest. Approved and pending transcripts look alike in out/; this file is
what tells them apart before anything is sent on. It names no original and no recording.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pipeline import __version__
from pipeline.batch.context import StudyContext
from pipeline.batch.stages.export import gate
from pipeline.batch.withdraw import shareable_files
from pipeline.corrections.status import SETTINGS_KEY, UNCHECKED
from pipeline.deid.decisions.approval import APPROVED, statuses
from pipeline.deid.decisions.store import load_state
from pipeline.document import load_transcript
from pipeline.errors import DocumentError
from pipeline.layout import RecordingFolder

MANIFEST_NAME = "MANIFEST.csv"
COLUMNS = ("file", "participant", "review", "reviewed_by", "reviewed_at", "check", "qualscribe")


def check_cell(folder: RecordingFolder) -> str:
    """The check status the corrected transcript (``corrected.json``) was made with, in words."""
    try:
        record = load_transcript(folder.corrected).settings.get(SETTINGS_KEY) or {}
    except DocumentError:  # a study run without the correct stage
        return UNCHECKED
    status = record.get("status", UNCHECKED)
    return status if status == UNCHECKED else f"{status}: {record.get('by', '')}, {record.get('date', '')}"


def manifest_rows(study: StudyContext) -> list[dict[str, str]]:
    """The rows, in file-name order: every recording's shareable files and the study's project."""
    work = study.layout.root
    status = statuses(work)
    state = load_state(work)
    rows = []
    for folder in study.layout.recordings():
        code = str(json.loads(folder.identity.read_text(encoding="utf-8")).get("code", ""))
        approval = state.approval(code)
        review = status.get(code, "pending")
        check = check_cell(folder)
        for path in shareable_files(folder, study.out):
            rows.append(
                {
                    "file": path.name,
                    "participant": code,
                    "review": review,
                    "reviewed_by": approval.reviewer if approval and review == APPROVED else "",
                    "reviewed_at": approval.time if approval and review == APPROVED else "",
                    "check": check,
                    "qualscribe": __version__,
                }
            )
    for project in sorted(study.out.glob("*.qdpx")):
        only = "approved transcripts only" if study.settings.export.qdpx_approved_only else "every transcript"
        rows.append(
            {"file": project.name, "participant": "(study)", "review": only, "qualscribe": __version__}
        )
    from pipeline.report import report_files

    for report in (p for p in report_files(study.out) if p.is_file()):
        rows.append(
            {"file": report.name, "participant": "(study)", "review": "every exported transcript",
             "qualscribe": __version__}
        )  # fmt: skip
    return sorted(rows, key=lambda row: row["file"])


def write_manifest(study: StudyContext) -> Path:
    """Write out/MANIFEST.csv (atomically, through the leak gate like every shareable file)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(manifest_rows(study))
    path = study.out / MANIFEST_NAME
    gate(study, []).write(path, buffer.getvalue())
    return path
