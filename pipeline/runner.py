"""Compose the stages for one recording or a folder of them; a failure in one file never stops a batch.

The runner knows nothing about terminals: the CLI passes callbacks for progress and reads the results.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.audio import AUDIO_EXTENSIONS, load_audio
from pipeline.config import Config, section_options
from pipeline.errors import AudioError, QualscribeError
from pipeline.textout import render_text
from pipeline.transcribe import TranscribeOptions, transcribe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutputOptions:
    dir: str = "out"
    timestamps: bool = True


@dataclass
class RecordingResult:
    """What happened to one recording: status ``done`` or ``failed`` with a one-line reason."""

    source: Path
    status: str
    duration: float = 0.0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    error: str = ""


Started = Callable[[Path, float], None]
"""Called when a recording has been decoded, with its duration in seconds."""
Advanced = Callable[[float], None]
"""Called with the audio seconds transcribed so far in the current recording."""


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


def output_stems(recordings: list[Path]) -> dict[Path, str]:
    """Output base names: the file stem, or stem plus extension where two recordings share a stem."""
    counts = Counter(p.stem for p in recordings)
    return {p: p.stem if counts[p.stem] == 1 else f"{p.stem}_{p.suffix.lstrip('.')}" for p in recordings}


def transcribe_file(
    source: Path,
    config: Config,
    out_dir: Path,
    stem: str | None = None,
    started: Started | None = None,
    advanced: Advanced | None = None,
) -> RecordingResult:
    """Decode, transcribe and write ``<stem>.json`` and ``<stem>.txt``; raises on a user error."""
    options = section_options(config, "transcribe", TranscribeOptions)
    output = section_options(config, "output", OutputOptions)
    began = time.monotonic()
    audio = load_audio(source)
    if started:
        started(source, audio.duration)
    transcript = transcribe(audio, options, advanced)
    transcript.settings["output"] = {"timestamps": output.timestamps}
    stem = stem or source.stem
    json_path, txt_path = out_dir / f"{stem}.json", out_dir / f"{stem}.txt"
    write_text_atomic(json_path, transcript.to_json())
    write_text_atomic(txt_path, render_text(transcript, timestamps=output.timestamps))
    return RecordingResult(
        source=source,
        status="done",
        duration=audio.duration,
        seconds=time.monotonic() - began,
        outputs=[json_path, txt_path],
    )


def run_folder(
    folder: Path,
    config: Config,
    out_dir: Path,
    started: Started | None = None,
    advanced: Advanced | None = None,
) -> list[RecordingResult]:
    """Transcribe every recording in ``folder``; a file that fails is recorded and the rest go on."""
    # Validate settings once, before any audio is decoded, so a typo does not fail every file.
    section_options(config, "transcribe", TranscribeOptions)
    section_options(config, "output", OutputOptions)
    recordings = discover(folder)
    stems = output_stems(recordings)
    results = []
    for source in recordings:
        began = time.monotonic()
        try:
            results.append(transcribe_file(source, config, out_dir, stems[source], started, advanced))
        except AudioError as exc:
            log.warning("%s", exc)
            results.append(
                RecordingResult(
                    source=source, status="failed", error=str(exc), seconds=time.monotonic() - began
                )
            )
        except QualscribeError:
            raise  # a model or settings problem would fail every file alike: stop at once
    return results
