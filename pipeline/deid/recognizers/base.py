"""A regex recognizer whose matches are checked by a function before they count.

Presidio's PatternRecognizer validates a whole match; these recognizers also need to choose the part of
a match to report (a name after its title) and to look at the words around it, so each subclass gives a
compiled regex and a ``judge`` that returns the span and score to report, or None to drop the match.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

if TYPE_CHECKING:
    from pipeline.deid.wordlists import WordLists


class RegexRecognizer(EntityRecognizer):
    ENTITY = ""
    pattern: re.Pattern[str]

    def __init__(self, words: WordLists | None = None) -> None:
        """``words``: the study's word lists, for recognizers whose judgement reads them."""
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__, supported_language="en")
        self.words = words

    def load(self) -> None:  # nothing to load: the pattern is compiled at class level
        pass

    def judge(self, match: re.Match[str], text: str) -> tuple[int, int, float, str] | None:
        """Return (start, end, score, entity) to report for ``match``, or None to drop it."""
        return match.start(), match.end(), 0.85, self.ENTITY

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for match in self.pattern.finditer(text):
            verdict = self.judge(match, text)
            if verdict is None:
                continue
            start, end, score, entity = verdict
            if entities and entity not in entities:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name, original_score=score, textual_explanation=self.__doc__
            )
            results.append(
                RecognizerResult(
                    entity,
                    start,
                    end,
                    score,
                    analysis_explanation=explanation,
                    recognition_metadata={"recognizer_name": self.name},
                )
            )
        return results


def alternation(words) -> str:
    """A regex alternative of ``words`` taken literally, longest first, so that "Mrs" is tried before
    "Mr" and a dot in "Dr." is a dot."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def sentence_initial(text: str, start: int) -> bool:
    """True if the word at ``start`` begins a sentence, where capitals say nothing about names."""
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:"


# Every upper-case letter of the Latin scripts ("Ł", "Ö", "Ș"), for regexes of capitalised words.
UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
CAP_WORD = rf"[{UPPER}][^\W\d_]*(?:['’][^\W\d_]+)?(?:-[{UPPER}]?[^\W\d_]+)*"
_CAPS_RUN = re.compile(rf"(?<![\w'’-])[{UPPER}]{{3,}}(?:[-'’][{UPPER}]+)*(?![\w'’-])")


def cased_view(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with words in capitals title-cased ("GEDSER" → "Gedser"), so that recognizers that read
    capitals as a sign of a proper noun also see names in forms written in capitals. Offsets do not
    change: a word whose title case has another length (rare: "İ") stays as it is."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        titled = word.title()
        return titled if len(titled) == len(word) and word.lower() not in keep else word

    return _CAPS_RUN.sub(fix, text)
