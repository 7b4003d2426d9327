"""The clean command: drop minimal encouragers and stutters from a transcript (text or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.clean import clean, load_lexicon
from pipeline.cli import app, user_errors
from pipeline.importers import read_any_transcript
from pipeline.settings import load_settings
from pipeline.speaker_lines import format_speaker_lines


@app.command("clean")
@user_errors
def clean_command(
    file: Annotated[
        Path,
        typer.Argument(help='a text transcript of speaker lines ("I: ...", "P: ...") or a JSON transcript'),
    ],
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", help="verbatim (the study's rule), clean or full [default: verbatim]"
        ),
    ] = None,
    pauses: Annotated[
        bool | None, typer.Option("--pauses/--no-pauses", help='mark long silences "(pause 3 s)"; JSON input')
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the cleaned JSON document instead")] = False,
) -> None:
    """Remove minimal encouragers and stutters; print the cleaned speaker lines (or JSON with --json).

    Every removal is listed in the JSON document's "removals", with the rule that made it.
    """
    settings = load_settings(config, {"clean": {"profile": profile, "pauses": pauses}}, check=("clean",))
    options = settings.clean  # checked, an unknown profile too, before the file is read
    lexicon = load_lexicon(options.wordlists)
    transcript = read_any_transcript(file, settings.speaker_lines)
    cleaned = clean(transcript, options, lexicon)
    typer.echo(cleaned.to_json() if as_json else format_speaker_lines(cleaned), nl=False)
