"""Phone numbers, e-mail addresses and web addresses the way speech recognition writes them.

Whisper often spells out what a speaker reads aloud: "five five five, oh one eight two",
"k dot reyes at gmail dot com", "w w w dot grief group dot org slash events".
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.recognizers.numbers import SHORT_ID_CUE, SHORT_ID_MIN_DIGITS
from pipeline.deid.wordlists import zipf

DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNITS = dict.fromkeys(("zero", "oh", "o", *DIGIT_WORDS), 1)
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER_WORD = (
    rf"(?:(?:{'|'.join(TENS)})(?:[\s-](?:{_UNIT_RE}))?|{'|'.join(TEENS)}|{_UNIT_RE}|hundred|thousand"
    r"|double|triple|\d+)"
)
_SEPARATOR = r"(?:[\s,.]+|\s*-\s*|\s+dash\s+)"
_SPOKEN_NUMBER = re.compile(
    rf"(?<![\w-])(?:area\s+code\s+)?(?:plus\s+)?(?:[a-z]{{1,3}},?\s+)?{_NUMBER_WORD}"
    rf"(?:{_SEPARATOR}{_NUMBER_WORD}){{2,}}(?![\w-])",
    re.IGNORECASE,
)
_MONEY = re.compile(r"^\s*(?:dollars|euros?|pounds|bucks|cents|francs|kronor|kroner|percent|people)\b", re.I)
_PHONE_CONTEXT = re.compile(r"\b(call|called|phone|cell|number|text|texted|reach|dial|line|fax)\b", re.I)
_ID_CONTEXT = re.compile(r"\b(number|id|record|mrn|chart|file|case|account|member|student)\b", re.I)


def count_digits(spoken: str) -> int:
    """How many digits a spoken number stands for: "oh one eight two" 4, "fourteen" 2, "double five" 2."""
    digits, pending = 0, 1
    for word in re.findall(r"[a-z]+|\d+", spoken.lower()):
        if word in ("double", "triple"):
            pending = 2 if word == "double" else 3
            continue
        if word.isdigit():
            digits += len(word)
        elif word in _UNITS:
            digits += pending
        elif word in TEENS or word in TENS or word == "hundred":
            digits += 2
        elif word == "thousand":
            digits += 3
        pending = 1
    return digits


class SpokenNumberRecognizer(RegexRecognizer):
    """Phone and ID numbers read out digit by digit or in groups."""

    ENTITY = "PHONE"
    pattern = _SPOKEN_NUMBER

    def judge(self, match: re.Match[str], text: str):
        spoken = match.group(0).rstrip(" ,.")
        if not re.search(r"[a-z]", spoken, re.I):
            return None  # plain digits: Presidio's own recognizers handle those
        start = match.start()
        # a leading code of letters ("fw, one five eight …") belongs to an ID only if it is no word
        lead = re.match(r"([a-z]{1,3}),?\s+", spoken, re.I)
        word = lead.group(1).lower() if lead else ""
        letter = bool(lead) and re.fullmatch(r"[B-HJ-Z]", lead.group(1)) is not None  # "B one two …"
        if lead and zipf(word) >= 4.0 and word not in _UNITS and not letter:
            start += lead.end()
            spoken = spoken[lead.end() :]
        digits = count_digits(spoken)
        before = text[max(0, start - 60) : start]
        quantity = re.search(r"\b(?:hundred|thousand)\b", spoken, re.I) and not _PHONE_CONTEXT.search(before)
        if quantity or _MONEY.match(text[match.end() : match.end() + 12]):
            return None
        if digits >= 7:
            label = "ID" if _ID_CONTEXT.search(before) and not _PHONE_CONTEXT.search(before) else "PHONE"
            return start, start + len(spoken), 0.8, label
        if digits >= 5 and _ID_CONTEXT.search(before):
            return start, start + len(spoken), 0.7, "ID"
        if digits >= 6 and _PHONE_CONTEXT.search(before[-30:]):
            return start, start + len(spoken), 0.7, "PHONE"  # a local number: "call her at two nine …"
        return None


# a letter read out on its own ("P H three three one eight", "h l three nine oh two seven"); never "I"
# or a lower-case "a", which are words, nor "o", which is a digit read aloud; a capital "A" opening the
# run is the article and is left out
_LETTER = r"(?:(?-i:[A-HJ-NP-Z])|(?-i:[b-hj-np-z]))"
_LETTER_RE = re.compile(_LETTER)
_CODE_TOKEN = rf"(?:{_NUMBER_WORD}|{_LETTER})"
_SPOKEN_CODE = re.compile(
    rf"(?<![\w'’-]){_CODE_TOKEN}(?:(?:[\s,]+|\s*-\s*){_CODE_TOKEN}){{2,}}(?![\w'’-])", re.IGNORECASE
)


class SpokenCodeRecognizer(RegexRecognizer):
    """Codes read aloud letter by letter and digit by digit: national insurance and NMC numbers, plates,
    clinic numbers ("Q W, one two, three four, five six, C", "Y J seven two, K L M"), and short numbers
    after a word that only ever precedes an identifier ("collar number four one seven two")."""

    ENTITY = "ID"
    pattern = _SPOKEN_CODE

    def judge(self, match: re.Match[str], text: str):
        if re.search(r"\b(?:hundred|thousand)\b|\d", match.group(0), re.IGNORECASE):
            return None  # a quantity, the spoken-number recognizer's; or written, as in "Room B 12 14"
        start = match.start() + (2 if match.group(0).startswith("A ") else 0)
        tokens = re.findall(r"[^\s,-]+", text[start : match.end()])
        spelled, said = [], []
        for token in tokens:
            (spelled if _LETTER_RE.fullmatch(token) else said).append(token)
        letters, digits = len(spelled), count_digits(" ".join(said))
        cued = SHORT_ID_CUE.search(text[max(0, start - 40) : start])
        plate = letters >= 3 and digits >= 2 and letters + digits >= 6  # "Y J seven two, K L M"
        code = letters and digits >= 3 and letters + digits >= 5
        if code or plate or (cued and digits >= SHORT_ID_MIN_DIGITS):
            return spelled_before(text, start), match.end(), 0.7, self.ENTITY
        return None


_LETTER_BEFORE = re.compile(r"(?:^|(?<=[\s,]))([A-Za-z])[ \t]+$")


def spelled_before(text: str, start: int) -> int:
    """Where a code read out letter by letter starts, with the letters the run's pattern takes for words
    when another letter stands before them: "b i b r four four one", "P I C four four zero nine one"."""
    while found := _LETTER_BEFORE.search(text[max(0, start - 4) : start]):
        at = start - len(found.group(0))
        if not _LETTER_RE.fullmatch(found.group(1)) and not _LETTER_BEFORE.search(text[max(0, at - 4) : at]):
            break  # "so i b r …": the pronoun, not a letter
        start = at
    return start


_WORD = r"[a-z0-9][\w-]*"
# generic top-level domains, and any two letters for a country's ("dot de", "dot no", "dot com dot br")
_TLD = r"(?:com|org|net|edu|gov|mil|info|biz|health|[a-z]{2})"
_SPOKEN_DOT = r"\s+dot\s+"


# a part of a mailbox's name, with the numbers read out after it ("okonkwo ninety two")
_LOCAL = rf"{_WORD}(?:\s+{_NUMBER_WORD})*"


class SpokenEmailRecognizer(RegexRecognizer):
    """E-mail addresses read aloud: "k dot reyes at gmail dot com", "chidi dot okonkwo ninety two at
    yahoo dot com", and an initial read before the name ("r hosseinzadeh at uwaterloo dot ca")."""

    ENTITY = "EMAIL"
    pattern = re.compile(
        rf"(?<![\w.])(?P<initial>[b-hj-z]\s+)?(?:{_LOCAL}(?:{_SPOKEN_DOT}|\s+underscore\s+|\s+(?:dash|hyphen)\s+))*{_LOCAL}"
        rf"\s+at\s+"
        rf"{_WORD}(?:{_SPOKEN_DOT}{_WORD})*{_SPOKEN_DOT}{_TLD}\b",
        re.IGNORECASE,
    )

    def judge(self, match: re.Match[str], text: str):
        # the mailbox's name, without an initial read before it
        local = re.split(
            r"\s+at\s+", match.group(0)[len(match.group("initial") or "") :], flags=re.IGNORECASE
        )[0]
        if " " not in local and zipf(local.lower()) >= 4.5 and local.lower() not in _MAILBOXES:
            return None  # "register at grief group dot org" is a web address after a verb
        return match.start(), match.end(), 0.85, self.ENTITY


# mailbox names that are also common words
_MAILBOXES = {"info", "contact", "hello", "office", "admin", "support", "mail", "team", "help", "hi", "me"}


class SpokenUrlRecognizer(RegexRecognizer):
    """Web addresses read aloud: "w w w dot grief group dot org slash events"."""

    ENTITY = "URL"
    pattern = re.compile(
        rf"(?<![\w.])(?:(?:w\s*w\s*w|www|h\s*t\s*t\s*p\s*s?){_SPOKEN_DOT})?"
        rf"(?:{_WORD}\s+){{0,3}}{_WORD}(?:{_SPOKEN_DOT}{_WORD})*{_SPOKEN_DOT}{_TLD}"
        # a path, its letters possibly read one by one: "slash r p c thamesmead"
        rf"(?:\s+slash\s+(?:[a-z]\s+){{0,5}}{_WORD})*\b",
        re.IGNORECASE,
    )

    def judge(self, match: re.Match[str], text: str):
        span = match.group(0)
        # The optional leading words are for multi-word site names ("grief group dot org"); keep them
        # only after "www" or a word like "site"/"website", else start at the word before "dot".
        lowered = span.lower()
        if re.match(r"(w\s*w\s*w|www|h\s*t\s*t\s*p)", lowered):
            return match.start(), match.end(), 0.85, self.ENTITY
        first_dot = re.search(_SPOKEN_DOT, span, re.IGNORECASE)
        head = span[: first_dot.start()] if first_dot else span
        named = head.split()
        if _SITE_CUE.search(text[max(0, match.start() - 40) : match.start()]):
            while len(named) > 1 and (
                named[0].lower() in STOP_WORDS or len(named[0]) == 1 or zipf(named[0]) >= _VERB_ZIPF
            ):
                named.pop(0)  # "website, it's fenland recovery cafe dot org dot uk"
        else:
            named = named[-1:]
        offset = len(head) - len(" ".join(named))
        return match.start() + offset, match.end(), 0.8, self.ENTITY


# a word this common opening a site's name is the sentence's ("check", "visit", "go"), not the name's
_VERB_ZIPF = 4.8
# words after which a site's name may be several words long
_SITE_CUE = re.compile(r"(?i)\b(?:website|site|web\s+page|webpage|online|page|blog|channel)\b[^.?!\n]*$")
