"""Whisper's word timestamps as words: a lone punctuation token joins the word before it.

Whisper's tokenizer often emits the hyphen of a cut-off word ("I- I- I thought") or a dash as a word of
its own ("I", "-", "I", "-", "I"). Later stages reason about words, so a stutter must read as "I-", the
way a transcriber writes it; the joined word keeps the first word's start and ends where the
punctuation ends.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.document import Turn, Word

_PUNCTUATION_ONLY = re.compile(r"[^\w]+")


def attach_punctuation(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for word in words:
        if out and _PUNCTUATION_ONLY.fullmatch(word.text):
            last = out[-1]
            out[-1] = Word(
                last.text + word.text,
                last.start,
                max(last.end, word.end),
                min(last.probability, word.probability),
            )
        else:
            out.append(word)
    return out


def segment_turn(segment: Any) -> Turn:
    """A faster-whisper ``Segment`` as a turn, times rounded to the millisecond the documents keep."""
    words = [
        Word(
            text=w.word.strip(),
            start=round(w.start, 3),
            end=round(w.end, 3),
            probability=round(w.probability, 4),
        )
        for w in segment.words or []
    ]
    return Turn(
        start=round(segment.start, 3),
        end=round(segment.end, 3),
        text=segment.text.strip(),
        words=attach_punctuation(words),
    )
