"""Possible misses flagged for the reviewer: table-driven over the kinds of word a detector leaves."""

from __future__ import annotations

import pytest

from pipeline.deid.decisions.model import Span
from pipeline.deid.options import DeidOptions
from pipeline.deid.wordlists import load_word_lists
from pipeline.review.misses import CAPITALISED, LOWER_NAME, NEAR, NUMBER, find_misses
from pipeline.review_options import ReviewOptions

WORDS = load_word_lists(DeidOptions().config_path(DeidOptions().word_lists))


def _flags(text: str, redacted: list[str] = (), kept: list[str] = ()) -> dict[str, list[str]]:
    spans = [Span(0, text.index(r), text.index(r) + len(r), "NAME", r) for r in redacted]
    keep = [Span(0, text.index(k), text.index(k) + len(k), "NAME", k) for k in kept]
    return {m.text: m.reasons for m in find_misses([text], spans, keep, WORDS, ReviewOptions())}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I went to see Okonkwo about it.", {"Okonkwo": [CAPITALISED]}),
        ("Okonkwo was there.", {"Okonkwo": [CAPITALISED]}),  # a rare word opening a sentence
        ("There were 3 of us in room 214.", {"3": [NUMBER], "214": [NUMBER]}),
        ("call me at six oh eight five five five", {"six oh eight five five five": [NUMBER]}),
        ("and my friend yolanda came too", {"yolanda": [LOWER_NAME]}),
    ],
)
def test_flagged(text: str, flagged: dict[str, list[str]]) -> None:
    assert _flags(text) == flagged


@pytest.mark.parametrize(
    "text",
    [
        "Thank you. So I think it was fine.",  # sentence starts, "I"
        "My supervisor, Dr. Lee, and my Mom went on Monday.",  # title, kin word, weekday (Lee redacted below)
        "We did CBT and EMDR over Zoom.",  # the allow-list
        "one or two of them, will and grace",  # single number words; common words that are also names
    ],
)
def test_not_flagged(text: str) -> None:
    redacted = ["Lee"] if "Lee" in text else []
    assert _flags(text, redacted) == {}


def test_a_word_next_to_a_redaction_is_flagged_and_redactions_are_not() -> None:
    flags = _flags("I met Danielle Okafor-Smythe there.", ["Danielle"])
    assert flags == {"Okafor-Smythe": [CAPITALISED, NEAR]}
    assert _flags("my supervisor danielle okafor said so", ["danielle"]) == {"okafor": [LOWER_NAME, NEAR]}


def test_text_a_reviewer_kept_is_not_flagged_again() -> None:
    assert _flags("I went to see Okonkwo about it.", kept=["Okonkwo"]) == {}
