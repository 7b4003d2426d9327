"""Where the per-recording stages (transcription with speakers) run: on threads of this process, or as
tasks on a Ray cluster (``[run] executor = "ray"``, ``qualscribe run --executor ray``).

Either way the driver gets, per recording, what those stages left: the chained cache key, the raw
transcript, each stage's outcome, the audio's duration and the warnings. The study-wide stages (code,
de-identification, export) always run on the driver, in the recordings' order, so the outputs are the
same wherever the transcription ran. A Ray worker needs the recordings and the work folder on storage it
shares with the driver; it never sees the roster or the key file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.recordings import RecordingJob
from pipeline.errors import ConfigError
from pipeline.settings import Settings

# a worker that dies (killed, out of memory, its node lost) has its task run again this many times
RAY_TASK_RETRIES = 3


@dataclass
class RemoteOutcome:
    """What the per-recording stages of one recording hand back to the driver."""

    key: str
    document: Any
    outcomes: dict[str, str]
    seconds: float
    duration: float
    warnings: list[str] = field(default_factory=list)


Start = Callable[[Any], RemoteOutcome]


@contextmanager
def local_executor(envs: list[Any], start: Start, threads: int) -> Iterator[dict[Any, Callable[[], Any]]]:
    """The stages on ``threads`` daemon threads of this process."""
    from pipeline.batch.scheduler import run_in_threads

    with run_in_threads(envs, start, threads) as futures:
        yield {env: futures[env].result for env in envs}


def require_ray() -> Any:
    """Ray, or one line saying how to install it (it is an optional extra)."""
    try:
        import ray
    except ImportError:
        raise ConfigError("setting [run] executor = 'ray' needs Ray: pip install 'qualscribe[ray]'") from None
    return ray


@contextmanager
def ray_executor(
    envs: list[Any], stage_names: Callable[[Any], list[str]], address: str
) -> Iterator[dict[Any, Callable[[], Any]]]:
    """The stages as Ray tasks: on the cluster at ``address``, or on one started here for the batch."""
    ray = require_ray()
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # nothing phones home
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            address=address or None,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    task = ray.remote(max_retries=RAY_TASK_RETRIES, runtime_env=task_environment())(run_remote_stages)
    refs = {env: task.remote(env.settings, env.job, stage_names(env)) for env in envs}

    def result_of(ref: Any) -> Callable[[], Any]:
        def result() -> Any:
            try:
                return ray.get(ref)
            except ray.exceptions.RayTaskError as exc:  # the task's own error, as raised there
                raise exc.cause from None

        return result

    try:
        yield {env: result_of(ref) for env, ref in refs.items()}
    finally:
        for ref in refs.values():
            ray.cancel(ref, force=True)
        if started_here:
            ray.shutdown()


def task_environment() -> dict[str, Any]:
    """The worker's OpenMP setting as a local run has it. Ray gives a task OMP_NUM_THREADS=1, and with
    that CTranslate2's DNNL kernels (AVX2 machines) take another path whatever cpu_threads says: other
    word probabilities, and sometimes other words, than the same recording transcribed locally. Any
    value above 1 gives the local arithmetic (measured 2, 4 and 8 against unset on jfk.wav)."""
    threads = os.environ.get("OMP_NUM_THREADS") or str(max(2, os.cpu_count() or 2))
    return {"env_vars": {"OMP_NUM_THREADS": threads}}


def run_remote_stages(settings: Settings, job: RecordingJob, names: list[str]) -> RemoteOutcome:
    """Run on a worker: the named per-recording stages of one recording, with only its own files."""
    from pipeline.batch.cache import Stopwatch
    from pipeline.batch.context import RecordingEnv, StudyContext
    from pipeline.batch.registry import STAGES
    from pipeline.batch.runner import Progress, run_stages
    from pipeline.layout import WorkLayout

    study = StudyContext(settings, WorkLayout(Path(settings.output.work)), Path(settings.output.out))
    env = RecordingEnv(study, job)
    watch = Stopwatch()
    progress = run_stages([STAGES.get(name) for name in names], env, Progress(job.sha256, job))
    return RemoteOutcome(
        progress.key, progress.document, progress.outcomes, watch.seconds, env.duration, env.warnings
    )
