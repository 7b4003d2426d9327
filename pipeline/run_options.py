"""The [run] settings of a batch; its own module so the command line reads it without the stages."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAGES = ("transcribe", "correct", "clean", "code", "deidentify", "export", "media")


@dataclass(frozen=True)
class RunOptions:
    """``jobs``: recordings transcribed at the same time. The text stages of one recording always overlap
    the transcription of the next; more jobs pay only on machines with cores to spare (each job then
    gets its share of the cores). ``stages``: the registered stages a recording goes through, in order
    (checked against the registry before any audio is decoded)."""

    jobs: int = 1
    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    # where the per-recording stages run: "local" (threads of this process) or "ray" (a Ray cluster)
    executor: str = "local"
    # the Ray cluster's address ("" starts a local one for the batch)
    address: str = ""

    def __post_init__(self) -> None:
        if self.jobs < 1:
            from pipeline.errors import ConfigError

            raise ConfigError(f"setting [run] jobs = {self.jobs} must be at least 1")
