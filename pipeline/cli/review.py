"""`qualscribe review STUDY`: the privacy review page, served on this machine only."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli import app, user_errors


@app.command("review")
@user_errors
def review_command(
    study: Annotated[Path, typer.Argument(help="the study folder (with work/ and out/)")],
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="open the page in the default browser")
    ] = True,
    port: Annotated[int, typer.Option("--port", help="port on 127.0.0.1 [default: a free one]")] = 0,
) -> None:
    """Review every redaction, fix misses and over-redactions, and approve each transcript.

    The page is served on 127.0.0.1 only and needs the token in the printed URL. Decisions are saved
    at once in the study's work/review/ and applied by the next `qualscribe run`.
    """
    from pipeline.review.server import serve
    from pipeline.review.study import open_study

    service = open_study(study)

    def announce(url: str) -> None:
        typer.echo(f"Privacy review of {study}: {url}")
        typer.echo(
            "The link's token works, for anyone who has the link, until this server stops (Ctrl+C); "
            "the next start makes a new one."
        )
        if browser:
            webbrowser.open(url)

    serve(service, announce, port)
