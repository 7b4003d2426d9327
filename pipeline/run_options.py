"""The [run] settings of a batch; its own module so the command line reads it without the stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunOptions:
    """``jobs``: recordings transcribed at the same time. The text stages of one recording always overlap
    the transcription of the next; more jobs pay only on machines with cores to spare (each job then
    gets its share of the cores)."""

    jobs: int = 1

    def __post_init__(self) -> None:
        if self.jobs < 1:
            from pipeline.errors import ConfigError

            raise ConfigError(f"setting [run] jobs = {self.jobs} must be at least 1")
