"""`qualscribe redact`: de-identify an existing transcript (plain text, speaker lines, or JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app, user_errors
from pipeline.config import load_config, section_options
from pipeline.document import Transcript
from pipeline.errors import DocumentError


@app.command()
@user_errors
def redact(
    file: Annotated[Path, typer.Argument(help="transcript: .txt (plain or speaker lines) or .json")],
    roster: Annotated[
        Path | None, typer.Option(help="CSV of known identifiers: value,category,participant")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print {text, entities} with offsets into FILE")
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
    from pipeline.deid.options import DeidOptions
    from pipeline.deid.roster import load_roster
    from pipeline.deid.stage import deidentify, redact_text
    from pipeline.deid.tags import TagBook

    options = section_options(
        load_config(config, {"deid": {"tag_style": "plain" if plain else None}}), "deid", DeidOptions
    )
    book = (
        TagBook.load(
            tags,
            numbered=options.tag_style == "numbered",
            plain_categories=frozenset(options.plain_categories),
        )
        if tags
        else TagBook(
            numbered=options.tag_style == "numbered", plain_categories=frozenset(options.plain_categories)
        )
    )
    entries = load_roster(roster) if roster else None
    try:
        content = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from exc
    if file.suffix.lower() == ".json":
        transcript, ledger_entries = deidentify(Transcript.from_json(content), options, book, entries)
        typer.echo(transcript.to_json(), nl=False)
    else:
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
        save_ledger(ledger, str(file), ledger_entries)
    if tags:
        book.save(tags)
