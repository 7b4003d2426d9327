"""The [export] settings; its own module so the command line reads it without importing any writer."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class CueLimits:
    """How much one SRT/WebVTT cue may hold: lines of at most ``max_chars`` characters (the speaker label
    counted where it is part of the text), at most ``max_lines`` of them, shown at most ``max_seconds``.

    The defaults are the usual broadcast subtitle limits (two lines of about 42 characters, a few seconds
    each), which a coder can read while listening. A single word longer than a line, or spoken for
    longer than ``max_seconds``, gets a cue of its own: a word (or a redaction tag) is never split.
    """

    max_lines: int = 2
    max_chars: int = 42
    max_seconds: float = 7.0

    def __post_init__(self) -> None:
        """Reject limits no cue could meet, when the settings are read rather than mid-export."""
        for setting, value in (("cue_max_lines", self.max_lines), ("cue_max_chars", self.max_chars)):
            if value < 1:
                raise ConfigError(f"setting [export] {setting} = {value} must be at least 1")
        if not self.max_seconds > 0:
            raise ConfigError(f"setting [export] cue_max_seconds = {self.max_seconds} must be above 0")


@dataclass(frozen=True)
class ExportOptions:
    """``formats`` are registry names (`qualscribe export --help` lists them); ``study`` heads each file;
    ``cue_*`` are the subtitle limits (``CueLimits``), which the caller passes on as ``ExportContext.cues``.
    """

    formats: list[str] = field(default_factory=lambda: ["txt", "json"])
    study: str = ""
    cue_max_lines: int = CueLimits.max_lines
    cue_max_chars: int = CueLimits.max_chars
    cue_max_seconds: float = CueLimits.max_seconds
    # the study's REFI-QDA project written by `run` holds only transcripts approved on the review page
    qdpx_approved_only: bool = True
    # de-identified audio (pipeline.media): off by default, since a voice itself can identify a person
    audio: str = "off"
    audio_format: str = "opus"
    audio_margin: float = 0.3
    audio_tone_hz: float = 1000.0
    audio_tone_level: float = 0.1
    audio_check_context: float = 2.0

    def __post_init__(self) -> None:
        """Validate the cue limits as soon as the settings are read."""
        _ = self.cues

    @property
    def cues(self) -> CueLimits:
        return CueLimits(self.cue_max_lines, self.cue_max_chars, self.cue_max_seconds)
