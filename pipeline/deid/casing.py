"""Where casing carries information, read without any NLP library.

Its own module, free of Presidio and spaCy, so the leak gate (and every command that loads settings)
can tell an uncased line from a cased one without importing an NLP stack.
"""

from __future__ import annotations

import itertools
import re

_LOWER_I = re.compile(r"(?<![\w'’-])i(?:['’](?:m|d|ve|ll))?(?![\w'’-])")
_UPPER_I = re.compile(r"(?<![\w'’-])I(?:['’](?:m|d|ve|ll))?(?![\w'’-])")


_DETERMINER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|some|any|no|every|each|his|her|my|our|their|your|its)\s+$"
)


def after_determiner(text: str, start: int) -> bool:
    """A determiner right before ``start``: English seldom puts one before a name."""
    return bool(_DETERMINER.search(text[max(0, start - 8) : start]))


def line_at(text: str, at: int) -> str:
    """The line (a turn, a paragraph, a form's row) that holds ``text[at]``."""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    return text[start : end if end >= 0 else len(text)]


def uncased_line(text: str, at: int) -> bool:
    """Whether the line holding ``text[at]`` carries no casing (see :func:`is_uncased`)."""
    return is_uncased(line_at(text, at))


def is_uncased(paragraph: str) -> bool:
    """No capitalised word (capitals only in codes and acronyms, as in "ours is LTK 3-0917"), or the
    pronoun "i" in lower case: casing carries no information here."""
    capitalised = any(a.isupper() and b.islower() for a, b in itertools.pairwise(paragraph))
    return not (capitalised or _UPPER_I.search(paragraph)) or bool(_LOWER_I.search(paragraph))
