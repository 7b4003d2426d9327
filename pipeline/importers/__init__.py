"""Existing transcripts into the document model: one reader per format, chosen by the file's extension.

Labs bring transcripts typed by a service or made by other tools (Word documents, subtitles, noScribe's
HTML). Read into a :class:`~pipeline.document.Transcript` with the same speaker labels and roles as a
recording's, they are cleaned, de-identified and exported like one. The extension decides the reader,
because content sniffing cannot tell a .docx's zip from any other binary, and a .vtt read as text put
its "WEBVTT" header into the transcript. ``.txt`` and ``.json`` keep being judged by content (a JSON
document or speaker lines), as :func:`pipeline.speaker_lines.read_any_transcript` always did.

A format that is not supported is one line naming the supported ones, raised before the file is read.
The readers are imported only when used, so a text transcript does not pay for python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.document import Transcript
from pipeline.errors import SpeakerLinesError
from pipeline.speaker_lines import SpeakerLinesOptions
from pipeline.speaker_lines import read_any_transcript as read_text_transcript

Reader = Callable[[Path, SpeakerLinesOptions], Transcript]


def _text(path: Path, options: SpeakerLinesOptions) -> Transcript:
    return read_text_transcript(path, options)


def _docx(path: Path, options: SpeakerLinesOptions) -> Transcript:
    from pipeline.importers.docx_reader import read_docx

    return read_docx(path, options)


def _vtt(path: Path, options: SpeakerLinesOptions) -> Transcript:
    from pipeline.importers.vtt_reader import read_vtt

    return read_vtt(path, options)


def _srt(path: Path, options: SpeakerLinesOptions) -> Transcript:
    from pipeline.importers.srt_reader import read_srt

    return read_srt(path, options)


def _html(path: Path, options: SpeakerLinesOptions) -> Transcript:
    from pipeline.importers.html_reader import read_html

    return read_html(path, options)


FORMATS: dict[str, tuple[str, Reader]] = {
    ".txt": ("text", _text),
    ".json": ("json", _text),
    ".docx": ("docx", _docx),
    ".vtt": ("vtt", _vtt),
    ".srt": ("srt", _srt),
    ".html": ("html", _html),
    ".htm": ("html", _html),
}
"""Extension → (format name, reader). The names are what :func:`transcript_format` returns."""

SUPPORTED = tuple(FORMATS)
_HINTS = {".doc": " (save it as .docx first)", ".rtf": " (save it as .docx first)"}


def transcript_format(path: Path) -> str:
    """The format a transcript file will be read as ("text", "json", "docx", "vtt", "srt", "html").

    Raises :class:`SpeakerLinesError` for an extension no reader takes, so a caller (``redact``, a
    study's ``transcripts/`` folder) refuses it before reading anything.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        what = suffix or "(no extension)"
        raise SpeakerLinesError(
            f"cannot read {path.name}: unsupported transcript format {what}{_HINTS.get(suffix, '')}; "
            f"supported: {', '.join(SUPPORTED)}"
        )
    return FORMATS[suffix][0]


def read_transcript(path: Path, options: SpeakerLinesOptions | None = None) -> Transcript:
    """Read any supported transcript file into the document model, roles from ``options``' label lists."""
    transcript_format(path)
    return FORMATS[path.suffix.lower()][1](path, options or SpeakerLinesOptions())


read_any_transcript = read_transcript
"""The name the text stages' commands have always called; it now takes every supported format."""
