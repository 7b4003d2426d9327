"""The batch runner: the registered stages over a batch of recordings, cached, resumable, and a failure
in one file never stops the others.

The per-recording stages (transcription with speakers) run on worker threads while the driver runs the
study-wide text stages of the previous recording in the recordings' order, so tag numbers and
participant codes come out the same however the work overlapped or was interrupted. Each stage's result
is cached in the recording's private folder under a key chained from the audio's sha256 through every
earlier stage (:mod:`pipeline.batch.cache`), so a rerun does only what a change invalidates.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch import stages as _stages  # noqa: F401  (fills the registry)
from pipeline.batch.cache import StageLog, StageManifest, Stopwatch, settings_key
from pipeline.batch.context import RecordingEnv, StudyContext
from pipeline.batch.events import (
    CACHED,
    DONE,
    FAILED,
    QUEUED,
    RAN,
    STARTED,
    WARNING,
    Event,
    Listener,
    ignore,
)
from pipeline.batch.executors import RemoteOutcome, local_executor, ray_executor
from pipeline.batch.finish import finish_study
from pipeline.batch.lock import study_lock
from pipeline.batch.notices import collect_warnings
from pipeline.batch.recordings import RecordingJob, discover, output_stems
from pipeline.batch.registry import STAGES, Registry, Stage
from pipeline.batch.results import Batch, RecordingResult
from pipeline.batch.stages.importing import IMPORT
from pipeline.batch.withdraw import withdraw_recording
from pipeline.codes import recording_from_path
from pipeline.errors import AudioError, DocumentError, LeakError, QualscribeError
from pipeline.layout import WorkLayout
from pipeline.settings import Settings

log = logging.getLogger(__name__)

# a recording's own problems: it is marked failed and the batch goes on. Anything else (a missing
# model, a wrong passphrase, a full disk) would fail every recording alike: the batch stops, and the stage
# log says where.
FILE_ERRORS = (AudioError, DocumentError, LeakError)
STUDY = "(study)"  # the stage log's and the events' name for what concerns no single recording


class StageFailed(Exception):
    """A recording's own error (one of FILE_ERRORS), with the stage it happened in."""

    def __init__(self, stage: str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.stage = stage
        self.cause = cause

    def __reduce__(self) -> tuple[Any, ...]:  # it crosses processes when a stage ran on a Ray worker
        return (StageFailed, (self.stage, self.cause))


@dataclass
class Progress:
    """Where one recording's stages have got to: the last key, the document, the outcomes."""

    key: str
    document: Any
    outcomes: dict[str, str] = field(default_factory=dict)


def keyed(options: Any) -> dict[str, Any]:
    """An options dataclass as the settings of a cache key. Its ``as_dict``, where it has one, leaves out
    what changes only the speed (thread counts), as in the transcripts' settings."""
    import dataclasses

    return options.as_dict() if hasattr(options, "as_dict") else dataclasses.asdict(options)


def stage_key(stage: Stage, env: RecordingEnv, upstream: str) -> str:
    """The stage's key: its upstream key, version, settings sections and further inputs."""
    settings = {section: keyed(getattr(env.settings, section)) for section in stage.sections}
    parts = {"stage": stage.name, "version": stage.version, "settings": settings, **stage.depends(env)}
    return settings_key(upstream, parts)


def run_stages(stages: list[Stage], env: RecordingEnv, progress: Progress) -> Progress:
    """Run (or take from the cache) each stage in order; a recording's own error becomes StageFailed."""
    for stage in stages:
        try:
            with collect_warnings(lambda message, s=stage.name: _warn(env, s, message)):
                _one_stage(stage, env, progress)
        except FILE_ERRORS as exc:
            raise StageFailed(stage.name, exc) from exc
        except QualscribeError as exc:  # fatal to the batch: recorded where it happened, then raised
            env.study.stage_log.write(env.job.stem, stage.name, FAILED, message=str(exc), fatal=True)
            raise
    return progress


def _one_stage(stage: Stage, env: RecordingEnv, progress: Progress) -> None:
    key = stage_key(stage, env, progress.key) if stage.cached else progress.key
    manifest = StageManifest(env.folder, env.job.sha256)
    if stage.cached and manifest.finished(stage.name, key):
        progress.document = stage.load(env)
        outcome, seconds = CACHED, 0.0
    else:
        if not stage.reports_progress:
            env.emit(stage.name, STARTED)
        watch = Stopwatch()
        progress.document = stage.run(progress.document, env)
        files = stage.save(progress.document, env)
        outcome, seconds = RAN, watch.seconds
        if stage.cached:
            manifest.record(stage.name, key, files, seconds)
        elif stage.unchanged is not None and stage.unchanged(env):
            outcome = CACHED
    _outcome(env, stage.name, outcome, seconds)
    progress.outcomes[stage.name] = outcome
    progress.key = key


def _outcome(env: RecordingEnv, stage: str, outcome: str, seconds: float) -> None:
    env.study.stage_log.write(env.job.stem, stage, outcome, seconds)
    env.emit(stage, outcome, seconds=seconds, total=env.duration)


def _warn(env: RecordingEnv, stage: str, message: str) -> None:
    env.warnings.append(f"{stage}: {message}")
    env.emit(stage, WARNING, message=message)


def run_batch(
    recordings: list[Path],
    settings: Settings,
    passphrase: str,
    listener: Listener = ignore,
    recordings_root: Path | None = None,
    registry: Registry = STAGES,
) -> Batch:
    """Process ``recordings`` (found below ``recordings_root``, which roster rows name them relative to);
    a file that fails is recorded with its reason and the rest go on.

    The study's lock is taken first, before the key file is created or any recording hashed.
    """
    if not recordings:
        return Batch([])
    stages = registry.pipeline(settings.run.stages)
    settings = _with_jobs(settings)
    layout = WorkLayout(Path(settings.output.work))
    with study_lock(layout, Path(settings.output.out)):
        warnings: list[str] = []
        try:
            with collect_warnings(warnings.append):
                study = StudyContext.open(settings, passphrase, recordings, recordings_root)
        except QualscribeError as exc:
            StageLog(layout.stage_log).write(STUDY, "open", FAILED, message=str(exc), fatal=True)
            raise
        for message in warnings:
            listener(Event(STUDY, "open", WARNING, message=message))
        results = _run_jobs(study, stages, recordings, listener)
        return finish_study(study, results, warnings, listener)


def _with_jobs(settings: Settings) -> Settings:
    """Each job gets its share of the cores, and the engine a replica per job."""
    jobs = settings.run.jobs
    if jobs <= 1:
        return settings
    share = settings.transcribe.cpu_threads or max(1, (os.cpu_count() or 1) // jobs)
    return settings.with_values("transcribe", workers=jobs, cpu_threads=share)


def _run_jobs(
    study: StudyContext, stages: list[Stage], recordings: list[Path], listener: Listener
) -> list[RecordingResult]:
    stems = output_stems(recordings)
    results: dict[Path, RecordingResult] = {}
    envs: list[RecordingEnv] = []
    for source in recordings:
        try:
            job = RecordingJob(source, stems[source], recording_from_path(source).sha256)
        except AudioError as exc:  # unreadable: it never gets a code, the rest go on
            results[source] = _failed(study, source, stems[source], stages[0].name, exc, listener)
            continue
        envs.append(RecordingEnv(study, job, listener))
    local = [s for s in stages if not s.remote]
    imported = STAGES.for_source(stages, IMPORT)
    for env in envs:
        env.emit("recording", QUEUED)

    def remote_names(env: RecordingEnv) -> list[str]:
        return [s.name for s in (imported if env.job.is_transcript else stages) if s.remote]

    def start(env: RecordingEnv) -> RemoteOutcome:
        watch = Stopwatch()
        remote = [STAGES.get(name) for name in remote_names(env)]
        done = run_stages(remote, env, Progress(env.job.sha256, env.job))
        return RemoteOutcome(
            done.key, done.document, done.outcomes, watch.seconds, env.duration, env.warnings
        )

    run = study.settings.run
    if run.executor == "ray":
        executor = ray_executor(envs, remote_names, run.address)
    else:
        executor = local_executor(envs, start, run.jobs)
    with executor as futures:
        for env in envs:  # the driver's stages, in order, while the next recordings are transcribed
            results[env.job.source] = _finish(env, local, futures[env], listener)
    return [results[source] for source in recordings]


def _finish(env: RecordingEnv, local: list[Stage], remote_result: Any, listener: Listener) -> RecordingResult:
    watch = Stopwatch()
    job = env.job
    try:
        remote = remote_result()
        progress, spent = Progress(remote.key, remote.document, dict(remote.outcomes)), remote.seconds
        if remote.warnings is not env.warnings:  # it ran in another process: its news arrives now
            env.duration, env.warnings = remote.duration, list(remote.warnings)
            for stage, outcome in remote.outcomes.items():
                env.emit(stage, outcome, total=env.duration)
        run_stages(local, env, progress)
    except StageFailed as failure:
        log.debug("%s failed in %s", job.source.name, failure.stage)
        result = _failed(
            env.study, job.source, job.stem, failure.stage, failure.cause, listener, watch.seconds
        )
        result.warnings, result.job = env.warnings, job
        result.withdrawn[:0] = env.withdrawn
        return result
    seconds = spent + watch.seconds
    listener(Event(job.source.name, "recording", DONE, seconds=seconds))
    files = progress.document.files if hasattr(progress.document, "files") else []
    return RecordingResult(
        job.source,
        "done",
        env.code,
        env.duration,
        seconds,
        files,
        stages=progress.outcomes,
        warnings=env.warnings,
        withdrawn=env.withdrawn,
        job=job,
    )


def _failed(
    study: StudyContext,
    source: Path,
    stem: str,
    stage: str,
    exc: Exception,
    listener: Listener,
    seconds: float = 0.0,
) -> RecordingResult:
    """A failed recording: logged, and its earlier shareable files taken out of out/."""
    study.stage_log.write(stem, stage, FAILED, seconds, message=str(exc))
    listener(Event(source.name, stage, FAILED, seconds=seconds, message=str(exc)))
    moved = withdraw_recording(
        study.layout, study.layout.recording(stem), study.out, f"{stage} failed: {exc}"
    )
    return RecordingResult(
        source, "failed", error=str(exc), seconds=seconds, withdrawn=[moved] if moved else []
    )


def run_folder(folder: Path, settings: Settings, passphrase: str, listener: Listener = ignore) -> Batch:
    """Every recording below ``folder`` (see ``discover``)."""
    return run_batch(discover(folder), settings, passphrase, listener, folder)
