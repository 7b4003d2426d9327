"""Peoples, nationalities and languages as spaCy reads them: never identifiers on their own.

"My wife is also Tamil", "exams in German", "a lot of Haitians", "he speaks Romani": the world names
gazetteer ranks many of these words as given names somewhere ("German" 71st, "Tamil" 167th), so the
guessing recognizers would take them for people. spaCy's NER, reading the sentence, tags them NORP or
LANGUAGE. This recognizer reports those spans as a kept kind ("NRP", no study category), and the
detector drops every guess that lies inside one. spaCy's small model also tags foreign names and towns
NORP ("Yanis", "Przemyśl"), so a span counts only if it is a language's name or has a people's
ending ("Haitians", "Ghanaian", "Pakistani") and is no well-ranked given name ("Brian"). A cue ("a man
named German"), a title or the roster still wins: only guesses give way.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.deid.gazetteers import first_rank, world_places
from pipeline.deid.regions import language_names
from pipeline.deid.wordlists import zipf

KEPT_KIND = "NRP"
_SPACY_LABELS = frozenset({"NORP", "LANGUAGE"})
# endings of peoples' names that towns and surnames seldom have ("Haitians", "Congolese", "Pakistani")
_PEOPLE_ENDING = re.compile(r"(?:ians?|eans?|ese|ish|ites?|anis?)$")
# a given name this popular somewhere is a person even where spaCy says NORP
GIVEN_RANK = 1_000
# a people's name is a word English has seen ("Comorian" 1.1, "Tuvaluan" 1.1); a town spaCy took for a
# people is not ("I'm from Tajrish": 0)
PEOPLE_MIN_ZIPF = 1.0


def a_people(text: str) -> bool:
    """Whether ``text`` (one or more words) reads as a people or a language, not a name or a town."""
    words = text.lower().split()
    major = language_names()[0]
    if len(words) == 1 and (first_rank(words[0]) or GIVEN_RANK + 1) <= GIVEN_RANK:
        return words[0] in major  # "Tamil" is a language, "Brian" a person
    return bool(words) and all(w in major or w.removesuffix("s") in major or _people_ending(w) for w in words)


def _people_ending(word: str) -> bool:
    return bool(_PEOPLE_ENDING.search(word)) and zipf(word) >= PEOPLE_MIN_ZIPF and word not in world_places()


class PeoplesRecognizer(EntityRecognizer):
    """spaCy's NORP and LANGUAGE entities, read from the parsed document Presidio already holds."""

    def __init__(self) -> None:
        super().__init__(supported_entities=[KEPT_KIND], name=type(self).__name__, supported_language="en")

    def load(self) -> None:  # the spaCy document comes with the call
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = getattr(nlp_artifacts, "tokens", None)
        if doc is None:
            return []
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=1.0, textual_explanation="a people or a language"
        )
        return [
            RecognizerResult(
                KEPT_KIND,
                ent.start_char,
                ent.end_char,
                1.0,
                analysis_explanation=explanation,
                recognition_metadata={"recognizer_name": self.name},
            )
            for ent in doc.ents
            if ent.label_ in _SPACY_LABELS and a_people(ent.text)
        ]
