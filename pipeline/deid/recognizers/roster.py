"""The roster as a Presidio recognizer: every entry the study knows, exact or misheard.

Apart from :mod:`pipeline.deid.roster` (the roster file itself) so that reading a roster, as every
command that loads settings does, never imports Presidio.
"""

from __future__ import annotations

import re
from dataclasses import replace

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.deid.roster import ROSTER_RECOGNIZER, RosterEntry
from pipeline.deid.variants import NameIndex, VariantRules, name_parts
from pipeline.deid.wordlists import zipf

_TOKEN = re.compile(r"[\w@.+'’-]+")


class RosterRecognizer(EntityRecognizer):
    """Every roster entry, exactly (any case) or as a close misspelling of the same number of words;
    and each word of a NAME entry said alone, as written or as a spelling variant ("Rayne" for
    "Reyes", see :mod:`pipeline.deid.variants`), with the entry's key so it gets the entry's tag.

    ``variants`` defaults to the [deid] defaults; pass ``VariantRules.from_options(options)`` to follow
    a study's settings.
    """

    def __init__(
        self, entries: list[RosterEntry], fuzzy_threshold: int, variants: VariantRules | None = None
    ) -> None:
        self.entries = entries
        self.fuzzy_threshold = fuzzy_threshold
        rules = variants or replace(VariantRules(), spelling=fuzzy_threshold)
        self.names = NameIndex(
            [(part, e) for e in entries if e.category == "NAME" for part in name_parts(e.value, rules)], rules
        )
        entities = sorted({e.category for e in entries}) or ["NAME"]
        super().__init__(supported_entities=entities, name=ROSTER_RECOGNIZER, supported_language="en")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        from rapidfuzz import fuzz

        tokens = [(m.start(), m.end(), m.group(0).strip(".'’-").lower()) for m in _TOKEN.finditer(text)]
        results = []
        for entry in self.entries:
            for match in re.finditer(rf"(?<!\w){re.escape(entry.value)}(?!\w)", text, re.IGNORECASE):
                results.append(self._result(entry, match.start(), match.end(), 1.0))
            wanted = entry.value.lower().split()
            size = len(wanted)
            target = " ".join(wanted)
            for i in range(len(tokens) - size + 1):
                window = tokens[i : i + size]
                candidate = " ".join(t[2] for t in window)
                if size == 1 and (
                    candidate[:1] != target[:1] or zipf(candidate) >= self.names.rules.max_zipf
                ):
                    continue  # a one-word misspelling keeps its first letter ("Danielle" ~ "Daniele")
                    # and is no everyday word: "for" is not "Ford", "she" not "Shen"
                if fuzz.ratio(candidate, target) >= self.fuzzy_threshold:
                    results.append(self._result(entry, window[0][0], window[-1][1], 0.95))
        return results + self._name_parts(text, nlp_artifacts)

    def _name_parts(self, text: str, nlp_artifacts: NlpArtifacts | None) -> list[RecognizerResult]:
        """Words of NAME entries said alone or misheard; neighbours of one entry become one span
        ("Danielle Rayne"). A word shared by several entries keeps its own key for the tag book."""
        persons = [
            (e.start_char, e.end_char)
            for e in (getattr(nlp_artifacts, "entities", None) or [])
            if e.label_ in ("PERSON", "PER")
        ]
        results: list[RecognizerResult] = []
        previous: tuple[RosterEntry | None, int] = (None, -1)
        for mention in self.names.mentions(text, persons):
            entries = set(mention.payloads)
            entry = entries.pop() if len(entries) == 1 else None
            score = 1.0 if mention.exact else 0.9  # above a title's 0.85: Presidio keeps the
            # higher of two nested finds, and only the roster's carries the entry's key
            if entry is not None and previous == (entry, mention.start) and results:
                last = results[-1]
                results[-1] = self._result(entry, last.start, mention.end, min(last.score, score))
            elif entry is not None:
                results.append(self._result(entry, mention.start, mention.end, score))
            else:
                shared = RosterEntry(mention.part, "NAME")
                results.append(self._result(shared, mention.start, mention.end, score))
            gap = re.match(r"\s+", text[mention.end :])
            previous = (entry, mention.end + (gap.end() if gap else 0))
        return results

    def _result(self, entry: RosterEntry, start: int, end: int, score: float) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score, textual_explanation=f"roster entry ({entry.category})"
        )
        return RecognizerResult(
            entry.category,
            start,
            end,
            score,
            analysis_explanation=explanation,
            recognition_metadata={"recognizer_name": self.name, "roster_key": entry.key},
        )
