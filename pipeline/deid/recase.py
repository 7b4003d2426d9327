"""Let spaCy judge lower-case names in context.

Speech recognisers sometimes write a whole stretch in lower case ("honestly i didn't expect tom to
notice"), where spaCy's NER, trained on edited text, misses names. In such uncased paragraphs, first
names from the census list (and well-ranked world given names rare in English) are capitalised
before spaCy sees them, and spaCy decides from context whether each is a PERSON. Only spaCy sees
the re-cased text: offsets are unchanged (same length), and qualscribe's regex recognizers, which
rely on capitals, keep reading the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine, SpacyNlpEngine

from pipeline.deid.casing import after_determiner, is_uncased
from pipeline.deid.gazetteers import first_rank
from pipeline.deid.wordlists import first_names, zipf

# a given name this popular in some country (names-dataset rank) and this rare as English is re-cased
# too, so spaCy also sees "mathias", "camilo" or "éva" as candidate names
WORLD_RECASE_RANK = 1_000
WORLD_RECASE_MAX_ZIPF = 3.0

_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z]+(?![\w'’-])")


def recase(text: str, max_zipf: float) -> str:
    """Capitalise census first names in uncased paragraphs, unless they are very common words, and
    given names the world gazetteer ranks well that English does not use."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if not word.islower() or len(word.capitalize()) != len(word):
            return word
        if after_determiner(match.string, match.start()):
            return word  # "the lorry", "a grace period": a noun, whatever the census says
        if word in first_names() and zipf(word) < max_zipf:
            return word.capitalize()
        world = (first_rank(word) or WORLD_RECASE_RANK + 1) <= WORLD_RECASE_RANK
        return word.capitalize() if world and zipf(word) < WORLD_RECASE_MAX_ZIPF else word

    parts = re.split(r"(\n+)", text)
    return "".join(_LOWER_WORD.sub(fix, part) if is_uncased(part) else part for part in parts)


class RecasingNlpEngine(SpacyNlpEngine):
    """Wraps Presidio's spaCy engine, feeding it re-cased text (see the module docstring).

    It is a SpacyNlpEngine to Presidio (so the registry pairs it with SpacyRecognizer) but holds the
    configured engine instead of loading its own; anything not overridden here is the inner engine's.
    """

    def __init__(self, inner: NlpEngine, max_zipf: float) -> None:  # no super().__init__: nothing to load
        self.inner = inner
        self.max_zipf = max_zipf

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def load(self) -> None:
        self.inner.load()

    def is_loaded(self) -> bool:
        return self.inner.is_loaded()

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self.inner.process_text(recase(text, self.max_zipf), language)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        originals = list(texts)
        recased = [recase(t, self.max_zipf) for t in originals]
        for original, (_, artifacts) in zip(
            originals,
            self.inner.process_batch(recased, language, batch_size, n_process, **kwargs),
            strict=True,
        ):
            yield original, artifacts

    def is_stopword(self, word: str, language: str) -> bool:
        return self.inner.is_stopword(word, language)

    def is_punct(self, word: str, language: str) -> bool:
        return self.inner.is_punct(word, language)

    def get_supported_entities(self) -> list[str]:
        return self.inner.get_supported_entities()

    def get_supported_languages(self) -> list[str]:
        return self.inner.get_supported_languages()
