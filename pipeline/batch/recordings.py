"""Which recordings a batch has, and the name of each one's private folder."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.audio import AUDIO_EXTENSIONS
from pipeline.errors import AudioError


@dataclass(frozen=True)
class RecordingJob:
    """One recording's work: its file, the name of its private folder and the sha256 it is known by.

    It needs nothing but its own files and the settings, which is what a cluster engine would ship to a
    remote worker.
    """

    source: Path
    stem: str
    sha256: str

    @property
    def is_transcript(self) -> bool:
        """An existing transcript (from a study's transcripts/ folder) rather than a recording."""
        return self.source.suffix.lower() not in AUDIO_EXTENSIONS


def discover(folder: Path) -> list[Path]:
    """Audio and video files below ``folder`` (recursively, hidden files skipped), in a stable order."""
    if not folder.is_dir():
        raise AudioError(f"{folder}: not a folder")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in AUDIO_EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def discover_transcripts(folder: Path) -> list[Path]:
    """Existing transcripts below a study's ``transcripts/`` folder; a format no reader takes is refused
    before any audio is decoded, naming the supported ones."""
    from pipeline.importers import transcript_format

    if not folder.is_dir():
        return []
    found = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in found:
        transcript_format(path)
    return found


def output_stems(recordings: list[Path]) -> dict[Path, str]:
    """Private folder names: the file stem, or stem plus extension where two recordings share a stem."""
    counts = Counter(p.stem for p in recordings)
    return {p: p.stem if counts[p.stem] == 1 else f"{p.stem}_{p.suffix.lstrip('.')}" for p in recordings}
