"""Firms named by their partners, which no legal form announces: "Harding, Hutchinson and Holland",
"Ó Briain, Mac Giolla and Ní Shé", "Brennan & Whelan"."""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer
from pipeline.deid.wordlists import MONTHS, WEEKDAYS, zipf

# the "and" of a firm's name in the languages of the legal forms
_AND = r"(?:and|&|og|och|und|y|e|et|i|és|en|a|ve)"
# partners' names this rare in English make a firm even if no gazetteer knows them
FIRM_MAX_ZIPF = 2.0


# surname particles a partner's name may start with ("Ó Luain", "Dos santos", "Mac Déid", "van Dijk")
_SURNAME_PARTICLE = r"(?:Ó|Ní|Nic|Uí|Mac|Mc|De|Dos|Das|Da|Do|Van|Von|Di|Du|Le|La|El|Al|Ben|Bin)"
_PARTNER = rf"(?:(?i:{_SURNAME_PARTICLE})\s+[^\W\d_][\w'’-]*|{CAP_WORD})"


class SurnameFirmRecognizer(RegexRecognizer):
    """A firm named by its partners: "Harding, Hutchinson and Holland", "Landry, Valenzuela & Johnson"."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-]){_PARTNER}(?:\s*,\s*{_PARTNER})+\s*,?\s+(?P<and>{_AND})\s+{_PARTNER}(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.gazetteers import surname_rank
        from pipeline.deid.spans import known_place

        parts = re.findall(r"[^\W\d_][\w'’-]*", match.group(0))
        parts = [
            p for p in parts if p != match.group("and") and not re.fullmatch(f"(?i){_SURNAME_PARTICLE}", p)
        ]
        ordinary = self.words.framing | self.words.allow if self.words else set()
        countries = self.words.not_places if self.words else set()
        if any(p.lower() in ordinary or p.lower() in MONTHS or p.lower() in WEEKDAYS for p in parts):
            return None  # "Monday, Tuesday and Friday", "Mom, Dad and Grandma"
        named = [p for p in parts if p.lower() not in countries]
        if len(parts) - len(named) > 1:
            return None  # "Canada, Peru and Chile"; one such name is a partner ("Washington, Morris and …")
        known = [surname_rank(p) is not None for p in named]
        if sum(known) >= 2:
            return match.start(), match.end(), 0.7, self.ENTITY
        # partners' names no gazetteer lists ("Jepkemei, Jepkosgei and Ngige"): each a known surname or
        # unknown to English, and none a known town, which would make it a list of places
        if all(
            k or (zipf(p) < FIRM_MAX_ZIPF and not known_place(p)) for p, k in zip(named, known, strict=True)
        ):
            return match.start(), match.end(), 0.6, self.ENTITY
        return None


class PartnerPairRecognizer(RegexRecognizer):
    """Two partners: "Brennan & Whelan", or with "and" when both are far commoner as surnames than as
    given names ("Brennan and Whelan", not "Tom and Ben")."""

    ENTITY = "ORG"
    pattern = re.compile(rf"(?<![\w'’-]){_PARTNER}\s+(?P<and>&|and)\s+{_PARTNER}(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.gazetteers import first_rank, surname_rank

        parts = [p for p in re.findall(r"[^\W\d_][\w'’-]*", match.group(0)) if p != match.group("and")]
        if len(parts) != 2 or any(
            p.lower() in self.words.framing or p.lower() in self.words.not_places for p in parts
        ):
            return None
        if match.group("and") == "&":
            if all(surname_rank(p) is not None or zipf(p) < FIRM_MAX_ZIPF for p in parts):
                return match.start(), match.end(), 0.6, self.ENTITY
            return None
        for part in parts:
            surname = surname_rank(part)
            if surname is None or surname > PAIR_SURNAME_RANK or surname * 5 > (first_rank(part) or 10**6):
                return None
        return match.start(), match.end(), 0.55, self.ENTITY


# a partner of a pair joined by "and" is a surname this common somewhere
PAIR_SURNAME_RANK = 200
