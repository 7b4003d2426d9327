"""The default engine: faster-whisper (CTranslate2, int8 on CPU) with its bundled Silero VAD."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Sequence

import numpy as np

from pipeline.document import Turn, Word
from pipeline.errors import ModelError
from pipeline.models import CT2, ResolvedModel
from pipeline.transcribe.engines import Progress
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.seeded import SeededSampling
from pipeline.transcribe.words import attach_punctuation

log = logging.getLogger(__name__)


class FasterWhisperEngine:
    name = "faster-whisper"

    def __init__(
        self, model: ResolvedModel, compute_type: str = "int8", cpu_threads: int = 0, workers: int = 1
    ) -> None:
        if model.kind != CT2:
            raise ModelError(
                f"{model.path}: faster-whisper needs a CTranslate2 model folder, not an openai-whisper "
                "checkpoint; choose --engine openai-whisper for .pt files"
            )
        from faster_whisper import WhisperModel

        self._load = (str(model.path), compute_type, cpu_threads)
        try:
            self._model = WhisperModel(
                str(model.path),
                device="cpu",
                compute_type=compute_type,
                cpu_threads=cpu_threads,
                # one model replica per worker, so threads of a batch with --jobs transcribe in parallel
                num_workers=workers,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load model {model.name} from {model.path}: {exc}") from exc

    def transcribe(
        self,
        samples: np.ndarray,
        options: TranscribeOptions,
        progress: Progress | None = None,
        temperatures: Sequence[float] | None = None,
    ) -> Iterator[Turn]:
        """Turns of ``samples``; ``temperatures`` replaces faster-whisper's fallback ladder (0.0 … 1.0)."""
        # a shallow copy per call: this call's sampling gets its own seeded sampler, while the weights,
        # tokenizer and feature extractor stay shared with the calls of other threads
        view = copy.copy(self._model)
        view.model = SeededSampling(self._model.model, *self._load, seed=options.seed)
        extra = {"temperature": list(temperatures)} if temperatures is not None else {}
        segments, info = view.transcribe(
            samples,
            language=options.language,
            beam_size=options.beam_size,
            vad_filter=options.vad,
            condition_on_previous_text=options.condition_on_previous_text,
            word_timestamps=options.word_timestamps,
            initial_prompt=options.initial_prompt or None,
            **extra,
        )
        log.debug("faster-whisper: %.1f s of speech after VAD", info.duration_after_vad)
        for segment in segments:
            words = attach_punctuation(
                [
                    Word(
                        text=w.word.strip(),
                        start=round(w.start, 3),
                        end=round(w.end, 3),
                        probability=round(w.probability, 4),
                    )
                    for w in segment.words or []
                ]
            )
            yield Turn(
                start=round(segment.start, 3),
                end=round(segment.end, 3),
                text=segment.text.strip(),
                words=words,
            )
            if progress:
                progress(segment.end)
