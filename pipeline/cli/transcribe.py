"""Commands that turn one recording into a raw transcript, and list or fetch the models: transcribe, models.

``models`` is a group whose bare form lists (as it always has) and whose ``fetch`` subcommand is the one
place qualscribe downloads anything, and only when asked by name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from pipeline.cli import app, err, user_errors
from pipeline.model_hub import HUB_ALIASES, HUB_REPOS
from pipeline.models import model_statuses
from pipeline.private import private_dir
from pipeline.settings import Settings, load_settings

EngineOpt = Annotated[str | None, typer.Option("--engine", "-e", help="faster-whisper or openai-whisper")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", "-m", help="model name (see `qualscribe models`) or path")
]
LanguageOpt = Annotated[str | None, typer.Option("--language", "-l", help="spoken language, e.g. en")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="shareable, de-identified output folder [default: out]")
]
WorkOpt = Annotated[
    Path | None, typer.Option("--work", "-w", help="private work folder (identifying data) [default: work]")
]
RosterOpt = Annotated[
    Path | None,
    typer.Option("--roster", help="CSV of identifiers always to redact (value,category,participant)"),
]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")]
ChannelsOpt = Annotated[
    str | None,
    typer.Option("--channels", help="auto, split (one party per stereo channel) or mix [default: auto]"),
]
SpeakersOpt = Annotated[int | None, typer.Option("--speakers", help="number of voices [default: 2]")]
StampsOpt = Annotated[
    bool | None, typer.Option("--timestamps/--no-timestamps", help="[hh:mm:ss] stamps in text output")
]


def _config(
    config: Path | None,
    engine: str | None,
    model: str | None,
    language: str | None,
    timestamps: bool | None,
    channels: str | None = None,
    speakers: int | None = None,
    **output: Path | None,
) -> Settings:
    """The validated settings with this command's flags over them (checked before any audio is read)."""
    return load_settings(
        config,
        {
            "transcribe": {"engine": engine, "model": model, "language": language},
            "diarize": {"channels": channels, "speakers": speakers},
            "output": {"timestamps": timestamps, **{k: str(v) if v else None for k, v in output.items()}},
        },
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:>6.0f}/{task.total:.0f} s audio"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # scripts and logs get the summary, not bar redraws
    )


def _track(progress: Progress, name: str) -> tuple[Callable[[float], None], Callable[[float], None]]:
    """Callbacks that move a per-recording bar by transcribed audio time (a fair ETA for long files)."""
    state: dict[str, Any] = {}

    def started(duration: float) -> None:
        if "task" in state:
            progress.remove_task(state["task"])
        state["task"] = progress.add_task(name, total=max(duration, 0.01))

    def advanced(seconds: float) -> None:
        progress.update(state["task"], completed=seconds)

    return started, advanced


@app.command()
@user_errors
def transcribe(
    audio: Annotated[Path, typer.Argument(help="recording to transcribe (wav, mp3, m4a, flac, ogg, video)")],
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="folder for the raw transcript [default: work]")
    ] = None,
    config: ConfigOpt = None,
    timestamps: StampsOpt = None,
) -> None:
    """Transcribe one recording into a raw JSON and text transcript (identifying: not de-identified)."""
    # the stages' libraries load only when a command runs
    from pipeline.batch.stages.transcribe import save_raw, transcribe_recording

    settings = _config(config, engine, model, language, timestamps, work=out)
    out_dir = Path(settings.output.work)
    if not out_dir.exists():  # the raw transcript identifies: a new folder is its owner's only
        private_dir(out_dir)
    with _progress() as progress:
        started, advanced = _track(progress, audio.name)
        transcript = transcribe_recording(audio, settings, started, advanced, speakers=False)
    outputs = save_raw(transcript, out_dir / f"{audio.stem}.json", out_dir / f"{audio.stem}.txt", settings)
    for path in outputs:
        typer.echo(path)


models_app = typer.Typer(
    help="List the Whisper models, or fetch a larger one once: `qualscribe models fetch NAME`.",
    invoke_without_command=True,
)
app.add_typer(models_app, name="models")


@models_app.callback()
@user_errors
def models(ctx: typer.Context) -> None:
    """List the models qualscribe knows, whether each is installed, and how to install the rest."""
    if ctx.invoked_subcommand is not None:
        return
    table = Table(
        title="Whisper models (from installed packages or fetched on request; nothing downloads at run time)"
    )
    for column in ("model", "installed", "description", "install"):
        table.add_column(column)
    for status in model_statuses():
        table.add_row(
            status.name,
            "yes" if status.installed else "no",
            status.description,
            "" if status.installed else status.install_hint,
        )
    Console(width=200).print(table)
    typer.echo("Any CTranslate2 model folder or openai-whisper .pt checkpoint can also be given by path.")
    names = ", ".join([*HUB_REPOS, *HUB_ALIASES])
    typer.echo(f"Fetched once, on request only (`qualscribe models fetch NAME`, needs a network): {names}.")


def _download_progress() -> tuple[Progress, Callable[[str, int, int], None]]:
    """A bar per file, by bytes (a large-v3 model.bin is 3 GB), and the callback that moves it."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    tasks: dict[str, Any] = {}

    def on_bytes(file: str, received: int, size: int) -> None:
        if file not in tasks:
            tasks[file] = progress.add_task(file, total=size)
        progress.advance(tasks[file], received)

    return progress, on_bytes


@models_app.command("fetch")
@user_errors
def fetch(
    name: Annotated[
        str, typer.Argument(help="model to fetch, e.g. large-v3-turbo, large-v3, distil-large-v3")
    ],
) -> None:
    """Download a CTranslate2 Whisper model once into the cache, verified against the hub's checksums."""
    from pipeline.model_fetch import fetch_model

    # huggingface_hub logs to stderr when it retries a dropped connection; like the other libraries'
    # logs that shows with --verbose only, and the outcome stays one line
    verbose = logging.getLogger("pipeline").isEnabledFor(logging.DEBUG)
    logging.getLogger("huggingface_hub").setLevel(logging.DEBUG if verbose else logging.ERROR)
    progress, on_bytes = _download_progress()
    with progress:
        result = fetch_model(name, on_bytes)
    if result.already_installed:
        typer.echo(f"{result.name} is already installed: {result.path}", err=True)
    typer.echo(result.path)
