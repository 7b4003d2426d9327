"""Optional pause marks: "(pause 3 s)" where word timings show a long silence.

Off by default: the study's rule leaves silences out. Some analyses (and some journals) want them, and
only the timings can tell, so this runs on the cleaned turns' words. A silence inside a turn is marked
where it falls; a silence between turns is marked at the start of the turn that ends it. The marks go
into the turn's text only; its words stay the recogniser's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.clean.tokens import tokenize_turn
from pipeline.document import Turn


def add_pause_marks(turns: Sequence[Turn], threshold: float, mark: str) -> list[Turn]:
    """New turns with a mark before every timed word that follows at least ``threshold`` s of silence."""
    result: list[Turn] = []
    last_end: float | None = None
    for turn in turns:
        tokens = tokenize_turn(turn)
        if not turn.words:
            result.append(turn)
            continue
        parts: list[str] = []
        for token in tokens:
            start, end = token.start, token.end
            if start is not None and last_end is not None and start - last_end >= threshold:
                parts.append(mark.format(seconds=round(start - last_end)))
            parts.append(token.text)
            last_end = end if end is not None else last_end
        result.append(replace(turn, text=" ".join(parts)) if len(parts) > len(tokens) else turn)
    return result
