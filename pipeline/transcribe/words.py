"""Whisper's word timestamps as words: a lone punctuation token joins the word before it.

Whisper's tokenizer often emits the hyphen of a cut-off word ("I- I- I thought") or a dash as a word of
its own ("I", "-", "I", "-", "I"). Later stages reason about words, so a stutter must read as "I-", the
way a transcriber writes it; the joined word keeps the first word's start and ends where the
punctuation ends.
"""

from __future__ import annotations

import re

from pipeline.document import Word

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
