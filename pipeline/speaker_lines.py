"""Text transcripts as speaker lines ("I: ...", "P: ...") read into, and written from, the document model.

Many transcripts reach a study as typed text rather than audio: old interviews, a transcriber's
corrections, the evaluation sets. Reading them into a ``Transcript`` lets every text stage (cleaning,
de-identification) run on them exactly as on a recording's transcript, and writing them back with the
same labels keeps the file recognisable to the person who gave it.

A line "Label: text" starts a turn; a label is one word, optionally with more capitalised words and a
number ("I", "P2", "Participant 3", "Dr Reyes"). A line without a label continues the turn before it;
lines before the first label become a turn with no speaker. There are no timings in text, so turns have
start = end = 0 and no words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Transcript, Turn
from pipeline.errors import SpeakerLinesError

_LABEL = re.compile(
    r"^\s*(?P<label>[A-Za-z][\w.'’-]{0,24}(?: [A-Z][\w.'’-]{0,24})?(?: ?\d{1,3})?)\s*:(?!//)\s?(?P<text>.*)$"
)
_NUMBER = re.compile(r"[\s#_-]*\d+$")


@dataclass(frozen=True)
class SpeakerLinesOptions:
    """The [speaker_lines] settings: which labels mean which role (compared without case or number)."""

    interviewer_labels: list[str] = field(
        default_factory=lambda: ["I", "Int", "Interviewer", "Q", "Researcher", "Moderator", "Facilitator"]
    )
    participant_labels: list[str] = field(
        default_factory=lambda: ["P", "Participant", "R", "Respondent", "Interviewee"]
    )

    def role(self, label: str) -> str:
        """``interviewer``, ``participant`` or "" for a label the lists do not name."""
        bare = _NUMBER.sub("", label).strip().lower()
        if bare in {x.lower() for x in self.interviewer_labels}:
            return "interviewer"
        if bare in {x.lower() for x in self.participant_labels}:
            return "participant"
        return ""


def split_label(line: str) -> tuple[str, str] | None:
    """``(label, text)`` if ``line`` starts with a speaker label ("Label: text"), else None.

    Public so the importers of other formats (DOCX paragraphs, subtitle cues, HTML) recognise labels
    exactly as text transcripts do.
    """
    match = _LABEL.match(line)
    return (match.group("label"), match.group("text").strip()) if match else None


def parse_speaker_lines(
    text: str, source: str = "", options: SpeakerLinesOptions | None = None
) -> Transcript:
    """Turns from speaker lines; a text without a single labelled line is an error."""
    options = options or SpeakerLinesOptions()
    turns: list[Turn] = []
    labelled = False
    for line in text.splitlines():
        match = _LABEL.match(line)
        if match:
            label = match.group("label")
            turns.append(Turn(0.0, 0.0, match.group("text").strip(), label, options.role(label)))
            labelled = True
        elif line.strip():
            if not turns:
                turns.append(Turn(0.0, 0.0, ""))
            turns[-1].text = f"{turns[-1].text} {line.strip()}".strip()
    if not labelled:
        where = f" in {source}" if source else ""
        raise SpeakerLinesError(f'no speaker lines ("I: ...", "P: ...") found{where}')
    return Transcript(
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        duration=0.0,
        engine="",
        model="",
        language="",
        turns=turns,
    )


def read_speaker_lines(path: Path, options: SpeakerLinesOptions | None = None) -> Transcript:
    """Read a speaker-lines text file, with a domain error for a missing or unreadable one."""
    return parse_speaker_lines(_read(path), str(path), options)


def read_any_transcript(path: Path, options: SpeakerLinesOptions | None = None) -> Transcript:
    """A JSON transcript (the document model) if the file holds one, else speaker lines.

    Judged by content, not by name, so a text stage accepts whatever transcript it is handed. This reads
    text files only; :func:`pipeline.importers.read_transcript` adds DOCX, WebVTT, SRT and HTML by name
    (it cannot live here: the importers build on this module).
    """
    text = _read(path)
    if text.lstrip().startswith("{"):
        return Transcript.from_json(text)
    return parse_speaker_lines(text, str(path), options)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise SpeakerLinesError(f"cannot read transcript {path}: {reason}") from exc


def format_speaker_lines(transcript: Transcript) -> str:
    """One line per turn, "Label: text" with the turn's own label; a turn without a speaker is bare text."""
    lines = [
        f"{turn.speaker}: {turn.text}".rstrip() if turn.speaker else turn.text for turn in transcript.turns
    ]
    return "".join(f"{line}\n" for line in lines)
