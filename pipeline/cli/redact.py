"""`qualscribe redact`: de-identify an existing transcript (text, JSON, DOCX, WebVTT, SRT or HTML)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app, user_errors
from pipeline.errors import DocumentError
from pipeline.importers import read_transcript, transcript_format
from pipeline.private import private_dir
from pipeline.settings import load_settings
from pipeline.speaker_lines import format_speaker_lines


@app.command()
@user_errors
def redact(
    file: Annotated[Path, typer.Argument(help="transcript: .txt, .json, .docx, .vtt, .srt or .html")],
    roster: Annotated[
        Path | None, typer.Option(help="CSV of known identifiers: value,category,participant")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="{text, entities} for a .txt; else the JSON document")
    ] = False,
    ledger: Annotated[Path | None, typer.Option(help="write the redaction ledger (originals!) here")] = None,
    tags: Annotated[
        Path | None, typer.Option(help="tag book to reuse and update, for study-wide tags")
    ] = None,
    plain: Annotated[bool, typer.Option("--plain-tags", help="[NAME] instead of numbered [NAME 1]")] = False,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")] = None,
) -> None:
    """Replace names, places, organisations, dates and contact details by tags; print the result."""
    # Presidio, spaCy and their gazetteers take seconds to import: only this command pays for them
    from pipeline.deid.ledger import save_ledger
    from pipeline.deid.roster import load_roster
    from pipeline.deid.stage import deidentify, redact_text
    from pipeline.deid.tags import TagBook

    overrides = {"deid": {"tag_style": "plain" if plain else None}}
    settings = load_settings(config, overrides, check=("deid",))
    options = settings.deid
    book = TagBook.for_options(options, tags)
    entries = load_roster(roster) if roster else None
    kind = transcript_format(file)  # an unsupported format is refused before anything is read
    if kind != "text":  # JSON, DOCX, VTT, SRT, HTML: read into turns, speakers and timings kept
        transcript, ledger_entries = deidentify(
            read_transcript(file, settings.speaker_lines), options, book, entries
        )
        as_document = as_json or kind == "json"
        typer.echo(transcript.to_json() if as_document else format_speaker_lines(transcript), nl=False)
    else:
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DocumentError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from exc
        redacted, ledger_entries, detections = redact_text(content, options, book, entries)
        if as_json:
            entities = [
                {
                    "start": d.start,
                    "end": d.end,
                    "label": d.label,
                    "tag": e.tag,
                    "score": e.score,
                    "recognizer": d.recognizer,
                }
                for d, e in zip(detections, ledger_entries, strict=True)
            ]
            typer.echo(json.dumps({"text": redacted, "entities": entities}, ensure_ascii=False))
        else:
            typer.echo(redacted, nl=False)
    if ledger:
        _private_parent(ledger)
        save_ledger(ledger, str(file), ledger_entries)
    if tags:
        _private_parent(tags)
        book.save(tags)


def _private_parent(path: Path) -> None:
    """Create the folder of a file that holds originals (ledger, tag book) readable by its owner only.

    A folder that already exists is left as it is: it is the user's (the current directory, say), and the
    files themselves are written 0600.
    """
    if not path.parent.exists():
        private_dir(path.parent)
