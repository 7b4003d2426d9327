"""The end of a batch as a person (or a script) reads it: a table per recording, the warnings, what
was taken out of the shareable folder and why, and a last line that claims only what is there."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.table import Table

from pipeline.batch.events import CODE, RAN
from pipeline.batch.results import Batch, RecordingResult
from pipeline.cli import err


def report(batch: Batch, mode: str, out: Path, work: Path) -> list[RecordingResult]:
    """Print the batch's outcome for ``mode``; returns the recordings that failed."""
    results = batch.results
    failed = [r for r in results if r.status != "done"]
    if mode == "json":
        _json_summary(batch)
        return failed
    if mode != "quiet" or failed:
        _summary(results)
    _warnings(batch)
    _withdrawals(batch, work)
    done = len(results) - len(failed)
    where = f"private files in {work.resolve()}"
    if any(r.outputs for r in results):
        typer.echo(
            f"{done} of {len(results)} recording(s) done; de-identified transcripts are in "
            f"{out.resolve()}, {where}"
        )
    else:
        typer.echo(
            f"{done} of {len(results)} recording(s) done; no de-identified transcript was written, {where}"
        )
    return failed


def _withdrawals(batch: Batch, work: Path) -> None:
    """Files taken out of out/: which, where to, why (the reason names a tag, never an original)."""
    moved = [w for r in batch.results for w in r.withdrawn] + batch.withdrawn
    for w in moved:
        names = ", ".join(p.name for p in w.files)
        err.print(
            f"moved out of the shareable folder: {names} → {w.to} ({w.reason})",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _summary(results: list[RecordingResult]) -> None:
    table = Table(title="qualscribe run")
    for column in ("recording", "code", "status", "duration", "time", "outputs / reason"):
        table.add_column(column)
    for r in results:
        detail = ", ".join(p.name for p in r.outputs) if r.status == "done" else r.error
        status = r.status if r.status != "done" or _ran_any(r) else "done (cached)"
        table.add_row(r.source.name, r.code, status, f"{r.duration:.1f} s", f"{r.seconds:.1f} s", detail)
    err.print(table)


def _ran_any(result: RecordingResult) -> bool:
    """Whether this run did any work on the recording, rather than find it all finished already."""
    return any(outcome == RAN for stage, outcome in result.stages.items() if stage != CODE)


def _warnings(batch: Batch) -> None:
    """What a user must look at, per recording (never an original: the messages name settings and turns)."""
    lines = [f"study: {w}" for w in batch.warnings]
    lines += [f"{r.source.name}: {w}" for r in batch.results for w in r.warnings]
    for line in lines:
        err.print(f"warning: {line}", markup=False, highlight=False, soft_wrap=True)


def _json_summary(batch: Batch) -> None:
    for message in batch.warnings:
        typer.echo(json.dumps({"event": "warning", "recording": "(study)", "message": message}))
    for w in [w for r in batch.results for w in r.withdrawn] + batch.withdrawn:
        entry = {
            "event": "withdrawn",
            "files": [p.name for p in w.files],
            "to": str(w.to),
            "reason": w.reason,
        }
        typer.echo(json.dumps(entry, ensure_ascii=False))
    for r in batch.results:
        line = {
            "event": "result",
            "recording": str(r.source),
            "code": r.code,
            "status": r.status,
            "duration": round(r.duration, 3),
            "seconds": round(r.seconds, 3),
            "outputs": [os.fspath(p) for p in r.outputs],
            "error": r.error,
            "stages": r.stages,
            "warnings": r.warnings,
        }
        typer.echo(json.dumps(line, ensure_ascii=False))
