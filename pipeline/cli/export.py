"""The export command: de-identified JSON transcripts → the coding tools' formats, through the leak gate.

Only transcripts the de-identification stage produced are accepted (their settings name it), so a raw
transcript from the private work folder cannot be exported by mistake; with ``--roster`` the study's
known identifiers are checked again in every file before it is written. With ``--approved-only`` (the
default for a study-wide qdpx) only transcripts a privacy reviewer approved, in exactly the form
approved, are exported; the others are named on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app, user_errors
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.roster import load_roster
from pipeline.deid.variants import VariantRules
from pipeline.document import Transcript, load_transcript
from pipeline.errors import ConfigError, DocumentError
from pipeline.export import ExportContext, export_transcript, formats_named, known_formats
from pipeline.export.qdpx import write_study
from pipeline.export.registry import STUDY_FORMATS
from pipeline.settings import load_settings


def _split_formats(values: list[str] | None) -> list[str] | None:
    """``--formats txt,srt`` and ``--formats txt --formats srt`` mean the same."""
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@app.command("export")
@user_errors
def export_command(
    transcripts: Annotated[
        list[Path], typer.Argument(help="de-identified JSON transcripts (the <code>.json files of `run`)")
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--formats", "-f", help=f"comma-separated: {', '.join(known_formats())} [default: from config]"
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="output folder [default: out]")] = None,
    study: Annotated[str | None, typer.Option("--study", help="study name for the headers")] = None,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="CSV of identifiers the leak gate checks every file for")
    ] = None,
    timestamps: Annotated[
        bool | None, typer.Option("--timestamps/--no-timestamps", help="[hh:mm:ss] stamps in text output")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")] = None,
    work: Annotated[
        Path | None,
        typer.Option(
            "--work", "-w", help="the study's private work folder, for the privacy review's approvals"
        ),
    ] = None,
    approved_only: Annotated[
        bool | None,
        typer.Option(
            "--approved-only/--all",
            help="only transcripts approved on the review page [default: on for qdpx, else off]",
        ),
    ] = None,
) -> None:
    """Write each transcript in each format into the output folder; print the files written.

    qdpx is one REFI-QDA project for all the transcripts given, named after the study; it holds only
    approved transcripts unless --all is given.
    """
    settings = load_settings(
        config,
        {
            "export": {"formats": _split_formats(formats), "study": study},
            "output": {"out": str(out) if out else None, "timestamps": timestamps},
        },
        check=("export",),
    )
    options, output = settings.export, settings.output
    # an unknown name fails before anything is read
    chosen = formats_named([name for name in options.formats if name not in STUDY_FORMATS])
    study_wide = "qdpx" in options.formats
    entries = load_roster(roster) if roster else []
    known = [KnownIdentifier(e.value, f"[{e.category}]") for e in entries]
    gate = LeakGate(known, variants=VariantRules.from_options(settings.deid))
    context = ExportContext(study=options.study, timestamps=output.timestamps)
    loaded = [(path, load_transcript(path)) for path in transcripts]
    for path, transcript in loaded:
        if "deid" not in transcript.settings:
            raise DocumentError(f"{path}: not a de-identified transcript (export the <code>.json of `run`)")
    if approved_only if approved_only is not None else study_wide:
        loaded = _approved(loaded, work)
    for _, transcript in loaded:
        for written in export_transcript(transcript, chosen, Path(output.out), gate, context):
            typer.echo(str(written))
    if study_wide:
        typer.echo(str(write_study([t for _, t in loaded], Path(output.out), gate, context)))


def _approved(loaded: list[tuple[Path, Transcript]], work: Path | None) -> list[tuple[Path, Transcript]]:
    """Keep the transcripts approved on the review page; name the others, and why, on stderr."""
    from pipeline.deid.decisions.approval import left_out

    if work is None:
        raise ConfigError(
            "only approved transcripts are exported (the default for qdpx): give the study's work folder "
            "with --work, or export every transcript with --all"
        )
    codes = {transcript.source or path.stem: (path, transcript) for path, transcript in loaded}
    refused = left_out(work, {code: transcript for code, (_, transcript) in codes.items()})
    for code, reason in sorted(refused.items()):
        typer.echo(f"qualscribe: left out {code} (not approved: {reason})", err=True)
    kept = [pair for code, pair in codes.items() if code not in refused]
    if not kept:
        raise DocumentError("no approved transcripts to export: approve them with `qualscribe review`")
    return kept
