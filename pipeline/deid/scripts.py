"""Which writing system a word is in, and how common it is in the languages written in it.

The gazetteers know names and towns in many scripts ("Томск", "لاہور", "부산", "Ελένη"), but whether such
a word is a name or an everyday word can only be judged in the languages that write it: "المدينة" is
Medina and "the city", "на" a given name somewhere and Russian's "on". wordfreq's lists are looked up
directly (not through its tokenizers, which need MeCab for Korean), so a word's commonness is the
highest it has in any language of its script.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache, lru_cache

# the languages wordfreq lists for each script that spaCy's English pipeline cannot read
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "CYRILLIC": ("ru", "uk", "bg", "mk", "sh"),
    "GREEK": ("el",),
    "ARMENIAN": (),
    "GEORGIAN": (),
    "HEBREW": ("he",),
    "ARABIC": ("ar", "fa", "ur"),
    "DEVANAGARI": ("hi",),
    "BENGALI": ("bn",),
    "TAMIL": ("ta",),
    "THAI": (),
    "ETHIOPIC": (),
    "HANGUL": ("ko",),
}
# scripts with capitals, where a capital marks a proper noun as in English
CASED = frozenset({"CYRILLIC", "GREEK", "ARMENIAN"})
# letters and the vowel signs and marks these scripts write inside a word (Python's \w leaves the
# combining marks of Indic scripts out, which would cut "कविता" into pieces)
WORD = (
    r"(?:[^\W\d_]|[\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0963\u0980-\u09e3\u0b80-\u0bcd"
    r"\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])+"
)


def script_of(word: str) -> str | None:
    """The script of ``word``'s first letter among :data:`SCRIPT_LANGUAGES`, or None (Latin, Han, kana)."""
    name = unicodedata.name(word[:1], "") if word else ""
    first = name.split(" ", 1)[0]
    return first if first in SCRIPT_LANGUAGES else None


@cache
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, wordlist="small")


@lru_cache(maxsize=100_000)
def script_zipf(word: str) -> float:
    """How common ``word`` is (Zipf scale) in the commonest language of its script; 0 if unknown."""
    script = script_of(word)
    lowered = word.lower()
    languages = SCRIPT_LANGUAGES.get(script or "", ())
    best = max((_frequencies(lang).get(lowered, 0.0) for lang in languages), default=0.0)
    return math.log10(best * 1e9) if best else 0.0
