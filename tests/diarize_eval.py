"""Diarization error rate (pyannote.metrics) for the speakers stage, and the real audio to measure it on.

Shared by tests/test_diarize*.py and bench/diarize.py. The pyannote.audio wheel ships a 30-second
two-speaker phone call with its reference RTTM; it is fetched from PyPI by pip into a cache folder and
the two files are read out of the wheel, so audio of unclear licence is never committed here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Transcript

PYANNOTE_AUDIO = "pyannote.audio==4.0.7"
SAMPLE_MEMBERS = ("pyannote/audio/sample/sample.wav", "pyannote/audio/sample/sample.rttm")


class SampleUnavailable(RuntimeError):
    """The pyannote.audio wheel could not be downloaded (no network, PyPI unreachable)."""


def cache_dir() -> Path:
    """Where downloaded test data is kept between runs (never inside the repository's tracked files)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qualscribe-tests"


def pyannote_sample(folder: Path | None = None) -> tuple[Path, Path]:
    """``sample.wav`` and ``sample.rttm`` from the pyannote.audio wheel, downloaded once into ``folder``."""
    folder = folder or cache_dir() / "pyannote-sample"
    wav, rttm = folder / "sample.wav", folder / "sample.rttm"
    if wav.is_file() and rttm.is_file():
        return wav, rttm
    folder.mkdir(parents=True, exist_ok=True)
    wheels = sorted(folder.glob("pyannote_audio-*.whl"))
    if not wheels:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                PYANNOTE_AUDIO,
                "-d",
                str(folder),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        wheels = sorted(folder.glob("pyannote_audio-*.whl"))
        if proc.returncode != 0 or not wheels:
            raise SampleUnavailable(
                f"pip download {PYANNOTE_AUDIO} failed: {(proc.stderr or proc.stdout).strip()[-500:]}"
            )
    with zipfile.ZipFile(wheels[-1]) as wheel:
        for member, target in zip(SAMPLE_MEMBERS, (wav, rttm), strict=True):
            target.write_bytes(wheel.read(member))
    return wav, rttm


@dataclass(frozen=True)
class DER:
    """Diarization error rate and its parts (seconds), as pyannote.metrics computes them."""

    rate: float
    missed: float
    false_alarm: float
    confusion: float
    total: float

    def __str__(self) -> str:
        return (
            f"DER {self.rate:.1%} (missed {self.missed:.1f} s, false alarm {self.false_alarm:.1f} s, "
            f"confusion {self.confusion:.1f} s of {self.total:.1f} s)"
        )


def read_rttm(path: Path):
    """A pyannote Annotation of the RTTM's SPEAKER lines."""
    from pyannote.core import Annotation, Segment

    annotation = Annotation()
    for number, line in enumerate(path.read_text().splitlines()):
        parts = line.split()
        if parts and parts[0] == "SPEAKER":
            start, duration = float(parts[3]), float(parts[4])
            annotation[Segment(start, start + duration), number] = parts[7]
    return annotation


def hypothesis(transcript: Transcript):
    """The transcript's turns as a pyannote Annotation, labelled by speaker."""
    from pyannote.core import Annotation, Segment

    annotation = Annotation()
    for number, turn in enumerate(transcript.turns):
        if turn.end > turn.start:
            annotation[Segment(turn.start, turn.end), number] = turn.speaker
    return annotation


def der(reference_rttm: Path, transcript: Transcript, collar: float = 0.0) -> DER:
    """DER of ``transcript``'s turns against the RTTM, over the whole recording, overlaps scored.

    ``collar`` is the total forgiveness around each reference boundary in seconds (pyannote's convention,
    so 0.5 forgives ±0.25 s, the NIST evaluations' collar).
    """
    from pyannote.core import Segment, Timeline
    from pyannote.metrics.diarization import DiarizationErrorRate

    metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
    uem = Timeline([Segment(0, transcript.duration)])
    detail = metric(read_rttm(reference_rttm), hypothesis(transcript), uem=uem, detailed=True)
    return DER(
        rate=detail["diarization error rate"],
        missed=detail["missed detection"],
        false_alarm=detail["false alarm"],
        confusion=detail["confusion"],
        total=detail["total"],
    )
