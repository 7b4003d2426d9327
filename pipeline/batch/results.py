"""What a batch tells its caller: per recording, and for the study."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.recordings import RecordingJob
from pipeline.batch.withdraw import Withdrawal


@dataclass
class RecordingResult:
    """What happened to one recording: status ``done`` or ``failed`` with a one-line reason."""

    source: Path
    status: str
    code: str = ""
    duration: float = 0.0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    error: str = ""
    stages: dict[str, str] = field(default_factory=dict)  # stage → "ran" or "cached"
    warnings: list[str] = field(default_factory=list)
    withdrawn: list[Withdrawal] = field(default_factory=list)  # earlier shareable files taken out of out/
    job: RecordingJob | None = None  # None for a file that could not even be read


@dataclass
class Batch:
    """One result per recording, in the recordings' order; the warnings that concern the study as a
    whole (a roster row that names no recording); the study-wide files (the REFI-QDA project, the
    manifest); and what was taken out of out/ for recordings that left the study."""

    results: list[RecordingResult]
    warnings: list[str] = field(default_factory=list)
    study_files: list[Path] = field(default_factory=list)
    withdrawn: list[Withdrawal] = field(default_factory=list)

    @property
    def shareable(self) -> list[Path]:
        """Every shareable file this batch leaves in out/."""
        return [path for result in self.results for path in result.outputs] + self.study_files
