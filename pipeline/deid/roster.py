"""The study roster: identifiers known in advance, always redacted wherever they appear.

A roster is a CSV with a header and the columns ``value`` (the identifier as written), ``category``
(NAME, PLACE, ORG, PHONE, EMAIL, ...) and optionally ``participant`` (a recording or participant the
entry belongs to; empty for study-wide entries such as interviewers and their institutions). Entries
are matched case-insensitively and fuzzily, so "Danielle Reyes" also catches "danielle raye" and
"Daniel Reyes" as speech recognition writes them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from pipeline.deid.options import ALL_CATEGORIES
from pipeline.errors import ConfigError

ROSTER_RECOGNIZER = "RosterRecognizer"


@dataclass(frozen=True)
class RosterEntry:
    value: str
    category: str
    participant: str = ""

    @property
    def key(self) -> str:
        """The entity this entry stands for, shared by all its spellings in the tag book."""
        return normalise_key(self.value)


def normalise_key(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip().lower())
    return " ".join(re.findall(r"[\w@.+-]+", text))


def load_roster(path: Path) -> list[RosterEntry]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ConfigError(f"cannot read roster {path}: {exc.strerror or exc}") from exc
    except csv.Error as exc:
        raise ConfigError(f"roster {path} is not valid CSV: {exc}") from exc
    entries = []
    for line, row in enumerate(rows, start=2):
        value = (row.get("value") or "").strip()
        category = (row.get("category") or "").strip().upper()
        if not value and not category:
            continue
        if not value or category not in ALL_CATEGORIES:
            raise ConfigError(
                f"roster {path}, line {line}: needs a value and a category "
                f"(one of {', '.join(ALL_CATEGORIES)}); columns are value,category,participant"
            )
        entries.append(RosterEntry(value, category, (row.get("participant") or "").strip()))
    return entries


_TOKEN = re.compile(r"[\w@.+'’-]+")


class RosterRecognizer(EntityRecognizer):
    """Every roster entry, exactly (any case) or as a close misspelling of the same number of words."""

    def __init__(self, entries: list[RosterEntry], fuzzy_threshold: int) -> None:
        self.entries = entries
        self.fuzzy_threshold = fuzzy_threshold
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
                if candidate[:1] != target[:1] and size == 1:
                    continue  # a one-word misspelling keeps its first letter: "Danielle" ~ "Daniele"
                if fuzz.ratio(candidate, target) >= self.fuzzy_threshold:
                    results.append(self._result(entry, window[0][0], window[-1][1], 0.95))
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
