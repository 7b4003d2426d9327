"""Stage ``transcribe``: audio → the raw transcript with speakers and roles (identifying).

The slow stage, and the only one that needs nothing of the study but the recording and the settings:
it may run on a worker while the driver finishes earlier recordings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.audio import load_audio
from pipeline.batch.context import RecordingEnv
from pipeline.batch.events import PROGRESS, STARTED, TRANSCRIBE
from pipeline.batch.recordings import RecordingJob
from pipeline.batch.registry import STAGES, Stage
from pipeline.batch.versions import package_versions
from pipeline.diarize import diarize
from pipeline.document import Transcript, load_transcript
from pipeline.layout import RecordingFolder
from pipeline.models import resolve_model
from pipeline.private import write_private
from pipeline.settings import Settings
from pipeline.textout import render_text
from pipeline.transcribe import transcribe
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.pace import Pace

Started = Callable[[float], None]
"""Called when a recording has been decoded, with its duration in seconds."""
Advanced = Callable[[float], None]
"""Called with the audio seconds transcribed so far."""

ENGINE_PACKAGES = {
    "faster-whisper": ("faster-whisper", "ctranslate2"),
    "openai-whisper": ("openai-whisper", "torch"),
}


def transcribe_recording(
    source: Path,
    settings: Settings,
    started: Started | None = None,
    advanced: Advanced | None = None,
    speakers: bool = True,
) -> Transcript:
    """Decode and transcribe ``source``, with speaker turns and roles if ``speakers``."""
    audio = load_audio(source)
    if started:
        started(audio.duration)
    if speakers:
        transcript = diarize(audio, settings.diarize, settings.transcribe, advanced)
    else:
        transcript = transcribe(audio, settings.transcribe, advanced)
    del audio  # an hour of stereo audio is half a gigabyte: free it before the text is written
    return transcript


def save_raw(transcript: Transcript, json_path: Path, text_path: Path, settings: Settings) -> list[Path]:
    """The raw transcript as JSON and as text, readable by the owner only."""
    write_private(json_path, transcript.to_json())
    write_private(text_path, render_text(transcript, timestamps=settings.output.timestamps))
    return [json_path, text_path]


def _run(job: RecordingJob, env: RecordingEnv) -> Transcript:
    pace = Pace(0.0)

    def started(duration: float) -> None:
        env.duration = duration
        pace.restart(duration)
        env.emit(TRANSCRIBE, STARTED, total=duration)

    def advanced(seconds: float) -> None:
        speed, eta = pace.update(seconds)
        env.emit(TRANSCRIBE, PROGRESS, done=seconds, total=env.duration, speed=speed, eta=eta)

    transcript = transcribe_recording(job.source, env.settings, started, advanced)
    env.duration = transcript.duration
    return transcript


def save_raw_of(transcript: Transcript, env: RecordingEnv) -> list[Path]:
    folder: RecordingFolder = env.folder
    return save_raw(transcript, folder.raw, folder.raw_text, env.settings)


def load_raw(env: RecordingEnv) -> Transcript:
    """The cached raw transcript (of a recording, or of an imported transcript)."""
    transcript = load_transcript(env.folder.raw)
    env.duration = transcript.duration
    return transcript


def _engine_inputs(options: TranscribeOptions) -> dict[str, Any]:
    """The engine's packages and the weights: a new model build re-transcribes, a new release of the
    text stages does not."""
    model = resolve_model(options.model)
    weights = model.path / "model.bin" if model.path.is_dir() else model.path
    return {
        "packages": package_versions(*ENGINE_PACKAGES.get(options.engine, ())),
        "model": {"name": model.name, "kind": model.kind, "bytes": weights.stat().st_size},
    }


def _depends(env: RecordingEnv) -> dict[str, Any]:
    return env.study.once(TRANSCRIBE, lambda: _engine_inputs(env.settings.transcribe))


STAGES.add(
    Stage(
        name=TRANSCRIBE,
        # 2: lost speech decoded again, sampling with a fixed seed on its own model; 3: audio held as
        # int16 (a resampled or downmixed source reads within half a 16-bit step of what it read before)
        version="3",
        sections=("transcribe", "diarize"),
        run=_run,
        save=save_raw_of,
        load=load_raw,
        depends=_depends,
        remote=True,
        source=True,
        reports_progress=True,
    )
)
