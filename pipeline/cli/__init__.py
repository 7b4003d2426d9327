"""The ``qualscribe`` command line. Only this layer prints, shows progress or chooses exit codes.

One module per command group registers its commands on ``app``; library code below raises domain
errors, which ``user_errors`` turns into one line on stderr and an exit code.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from pipeline import __version__
from pipeline.errors import QualscribeError

app = typer.Typer(
    help="Transcribe, clean and de-identify research interviews, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Turn a domain error into one line on stderr and its exit code: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QualscribeError as exc:
            typer.echo(f"qualscribe: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("qualscribe: interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qualscribe {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log each step to stderr")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="show the version")
    ] = False,
) -> None:
    """qualscribe: offline transcripts of research interviews."""
    # Warnings reach the user through the run's summary and its events (pipeline.batch.notices), so the
    # pipeline logger lets them through while stderr, under the progress bars, shows only errors.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.DEBUG if verbose else logging.ERROR)
    handler.setFormatter(logging.Formatter("qualscribe: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])
    logging.getLogger("pipeline").setLevel(logging.DEBUG if verbose else logging.WARNING)


def main() -> None:
    app()


# Command groups register themselves on `app` when imported.
from pipeline.cli import clean as _clean  # noqa: E402, F401
from pipeline.cli import codes as _codes  # noqa: E402, F401
from pipeline.cli import export as _export  # noqa: E402, F401
from pipeline.cli import redact as _redact  # noqa: E402, F401
from pipeline.cli import report as _report  # noqa: E402, F401
from pipeline.cli import review as _review  # noqa: E402, F401
from pipeline.cli import run as _run  # noqa: E402, F401
from pipeline.cli import transcribe as _transcribe  # noqa: E402, F401
