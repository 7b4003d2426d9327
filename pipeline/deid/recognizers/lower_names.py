"""Names in lines without casing that only their shape gives away.

Speech recognisers write whole turns in lower case, where spaCy and the capitalised patterns are
blind. Two shapes stay names in any casing:

- a saint's name with a possessive, or before a kind, which names a church, school or clinic: "saint
  joseph's", "st brigid's health centre", "st james church" (not "st patrick's day": a holiday);
- a surname of Gaelic particles ("o'driscoll", "ó briain", "mac giolla") or a double-barrelled one of
  two surnames ("mensah-hart"), with the given name before it when a gazetteer knows it ("den
  o'driscoll");
- a name after "my ROLE is" or "was", whatever the role ("my conductor is otieno"), when a gazetteer
  ranks it and English hardly uses it: the relations the cued-name recognizer lists are only some of
  the roles a participant names people by.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.deid.casing import uncased_line
from pipeline.deid.gazetteers import first_rank, surname_rank
from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.recognizers.lowercase import KIND
from pipeline.deid.recognizers.people import GIVEN_MAX_RANK, SURNAME_MAX_RANK
from pipeline.deid.wordlists import zipf

_WORD = r"[^\W\d_][^\W\d_'’-]*"
# a given name this common in English is a word first when it stands before a surname ("will", "may")
GIVEN_BEFORE_MAX_ZIPF = 4.5
# a part of a double-barrelled surname this common in English makes it a word ("well-known")
BARRELLED_MAX_ZIPF = 3.5


def _known_given(word: str) -> bool:
    return (
        (first_rank(word) or GIVEN_MAX_RANK + 1) <= GIVEN_MAX_RANK
        and word not in STOP_WORDS
        and zipf(word) < GIVEN_BEFORE_MAX_ZIPF
    )


def _known_surname(word: str) -> bool:
    return (surname_rank(word) or SURNAME_MAX_RANK + 1) <= SURNAME_MAX_RANK


class LowerSaintRecognizer(RegexRecognizer):
    """A saint's name with a possessive or a kind after it, in a line without casing: "saint joseph's",
    "st brigid's health centre", "st james church"."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:st\.?|saint)\s+(?P<name>{_WORD})(?P<possessive>['’]s)?"
        rf"(?P<kind>(?:\s+{_WORD}){{0,2}}?\s+{KIND})?(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        if not uncased_line(text, match.start()) or first_rank(match.group("name")) is None:
            return None
        if not (match.group("possessive") or match.group("kind")):
            return None  # "saint james" alone may be a person or a place: only its kind makes it an ORG
        if re.match(r"\s+(?:day|eve|night)\b", text[match.end() : match.end() + 7]):
            return None  # a holiday: "st patrick's day"
        return match.start(), match.end(), 0.5, self.ENTITY


class LowerSurnameRecognizer(RegexRecognizer):
    """A Gaelic or double-barrelled surname in a line without casing, with a known given name before
    it: "den o'driscoll", "siobhán ó briain", "gloria mensah-hart"."""

    ENTITY = "NAME"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:(?P<given>{_WORD})\s+)?(?P<surname>(?:o['’]|ó\s+|ní\s+|nic\s+|mac\s+|mc)"
        rf"[^\W\d_]{{2,}}|[^\W\d_]{{2,}}-[^\W\d_]{{2,}})(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        if not uncased_line(text, match.start()):
            return None
        surname = match.group("surname")
        if "-" in surname:
            parts = surname.split("-")
            if not all(_known_surname(p) and zipf(p) < BARRELLED_MAX_ZIPF for p in parts):
                return None
        elif not _known_surname(re.split(r"['’\s]|^mc", surname)[-1]) and not _known_surname(surname):
            return None
        given = match.group("given")
        start = match.start("given") if given and _known_given(given) else match.start("surname")
        return start, match.end(), 0.45, self.ENTITY


# a name after "my ROLE is" must be this rare in English ("my dad is italian", "my boss was nice")
ROLE_NAME_MAX_ZIPF = 3.0
# ... and a surname after it below this ("kumar" 3.7; not "from", "and", "there")
SURNAME_AFTER_MAX_ZIPF = 4.0


def _role_name(word: str) -> bool:
    return (_known_given(word) or _known_surname(word)) and zipf(word) < ROLE_NAME_MAX_ZIPF


def _surname_after(word: str) -> bool:
    """A surname after a found given name may be commoner in English ("ramesh kumar")."""
    return word not in STOP_WORDS and _known_surname(word) and zipf(word) < SURNAME_AFTER_MAX_ZIPF


class LowerRoleNameRecognizer(RegexRecognizer):
    """A known, rare name after "my ROLE is/was" in a line without casing: "my conductor is otieno",
    "our driver was ramesh kumar"."""

    ENTITY = "NAME"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:my|our|her|his|their|your)\s+(?P<role>{_WORD})\s+(?:is|was)\s+"
        rf"(?P<name>{_WORD})(?=(?P<next>\s+{_WORD})?)"
    )

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.spans import known_place

        name = match.group("name")
        if match.group("role") in STOP_WORDS or not uncased_line(text, match.start()):
            return None
        if name in STOP_WORDS or known_place(name) or not _role_name(name):
            return None
        end = match.end("name")
        following = (match.group("next") or "").strip()
        if following and _surname_after(following) and not known_place(following):
            end = match.start("name") + len(name) + len(match.group("next"))
        return match.start("name"), end, 0.45, self.ENTITY


# a given name this common in English is a word first before a surname in lower case ("rose hill",
# "grace park"; "rodrigo" 3.3 and "declan" 3.0 are names)
FULL_GIVEN_MAX_ZIPF = 3.5
# a surname that is also a town is a surname after a given name when this common among surnames
# ("rodrigo astudillo", "ramón vergara"; a town further down the list stays the place recognizers')
PLACE_SURNAME_MAX_RANK = 1_000


def _latin_lower(word: str, least: int) -> bool:
    """A word of at least ``least`` lower-case Latin letters: other scripts have their own recognizers."""
    return (
        len(word) >= least
        and word.islower()
        and all("LATIN" in unicodedata.name(c, "") for c in word if c.isalpha())
    )


class LowerFullNameRecognizer(RegexRecognizer):
    """A given name and a surname, both known, in a line without casing: "rodrigo astudillo", "worku
    gebre". Speech recognisers write whole names in lower case, where the given name alone may be found
    by its rarity and the surname after it left in the text."""

    ENTITY = "NAME"
    # looked at, not consumed: in "ato worku gebre" the pair may start at any word
    pattern = re.compile(rf"(?<![\w'’-])(?=(?P<given>{_WORD})\s+(?P<surname>{_WORD})(?![\w'’-]))")

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.spans import known_place

        given, surname = match.group("given"), match.group("surname")
        if not (_latin_lower(given, 3) and _latin_lower(surname, 4)) or not uncased_line(text, match.start()):
            return None  # the gazetteers hold other languages' everyday words too ("fiesta es", "bola hai")
        if given in STOP_WORDS or zipf(given) >= FULL_GIVEN_MAX_ZIPF:
            return None
        if (first_rank(given) or GIVEN_MAX_RANK + 1) > GIVEN_MAX_RANK or not _surname_after(surname):
            return None
        if (
            known_place(surname)
            and (surname_rank(surname) or PLACE_SURNAME_MAX_RANK + 1) > PLACE_SURNAME_MAX_RANK
        ):
            return None
        return match.start("given"), match.end("surname"), 0.45, self.ENTITY
