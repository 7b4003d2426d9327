"""Towns, cities and smaller places: the geonames gazetteer, and shapes like "Lake Geneva", "Oak Creek"."""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer, sentence_initial
from pipeline.deid.wordlists import place_names, zipf

_CAP = r"[A-Z][a-zA-Z'’]+"
_PLACE_KINDS = (
    r"(?:Lake|Mount|Mt\.|Fort|Ft\.|Port|Point|Falls|Creek|Springs|Heights|Park|Beach|Valley|Hills?|Village"
    r"|County|Township|Island|Bay|River|Harbor|Harbour|Grove|Ridge|Junction|Station)"
)


class GazetteerPlaceRecognizer(RegexRecognizer):
    """Capitalised place names from geonames (≥ 5,000 people) and place-shaped phrases."""

    ENTITY = "PLACE"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:(?:{_PLACE_KINDS})\s+{_CAP}(?:\s+{_CAP})?|{_CAP}(?:\s+{_CAP}){{0,2}})(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        words = match.group(0).split()
        # longest gazetteer entry that starts the match: "Sioux Falls", "Oak Creek", "Dayton"
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            end = match.start() + len(candidate)
            if re.fullmatch(rf"{_PLACE_KINDS}\s+{_CAP}(?:\s+{_CAP})?|{_CAP}\s+{_PLACE_KINDS}", candidate):
                return match.start(), end, 0.6, self.ENTITY
            if candidate.lower() in place_names():
                common = zipf(candidate.lower())
                if n == 1 and (common >= 4.5 or (sentence_initial(text, match.start()) and common >= 3.0)):
                    return None  # "Reading", "Mobile", "Independence": ordinary words first
                return match.start(), end, 0.6, self.ENTITY
        return None
