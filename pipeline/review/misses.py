"""Possible misses: words the de-identifier left that a reviewer should look at.

Capitalised words in mid-sentence (names, places, organisations the models did not know), numbers
(digits, or spoken runs like "six oh eight"), unusual or capitalised words right next to a redaction
(the surname after a redacted first name), and uncommon first names or surnames written in lower case
(speech recognition does not always capitalise them). It flags; the reviewer decides. Words the stage
keeps on purpose (the allow-list, titles, weekdays, "I") are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.deid.decisions.model import Span
from pipeline.deid.wordlists import WEEKDAYS, WordLists, first_names, surnames, zipf
from pipeline.review_options import ReviewOptions

CAPITALISED = "capitalised"
NUMBER = "number"
NEAR = "next to a redaction"
LOWER_NAME = "a name in lower case"

_WORD = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|\d+(?:[\s./:-]\d+)*")
_NUMBER_WORDS = frozenset(
    "zero oh o one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "  # noqa: SIM905
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "double triple".split()
)
_PRONOUNS = frozenset({"i", "i'm", "i'd", "i've", "i'll", "i’m", "i’d", "i’ve", "i’ll"})


@dataclass
class Miss:
    turn: int
    start: int
    end: int
    text: str
    reasons: list[str] = field(default_factory=list)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \"'“‘(")
    return not before or before[-1] in ".?!…:"


def _base(word: str) -> str:
    return re.sub(r"['’]s$", "", word).rstrip(".").lower()


def _ordinary(word: str, words: WordLists) -> bool:
    """Kept by the stage on purpose: not worth a reviewer's look."""
    base = _base(word)
    titles = {t.lower().rstrip(".") for t in words.titles}
    return base in _PRONOUNS or base in words.allow or base in titles or base in WEEKDAYS


def find_misses(
    texts: list[str], redactions: list[Span], kept: list[Span], words: WordLists, options: ReviewOptions
) -> list[Miss]:
    """Flag words outside the redactions and the text a reviewer decided to keep (``kept``)."""
    found: dict[tuple[int, int], Miss] = {}
    covered = [*redactions, *kept]
    names = first_names() | surnames()

    def flag(turn: int, start: int, end: int, reason: str) -> None:
        if any(s.turn == turn and s.start < end and start < s.end for s in covered):
            return
        miss = found.setdefault((turn, start), Miss(turn, start, end, texts[turn][start:end]))
        if reason not in miss.reasons:
            miss.reasons.append(reason)

    for turn, text in enumerate(texts):
        tokens = list(_WORD.finditer(text))
        run: list[re.Match[str]] = []
        for m in [*tokens, None]:
            if m is not None and m.group(0).lower() in _NUMBER_WORDS:
                run.append(m)
                continue
            if len(run) >= options.number_words:
                flag(turn, run[0].start(), run[-1].end(), NUMBER)
            run = []
            if m is None:
                break
            word = m.group(0)
            if word[0].isdigit():
                flag(turn, m.start(), m.end(), NUMBER)
            elif word[0].isupper() and not _ordinary(word, words):
                rare = zipf(_base(word)) < options.rare_max_zipf
                if not _sentence_start(text, m.start()) or rare:
                    flag(turn, m.start(), m.end(), CAPITALISED)
            elif (
                word.islower()
                and _base(word) in names
                and not _ordinary(word, words)
                and zipf(_base(word)) < options.rare_max_zipf
            ):
                flag(turn, m.start(), m.end(), LOWER_NAME)
        for span in (s for s in redactions if s.turn == turn):
            for m in tokens:
                gap = text[span.end : m.start()] if m.start() >= span.end else text[m.end() : span.start]
                if m.start() >= span.end or m.end() <= span.start:
                    if len(gap) > 2 or gap.strip(" -"):
                        continue
                    word = m.group(0)
                    if _ordinary(word, words) or word[0].isdigit():
                        continue
                    if word[0].isupper() or zipf(_base(word)) < options.rare_max_zipf:
                        flag(turn, m.start(), m.end(), NEAR)
    return sorted(found.values(), key=lambda m: (m.turn, m.start))
