"""Addresses that have no street-type word, recognised by the shape addresses share across countries.

- a house number before two or three capitalised words, with a unit or a comma after them: "4818
  Laurita Summit Apt. 701", "230 Main Ithafa, …" (street types are an open list: "Summit", "Radial");
- a word that English does not use followed by a house number: "Jižní 788", "Vikmoen 87", "Bežigrad 3b"
  (Czech, Norwegian, Slovene streets are often a bare name); "Chapter 5", "Room 12" stay, being words;
- a postcode and a town closing an address line: "…, 12066 Buja", "…, 0663 HENRIKSEN".
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer, cased_view
from pipeline.deid.recognizers.numbers import POSTCODE, PRICE_AFTER
from pipeline.deid.wordlists import MONTHS, WEEKDAYS, WordLists, zipf

# unit words of many countries after a street ("Apt. 7", "Piano 5", "Puerta 7", "Depto. 952")
UNIT_WORD = (
    r"(?:Apt\.?|Apartment|Unit|Suite|Flat|Studio|Interior|Int\.|#|No\.?|Nr\.?|Piano|Appartamento|Scala"
    r"|Interno|Int|Puerta|Piso|Depto\.?|Dpto\.?|Edif\.?|Bloque|Esc\.?|Portal|Andar|Bloco|Casa|Lote|Sala"
    r"|Étage|Bte|Boîte|m\.|Of\.|Oficina|Local|Torre|(?i:apto\.?|ap\.|int\.|daire:?|lgh|bt\.))"
)
# a floor and side after the number: "2. OG", "1. th.", "2º izq.", "2.º Esq.", "1º"
FLOOR_SIDE = r"(?:OG|EG|DG|UG|th\.?|tv\.?|mf\.?|izq\.?|dcha\.?|der\.?|Esq\.?|Dto\.?|Dir\.?)"
FLOOR = rf"(?:\d{{1,2}}(?:\.\s?º?|[º°ª])\s?{FLOOR_SIDE}?)"
UNIT = rf"(?:,?\s+(?:{UNIT_WORD}\s*\w{{1,5}}|{FLOOR})(?:\s*,)?)"
_STREET_WORD = rf"(?!{UNIT_WORD}(?![\w'’-])){CAP_WORD}"
HOUSE_NUMBER = r"\d{1,5}[A-Za-z]?(?:\s?[/-]\s?\d{1,5}[A-Za-z]?)?"
# a bare street name is taken only when it is this rare as an English word ("jižní" 0, "chapter" 4.6)
BARE_STREET_MAX_ZIPF = 2.5
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_STREET_CUE = re.compile(r"(?i)\b(?:at|on|to|address|lives?|lived|living|moved|deliver(?:ed)?)\s+$")


class NumberedStreetRecognizer(RegexRecognizer):
    """A house number and a street name of capitalised words, whatever the street type."""

    ENTITY = "ADDRESS"
    pattern = re.compile(
        rf"(?<![\w'’.,-])(?:(?:Apt\.?|Suite|Unit|Flat|Studio)\s+\w{{1,5}},?\s+)?(?P<num>{HOUSE_NUMBER})\s+"
        rf"(?P<name>{_STREET_WORD}(?:\s+{_STREET_WORD}){{1,2}})(?P<unit>{UNIT}*)"
    )

    def judge(self, match: re.Match[str], text: str):
        names = match.group("name").split()
        if any(
            w.lower() in MONTHS or w.lower() in WEEKDAYS or w.lower() in self.words.framing for w in names
        ):
            return None  # "3 March", "12 Mrs"
        end = match.end("unit") if match.group("unit") else match.end("name")
        if PRICE_AFTER.match(text, end):
            return None  # "1 APPELS ELSTAR      2,99": a receipt's line, not a street
        closed = re.match(r"[ \t]*(?:[,.;|)\n]|$)", text[end : end + 3])
        cued = _STREET_CUE.search(text[max(0, match.start() - 20) : match.start()])
        if not (match.group("unit") or closed or cued):
            return None  # "we had 12 Angry Men on" is not an address; "at 12 Alder Hey on" is
        if _YEAR.fullmatch(match.group("num")) and not match.group("unit"):
            return None  # "in 2015 Mark Thompson, …"
        if all(zipf(w) >= 5.0 for w in names):
            return None  # "3 The Best", "2 Hours Later"
        return match.start(), len(text[:end].rstrip(" ,")), 0.6, self.ENTITY


class BareStreetRecognizer(RegexRecognizer):
    """A capitalised word that English does not use, followed by a house number: "Jižní 788"."""

    ENTITY = "ADDRESS"
    pattern = re.compile(
        rf"(?<![\w'’-])(?P<name>{_STREET_WORD}(?:\s+{_STREET_WORD})?)\s+(?P<num>{HOUSE_NUMBER})(?P<unit>{UNIT}*)"
        rf"(?![\w%°’'/-]|[.,]\d|\s+(?:years?|days?|weeks?|months?|hours?|minutes?|kg|km|cm|m|%|percent)\b)"
    )

    def analyze(self, text, entities, nlp_artifacts=None):
        return super().analyze(cased_view(text, self.words.allow), entities, nlp_artifacts)

    def judge(self, match: re.Match[str], text: str):
        names = match.group("name").split()
        last = names[-1].lower()
        if PRICE_AFTER.match(text, match.end()):
            return None  # "Bauernbrot 750g 4,20", "Ibuprofeno 600 mg … 2,50"
        if (
            zipf(last) >= BARE_STREET_MAX_ZIPF
            or last in self.words.allow
            or _YEAR.fullmatch(match.group("num"))
        ):
            return None
        if len(names) == 2 and zipf(names[0]) >= BARE_STREET_MAX_ZIPF:
            return match.start("name") + len(names[0]) + 1, match.end(), 0.55, self.ENTITY
        return match.start(), match.end(), 0.55, self.ENTITY


class PostcodeTownRecognizer(RegexRecognizer):
    """A postcode and a town closing an address: ", 12066 Buja" (the town, if unknown, as PLACE)."""

    ENTITY = "ADDRESS"
    pattern = re.compile(
        # the comma of an address, not of a price ("2,99 KORTING")
        rf"(?:(?<!\d),|,(?=[ \t]))[ \t]*(?P<code>{POSTCODE.pattern})"
        rf"[ \t]+(?P<town>{CAP_WORD}(?:[ \t-]+{CAP_WORD}){{0,2}})"
        r"(?=[ \t]*(?:$|[,;|.\n]))",
        re.MULTILINE,
    )

    def __init__(self, words: WordLists) -> None:
        super().__init__(words)
        self.supported_entities = ["ADDRESS", "PLACE"]

    def analyze(self, text, entities, nlp_artifacts=None):
        view = cased_view(text, self.words.allow)
        results = []
        for m in self.pattern.finditer(view):
            code, town = m.group("code"), m.group("town")
            if not re.search(r"\d", code) or _YEAR.fullmatch(code) or town.lower() in self.words.not_places:
                continue
            if town.lower() in MONTHS or town.lower() in WEEKDAYS:
                continue
            for entity, group in (("ADDRESS", "code"), ("PLACE", "town")):
                if entities and entity not in entities:
                    continue
                explanation = AnalysisExplanation(
                    recognizer=self.name, original_score=0.6, textual_explanation=self.__doc__
                )
                results.append(
                    RecognizerResult(
                        entity,
                        m.start(group),
                        m.end(group),
                        0.6,
                        analysis_explanation=explanation,
                        recognition_metadata={"recognizer_name": self.name},
                    )
                )
        return results


class CuedPostcodeRecognizer(RegexRecognizer):
    """A postcode after the word for one, anywhere in a sentence: "postcode G3 6DS", "the zip is 53202"."""

    ENTITY = "ADDRESS"
    pattern = re.compile(
        rf"\b(?:(?i:post\s?code|postal\s+code|zip(?:\s+code)?)|PLZ|CAP|CEP)\b(?:\s+(?:is|was|'s))?[\s:,]*"
        rf"(?P<code>{POSTCODE.pattern})(?![\w-])"
    )

    def judge(self, match: re.Match[str], text: str):
        code = match.group("code")
        if not re.search(r"\d", code):
            return None
        return match.start("code"), match.end("code"), 0.7, self.ENTITY


class StrongPostcodeRecognizer(RegexRecognizer):
    """A British or Canadian postcode anywhere: "NR21 0AB", "K1A 0B1". Their shape of letters and digits
    around a space is no English word, so no town or cue is needed."""

    ENTITY = "ADDRESS"
    pattern = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]\d[A-Z]\s\d[A-Z]\d)(?![\w-])")
