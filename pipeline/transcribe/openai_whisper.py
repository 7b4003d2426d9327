"""The openai-whisper engine (PyTorch) on the very same weights as faster-whisper.

The CTranslate2 model is converted once into an openai-whisper checkpoint in qualscribe's cache. Audio
is passed as an array (openai-whisper would otherwise shell out to a system ffmpeg), and when VAD is on
the same Silero speech detection as faster-whisper's is applied first, so the engines differ only in the
inference runtime.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from pipeline.document import Turn, Word
from pipeline.errors import ModelError
from pipeline.models import CT2, ResolvedModel, cache_dir
from pipeline.transcribe.ct2_checkpoint import checkpoint_path_for, convert
from pipeline.transcribe.engines import Progress
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.vad import speech_only
from pipeline.transcribe.words import attach_punctuation

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "the openai-whisper engine is not installed: run `make setup` (installs the `openai` extra and "
    "openai-whisper), or `pip install -e '.[openai]' && pip install --no-deps openai-whisper==20250625`"
)


def _import_whisper() -> tuple[Any, Any]:
    try:
        import torch
        import whisper
    except ImportError as exc:
        raise ModelError(INSTALL_HINT) from exc
    return torch, whisper


class OpenAIWhisperEngine:
    name = "openai-whisper"

    def __init__(
        self, model: ResolvedModel, compute_type: str = "int8", cpu_threads: int = 0, workers: int = 1
    ) -> None:
        # ``workers`` needs nothing here: one PyTorch model serves calls from several threads
        torch, whisper = _import_whisper()
        if cpu_threads > 0:
            torch.set_num_threads(cpu_threads)
        path = model.path
        if model.kind == CT2:
            path = checkpoint_path_for(model.path, cache_dir())
            if not path.is_file():
                log.info("converting %s to an openai-whisper checkpoint at %s", model.name, path)
                convert(model.path, path)
        try:
            checkpoint = torch.load(path, map_location="cpu", weights_only=True)
            self._model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
            self._model.load_state_dict(checkpoint["model_state_dict"])
        except (RuntimeError, KeyError, OSError, TypeError) as exc:
            raise ModelError(f"cannot load openai-whisper checkpoint {path}: {exc}") from exc
        if heads := checkpoint.get("alignment_heads"):
            self._model.set_alignment_heads(heads)
        self._model.eval()
        self._whisper = whisper
        self._torch = torch

    def transcribe(
        self,
        samples: np.ndarray,
        options: TranscribeOptions,
        progress: Progress | None = None,
        temperatures: Sequence[float] | None = None,
    ) -> Iterator[Turn]:
        """Turns of ``samples``; ``temperatures`` replaces Whisper's fallback ladder (0.0 … 1.0)."""
        to_original = None
        if options.vad:
            speech = speech_only(samples)
            samples, to_original = speech.samples, speech.to_original

        def restore(time: float, is_end: bool = False) -> float:
            return round(to_original(time, is_end) if to_original else float(time), 3)

        if samples.size == 0:
            return
        extra = {"temperature": tuple(temperatures)} if temperatures is not None else {}
        # PyTorch samples from its global generator: seeded per call, best effort when threads share it
        self._torch.manual_seed(options.seed)
        result = self._whisper.transcribe(
            self._model,
            samples,
            language=options.language,
            beam_size=options.beam_size,
            condition_on_previous_text=options.condition_on_previous_text,
            word_timestamps=options.word_timestamps,
            initial_prompt=options.initial_prompt or None,
            fp16=False,
            verbose=None,
            **extra,
        )
        for segment in result["segments"]:
            words = attach_punctuation(
                [
                    Word(
                        text=w["word"].strip(),
                        start=restore(w["start"]),
                        end=restore(w["end"], True),
                        probability=round(float(w["probability"]), 4),
                    )
                    for w in segment.get("words", [])
                ]
            )
            end = restore(segment["end"], True)
            yield Turn(start=restore(segment["start"]), end=end, text=segment["text"].strip(), words=words)
            if progress:
                progress(end)
