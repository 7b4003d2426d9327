"""Readable plain-text transcript: one paragraph per turn, optionally stamped [hh:mm:ss].

This is the working output of the foundation slice; the export stage adds the coding tools' formats.
"""

from __future__ import annotations

from pipeline.document import Transcript


def format_stamp(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def render_text(transcript: Transcript, timestamps: bool = True) -> str:
    paragraphs = []
    for turn in transcript.turns:
        parts = []
        if timestamps:
            parts.append(f"[{format_stamp(turn.start)}]")
        if turn.speaker:
            parts.append(f"{turn.speaker}:")
        parts.append(turn.text)
        paragraphs.append(" ".join(parts))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
