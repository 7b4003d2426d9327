"""The default engine: faster-whisper (CTranslate2, int8 on CPU) with its bundled Silero VAD."""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from pipeline.document import Turn
from pipeline.errors import ModelError
from pipeline.models import CT2, ResolvedModel
from pipeline.transcribe.batched import batched_turns
from pipeline.transcribe.engines import Progress
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.recover import TEMPERATURES
from pipeline.transcribe.seeded import SeededSampling
from pipeline.transcribe.words import segment_turn

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

    def _view(self, options: TranscribeOptions) -> Any:
        """The model for one call: its sampling gets its own seeded sampler, while the weights,
        tokenizer and feature extractor stay shared with the calls of other threads."""
        view = copy.copy(self._model)
        view.model = SeededSampling(self._model.model, *self._load, seed=options.seed)
        return view

    def _sequential(
        self, samples: np.ndarray, options: TranscribeOptions, temperatures: Sequence[float] | None
    ) -> Iterator[Turn]:
        """One 30-second window after another, each decoded again at rising temperatures if it fails."""
        extra = {"temperature": list(temperatures)} if temperatures is not None else {}
        segments, info = self._view(options).transcribe(
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
        return (segment_turn(segment) for segment in segments)

    def transcribe(
        self,
        samples: np.ndarray,
        options: TranscribeOptions,
        progress: Progress | None = None,
        temperatures: Sequence[float] | None = None,
    ) -> Iterator[Turn]:
        """Turns of ``samples``; ``temperatures`` replaces faster-whisper's fallback ladder (0.0 … 1.0).

        With ``batch_size`` above 1 (and the VAD on, which cuts the clips) the batched pipeline decodes
        the speech; a re-decode (``temperatures`` given) always goes window by window."""
        if options.batch_size > 1 and options.vad and temperatures is None:
            plain = dataclasses.replace(options, vad=False, condition_on_previous_text=False)

            def redecode(cut: np.ndarray) -> Iterator[Turn]:
                return self._sequential(cut, plain, TEMPERATURES[1:])

            turns = batched_turns(self._view(options), samples, options, redecode)
        else:
            turns = self._sequential(samples, options, temperatures)
        for turn in turns:
            yield turn
            if progress:
                progress(turn.end)
