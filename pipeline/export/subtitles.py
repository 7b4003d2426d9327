"""SRT and WebVTT for media-synchronised coding: one cue per turn, timed by the turn.

SRT has no speaker field, so the label leads the cue's text (``P01: …``); WebVTT carries it as a voice
tag (``<v P01>``), which players and QDA tools show as the speaker instead of as text.
"""

from __future__ import annotations

from pipeline.document import Transcript, Turn
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import millis


def _cue_times(turn: Turn) -> tuple[float, float]:
    """A cue must end after it starts; a zero-length turn gets a tenth of a second."""
    return turn.start, max(turn.end, turn.start + 0.1)


def _cue_text(text: str) -> str:
    """A blank line would end the cue early, and "-->" would be read as timing: keep text on one line."""
    return " ".join(text.split()).replace("-->", "->")


@register("srt", ".srt", "SubRip subtitles, one cue per turn, speaker label in the text")
def write_srt(transcript: Transcript, context: ExportContext) -> str:
    cues = []
    for number, turn in enumerate((t for t in transcript.turns if t.text.strip()), start=1):
        start, end = _cue_times(turn)
        label = f"{turn.speaker}: " if turn.speaker else ""
        cues.append(f"{number}\n{millis(start, ',')} --> {millis(end, ',')}\n{label}{_cue_text(turn.text)}\n")
    return "\n".join(cues)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@register("vtt", ".vtt", "WebVTT subtitles, one cue per turn, <v Speaker> voice tags")
def write_vtt(transcript: Transcript, context: ExportContext) -> str:
    cues = ["WEBVTT\n"]
    for turn in transcript.turns:
        if not turn.text.strip():
            continue
        start, end = _cue_times(turn)
        voice = f"<v {_escape(turn.speaker)}>" if turn.speaker else ""
        cues.append(f"{millis(start)} --> {millis(end)}\n{voice}{_escape(_cue_text(turn.text))}\n")
    return "\n".join(cues)
