"""Plain text for any tool: a header saying what the file is, then one paragraph per turn."""

from __future__ import annotations

from pipeline.corrections.status import SETTINGS_KEY, describe
from pipeline.document import Transcript
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import clock
from pipeline.textout import render_text


def header_lines(transcript: Transcript, context: ExportContext) -> list[str]:
    """The header every document format shares (txt, docx, …); the first line is what earlier releases
    wrote, the last says whether the transcript was checked against the recording."""
    lines = [
        f"Participant {transcript.source} · de-identified transcript · {transcript.engine} {transcript.model}"
    ]
    if context.study:
        lines.append(f"Study: {context.study}")
    lines.append(f"Exported: {context.exported.isoformat()}")
    lines.append(f"Duration: {clock(transcript.duration)}")
    # whether the words were checked against the recording (the transcript check's status)
    lines.append(describe(transcript.settings.get(SETTINGS_KEY)))
    return lines


@register("txt", ".txt", "plain text, one paragraph per turn, optional [hh:mm:ss] stamps")
def write_txt(transcript: Transcript, context: ExportContext) -> str:
    """Header block, a blank line, then the turns (UTF-8, LF: the atomic writer fixes the newlines)."""
    return "\n".join(header_lines(transcript, context)) + "\n\n" + render_text(transcript, context.timestamps)
