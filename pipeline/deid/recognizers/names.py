"""Names that spaCy's small model misses: after a title, and first names or surnames from the census
lists when capitalised where a sentence does not begin."""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.deid.casing import uncased_line
from pipeline.deid.recognizers.base import RegexRecognizer, alternation, sentence_initial
from pipeline.deid.recognizers.people import function_word
from pipeline.deid.wordlists import MONTHS, WEEKDAYS, WordLists, first_names, surnames, zipf

# Title-case words, with inner capitals as in "McDonald" and "O'Brien", but not acronyms ("TA", "PhD")
_NAME_WORD = r"[A-Z][a-z'’]*(?:[A-Z][a-z'’]+)?[a-z](?:-[A-Z][a-z'’]*(?:[A-Z][a-z'’]+)?[a-z])?"


class TitledNameRecognizer(RegexRecognizer):
    """A name after a title: "Dr. Patel", "Mr. Okafor", "Professor Hernandez-Liu". The title stays."""

    ENTITY = "NAME"

    def __init__(self, titles: tuple[str, ...]) -> None:
        super().__init__()
        alternatives = alternation(titles)
        # the title in any case ("dr. patel" in lower-case transcripts); the name's first word too, but
        # a second word only when capitalised, so "dr. patel said" does not swallow "said"
        # a name never starts with a title, so "officer mr wanjala" is tried again at "mr"
        self.pattern = re.compile(
            rf"(?<![\w.])(?:{alternatives})(?<=\.)?\s+(?!(?:{alternatives})(?![\w'’-]))(?P<name>(?:(?-i:(?!I\s)[A-Z])\.?\s+){{0,2}}[A-Za-z][a-zA-Z'’]+(?:-[A-Za-z][a-zA-Z'’]+)?"
            rf"(?:\s+{_NAME_WORD})?)",
            re.IGNORECASE,
        )
        self._titles = {t.lower() for t in titles}

    def judge(self, match: re.Match[str], text: str):
        name = match.group("name")
        initials = re.match(r"(?:[A-Z]\.?\s+)*", name).group(0)  # "MR J HARGREAVES"
        name = name[len(initials) :]
        first = name.split()[0].lower()
        if first in self._titles or (zipf(first) >= 5.0 and not name[0].isupper()):
            return None  # "Sister and I", "Dr. who was"
        if function_word(first) or (not name[0].isupper() and not uncased_line(text, match.start("name"))):
            return None  # "I've got MS. And then", "My father served": no name where capitals are used
        start = match.start("name")
        name = initials + name
        # a lower-case second word was let in by IGNORECASE: cut the name to its first word then
        words = name[len(initials) :].split()
        if len(words) == 2 and not words[1][0].isupper():
            name = initials + words[0]
        return start, start + len(name), 0.85, self.ENTITY


class GazetteerNameRecognizer(RegexRecognizer):
    """Capitalised census first names or rare surnames where capitals mean a proper noun."""

    ENTITY = "NAME"
    pattern = re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?:\s+{_NAME_WORD})?(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        words = match.group(0).split()
        lowered = [w.lower().replace("’", "'") for w in words]
        if any(w in MONTHS or w in WEEKDAYS for w in lowered):
            return None
        is_first = lowered[0] in first_names()
        is_surname = all(part in surnames() for part in lowered[-1].split("-"))
        initial = sentence_initial(text, match.start())
        if len(words) == 2 and is_first and is_surname:
            return match.start(), match.end(), 0.75, self.ENTITY  # "Karen Whitfield"
        word = lowered[0]
        common = zipf(word)
        if is_first and (not initial or common < 4.0):
            return match.start(), match.start() + len(words[0]), 0.6, self.ENTITY
        if all(part in surnames() for part in word.split("-")) and common < 3.0 and not initial:
            return match.start(), match.start() + len(words[0]), 0.5, self.ENTITY
        return None


_NOT_IDENTIFYING_ENTS = {
    "NORP",
    "LANGUAGE",
    "DATE",
    "TIME",
    "EVENT",
    "LAW",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "CARDINAL",
    "ORDINAL",
}
_PLACE_PREPOSITIONS = {"in", "from", "to", "near", "outside", "around", "through"}
_ORG_PREPOSITIONS = {"at", "for", "with", "by", "joined"}


class RareProperNounRecognizer(EntityRecognizer):
    """A title-case proper noun in mid-sentence, rare as an ordinary word, that nothing else claimed.

    In an interview such words are nearly always a person, place or organisation ("we trained at
    Northwestern"); the category is guessed from the preposition before it.
    """

    def __init__(self, words: WordLists, max_zipf: float) -> None:
        self.words = words
        self.max_zipf = max_zipf
        super().__init__(
            supported_entities=["NAME", "PLACE", "ORG"], name=type(self).__name__, supported_language="en"
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        results = []
        for token in nlp_artifacts.tokens:
            original = text[token.idx : token.idx + len(token)]
            if (
                token.pos_ != "PROPN"
                or not re.fullmatch(_NAME_WORD, original)
                or token.is_sent_start
                or sentence_initial(text, token.idx)
                or token.ent_type_ in _NOT_IDENTIFYING_ENTS
            ):
                continue
            lowered = original.lower()
            if (
                lowered in self.words.allow
                or lowered in self.words.not_places
                or lowered in MONTHS
                or lowered in WEEKDAYS
                or zipf(lowered) >= self.max_zipf
            ):
                continue
            previous = token.nbor(-1).lower_ if token.i > 0 else ""
            label = (
                "PLACE"
                if previous in _PLACE_PREPOSITIONS
                else "ORG"
                if previous in _ORG_PREPOSITIONS
                else "NAME"
            )
            explanation = AnalysisExplanation(
                recognizer=self.name, original_score=0.5, textual_explanation=self.__doc__
            )
            results.append(
                RecognizerResult(
                    label,
                    token.idx,
                    token.idx + len(token),
                    0.5,
                    analysis_explanation=explanation,
                    recognition_metadata={"recognizer_name": self.name},
                )
            )
        return results
