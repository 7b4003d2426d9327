"""The stage registry: every stage of a recording's way from audio to shareable files, declared once.

A stage is a function from one document to the next (audio → raw transcript → cleaned → de-identified
→ published files) plus what the runner needs to cache it: the settings sections its result depends on,
a version bumped whenever its code changes its result, the further inputs of its cache key (package and
data versions, word list digests, the roster, people's decisions), and how its document is saved to and
loaded from the recording's private folder. The runner assembles the stages named in ``[run] stages``
from here, in that order; an unknown name fails and lists the known ones, as spaCy's factories do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ConfigError

if TYPE_CHECKING:
    from pipeline.batch.context import RecordingEnv

Run = Callable[[Any, "RecordingEnv"], Any]
Save = Callable[[Any, "RecordingEnv"], list[Path]]
Load = Callable[["RecordingEnv"], Any]
Depends = Callable[["RecordingEnv"], dict[str, Any]]


def nothing_more(_: RecordingEnv) -> dict[str, Any]:
    """The key of a stage that depends on its settings sections and upstream result only."""
    return {}


@dataclass(frozen=True)
class Stage:
    """One registered stage.

    ``remote`` stages need only the recording and the settings, so they may run on a worker thread (or,
    one day, another machine); the others run in the recordings' order on the driver, because they share
    the study's tag book and key file. A stage that is not ``cached`` runs every time (it is cheap and
    its result lives elsewhere, as the participant code does in the key file) and passes its upstream
    key on unchanged.
    """

    name: str
    version: str
    sections: tuple[str, ...]
    run: Run
    save: Save
    load: Load
    depends: Depends = nothing_more
    after: tuple[str, ...] = ()
    remote: bool = False
    cached: bool = True
    # the stage sends its own STARTED event (with the audio's duration) and PROGRESS events
    reports_progress: bool = False
    # the stage takes the recording itself (a RecordingJob): each pipeline starts with exactly one
    source: bool = False
    # for a stage that is not cached: whether this run of it only found what was there (a participant
    # code already in the key file), which the stage log then records as "cached"
    unchanged: Callable[[RecordingEnv], bool] | None = None


class Registry:
    """Stages by name; registering a name twice is an error, never a silent replacement."""

    def __init__(self) -> None:
        self._stages: dict[str, Stage] = {}

    def add(self, stage: Stage) -> Stage:
        if stage.name in self._stages:
            raise ValueError(f"stage {stage.name!r} is registered twice")
        self._stages[stage.name] = stage
        return stage

    def names(self) -> list[str]:
        return list(self._stages)

    def for_source(self, stages: list[Stage], name: str) -> list[Stage]:
        """The same pipeline with another source stage (``import`` for a transcript file)."""
        return [self.get(name), *stages[1:]]

    def get(self, name: str) -> Stage:
        try:
            return self._stages[name]
        except KeyError:
            raise ConfigError(
                f"setting [run] stages names unknown stage {name!r}; known stages: {', '.join(self.names())}"
            ) from None

    def pipeline(self, names: list[str]) -> list[Stage]:
        """The stages named, in order, checked: each known, none twice, each after what it needs."""
        stages = [self.get(name) for name in names]
        if not stages or not stages[0].source or any(s.source for s in stages[1:]):
            sources = ", ".join(s.name for s in self._stages.values() if s.source)
            raise ConfigError(f"setting [run] stages must start with one of {sources}, and only it")
        seen: set[str] = set()
        for stage in stages:
            if stage.name in seen:
                raise ConfigError(f"setting [run] stages names {stage.name!r} twice")
            missing = [need for need in stage.after if need not in seen]
            if missing:
                raise ConfigError(
                    f"setting [run] stages: {stage.name!r} needs {', '.join(map(repr, missing))} before it"
                )
            seen.add(stage.name)
        remote = [s.remote for s in stages]
        if remote != sorted(remote, reverse=True):
            raise ConfigError("setting [run] stages: per-recording stages (transcribe) must come first")
        return stages


STAGES = Registry()
"""The registry the runner reads; :mod:`pipeline.batch.stages` fills it when imported."""
