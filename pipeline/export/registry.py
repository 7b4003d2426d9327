"""Export formats registered by name, so configs and ``--formats`` pick them and a typo lists the rest.

Every writer is a pure function from a de-identified transcript (participant turns already labelled
with the participant code) to the file's content: text for text formats, bytes for zip-based ones.
Binary formats also register how to get their text back, so the leak gate can read what it lets out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from pipeline.document import Transcript
from pipeline.errors import ConfigError
from pipeline.export.options import CueLimits


@dataclass(frozen=True)
class ExportContext:
    """What a writer needs beyond the transcript: the study's name, stamps on or off, the export date,
    and how much text a subtitle cue may hold (``ExportOptions.cues``)."""

    study: str = ""
    timestamps: bool = True
    exported: date = field(default_factory=date.today)
    cues: CueLimits = field(default_factory=CueLimits)


Writer = Callable[[Transcript, ExportContext], "str | bytes"]
TextOf = Callable[[bytes], str]


@dataclass(frozen=True)
class ExportFormat:
    """A registered format: ``suffix`` completes the file name after the participant code."""

    name: str
    suffix: str
    write: Writer
    text_of: TextOf | None = None
    description: str = ""


_FORMATS: dict[str, ExportFormat] = {}
# Formats written once for a whole study (from many transcripts), not per recording
STUDY_FORMATS = frozenset({"qdpx"})


def register(
    name: str, suffix: str, description: str, text_of: TextOf | None = None
) -> Callable[[Writer], Writer]:
    """Register a writer under ``name``; a second writer for the same name is an error, not an override."""

    def decorate(write: Writer) -> Writer:
        if name in _FORMATS:
            raise ValueError(f"export format {name!r} is registered twice")
        _FORMATS[name] = ExportFormat(name, suffix, write, text_of, description)
        return write

    return decorate


def known_formats() -> list[str]:
    return sorted(_FORMATS.keys() | STUDY_FORMATS)


def get_format(name: str) -> ExportFormat:
    """The format called ``name``, or a settings error that lists every known name."""
    if name in STUDY_FORMATS:
        raise ConfigError(
            f"export format {name!r} covers a whole study: write it with "
            f"`qualscribe export <code>.json... --formats {name}`"
        )
    try:
        return _FORMATS[name]
    except KeyError:
        raise ConfigError(
            f"unknown export format {name!r}; known formats: {', '.join(known_formats())}"
        ) from None


def formats_named(names: list[str]) -> list[ExportFormat]:
    """Validate a list of names (all of them, before anything is written), dropping repeats."""
    return [get_format(name) for name in dict.fromkeys(names)]
