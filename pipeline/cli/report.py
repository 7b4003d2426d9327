"""`qualscribe report STUDY`: the study report (out/report.html and out/report.csv), as `run` writes it.

It reads only the private work folder and the shareable folder, so it needs no passphrase and no
Whisper model; it takes the study's lock, so it never reads a half-finished run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app, user_errors


@app.command("report")
@user_errors
def report_command(
    study: Annotated[Path, typer.Argument(help="the study folder (with work/ and out/)")],
) -> None:
    """Write the study report: corpus figures for the methods section, removals and redactions for the
    privacy appendix, charts and a timeline per recording. It names participants by code only, and is
    checked by the leak gate like every shareable file."""
    from pipeline.batch.lock import study_lock
    from pipeline.deid.roster import read_roster
    from pipeline.layout import WorkLayout
    from pipeline.report import write_report
    from pipeline.settings import study_settings

    settings = study_settings(study, check=("deid", "export"))
    layout = WorkLayout(Path(settings.output.work))
    out = Path(settings.output.out)
    roster = read_roster(Path(settings.output.roster)).entries if settings.output.roster else []
    with study_lock(layout, out):
        report = write_report(layout, out, roster, settings.deid, settings.export.study)
    state = "written" if report.made else "up to date"
    typer.echo(f"study report {state}: " + ", ".join(str(p) for p in report.files))
