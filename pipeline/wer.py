"""Word error rate against a reference, after the normalisation ASR evaluations use.

Case and punctuation are not errors for a transcript's wording, so both sides are lower-cased and
stripped of punctuation (apostrophes and in-word hyphens kept) before jiwer aligns them.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"[^\w\s'-]|(?<!\w)[-']|[-'](?!\w)")


def normalise(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference`` (needs the dev extra's jiwer)."""
    import jiwer

    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))
