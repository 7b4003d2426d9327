"""Options of the transcription stage, validated from the [transcribe] section of the configuration."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TranscribeOptions:
    """Echoed into each transcript's ``settings["transcribe"]`` so a result says how it was made."""

    engine: str = "faster-whisper"
    model: str = "base"
    language: str = "en"
    beam_size: int = 5
    vad: bool = True
    condition_on_previous_text: bool = False
    word_timestamps: bool = True
    compute_type: str = "int8"
    cpu_threads: int = 0
    initial_prompt: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
