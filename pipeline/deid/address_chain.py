"""The rest of a postal address around a street that was found: units, floors, plots and town areas.

Addresses in most countries are a chain of comma-separated parts, and only some have shapes the
recognizers know (a street type, a postcode). The others are a unit, floor, block or plot with its
number ("Unit 9", "piso 3 depto C", "кв. 5", "Stand 2214, Extension 5"), a postcode, or an area of
the town with its name ("Kel. Kauman", "Brgy. San Isidro", "Vinayaka Layout"). On their own they
are ordinary words; in the same chain as an address that was found, they are part of it, and a leak
if left. The words are configs/deid_words.toml's ``address_units`` and ``address_areas``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.deid.recognizers.numbers import POSTCODE
from pipeline.deid.recognizers.spoken import DIGIT_WORDS, TEENS, TENS
from pipeline.deid.wordlists import WordLists

_SPOKEN = "|".join((*DIGIT_WORDS, *TEENS, *TENS, "zero", "oh", "hundred"))
# a unit's number: "9", "12B", "A3", "4/17", "14-2-331", "C", "three B"
_NUMBER = (
    rf"(?:[A-Za-z]{{0,2}}\d[\w/-]{{0,8}}|[A-Z](?![\w'’-])|(?:{_SPOKEN})(?:[\s-](?:{_SPOKEN}))*"
    r"(?:[ \t][A-Za-z](?![\w'’-]))?)"
)
# a floor before its word: "3ème étage", "3. esk.", "2nd floor"
_FLOOR = r"\d{1,3}(?:st|nd|rd|th|ème|e|er|\.|º|ª)?[ \t]*(?i:floor|étage|esk\.?|piso|stock|andar|kat|etaj|og)"
# between two parts of one address: a comma, a semicolon, an abbreviation's dot or a space, on one line,
# or the slash or hyphen inside a house number ("88/3/12")
_GAP = re.compile(r"[ \t]*[.,;/-]?[ \t]*")
# the dot after a house number, then the comma: "Szegedi út 18., 6640 Csongrád"
_NUMBER_DOT_GAP = re.compile(r"\.,[ \t]*")
# a gap that is itself part of the chain: the particle inside a town's name ("Kappel am Albis",
# "Villeneuve sur Lot"), or a town between commas that nothing found because it is also a country or a
# word ("Carrera 14 # 22-35, Armenia, Quindío")
_INNER = re.compile(
    r"[ \t]+(?P<particle>am|an|im|upon|sur|sous|de|del|di|da|du|der|bei|ob|nad|pod)[ \t]+"
    r"|[ \t]*,[ \t]*(?P<town>[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)[ \t]*,[ \t]*"
)
# a house number on its own, or the parts of one after a slash or hyphen: "12 bis", "211-bis", "3"
_HOUSE = r"\d{1,5}[A-Za-z]?[ \t-]?(?i:bis|ter|quater)|(?<=[/-])\d{1,5}[A-Za-z]?"
# a state, province or territory's abbreviation before the postcode: "OK 73703", "QLD 4573"
_REGION_CODE = r"[A-Z]{2,3}[ \t]+"
_WORDS = r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}"


def _alternatives(words: tuple[str, ...], need_dot: bool) -> str:
    """Words of the list as regex alternatives, longest first; a word of one or two letters needs
    its dot when ``need_dot`` ("м. Коломия", not the preposition "с")."""
    out = []
    for word in sorted({w.rstrip(".:").lower() for w in words}, key=len, reverse=True):
        dot = r"\." if need_dot and len(word) <= 2 else r"\.?"
        out.append(re.escape(word) + dot)
    return "|".join(out)


@lru_cache(maxsize=4)
def _patterns(words: WordLists) -> tuple[re.Pattern[str], re.Pattern[str]]:
    units = _alternatives(words.address_units, need_dot=False)
    areas = _alternatives(words.address_areas, need_dot=True)
    part = re.compile(
        rf"(?<![\w'’.-])(?:(?i:{units})(?:[ \t]*(?i:no|nr|n)[.º°]*)?[ \t]*(?::(?=\S)|#)?[ \t]*{_NUMBER}"
        rf"(?:(?:[ \t]+|/)(?i:{units})[ \t]*{_NUMBER})*|{_FLOOR}|(?i:{areas})[ \t]+{_WORDS}"
        rf"|{_WORDS}[ \t]+(?i:{areas})|{_HOUSE}|(?:{_REGION_CODE})?(?:{POSTCODE.pattern}))(?![\w'’-])"
    )
    bare_unit = re.compile(rf"(?<![\w'’-])(?i:{units})(?:[ \t]*(?i:no)\.?)?[ \t]*$")
    return part, bare_unit


_PLACES = frozenset(("PLACE", "ADDRESS"))
_NEXT = _PLACES | {"NAME"}


def _joins(text: str, reach: int, gap: str) -> bool:
    return bool(_GAP.fullmatch(gap) or (_NUMBER_DOT_GAP.fullmatch(gap) and text[reach - 1 : reach].isdigit()))


def address_parts(text: str, found: list[tuple[int, int, str]], words: WordLists) -> list[tuple[int, int]]:
    """Spans of the units and areas that stand in one comma-separated chain with a found ADDRESS
    (``found``: every find's start, end and label, in order), and of a unit word right before an
    address that opens with its number ("Unit 4/17 Banksia Crescent")."""
    if not words.address_units or not any(label == "ADDRESS" for _, _, label in found):
        return []
    part, bare_unit = _patterns(words)
    # a part may overlap a find: a guess took "Kel" of "Kel. Kauman" for a name
    candidates = [m.span() for m in part.finditer(text)]
    items = sorted([(s, e, label) for s, e, label in found] + [(s, e, "") for s, e in candidates])
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []
    for item in [*items, (len(text) + 1, len(text) + 1, "END")]:
        # from the run's furthest end: a part inside a find ("14" of "6/14 Pandanus Ave") ends earlier
        reach = max((e for _, e, _ in run), default=0)
        gap = text[reach : item[0]] if run and item[2] != "END" else ""
        # between a place or address and another find (a town's second word is often taken for a name)
        inner = _INNER.fullmatch(gap) if gap and run[-1][2] in _PLACES and item[2] in _NEXT else None
        if inner:
            group = "particle" if inner.group("particle") else "town"
            run.append((reach + inner.start(group), reach + inner.end(group), ""))
        elif run and (item[2] == "END" or not _joins(text, reach, gap)):
            if any(label == "ADDRESS" for _, _, label in run):
                out += [(s, e) for s, e, label in run if not label]
            run = []
        run.append(item)
    for s, _, label in found:
        if label == "ADDRESS" and text[s : s + 1].isdigit():
            line_start = text.rfind("\n", 0, s) + 1
            if bare := bare_unit.search(text[line_start:s]):
                out.append((line_start + bare.start(), s))
    return out
