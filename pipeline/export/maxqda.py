"""MAXQDA's transcript import with timestamps (the f4/f5 convention).

MAXQDA makes a speaker code from ``Name:`` at the start of a paragraph and links the text to the media
at each ``#hh:mm:ss-d#`` time mark; the mark at a paragraph's end is where the next one begins. One line
is one paragraph to MAXQDA, so turns are separated by a single newline, not a blank line.
"""

from __future__ import annotations

from pipeline.document import Transcript
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import tenths


@register("maxqda", ".maxqda.txt", "MAXQDA transcript: 'Name:' labels, #hh:mm:ss-d# time marks")
def write_maxqda(transcript: Transcript, context: ExportContext) -> str:
    lines = []
    for turn in transcript.turns:
        text = " ".join(turn.text.split()).replace("#", "")  # a stray # would start a time mark
        if not text:
            continue
        label = f"{turn.speaker}: " if turn.speaker else ""
        lines.append(f"{label}{text} #{tenths(turn.end, '-')}#")
    return "\n".join(lines) + "\n" if lines else ""
