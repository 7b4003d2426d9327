"""Speech detection shared by the engines: faster-whisper's bundled Silero VAD (an ONNX file in its wheel).

faster-whisper applies it internally; the openai-whisper engine uses the same functions here, so both
engines see exactly the same speech-only audio and their results can be compared like for like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pipeline.audio import SAMPLE_RATE


@dataclass(frozen=True)
class SpeechOnly:
    """Audio with silences cut out, and the mapping of its times back to the recording's."""

    samples: np.ndarray
    to_original: Callable[[float, bool], float]


def speech_only(samples: np.ndarray) -> SpeechOnly:
    from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

    chunks = get_speech_timestamps(samples, VadOptions())
    if not chunks:
        return SpeechOnly(np.zeros(0, dtype=np.float32), lambda t, is_end=False: t)
    pieces, _ = collect_chunks(samples, chunks)
    mapping = SpeechTimestampsMap(chunks, SAMPLE_RATE)

    def to_original(time: float, is_end: bool = False) -> float:
        return mapping.get_original_time(time, is_end=is_end)

    return SpeechOnly(np.concatenate(pieces).astype(np.float32, copy=False), to_original)
