"""Paragraphs into turns, for the formats that are typed documents rather than timed cues (DOCX, HTML).

A typed transcript is a run of paragraphs: most open with a speaker's label, some continue the speaker
before them, a few (a title, a date line) come before any speaker. Each paragraph stays its own turn,
so the document's paragraphs survive the round trip; one without a label keeps the speaker before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.document import Turn
from pipeline.importers.common import make_turn, split_paragraph
from pipeline.speaker_lines import SpeakerLinesOptions


@dataclass(frozen=True)
class Paragraph:
    """One paragraph's text, with what its layout already says (a table's speaker or time column).

    ``label`` None means "read it from the text" (a paragraph without one keeps the speaker before).
    """

    text: str
    label: str | None = None
    start: float | None = None
    end: float | None = None


def turns_from_paragraphs(paragraphs: Iterable[Paragraph], options: SpeakerLinesOptions) -> list[Turn]:
    """One turn per paragraph with text; a label alone on its line takes the paragraph after it.

    Times come from a leading "[00:01:23]" (or a table's time column). A turn's end is its own end when
    the layout gives one, else the next timed turn's start, else its start: typed transcripts mark when
    a turn begins, rarely when it ends. A turn without a time of its own starts where the one before did.
    """
    turns: list[Turn] = []
    starts: list[float | None] = []  # each turn's own start, None where the paragraph gave none
    ends: list[float | None] = []
    speaker = ""
    for paragraph in paragraphs:
        if paragraph.label is None:
            label, start, text = split_paragraph(paragraph.text)
        else:
            label, start, text = paragraph.label, None, paragraph.text.strip()
        start = paragraph.start if paragraph.start is not None else start
        if label is None and turns and not turns[-1].text:
            turns[-1].text = text  # "Interviewer:" on a line of its own, the words in the next paragraph
            starts[-1] = starts[-1] if starts[-1] is not None else start
            continue
        if label is None and not text:
            continue
        speaker = speaker if label is None else label
        turns.append(make_turn(options, text, speaker))
        starts.append(start)
        ends.append(paragraph.end)
    _set_times(turns, starts, ends)
    return turns


def _set_times(turns: list[Turn], starts: list[float | None], ends: list[float | None]) -> None:
    """Fill in the times the paragraphs left out, as :func:`turns_from_paragraphs` describes."""
    last = 0.0
    for turn, own in zip(turns, starts, strict=True):
        turn.start = last = own if own is not None else last
    following: float | None = None  # the start of the next turn that has a time of its own
    for index in reversed(range(len(turns))):
        turn, end = turns[index], ends[index]
        if end is None:
            end = following if following is not None and following > turn.start else turn.start
        turn.end = max(end, turn.start)
        following = starts[index] if starts[index] is not None else following
