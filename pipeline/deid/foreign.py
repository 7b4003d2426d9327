"""Guesses that are words of another language, or of a script spaCy's English model cannot read.

Forms and messages mix languages: German capitalises every noun ("Zufahrt"), forms open lines with
capitalised labels ("Fecha"), a language's name is often a word of the sentence ("speaks Tamil"), and
spaCy's English model takes whole clauses of Chinese or Korean for a person. These rules say when
such a guess is no identifier; :func:`pipeline.deid.filters.unsure_guess` asks them.
"""

from __future__ import annotations

import re

from pipeline.deid.casing import line_at
from pipeline.deid.wordlists import zipf

# a lower-case word at least this common is English ("the" 7.7, "school" 5.3; "tarjeta" 2.0)
ENGLISH_WORD_ZIPF = 4.0
# below this share of English words, a line of at least FOREIGN_MIN_WORDS lower-case words is in
# another language (English lines measured 0.85–1.0, Spanish, German, Polish, Italian 0.0–0.4)
ENGLISH_SHARE = 0.5
FOREIGN_MIN_WORDS = 3
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{2,}(?![\w'’-])")


def foreign_line(text: str, at: int) -> bool:
    """Whether the line holding ``text[at]`` is written in another language than English."""
    words = [w for w in _LOWER_WORD.findall(line_at(text, at)) if w.islower()]
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    return sum(zipf(w) >= ENGLISH_WORD_ZIPF for w in words) / len(words) < ENGLISH_SHARE


# what comes before or after a language's name when it is a language ("speaks Tamil", "in Welsh",
# "is also Tamil", "the Gaelic at home", "Romani and Slovak"); only the verbs for the rarer languages
_SPEAKING = r"speaks?|spoke|spoken|speaking|learn(?:s|ed|t|ing)?|fluent in|fluent"
_LANGUAGE_BEFORE = re.compile(
    rf"\b(?:{_SPEAKING}|in|native|also|is|are|was|were|the|half|and|or|mostly|only)\s+$", re.IGNORECASE
)
_SPOKEN_BEFORE = re.compile(rf"\b(?:{_SPEAKING})\s+$", re.IGNORECASE)
_LANGUAGE_AFTER = re.compile(
    r"\s*(?:,|\s(?:and|or|language|speakers?|people|community|families|family|at home|lessons?|class"
    r"|interpreters?|translators?|teachers?|classes|radio|songs|service))"
)


def language_in_context(text: str, detection) -> bool:
    """A guessed single word that is a language's name where the sentence uses it as one."""
    from pipeline.deid.regions import language_names

    if detection.label not in ("NAME", "PLACE", "ORG"):
        return False
    surface = detection.text.strip().lower()
    major, minor = language_names()
    before = text[max(0, detection.start - 20) : detection.start]
    if surface in minor:
        return bool(_SPOKEN_BEFORE.search(before))
    return surface in major and bool(
        _LANGUAGE_BEFORE.search(before) or _LANGUAGE_AFTER.match(text, detection.end)
    )


# a dash, or a short lower-case word (most prepositions of most languages: "a", "in", "zur", "na")
_PLACE_BEFORE = re.compile(r"(?:[–—-]|(?<![\w'’-])[^\W\d_A-Z]{1,3})[ \t]+$")


def foreign_word(text: str, detection) -> bool:
    """A guessed name of one or two words, or an organisation of one, that are everyday words of the
    paragraph's other language and that no gazetteer knows as a name or a place: "Zufahrt", "Fecha",
    "Silicona"."""
    from pipeline.deid.languages import everyday_foreign_word, language_of, paragraph_at

    words = re.findall(r"[^\W\d_]+", detection.text)
    # places and longer organisations are left alone: a town is an everyday word of its own language
    # too ("in Schwabing", "a Castellammare"), and so are the words of a name ("Klinikum Nürnberg")
    most = 2 if detection.label == "NAME" else 1
    if detection.label not in ("NAME", "ORG") or not words or len(words) > most:
        return False
    if _PLACE_BEFORE.search(text[max(0, detection.start - 6) : detection.start]):
        return False  # where a town goes, spaCy's label or not: "– Firenze", "vengo a Castellammare"
    after = re.match(r"[ \t-]+([^\W\d_])", text[detection.end : detection.end + 4])
    before = re.search(r"([^\W\d_])[^\W\d_]*[ \t-]+$", text[max(0, detection.start - 40) : detection.start])
    if (after and after.group(1).isupper()) or (before and before.group(1).isupper()):
        return False  # a word of a longer name: "Sahlgrenska Universitetssjukhuset", "Löwen-Apotheke"
    language = language_of(paragraph_at(text, detection.start))
    if language == "en":
        return False
    return all(everyday_foreign_word(w, language) and not known(w) for w in words)


def known(word: str) -> bool:
    """A gazetteer knows ``word`` well enough to keep a guess in another language's line: a given name
    or a surname ranked within :data:`KNOWN_RANK`, or a town."""
    from pipeline.deid.gazetteers import first_rank, surname_rank, world_places

    return (
        (first_rank(word) or KNOWN_RANK + 1) <= KNOWN_RANK
        or (surname_rank(word) or KNOWN_RANK + 1) <= KNOWN_RANK
        or word.lower() in world_places()
    )


# lower-case words inside names ("Ludwig van Beethoven", "Maria da Silva")
PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "y",
        "e",
    ]
)
# a gazetteer rank good enough to keep a guess in another language's line
KNOWN_RANK = 2_000


# letters of scripts that spaCy's English model cannot read: Han, kana, Hangul
_UNREAD_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


def unread_script(detection) -> bool:
    """spaCy's guess over Chinese, Japanese or Korean letters: its English model reads them as one
    long name ("您好，王建国先生，…"); the script recognizers find what is there."""
    return detection.recognizer == "SpacyRecognizer" and bool(_UNREAD_SCRIPT.search(detection.text))
