"""Transcription stage: audio → a Transcript of timed, verbatim-prompted words."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from pipeline.audio import SAMPLE_RATE, Audio
from pipeline.document import Transcript, Turn
from pipeline.errors import ConfigError
from pipeline.models import resolve_model
from pipeline.transcribe.chunks import chunk_bounds, shifted
from pipeline.transcribe.engines import Engine, Progress, engine_names, get_engine
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.recover import SpeechCheck, check_speech

__all__ = ["TranscribeOptions", "engine_names", "transcribe"]


def _piece(engine: Engine, samples: np.ndarray, options: TranscribeOptions, moved: Progress | None):
    """One piece's turns (piece-relative times), with the speech check's re-decodes, and its check."""
    plain = dataclasses.replace(options, vad=False, condition_on_previous_text=False)

    def decode(cut: np.ndarray, temperatures: Sequence[float]) -> list[Turn]:
        return list(engine.transcribe(cut, plain, None, temperatures))

    turns = list(engine.transcribe(samples, options, moved))
    return check_speech(samples, turns, options, decode)


def transcribe(audio: Audio, options: TranscribeOptions, progress: Progress | None = None) -> Transcript:
    """Transcribe the mixed-down recording. The speakers stage may later re-run this per channel.

    The transcript's ``settings["speech_check"]`` counts the speech stretches checked, re-decoded and
    recovered, and lists those still empty (recording times), for the check page.
    """
    model = resolve_model(options.model)
    if model.english_only and options.language != "en":
        raise ConfigError(
            f"model {model.name} understands English only; choose a multilingual model "
            f"(e.g. base) for language {options.language!r}"
        )
    engine = get_engine(options.engine, model, options.compute_type, options.cpu_threads, options.workers)
    samples = audio.track()  # the mix, converted to float32 a piece at a time (audio is held as int16)
    turns: list[Turn] = []
    check = SpeechCheck()
    for start, end in chunk_bounds(samples, options.chunk_seconds):
        offset = start / SAMPLE_RATE
        moved = (lambda s, offset=offset: progress(offset + s)) if progress else None
        pieces, found = _piece(engine, samples[start:end], options, moved)
        turns += [shifted(turn, offset) for turn in pieces]
        found.empty = [(round(s + offset, 2), round(e + offset, 2)) for s, e in found.empty]
        check.add(found)
    return Transcript(
        source=str(audio.path),
        sha256=audio.sha256,
        duration=round(audio.duration, 3),
        engine=engine.name,
        model=model.name,
        language=options.language,
        turns=turns,
        settings={"transcribe": options.as_dict(), "speech_check": check.as_dict()},
    )
