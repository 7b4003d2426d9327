"""Table-driven checks of rules version 14 (issue 13): in lines without casing, an organisation named
after its kind and "is" ("the union is …"), a place English does not know after "towards", "past" or
on a way somewhere ("drove to …", "from the depot to …"); a short number after "badge number is";
in a found address, the particle inside a town's name.
And what must stay: a kind described, not named; "to" after other words; pages and counts. Every
sentence is written for these tests, with names and places of no evaluation set."""

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
        ("the co-op is kwetu maziwa and we sell the milk there", "kwetu maziwa"),
        ("and the union is fenatrabal they helped us a lot", "fenatrabal"),
        ("our company was called brellwick haulage and then it closed", "brellwick haulage"),
        ("we drove out towards kilcreggan on the sunday", "kilcreggan"),
        ("from the depot to skellinwade it takes an hour", "skellinwade"),
        ("my staff number is 30 7712 they gave me a card", "30 7712"),
        ("We stay at Hauptstrasse 8, 8906 Bonstetten am Albis until June.", "Bonstetten am Albis"),
    ],
)
def test_rules14_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "the company is big and the union is strong",
        "the school was called in to help and the shop is closed",
        "i used to talk to my mum every day",
        "the file was 300 pages long",
        "we went to church on sunday and then to the market",
    ],
)
def test_rules14_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Marc Haddad, gérant, Haddad Frères S.A.R.L., Rue de Rivoli 10", "gérant"),  # a role between finds
        ("I moved to 14 Elm Road, Hull on 2 May.", " on "),  # no particle before a date
    ],
)
def test_rules14_words_between_finds_stay(text: str, word: str, options: DeidOptions) -> None:
    at = text.index(word) + (1 if word.startswith(" ") else 0)
    covered = [d for d in detect(text, options) if d.start < at + len(word.strip()) and d.end > at]
    assert covered == []
