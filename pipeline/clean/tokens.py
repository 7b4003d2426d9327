"""Tokens: the unit every cleaning rule looks at, the same for timed and untimed turns.

A rule needs three things about a word that its surface form mixes together: the bare word to compare
("She-," and "she" are the same word), whether the speaker cut it off (the trailing dash of "w-"), and
the punctuation after it (a comma between two copies turns a stutter into emphasis). Computing them once
here keeps the rules free of string fiddling, and lets a turn with word timings carry the times of the
words each token came from into the removal log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.document import Turn, Word

_QUOTES = "\"'“”‘’()[]{}«»"
_PUNCT = ".,;:!?…"
_DASHES = "-–—"
_SENTENCE_END = ".?!…"
# An em or en dash glued between two words ("I—I") is the same cut-off as "I- I".
_GLUED_DASH = re.compile(r"(?<=\w[—–])(?=\w)")


@dataclass(frozen=True)
class Token:
    """One spoken word as printed (``text``) and as the rules compare it.

    ``norm`` is the lower-case word without quotes, punctuation or cut-off dash ("" for a lone dash);
    ``cut`` says the speaker broke the word off ("w-", "I-"); ``boundary`` is the punctuation that
    followed it ("," or "." or ""); ``words`` are the timed words it was made from, if any.
    """

    text: str
    norm: str
    cut: bool
    boundary: str
    words: tuple[Word, ...] = ()

    @property
    def start(self) -> float | None:
        return self.words[0].start if self.words else None

    @property
    def end(self) -> float | None:
        return self.words[-1].end if self.words else None

    @property
    def ends_sentence(self) -> bool:
        return bool(self.boundary) and self.boundary[-1] in _SENTENCE_END


def make_token(text: str, words: tuple[Word, ...] = ()) -> Token:
    """Analyse one surface word ("She-,", "Mm-hmm.", "“Okay”") into a Token."""
    surface = text.strip()
    core = surface.lower().replace("’", "'").strip(_QUOTES)
    stripped = core.rstrip(_PUNCT + _QUOTES)
    boundary = "".join(ch for ch in core[len(stripped) :] if ch in _PUNCT)
    cut = stripped.endswith(tuple(_DASHES)) and bool(stripped.strip(_DASHES))
    norm = stripped.rstrip(_DASHES).strip(_PUNCT + _QUOTES + _DASHES)
    return Token(text=surface, norm=norm, cut=cut, boundary=boundary, words=words)


def tokenize_text(text: str) -> list[Token]:
    """Split untimed text into tokens at whitespace and at dashes glued between words."""
    return [make_token(part) for chunk in text.split() for part in _GLUED_DASH.split(chunk) if part]


def tokenize_turn(turn: Turn) -> list[Token]:
    """Tokens of a turn: from its timed words when it has them, else from its text.

    Recognisers mark the start of a word with a leading space (" Mm", "-hmm."); pieces without one are
    glued to the word before. Hand-built words without any leading spaces are one token each.
    """
    if not turn.words:
        return tokenize_text(turn.text)
    spaced = any(word.text[:1].isspace() for word in turn.words[1:])
    groups: list[list[Word]] = []
    for word in turn.words:
        if groups and spaced and not word.text[:1].isspace():
            groups[-1].append(word)
        else:
            groups.append([word])
    return [make_token("".join(w.text for w in group), tuple(group)) for group in groups]


def key(norm: str) -> str:
    """A spelling-tolerant key for interjections: letters only, each run of a letter counted once.

    "Mm-hmm", "Mmhmm" and "Mhm" all become "mhm", "Hmmm" becomes "hm"; both the word lists and the
    transcript go through this, so it only ever makes equal what a listener would hear as equal.
    """
    letters = [ch for ch in norm if ch.isalpha()]
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1])
