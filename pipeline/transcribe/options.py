"""Options of the transcription stage, validated from the [transcribe] section of the configuration."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SPEED_ONLY = frozenset({"cpu_threads", "workers"})


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
    # transcriptions the engine serves at the same time (the batch runner sets it from [run] jobs)
    workers: int = 1
    # Whisper imitates its prompt: a verbatim-style one keeps fillers and false starts (see default.toml)
    initial_prompt: str | None = (
        "Um, so, I- I was, uh, at the clinic, and, like, you know, it was- it was hard. Mm-hmm. Yeah."
    )
    # long recordings are transcribed in pieces of about this many seconds (cut in a pause), which bounds
    # memory; 0 = in one piece
    chunk_seconds: float = 300.0
    # faster-whisper only: decode this many 30-second clips of speech at once (its batched pipeline,
    # which needs the VAD); 0 or 1 = one window after another (see default.toml for the measurement)
    batch_size: int = 0
    # Whisper's temperature fallback samples; the sampler starts from this seed for every piece and every
    # re-decoded stretch, so the same audio gives the same text whatever ran before it in the process
    seed: int = 0
    # speech check: VAD speech stretches (split at pauses of recover_min_silence s) of at least
    # recover_min_seconds holding fewer than recover_words_per_second words per second (or a part of
    # recover_gap_seconds without a word) are decoded again on their own: next temperature, no earlier
    # text, a cut recover_pad_seconds wider each side
    recover: bool = True
    recover_min_silence: float = 0.5
    recover_min_seconds: float = 1.0
    recover_gap_seconds: float = 2.0
    recover_words_per_second: float = 0.5
    recover_pad_seconds: float = 0.3

    def as_dict(self) -> dict[str, Any]:
        """The settings that shape the transcript; thread counts only change how fast it is made, and
        echoing them would make the same recording's files differ from one machine to the next.

        ``batch_size`` is echoed (and so part of the stage's cache key) only when it batches: window by
        window is how every transcript was made before the setting existed, and naming it there would
        make every study transcribe all its recordings again after an upgrade for the same text."""
        values = {k: v for k, v in asdict(self).items() if k not in SPEED_ONLY}
        if self.batch_size <= 1:
            del values["batch_size"]
        return values
