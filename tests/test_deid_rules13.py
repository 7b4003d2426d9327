"""Table-driven checks of rules version 13 (issue 13): a town named with its state, province or country
after a comma, whatever the word is in English; in lines without casing, a park, lake, river or beach
named by a word English does not know. And what must stay: a sentence's first word before a region, a
list of regions, an everyday word before a park or a lake. Every sentence is written for these tests,
with places of no evaluation set."""

from __future__ import annotations

import pytest

from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from tests.deid_cases import default_options, missed_letters


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return default_options()


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("We live up the road outside Welcome, Minnesota.", "Welcome"),
        ("and we all go watch him at ngata park the whole family", "ngata park"),
        ("in spring we go out to eider lake with the kids", "eider lake"),
    ],
)
def test_rules13_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "Yes, Texas was hot that year.",
        "We drove through Ohio, Kentucky and Indiana.",
        "we sat by the river and then the big lake",
        "the kids play in the car park after school",
    ],
)
def test_rules13_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []
