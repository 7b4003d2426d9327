"""Which language a paragraph is written in, and whether a word is an everyday word of it.

spaCy's English model, and the capitalised-word gazetteers, take the capitalised nouns and headings of
other languages for names: German capitalises every noun ("Zufahrt", "Donnerstag"), and forms in any
language open lines with capitalised labels and products ("Fecha", "Silicona", "Factuur"). wordfreq,
already the source of the English word frequencies, has word lists of many languages; a paragraph's
language is the one whose list knows most of its words, and a guessed name that is an everyday word
of that language, and no name or place a gazetteer knows, is a word.

Only the small lists are read (words at Zipf 3 or more: all this needs), and only once a paragraph is
not English, so an English-only study never loads them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.deid.wordlists import zipf

# languages with case (capitalised nouns and labels are what goes wrong) that wordfreq lists
LANGUAGES = (
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "tr",
    "id",
    "vi",
    "ca",
    "ru",
    "uk",
    "el",
)
# a word at least this common in a language is one of its everyday words ("zufahrt" 3.3 in German)
EVERYDAY_ZIPF = 3.0
# at most this many words of a paragraph are looked up to tell its language
SAMPLE_WORDS = 60
# a paragraph needs this many words known to a language, and more than English knows, to be in it
MIN_KNOWN = 2
# an English word at least this common counts as English when telling languages apart
ENGLISH_ZIPF = 4.0
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?![\w'’-])")


@lru_cache(maxsize=200_000)
def zipf_in(word: str, language: str) -> float:
    """How common ``word`` is in ``language`` (Zipf scale), from wordfreq's small list; 0 below 3."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language, wordlist="small")


def paragraph_at(text: str, at: int) -> str:
    """The paragraph (lines up to a blank line) holding ``text[at]``: a form's item, a speaker's turn."""
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    return text[start + 2 if start >= 0 else 0 : end if end >= 0 else len(text)]


@lru_cache(maxsize=4096)
def language_of(paragraph: str) -> str:
    """The paragraph's language among :data:`LANGUAGES`, or "en" when it is English or cannot be told."""
    words = [w.lower() for w in _WORD.findall(paragraph)][:SAMPLE_WORDS]
    lower = [w for w in words if w.islower()]
    english = sum(zipf(w) >= ENGLISH_ZIPF for w in words)
    if len(lower) >= 3 and sum(zipf(w) >= ENGLISH_ZIPF for w in lower) / len(lower) >= 0.5:
        return "en"  # most of its ordinary words are common English ones: no list need be read
    counts = {lang: sum(zipf_in(w, lang) >= EVERYDAY_ZIPF for w in words) for lang in LANGUAGES}
    best = max(counts.values(), default=0)
    leaders = [lang for lang, n in counts.items() if n == best]
    if best < MIN_KNOWN or best <= english:
        return "en"
    # several languages know as many words (names and numbers): the first of them that knows more
    # of the lower-case words decides, else the paragraph cannot be told
    if len(leaders) > 1:
        lower_counts = {lang: sum(zipf_in(w, lang) >= EVERYDAY_ZIPF for w in lower) for lang in leaders}
        top = max(lower_counts.values())
        leaders = [lang for lang in leaders if lower_counts[lang] == top]
    return leaders[0] if len(leaders) == 1 else "en"


def everyday_foreign_word(word: str, language: str) -> bool:
    """An everyday word of ``language`` that is commoner there than in English."""
    lowered = word.lower()
    here = zipf_in(lowered, language)
    return here >= EVERYDAY_ZIPF and here > zipf(lowered)
