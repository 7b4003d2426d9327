"""Write a transcript's exports into the shareable folder, every file through the leak gate.

Text formats are checked as written; a binary format (a zip) is checked on the text extracted from the
finished bytes, so what the gate reads is what a coder will see. Each file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.atomic import atomic_open
from pipeline.deid.leakgate import LeakGate
from pipeline.document import Transcript
from pipeline.export.registry import ExportContext, ExportFormat


def export_transcript(
    transcript: Transcript,
    formats: list[ExportFormat],
    out_dir: Path,
    gate: LeakGate,
    context: ExportContext,
    stem: str | None = None,
) -> list[Path]:
    """Write ``<stem><suffix>`` for each format (stem defaults to the transcript's participant code)."""
    stem = stem or transcript.source
    written = []
    for fmt in formats:
        path = out_dir / f"{stem}{fmt.suffix}"
        write_checked(path, fmt.write(transcript, context), gate, fmt)
        written.append(path)
    return written


def write_checked(path: Path, content: str | bytes, gate: LeakGate, fmt: ExportFormat) -> None:
    """Check, then write atomically: a refused file is not written at all, not even in part."""
    if isinstance(content, str):
        gate.write(path, content)
        return
    if fmt.text_of is None:
        raise TypeError(f"export format {fmt.name!r} returned bytes but cannot extract their text")
    gate.check(fmt.text_of(content), str(path))
    with atomic_open(path, "wb") as handle:
        handle.write(content)
