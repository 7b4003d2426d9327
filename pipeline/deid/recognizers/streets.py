"""Street addresses the way many countries write them, with or without a house number.

- a name and a street type after it: "631 Johnson Village", "Neil Oval", "Mátraszéki utca 125.";
- a street type before the name: "46, avenue Leroy", "Via Sermonti, 13", "Rua das Flores";
- one word ending in a street type: "Wesackstraße 26-83", "Lindseysingel 6", "Furuvägen 63", "Vangsåvej 46".

The street types are configs/deid_words.toml's ``street_suffixes``, ``street_prefixes`` and
``street_endings``. US-style addresses with a number are also matched by the YAML recognizer.
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.addresses import UNIT as _UNIT
from pipeline.deid.recognizers.base import CAP_WORD, UPPER, RegexRecognizer
from pipeline.deid.spans import spoken_house_number
from pipeline.deid.wordlists import WordLists, zipf

# a house number, with the staircase and flat that Nordic and Baltic addresses add ("Koulukatu 9 B 12")
_NUMBER = r"\d{1,5}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?)?(?:\s[A-H](?:\s\d{1,3})?(?![\w.]))?\.?"
_LINK = (
    r"(?:de|del|de la|de las|de los|da|do|dos|das|della|delle|dei|di|des|du|la|le|les|el|von|van|am|an der)"
)


# what marks a house number in Spanish, Portuguese and Italian addresses: "Av. Rosario N° 595", "# 65V-2"
_NUMBER_MARK = r"(?:N[°º]|Nº|No\.|No:|Nr\.|n[°º]|#)"
# Colombian and Chilean street numbers and their quarters: "Calle 9ª", "Cl. 60 Este", "59-14 Sur"
_QUARTER = r"(?:\s+(?:Sur|Norte|Este|Oeste|Bis))"
_NEEDS_NUMBER = re.compile(r"(?i:am|im|zum|zur|an der|auf der|in der|unter den)\s")
_LEADING_NOISE = re.compile(r"^(?:At|In|On|To|From|The|A|An|And|But|So|Our|My|Her|His|Their|Near|By)\s+")


# a capitalised Greek or Cyrillic word, the name after those scripts' street words ("вул. Шевченка")
_OTHER_SCRIPT_WORD = r"[Ά-ΫА-ЯЁЄІЇҐ][^\W\d_]*(?:-[^\W\d_]+)*"


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class StreetRecognizer(RegexRecognizer):
    """A street, with its house number and unit when they are there."""

    ENTITY = "ADDRESS"

    def __init__(self, words: WordLists) -> None:
        super().__init__()
        suffix, prefix = _alternatives(words.street_suffixes), _alternatives(words.street_prefixes)
        ending = _alternatives(words.street_endings)
        lead = rf"(?:(?:Flat|Studio|Unit|Apt\.?)\s+\w{{1,4}},?\s+)?(?:{_NUMBER},?\s+)?"
        tail = rf"{_QUARTER}?(?:,?\s+(?:{_NUMBER_MARK}\s*)?{_NUMBER}(?![\d/]){_QUARTER}?)?{_UNIT}*"
        name_word = rf"(?!{_NUMBER_MARK})(?:{CAP_WORD}|{_OTHER_SCRIPT_WORD})"
        self.pattern = re.compile(
            rf"(?<![\w'’-])(?:"
            rf"(?P<pre>{lead}(?i:{prefix})\s+(?:(?i:{_LINK})\s+)*(?:{name_word}|\d{{1,3}}[ªºA-Z]?)"
            rf"(?:\s+(?:(?i:{_LINK})\s+)*{name_word}){{0,3}}{tail})"
            rf"|(?P<suf>{lead}(?:{CAP_WORD}\s+){{1,3}}(?:{suffix})(?![\w'’-]){tail})"
            rf"|(?P<end>{lead}[{UPPER}][^\W\d_]*(?i:{ending})(?![\w'’-]){tail})"
            rf")(?![\w'’-])"
        )

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k, v in match.groupdict().items() if v)
        span = match.group(0).rstrip(" ,.")
        start = match.start()
        while noise := _LEADING_NOISE.match(span):  # "At Bellin Road": the preposition stays
            span, start = span[noise.end() :], start + noise.end()
        has_number = bool(re.search(r"\d", span))
        if kind == "suf" and not has_number:
            # without a number, "… Street" needs a rare name word ("Neil Oval" yes, "the Green" no), or
            # a place in an address: after a comma, a field's colon or "on" ("The Old Forge, Church Lane")
            names = span.split()[:-1]
            placed = re.search(r"(?:[,:]|\b(?:on|off|along))\s*$", text[max(0, start - 8) : start])
            placed = placed or spoken_house_number(text, start) < start  # "one hundred and six Brick Lane"
            rare = any(zipf(w) < 4.0 for w in names)
            if not (rare or placed) or span.split()[0].lower() in ("the", "a", "an"):
                return None
        if kind == "end" and not has_number and zipf(span.split()[0]) >= 3.0:
            return None  # "Highway", "Ring" alone are words
        if kind == "pre" and not has_number and (len(span.split()) < 2 or _NEEDS_NUMBER.match(span)):
            return None  # "Am Ende", "Im Grunde": German street words that need a number to be one
        return start, start + len(span), 0.7 if has_number else 0.55, self.ENTITY
