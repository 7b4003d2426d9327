"""Batch commands: ``init`` lays out a study folder, ``run`` processes every recording in it.

``run`` accepts a study folder (one with a qualscribe.toml: recordings/, work/ and out/ inside it) or any
folder of recordings with ``--out``/``--work``. Rerunning resumes: finished stages are taken from the
work folder's cache, so only what is missing, or what a changed setting affects, is done again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli import app, err, user_errors
from pipeline.cli.codes import ask_passphrase
from pipeline.cli.progress import MODES, progress_listener
from pipeline.cli.summary import report
from pipeline.cli.transcribe import (
    ChannelsOpt,
    ConfigOpt,
    EngineOpt,
    LanguageOpt,
    ModelOpt,
    OutOpt,
    RosterOpt,
    SpeakersOpt,
    StampsOpt,
    WorkOpt,
)
from pipeline.config import Config
from pipeline.errors import AudioError, ConfigError
from pipeline.layout import WorkLayout
from pipeline.settings import Settings, load_settings, study_settings
from pipeline.study import StudyFolder, is_study

if TYPE_CHECKING:
    pass


@app.command("init")
@user_errors
def init_command(
    folder: Annotated[Path, typer.Argument(help="the new study folder (created if missing)")],
    roster: Annotated[
        Path | None, typer.Option("--roster", help="a roster CSV to copy into the study's private work/")
    ] = None,
) -> None:
    """Create a study folder: a commented qualscribe.toml, recordings/, work/ (private) and out/."""
    from pipeline.study import init_study

    study = init_study(folder, roster)
    typer.echo(f"created study {study.root}")
    typer.echo(f"  settings:   {study.settings}  (engine, model, cleaning, de-identification, exports)")
    typer.echo(f"  recordings: {study.recordings}  (put the interviews here)")
    typer.echo(f"  then:       qualscribe run {study.root}")


@app.command()
@user_errors
def run(
    folder: Annotated[
        Path, typer.Argument(help="a study folder (see `qualscribe init`) or a folder of recordings")
    ],
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
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="recordings transcribed at once [default: 1]")
    ] = None,
    executor: Annotated[
        str | None,
        typer.Option("--executor", help="where transcription runs: local or ray [default: local]"),
    ] = None,
    address: Annotated[
        str | None, typer.Option("--address", help="the Ray cluster's address [default: a local one]")
    ] = None,
    progress: Annotated[
        str | None,
        typer.Option(
            "--progress",
            help="rich (bars), plain (a line per stage), json (JSON lines on stdout) or quiet "
            "[default: rich on a terminal, else plain]",
        ),
    ] = None,
) -> None:
    """Transcribe, clean and de-identify every recording; shareable files are named by participant code.

    A broken recording is reported and the others go on (exit code 1). Rerunning does only what is
    missing. Participant codes are kept in an encrypted key file in the work folder; its passphrase comes
    from QUALSCRIBE_KEY_PASSPHRASE or a prompt.
    """
    from pipeline.batch.runner import run_batch

    mode = progress or ("rich" if err.is_terminal else "plain")
    if mode not in MODES:
        raise ConfigError(f"unknown progress mode {mode!r}; choose one of {', '.join(MODES)}")
    overrides = {
        "transcribe": {"engine": engine, "model": model, "language": language},
        "diarize": {"channels": channels, "speakers": speakers},
        "run": {"jobs": jobs, "executor": executor, "address": address},
        "output": {
            "timestamps": timestamps,
            **{k: str(v) if v else None for k, v in (("out", out), ("work", work), ("roster", roster))},
        },
    }
    settings, root, recordings = _batch_of(folder, config, overrides)
    places = settings.output
    passphrase = ask_passphrase(new=not WorkLayout(Path(places.work)).key_file.exists())
    with progress_listener(mode, err) as listener:
        batch = run_batch(recordings, settings, passphrase, listener, root)
    failed = report(batch, mode, Path(places.out), Path(places.work))
    if failed:
        raise typer.Exit(1)


def _batch_of(folder: Path, config: Path | None, overrides: Config) -> tuple[Settings, Path, list[Path]]:
    """The validated settings, the recordings' root and the files of the batch (a study's recordings
    and its transcripts/, or a folder's recordings): all checked before anything is decoded."""
    from pipeline.batch.recordings import discover, discover_transcripts
    from pipeline.batch.registry import STAGES

    study = StudyFolder(folder)
    if is_study(folder):
        if config is not None:
            raise ConfigError(f"{folder} is a study: its settings are {study.settings}")
        settings = study_settings(folder, overrides)
        root, transcripts = study.recordings, discover_transcripts(study.transcripts)
    else:
        settings = load_settings(config, overrides)
        root, transcripts = folder, []
    STAGES.pipeline(settings.run.stages)  # every setting is checked before anything else happens
    recordings = discover(root) + transcripts
    if not recordings:
        where = f"{root} (nor transcripts in {study.transcripts})" if is_study(folder) else folder
        raise AudioError(f"no recordings found in {where}")
    return settings, root, recordings
