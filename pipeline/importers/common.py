"""What every importer shares: reading the file, clock times, speaker labels, and the transcript it returns.

Each format has its own reader, but they must agree on what a label is, how "[00:01:23]" is read and
what a transcript made from a file looks like, so that a turn from a DOCX, a subtitle cue or an HTML
paragraph reaches cleaning and de-identification in the same shape as a turn of a recording.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.document import Transcript, Turn
from pipeline.errors import SpeakerLinesError
from pipeline.speaker_lines import SpeakerLinesOptions, split_label

# [hh:]mm:ss with an optional fraction: "." or "," (decimal), or "-" (MAXQDA/f4 tenths, "00:01:23-4")
_CLOCK = r"(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{2})(?:[.,-](?P<f>\d{1,3}))?"
_CLOCK_RE = re.compile(_CLOCK)
# a clock leading a paragraph: in brackets ("[01:23]", "(00:01:23)", "#00:01:23-4#") or bare, but a
# bare one needs its hours ("00:01:23"), so that "10:30 we met" keeps its text
_LEADING_CLOCK = re.compile(
    r"^\s*(?:[\[(#]\s*(?P<clock>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,-]\d{1,3})?)\s*[\])#]"
    r"|(?P<bare>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)(?![\d:]))\s*"
)
_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # HTML-like tags, and SSA override codes some SRT files carry
_SPACE = re.compile(r"\s+")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with the same one-line error as a text transcript's for a missing file."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SpeakerLinesError(f"cannot read transcript {path}: {exc.strerror or exc}") from exc


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (a byte-order mark from Windows tools dropped), or a one-line error naming the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpeakerLinesError(f"cannot read transcript {path}: not UTF-8 text ({exc.reason})") from exc


def parse_clock(text: str) -> float | None:
    """Seconds of the first clock time in ``text`` ("01:23", "0:01:23.5", "00:01:23,500"), else None."""
    match = _CLOCK_RE.search(text)
    return _seconds(match) if match else None


def clocks(text: str) -> list[float]:
    """Every clock time in ``text`` in order, e.g. the two ends of NVivo's "0:00:01.2 - 0:00:05.0"."""
    return [_seconds(match) for match in _CLOCK_RE.finditer(text)]


def _seconds(match: re.Match[str]) -> float:
    fraction = match.group("f") or ""
    value = int(match.group("h") or 0) * 3600 + int(match.group("m")) * 60 + int(match.group("s"))
    return value + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def leading_clock(text: str) -> tuple[float | None, str]:
    """A clock time that opens ``text`` and the text after it; (None, text) if it opens with none."""
    match = _LEADING_CLOCK.match(text)
    if not match:
        return None, text
    return parse_clock(match.group("clock") or match.group("bare")), text[match.end() :]


def split_paragraph(text: str) -> tuple[str | None, float | None, str]:
    """``(label, start, text)`` of a paragraph: "[00:01:23] I: ...", "I: [00:01:23] ..." or "I<tab>...".

    A time may come before or after the label, as transcription services and noScribe write them; a
    tab after a bare label is the column layout of many typed transcripts.
    """
    start, rest = leading_clock(text)
    labelled = split_label(rest)
    if labelled is None and "\t" in rest:
        head, tail = rest.split("\t", 1)
        if split_label(f"{head.strip()}:") is not None:
            labelled = (head.strip(), tail.strip())
    label, rest = labelled if labelled else (None, rest)
    if start is None:
        start, rest = leading_clock(rest)
    return label, start, rest.strip()


def plain(text: str) -> str:
    """Cue or cell text as one line: tags dropped, whitespace (line breaks too) collapsed."""
    return _SPACE.sub(" ", _TAGS.sub("", text)).strip()


def make_turn(
    options: SpeakerLinesOptions, text: str, speaker: str = "", start: float = 0.0, end: float | None = None
) -> Turn:
    """A turn with its role from the study's label lists, as speaker lines get theirs."""
    return Turn(start, start if end is None else end, text, speaker, options.role(speaker) if speaker else "")


def make_transcript(path: Path, data: bytes, turns: list[Turn], kind: str) -> Transcript:
    """The transcript of an imported file: named by the file, hashed from its bytes, without an engine.

    ``settings["import"]`` says which format it came from, so a result found later says how it was made.
    A file with no text at all is an error rather than an empty transcript that every later stage
    would pass on silently.
    """
    if not any(turn.text for turn in turns):
        raise SpeakerLinesError(f"no transcript text found in {path}")
    return Transcript(
        source=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        duration=max((turn.end for turn in turns), default=0.0),
        engine="",
        model="",
        language="",
        turns=[turn for turn in turns if turn.text],
        settings={"import": {"format": kind}},
    )
