"""Engine registry: engines are found by name, and an unknown name fails listing the known ones.

An engine turns 16 kHz mono float32 samples into turns with timed words. Engines are imported lazily so
that the heavy optional one (openai-whisper, which needs PyTorch) costs nothing unless it is chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from pipeline.document import Turn
from pipeline.errors import ConfigError
from pipeline.models import ResolvedModel
from pipeline.transcribe.options import TranscribeOptions

Progress = Callable[[float], None]
"""Called with the number of audio seconds transcribed so far."""


class Engine(Protocol):
    name: str

    def transcribe(
        self,
        samples: np.ndarray,
        options: TranscribeOptions,
        progress: Progress | None = None,
        temperatures: Sequence[float] | None = None,
    ) -> Iterator[Turn]:
        """Yield turns in time order as they are recognised (long interviews stream); ``temperatures``
        replaces the engine's fallback ladder (a re-decoded stretch starts at the next temperature)."""
        ...


_ENGINES: dict[str, str] = {
    "faster-whisper": "pipeline.transcribe.faster:FasterWhisperEngine",
    "openai-whisper": "pipeline.transcribe.openai_whisper:OpenAIWhisperEngine",
}


def engine_names() -> list[str]:
    return list(_ENGINES)


@lru_cache(maxsize=4)
def get_engine(
    name: str, model: ResolvedModel, compute_type: str, cpu_threads: int, workers: int = 1
) -> Engine:
    """Build (once per process) the engine ``name`` on ``model``; loading weights is the slow part."""
    try:
        target = _ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine {name!r}; known engines: {', '.join(_ENGINES)}") from None
    module_name, _, class_name = target.partition(":")
    engine_cls = getattr(importlib.import_module(module_name), class_name)
    return engine_cls(model, compute_type=compute_type, cpu_threads=cpu_threads, workers=workers)
