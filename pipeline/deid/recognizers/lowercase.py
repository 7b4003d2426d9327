"""Streets and organisations in lines without casing, where the capitalised patterns cannot see them.

Speech recognisers sometimes write a whole turn in lower case ("so every friday i go to jamia masjid
ghausia on stoney stanton road"). There, a phrase that ends in a street word, or that is an
institution's kind with a name beside it, is an identifier when at least one of its words is rare in
English or known to a gazetteer: "the main road" and "the local primary school" stay, "stanton road"
and "wenchi methodist senior high" go (a word counts as rare below Zipf 2.5, or as a known town,
given name or surname below 4.0: "francophone school" stays a kind). An institution "of" a known
town is one too ("university of leeds").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.deid.casing import uncased_line
from pipeline.deid.gazetteers import world_places
from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.recognizers.people import known_name
from pipeline.deid.wordlists import place_names, zipf

# a word this rare in English makes a phrase a name ("jamia" 2.3, "wenchi" 0; "francophone" 2.75 and
# "pentecostal" 2.9 are adjectives of kinds, "main" 5.6)
RARE_ZIPF = 2.5
# a town's name this common in English is a word first ("street", "reading")
PLACE_MAX_ZIPF = 4.0
# words this common that open the phrase are not part of the name ("go to jamia masjid …"; every
# function word is commoner still)
OPENING_ZIPF = 4.5
_STREET = (
    r"(?:road|street|terrace|avenue|lane|drive|crescent|grove|boulevard|highway|rua|rue|calle|avenida"
    r"|strasse|straße|ulica|utca|caddesi|sokak)"
)
KIND = (
    r"(?:school|college|university|hospital|clinic|church|chapel|mosque|masjid|temple|gurdwara|mandir"
    r"|academy|institute|high|primary|secondary|surgery|practice|centre|center|cooperative|mission|lodge"
    r"|hospice|nursery|hostel)"
)
# kinds of firm that end a name only: "silverleaf care homes", "kawangware line sacco" (written first
# they are rarely a name: "taxi to the airport")
FIRM_KIND = (
    r"(?:logistics|transport|taxis?|cabs|homes|dairy|sacco|services|motors|foods|textiles|bakery"
    r"|pharmacy|salon|supermarket|garage|farms?|enterprises|holdings|builders|construction|couriers)"
)
# kinds of locality a rare word before names: "the xiaobei area", "balogun market"
LOCALITY = (
    r"(?:market|bazaar|estate|junction|roundabout|area|district|neighbou?rhood|suburb|township"
    r"|quarter|colony|settlement|compound|park|lake|river|creek|bay|beach|hills?|valley|island|falls"
    r"|town|village|sector|nagar|mall|plaza)"
)
_WORD = r"[^\W\d_][^\W\d_'’-]*"
_NUMBER = (
    r"(?:\d+[a-z]?|(?:number\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|hundred|and|oh))*)"
)


def named(words: list[str], rare_zipf: float = RARE_ZIPF) -> bool:
    """Some word of the phrase is rarer in English than ``rare_zipf``, or a known place or name that is
    not common as a word."""
    return any(
        zipf(w) < rare_zipf or ((_known_place(w) or known_name(w)) and zipf(w) < PLACE_MAX_ZIPF)
        for w in words
    )


def _known_place(word: str) -> bool:
    return word in world_places() or word in place_names()


def _name_words(match: re.Match[str], text: str, group: str) -> list[re.Match[str]] | None:
    """The words of ``group`` that name something, in a line without casing; None if there are none."""
    if not uncased_line(text, match.start()):
        return None
    words = _kept_words(match, group)
    return words if words and named([w.group(0) for w in words]) else None


def _after_function_words(match: re.Match[str], group: str) -> list[re.Match[str]]:
    """The words of ``group`` after its last function word ("before grad school" leaves none)."""
    found = list(re.finditer(_WORD, match.group(group)))
    for k in range(len(found) - 1, -1, -1):
        if found[k].group(0) in STOP_WORDS:
            return found[k + 1 :]
    return found


def _kept_words(match: re.Match[str], group: str) -> list[re.Match[str]]:
    """The words of ``group`` that name the street or institution: those after the last function word,
    without everyday words that open them ("go to jamia")."""
    found = _after_function_words(match, group)
    while found and zipf(found[0].group(0)) >= OPENING_ZIPF:
        found.pop(0)
    return found


class LowerStreetRecognizer(RegexRecognizer):
    """A street in a line without casing: "stoney stanton road", "fourteen hyde park terrace"."""

    ENTITY = "ADDRESS"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:(?P<number>{_NUMBER})[\s,]+)?(?P<name>(?:{_WORD}\s+){{1,3}}){_STREET}(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        words = _name_words(match, text, "name")
        if words is None:
            words = _placed_street(match, text)
        if words is None:
            return None
        start = match.start("number") if match.group("number") else match.start("name") + words[0].start()
        return start, match.end(), 0.5, self.ENTITY


_PLACED = re.compile(r"(?i)\b(?:on|off|along|at|in)\s+$")


def _placed_street(match: re.Match[str], text: str) -> list[re.Match[str]] | None:
    """A street of everyday words, in a line without casing, where a preposition with no article puts
    it on the map: "a b and b on seven sisters road", "then in church lane" ("on the main road" stays
    a kind)."""
    found = _after_function_words(match, "name")
    if not found or not uncased_line(text, match.start()):
        return None
    at = match.start("name") + found[0].start()
    return found if _PLACED.search(text[max(0, at - 8) : at]) else None


class LowerOrgRecognizer(RegexRecognizer):
    """An institution in a line without casing, named before its kind: "wenchi methodist senior high",
    "jamia masjid"."""

    ENTITY = "ORG"
    pattern = re.compile(rf"(?<![\w'’-])(?P<before>(?:{_WORD}\s+){{1,3}})(?:{KIND}|{FIRM_KIND})(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        words = _name_words(match, text, "before")
        if words is None:
            return None
        return match.start("before") + words[0].start(), match.end(), 0.45, self.ENTITY


class LowerKindFirstOrgRecognizer(RegexRecognizer):
    """An institution in a line without casing, named after its kind: "masjid ghausia", or "of" a known
    town or a word English does not know: "university of leeds", "college of peradeniya" (not "of
    texas": the study's kept regions stay)."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-]){KIND}\s+(?P<of>of\s+(?:the\s+)?)?(?P<after>{_WORD}(?:\s+{_WORD})?)(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        if not uncased_line(text, match.start()):
            return None
        after = match.group("after").split()
        if match.group("of"):
            town = after[0]
            known = (
                town in place_names() and zipf(town) < 5.0
            )  # "of leeds"; a word English lacks too: "of peradeniya"
            if not (known or zipf(town) < RARE_ZIPF) or town in STOP_WORDS or town in self.words.not_places:
                return None
            return match.start(), match.start("after") + len(town), 0.5, self.ENTITY
        if zipf(after[0]) >= RARE_ZIPF:  # function words ("school of the …") are far commoner
            return None
        end = match.start("after") + len(after[0])
        if len(after) > 1 and zipf(after[1]) < RARE_ZIPF:
            end = match.end()
        return match.start(), end, 0.45, self.ENTITY


class LowerLocalityRecognizer(RegexRecognizer):
    """A neighbourhood, market, estate, park or lake in a line without casing, named by a word English
    does not know before its kind: "in the xiaobei area", "at balogun market", "out to ngata lake"
    ("the old market" and "the car park" stay)."""

    ENTITY = "PLACE"
    pattern = re.compile(rf"(?<![\w'’-])(?P<before>(?:{_WORD}\s+){{1,2}}){LOCALITY}(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        if not uncased_line(text, match.start()):
            return None
        words = _kept_words(match, "before")
        if not words or not all(zipf(w.group(0)) < RARE_ZIPF for w in words):
            return None
        return match.start("before") + words[0].start(), match.end(), 0.45, self.ENTITY
