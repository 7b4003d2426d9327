"""Spans that respect the text: a redaction never crosses a sentence end or a turn, never takes a word
that is not part of the identifier, and two identifiers of different kinds side by side stay two.

spaCy's small model sometimes runs an entity over a sentence end ("… Family Services in Rasing. My" as
one ORG): cutting there keeps "My client was …" readable. An organisation followed by "in <town>" is
split into the two ("[ORG 1] in [PLACE 1]"). Postcodes beside a found town or street are added.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.deid.gazetteers import world_places
from pipeline.deid.recognizers.numbers import POSTCODE
from pipeline.deid.recognizers.spoken import DIGIT_WORDS, TEENS, TENS
from pipeline.deid.wordlists import place_names, zipf

# a full stop after these is an abbreviation, not a sentence end
_ABBREVIATIONS = {
    "st",
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "prof",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "nr",
    "ave",
    "rd",
    "blvd",
    "mt",
    "ft",
    "rev",
    "apt",
    "sp",
    "zrt",
    "kft",
    "lda",
    "ltda",
    "bros",
    "hnos",
    "tic",
    "şti",
    # street and unit abbreviations: "Av. Rosario", "Cl. 60", "Psje. Mardones 499 Of. 608"
    "av",
    "avda",
    "cl",
    "cll",
    "cra",
    "kr",
    "dg",
    "diag",
    "tv",
    "psje",
    "pje",
    "ctra",
    "pvt",
    "pty",
    "cía",
    "cia",
    "depto",
    "dpto",
    "edif",
    "esc",
    "int",
    "ul",
    "al",
    "os",
    "pl",
    "str",
    "jl",
    "gg",
    # Turkish streets and quarters: "Bağdat Cad. No: 214", "Gül Sk.", "Moda Mah."
    "cad",
    "sk",
    "sok",
    "mah",
    "mh",
    "blv",
}
# a sentence end, a line break, or the gap between two fields laid out on one line
# the full stops of other scripts end a sentence whatever follows: Devanagari and Bengali "।", Myanmar
# "။", Ethiopic "።", the ideographic "。" and the full-width "！？"
SCRIPT_STOPS = "।॥။።。！？"
_SENTENCE_END = re.compile(
    rf"(?<=[^\s.!?])([.!?]+)[\"'”’)\]]*\s+(?=[\"'“‘(]?[A-Z0-9])|[{SCRIPT_STOPS}]+[ \t]*|\n|[ \t]{{3,}}|\t"
)
_ORG_IN_PLACE = re.compile(r"^(?P<org>.+?)\s+(?:in|at)\s+(?P<place>[A-Z][^\s,]*(?:\s+[A-Z][^\s,]*){0,2})$")


# letters of a word whose dot before a number is an abbreviation, not a sentence end
UNIT_ABBREVIATION_MAX = 4
# a dot after a floor number is an ordinal, not a sentence end: "Goethestraße 14, 2. OG"
_FLOOR_AFTER = re.compile(r"\.\s?(?:OG|EG|DG|UG|Stock|Etage|th\.|tv\.|mf\.)")
# nor after a day, as German, Nordic and Slavic dates write it: "3. April 2025", "14. 5. 2025"
_DATE_AFTER = re.compile(
    r"\.\s?(?:\d{1,2}\.\s?(?:19|20)\d\d|[^\W\d_]{3,12}\.?\s(?:19|20)\d\d|(?:19|20)\d\d(?!\d))"
)


def _is_abbreviation(text: str, dot: int) -> bool:
    if re.search(r"(?<!\d)\d{1,2}$", text[:dot]) and (
        _FLOOR_AFTER.match(text, dot) or _DATE_AFTER.match(text, dot)
    ):
        return True
    # vowel signs and other marks are no letters to the regex: "नं." is one letter and its mark
    tail = "".join(c for c in text[max(0, dot - 40) : dot] if not unicodedata.category(c).startswith("M"))
    word = re.search(r"([^\W\d_]+)$", tail)
    if word is None:
        return False
    token = word.group(1)
    # a short word's dot before a number shortens a unit of an address: "кв. 34", "bl. 24", "Imm. 4"
    unit = len(token) <= UNIT_ABBREVIATION_MAX and re.match(r"\.[ \t]?\d", text[dot : dot + 3])
    return len(token) == 1 or token.lower() in _ABBREVIATIONS or bool(unit)


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at every sentence end and line break inside it."""
    out, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group(1) and _is_abbreviation(text, m.start()):  # a Latin stop may end an abbreviation
            continue
        out.append((cursor, m.start()))
        cursor = m.end()
    out.append((cursor, end))
    return [(s, e) for s, e in out if re.search(r"\w", text[s:e])]


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words where it stops inside one: a recogniser that took "bi" of
    "dechamps.biz" (Presidio's URL pattern tries shorter top-level domains first) or the head of a word
    leaves no fragment of the identifier in the text."""
    while start > 0 and _inside_word(text[start - 1], text[start]):
        start -= 1
    while end < len(text) and _inside_word(text[end - 1], text[end]):
        end += 1
    return start, end


# scripts written without spaces between words (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar): two of
# their letters side by side may belong to two words ("王秀英女士" is a name and an honorific)
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


def _inside_word(left: str, right: str) -> bool:
    return left.isalnum() and right.isalnum() and not (_UNSPACED.match(left) or _UNSPACED.match(right))


def worth_keeping(surface: str) -> bool:
    """A piece cut off a longer span is kept only if it could be an identifier, not "My" or "So"."""
    words = surface.split()
    return len(words) > 1 or bool(re.search(r"\d", surface)) or zipf(surface.lower()) < 4.0


def known_place(surface: str) -> bool:
    lowered = surface.lower()
    return lowered in place_names() or lowered in world_places()


def split_org_place(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """ "Bayview Family Services in Kenosha" → the ORG and the PLACE, if the town is a known place."""
    m = _ORG_IN_PLACE.match(text[start:end])
    if m is None or not known_place(m.group("place")):
        return None
    return [
        (start + m.start("org"), start + m.end("org"), "ORG"),
        (start + m.start("place"), start + m.end("place"), "PLACE"),
    ]


def postcodes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Postcodes right before ("12345 Berlin") or after ("Oslo 0669", "Leeds, S6 7LJ") a place or street."""
    found = []
    line_start = text.rfind("\n", 0, start) + 1
    # not the cents of a price ("6,49 1 APPELS"): a postcode stands apart from other digits
    before = re.search(rf"(?<![\w,.-])({POSTCODE.pattern}),?\s+$", text[line_start:start])
    if before and re.search(r"\d", before.group(1)):
        found.append((line_start + before.start(1), line_start + before.end(1)))
    after = re.match(rf",?\s+({POSTCODE.pattern})(?![\w-])", text[end : end + 16])
    year = after and re.fullmatch(r"(?:19|20)\d\d", after.group(1))
    if year and not re.match(r"\s+[A-Z]", text[end + after.end() : end + after.end() + 2]):
        after = None  # "Oslo, 2019" is a year; "…Chatriant 25, 1963 Monnet-les-Bains" a postcode
    if after and re.search(r"\d", after.group(1)):
        found.append((end + after.start(1), end + after.end(1)))
    return found


_UNIT_NUMBER = "|".join(DIGIT_WORDS)
_TEEN_NUMBER = "|".join(TEENS)
_TEN_NUMBER = "|".join(TENS)
# a house number read aloud right before a street: "forty-two", "one hundred and six", "seventeen",
# "two twenty-one" (221)
_SPOKEN_HOUSE_NUMBER = re.compile(
    rf"(?<![\w'’-])(?:(?:{_UNIT_NUMBER})\s+(?:hundred(?:\s+and)?\s+)?)?"
    rf"(?:(?:{_TEN_NUMBER})(?:[\s-](?:{_UNIT_NUMBER}))?|{_TEEN_NUMBER}|{_UNIT_NUMBER})[ \t]+$",
    re.IGNORECASE,
)


def spoken_house_number(text: str, start: int) -> int:
    """Where a street found at ``start`` really begins: at the house number read aloud before it
    ("forty-two Stratford Road"), which the written-address patterns, made for digits, leave out."""
    m = _SPOKEN_HOUSE_NUMBER.search(text[max(0, start - 40) : start])
    return start - len(m.group(0)) if m else start
