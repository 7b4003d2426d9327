"""Transcription stage: audio → a Transcript of timed, verbatim-prompted words."""

from __future__ import annotations

from pipeline.audio import SAMPLE_RATE, Audio
from pipeline.document import Transcript
from pipeline.errors import ConfigError
from pipeline.models import resolve_model
from pipeline.transcribe.chunks import chunk_bounds, shifted
from pipeline.transcribe.engines import Progress, engine_names, get_engine
from pipeline.transcribe.options import TranscribeOptions

__all__ = ["TranscribeOptions", "engine_names", "transcribe"]


def transcribe(audio: Audio, options: TranscribeOptions, progress: Progress | None = None) -> Transcript:
    """Transcribe the mixed-down recording. The speakers stage may later re-run this per channel."""
    model = resolve_model(options.model)
    if model.english_only and options.language != "en":
        raise ConfigError(
            f"model {model.name} understands English only; choose a multilingual model "
            f"(e.g. base) for language {options.language!r}"
        )
    engine = get_engine(options.engine, model, options.compute_type, options.cpu_threads, options.workers)
    samples = audio.mono()
    turns = []
    for start, end in chunk_bounds(samples, options.chunk_seconds):
        offset = start / SAMPLE_RATE
        moved = (lambda s, offset=offset: progress(offset + s)) if progress else None
        pieces = engine.transcribe(samples[start:end], options, moved)
        turns += [shifted(turn, offset) for turn in pieces]
    return Transcript(
        source=str(audio.path),
        sha256=audio.sha256,
        duration=round(audio.duration, 3),
        engine=engine.name,
        model=model.name,
        language=options.language,
        turns=turns,
        settings={"transcribe": options.as_dict()},
    )
