"""Temperature fallback that samples the same way every time.

When a window's text is too repetitive or too unlikely, faster-whisper decodes it again at rising
temperatures by sampling. CTranslate2 draws those samples from a random generator that belongs to the
model's worker thread: ``ctranslate2.set_random_seed`` only seeds a thread's generator when it is first
used, and every later sample continues the same stream (measured: two calls after ``set_random_seed(0)``
on one model gave different text). The text of a window would then depend on every sample drawn before
it in the process: the recordings of the batch, their order, ``--jobs``. So greedy and beam search run on
the shared model, and sampling runs on a sampler of its own, loaded for one decoding context (a piece, or a
re-decoded stretch) with the seed set before its worker thread draws its first sample.
"""

from __future__ import annotations

import threading
from typing import Any

# the global seed is read when a new worker thread draws its first sample: one sampler starts at a time
_SEEDING = threading.Lock()


class SeededSampling:
    """Stands in for faster-whisper's ``WhisperModel.model`` during one decoding context."""

    def __init__(self, model: Any, path: str, compute_type: str, cpu_threads: int, seed: int) -> None:
        self._model = model
        self._load = (path, compute_type, cpu_threads)
        self._seed = seed
        self._sampler: Any = None
        self.samples_drawn = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def generate(self, features: Any, prompts: Any, **kwargs: Any) -> Any:
        """Beam and greedy search on the shared model; sampling on this context's own seeded sampler."""
        if kwargs.get("sampling_temperature", 0) <= 0 or kwargs.get("beam_size", 1) != 1:
            return self._model.generate(features, prompts, **kwargs)
        self.samples_drawn += 1
        if self._sampler is not None:
            return self._sampler.generate(features, prompts, **kwargs)
        import ctranslate2

        path, compute_type, cpu_threads = self._load
        with _SEEDING:
            ctranslate2.set_random_seed(self._seed)
            self._sampler = ctranslate2.models.Whisper(
                path, device="cpu", compute_type=compute_type, intra_threads=cpu_threads
            )
            return self._sampler.generate(features, prompts, **kwargs)
