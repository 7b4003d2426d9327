"""``qualscribe codes``: participant codes and the encrypted key file (code → real name).

The passphrase comes from QUALSCRIBE_KEY_PASSPHRASE or a hidden prompt (asked twice for a new key file)
and is never echoed, stored or logged. Real names are printed only by ``codes show``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli import app, err, user_errors
from pipeline.codes import CodesOptions, Key, assign_codes, new_key, recording_from_path
from pipeline.errors import KeyFileError
from pipeline.keyfile import PASSPHRASE_ENV, create_key, env_passphrase, read_key, update_key
from pipeline.settings import load_settings

codes_app = typer.Typer(
    help="Participant codes (P01, …) and the encrypted key file that links them to real names.",
    no_args_is_help=True,
)
app.add_typer(codes_app, name="codes")

KeyArg = Annotated[
    Path, typer.Argument(help="the key file, e.g. work/key.qskey (keep it in the private work folder)")
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")]


def ask_passphrase(new: bool) -> str:
    """From the environment, else a hidden prompt; a new key file's passphrase is typed twice.

    Without a terminal there is no one to type it (a script, a cron job, a pipe): getpass would warn that
    the input may be echoed and then abort, so say instead how to give one.
    """
    passphrase = env_passphrase()
    if passphrase is None and not sys.stdin.isatty():
        raise KeyFileError(f"no passphrase for the key file: set {PASSPHRASE_ENV} or run in a terminal")
    if passphrase is None:
        try:
            passphrase = typer.prompt(
                "New key file passphrase" if new else "Key file passphrase",
                hide_input=True,
                confirmation_prompt=new,
                err=True,
            )
        except typer.Abort:  # Ctrl-C or Ctrl-D at the prompt: interrupted, as Ctrl-C is anywhere else
            raise KeyboardInterrupt from None
    return passphrase


def _options(config: Path | None) -> CodesOptions:
    return load_settings(config, check=("codes",)).codes


@codes_app.command()
@user_errors
def init(keyfile: KeyArg, config: ConfigOpt = None) -> None:
    """Create an empty key file; the form of its codes (the codes settings) is fixed from now on."""
    key = new_key(_options(config))
    if keyfile.exists():
        raise KeyFileError(f"{keyfile}: a key file already exists; it was left as it is")
    create_key(keyfile, ask_passphrase(new=True), key)
    typer.echo(f"created {keyfile} for {key.scheme.describe()}")
    err.print(f"Without its passphrase the key cannot be opened; set {PASSPHRASE_ENV} for batch runs.")


@codes_app.command()
@user_errors
def assign(
    keyfile: KeyArg,
    recordings: Annotated[list[Path], typer.Argument(help="recordings to code")],
    name: Annotated[
        str | None, typer.Option("--name", help="the participant's real name (one recording only)")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Give each recording's participant a code; recordings that have one keep it."""
    if name is not None and len(recordings) != 1:
        raise typer.BadParameter("--name goes with exactly one recording", param_hint="--name")
    options = _options(config)
    recs = {path: recording_from_path(path, name) for path in recordings}
    before: list[Key] = []

    def change(key: Key) -> Key:
        before.append(key)
        return assign_codes(key, recs.values(), options)

    key = update_key(keyfile, ask_passphrase(new=False), change)
    for path, rec in recs.items():
        entry = key.by_sha256(rec.sha256)
        typer.echo(f"{entry.code if entry else '?'}\t{path}")
    new = len(key.entries) - len(before[0].entries)
    kept = len({rec.sha256 for rec in recs.values()}) - new
    err.print(f"{new} new code(s); {kept} recording(s) already had one")


@codes_app.command()
@user_errors
def show(keyfile: KeyArg) -> None:
    """Print the key (code, real name, recording) to the terminal. Nothing is written to disk."""
    key = read_key(keyfile, ask_passphrase(new=False))
    if not Console().is_terminal:
        err.print("warning: this table holds real names; do not keep it in a file.")
    table = Table(title=f"{keyfile} — {key.scheme.describe()}")
    for column in ("code", "name", "recording", "assigned", "sha256"):
        table.add_column(column)
    for e in key.entries:
        table.add_row(e.code, e.name or "", e.recording, e.assigned, e.sha256[:12])
    Console().print(table)


@codes_app.command()
@user_errors
def lookup(
    keyfile: KeyArg, recording: Annotated[Path, typer.Argument(help="a recording (matched by content)")]
) -> None:
    """Print the code of a recording's participant (found by the audio's sha256, not its name)."""
    rec = recording_from_path(recording)
    entry = read_key(keyfile, ask_passphrase(new=False)).by_sha256(rec.sha256)
    if entry is None:
        raise KeyFileError(f"{recording}: no code in {keyfile} yet (`qualscribe codes assign` gives one)")
    typer.echo(entry.code)
