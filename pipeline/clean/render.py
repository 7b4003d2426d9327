"""Put a turn's text back together after some of its tokens were removed.

Removing words must not leave the sentence looking damaged: when the dropped word began a sentence
("The the room" → "The room") its capital moves to the next word kept, an opening quote moves with it,
and when it ended one, its full stop or question mark moves to the word before. Nothing else about the
kept words changes.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from pipeline.clean.tokens import Token

_OPENERS = '“"‘([{«'


def render(tokens: Sequence[Token], removed: Container[int]) -> str:
    """The text of the tokens not in ``removed``, joined by single spaces, with capitals and stops kept."""
    out: list[str] = []
    capitalise = False
    opening = ""  # quotes or brackets that opened on a removed word
    for i, token in enumerate(tokens):
        if i not in removed:
            text = opening + token.text if not token.text.startswith(_OPENERS) else token.text
            out.append(_capitalised(text) if capitalise else text)
            capitalise = False
            opening = ""
            continue
        opening += token.text[: len(token.text) - len(token.text.lstrip(_OPENERS))]
        starts_sentence = not out or out[-1].rstrip("\"'”’)").endswith((".", "?", "!", "…"))
        if starts_sentence and token.text.lstrip(_OPENERS)[:1].isupper():
            capitalise = True
        if token.ends_sentence and out and not out[-1].endswith((".", "?", "!", "…")):
            out[-1] = out[-1].rstrip(",;:") + token.boundary[-1]
    return " ".join(out)


def _capitalised(text: str) -> str:
    for k, ch in enumerate(text):
        if ch.isalpha():
            return text[:k] + ch.upper() + text[k + 1 :]
    return text
