"""Names and towns in scripts other than Latin, where the gazetteers know them and no label or
honorific stands beside them: "Ольга Викторовна Кузнецова", "Γεια σου Ελένη", "вернулась в Томск",
"میں کراچی پہنچ گیا", "나 부산 도착했어".

spaCy's English model reads none of these scripts, and the capitalised-word recognizers are written for
Latin letters. The judgement is the gazetteers' and wordfreq's, in the languages of the word's script
(:mod:`pipeline.deid.scripts`):

- a town under another script's name (geonames' alternate names, towns of 15,000 people or more) whose
  population outweighs how common the word is there: Zipf below log10(population), so "Казань"
  (1.2 million, Zipf 4.4) is a place and "час" (hour; a town of 140,000, Zipf 6.2) a word;
- in a script with capitals (Cyrillic, Greek, Armenian), capitalised words that are known given names,
  surnames or patronymics: two or three in a row always, one alone when it is a popular name and not
  an everyday word, and, at a sentence's start, only when a comma or "!" after it says it is called.

A word followed by a colon is a form's label, never a name or a town.
"""

from __future__ import annotations

import math
import re

from pipeline.deid.gazetteers import ALIAS_MIN_POPULATION, first_rank, surname_rank, town_aliases
from pipeline.deid.recognizers.base import RegexRecognizer, sentence_initial
from pipeline.deid.scripts import CASED, WORD, script_of, script_zipf

_BEFORE = r"(?<![\w\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0e7f'’-])"
# Korean particles written onto a town ("부산에서", in Busan): the town ends before them
_KOREAN_PARTICLES = (
    "에서", "으로", "까지", "부터", "에", "의", "은", "는", "이", "가", "을", "를", "로", "도",
)  # fmt: skip
_LABEL = re.compile(r"\s*[:：]")
# a given name or surname ranked this high somewhere is known; a lone one must be popular
KNOWN_RANK = 5000
POPULAR_RANK = 1000
# a lone name at least this common in its languages is an everyday word first ("Привет" 5.1)
LONE_MAX_ZIPF = 5.0
_PATRONYMIC = re.compile(r"(?:ович|евич|овна|евна|ична|івна|ївна|йович)$")
_CAPITAL = "А-ЯЁЂ-ЏѢІЇҐΑ-ΩΆΈΉΊΌΎΏԱ-Ֆ"
_CAP_WORD = rf"[{_CAPITAL}][^\W\d_]*[^\W\d_A-ZА-ЯЁΑ-Ω]"


def _letters(phrase: str) -> int:
    return sum(c.isalpha() for c in phrase)


def _town(phrase: str) -> bool:
    """A town's name in another script that is not more an everyday word there than a town."""
    population = town_aliases().get(phrase.lower(), 0)
    if population < ALIAS_MIN_POPULATION:
        return False
    script = script_of(phrase)
    if _letters(phrase) < (2 if script == "HANGUL" else 3):
        return False
    if script in CASED and not all(w[0].isupper() for w in phrase.split()):
        return False
    return min(script_zipf(w) for w in phrase.split()) < math.log10(population)


def _korean_stem(word: str) -> str | None:
    for particle in _KOREAN_PARTICLES:
        if word.endswith(particle) and len(word) > len(particle) + 1:
            return word[: -len(particle)]
    return None


class ScriptPlaceRecognizer(RegexRecognizer):
    """A town named in a script other than Latin (see the module's docstring)."""

    ENTITY = "PLACE"
    pattern = re.compile(rf"{_BEFORE}(?P<first>{WORD})(?=(?P<rest>(?:[ ]{WORD}){{0,2}}))")

    def judge(self, match: re.Match[str], text: str):
        first = match.group("first")
        script = script_of(first)
        if script is None:
            return None
        words = [first, *match.group("rest").split()]
        start = match.start()
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n])
            if _town(phrase):
                end = start + len(phrase)
                return None if _LABEL.match(text, end) else (start, end, 0.5, self.ENTITY)
        stem = _korean_stem(first) if script == "HANGUL" and len(words) >= 1 else None
        if stem and _town(stem):
            return start, start + len(stem), 0.45, self.ENTITY
        return None


def _known(word: str) -> bool:
    if _PATRONYMIC.search(word):
        return True
    return min(first_rank(word) or KNOWN_RANK + 1, surname_rank(word) or KNOWN_RANK + 1) <= KNOWN_RANK


def _popular(word: str) -> bool:
    rank = min(first_rank(word) or POPULAR_RANK + 1, surname_rank(word) or POPULAR_RANK + 1)
    return rank <= POPULAR_RANK and script_zipf(word) < LONE_MAX_ZIPF


class CasedScriptNameRecognizer(RegexRecognizer):
    """Known names written in Cyrillic, Greek or Armenian capitals (see the module's docstring)."""

    ENTITY = "NAME"
    pattern = re.compile(rf"{_BEFORE}{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        words = list(re.finditer(r"\S+", match.group(0)))
        while words and not _known(words[0].group(0)):
            words.pop(0)
        run = []
        for word in words:
            if not _known(word.group(0)):
                break
            run.append(word)
        if not run:
            return None
        start, end = match.start() + run[0].start(), match.start() + run[-1].end()
        if _LABEL.match(text, end):
            return None
        if len(run) >= 2:
            return start, end, 0.55, self.ENTITY
        word = run[0].group(0)
        if not _popular(word):
            return None
        if sentence_initial(text, start) and not re.match(r"\s*[,!]", text[end:]):
            return None
        return start, end, 0.5, self.ENTITY
