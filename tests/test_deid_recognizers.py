"""Table-driven checks of qualscribe's own recognizers, on wording written for these tests."""

from __future__ import annotations

import pytest

from pipeline.config import load_config, section_options
from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from pipeline.deid.recognizers.spoken import count_digits


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


def found(text: str, options: DeidOptions) -> list[tuple[str, str]]:
    return [(d.text, d.label) for d in detect(text, options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spoken and written contact details
        (
            "you can text me at six oh eight, five five five, two nine one four tonight",
            ("six oh eight, five five five, two nine one four", "PHONE"),
        ),
        (
            "the office line is four fourteen, five five five, oh one eight two",
            ("four fourteen, five five five, oh one eight two", "PHONE"),
        ),
        (
            "my address was b dot nguyen at outlook dot com back then",
            ("b dot nguyen at outlook dot com", "EMAIL"),
        ),
        ("write to tsmith@marquette.edu if you want", ("tsmith@marquette.edu", "EMAIL")),
        (
            "the site is w w w dot healing circles dot org slash youth",
            ("w w w dot healing circles dot org slash youth", "URL"),
        ),
        ("call (920) 555-0143 after five", ("(920) 555-0143", "PHONE")),
        ("her chart number was MRN 7730215 I think", ("MRN 7730215", "ID")),
        ("they lived at 77 West Juneau Avenue, Apt 4", ("77 West Juneau Avenue, Apt 4", "ADDRESS")),
        # dates, written and spoken
        ("it was the fifth of November when she told me", ("the fifth of November", "DATE")),
        ("we terminated on June 2nd, 2017, after the move", ("June 2nd, 2017", "DATE")),
        ("since February of 2012 or so", ("February of 2012", "DATE")),
        ("on 11/30 she cancelled", ("11/30", "DATE")),
        ("it was September ninth, I'm sure", ("September ninth", "DATE")),
        # names: after titles, lower-case, census names
        ("and then Dr. Nakamura walked in", ("Nakamura", "NAME")),
        ("i told professor lindgren about it", ("lindgren", "NAME")),
        ("honestly i didn't think derek would say anything", ("derek", "NAME")),
        ("I was paired with Yolanda for the whole year", ("Yolanda", "NAME")),
        # organisations and places
        ("I trained at Bellin Psychiatric Center for a year", ("Bellin Psychiatric Center", "ORG")),
        ("she went to the University of Minnesota Duluth", ("University of Minnesota Duluth", "ORG")),
        ("he grew up outside Sheboygan with his grandparents", ("Sheboygan", "PLACE")),
        ("they had a cabin up at Lake Winnebago every summer", ("Lake Winnebago", "PLACE")),
    ],
)
def test_identifier_is_found(text: str, expected: tuple[str, str], options: DeidOptions) -> None:
    hits = found(text, options)
    assert any(expected[0] in surface for surface, _ in hits), hits
    assert any(label == expected[1] for surface, label in hits if expected[0] in surface), hits


@pytest.mark.parametrize(
    "text",
    [
        "I was twenty-six and in my second year, and it was 2016.",
        "We met every Tuesday for about eight months, right through Thanksgiving.",
        "She moved from Wisconsin to California, and later to Mexico.",
        "My supervisor and my mom both said it was okay, thank God.",
        "It was a seventy-two hour hold on the psych unit at the university clinic.",
        "We used CBT and some DBT skills, and she was on Zoloft at the time.",
        "I may two-time the sessions, and in March two people left the group.",
        "About 1/2 of my caseload were veterans from the VA.",
        "Last spring, in the summer before my internship, I saw her for a hundred and twenty sessions.",
    ],
)
def test_not_identifiers_stay(text: str, options: DeidOptions) -> None:
    assert found(text, options) == []


def test_titles_stay_outside_names(options: DeidOptions) -> None:
    text = "My supervisor, Dr. Okonkwo, said so, and Mrs. Feld agreed."
    assert [s for s, _ in found(text, options)] == ["Okonkwo", "Feld"]


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("five five five oh one eight two", 7),
        ("four fourteen", 3),
        ("double five two", 3),
        ("six oh eight, five five five, two nine one four", 10),
    ],
)
def test_spoken_digit_count(spoken: str, digits: int) -> None:
    assert count_digits(spoken) == digits
