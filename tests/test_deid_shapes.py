"""Table-driven checks of the rules of issue 13's second round: addresses without a street-type word,
postcodes before a town, chained and CJK legal forms, firms of partners in other languages, lower-case
world names and villages, and the precision rules (an ordinary word after an article, a word inside a
kept organisation's name). Every sentence is written for these tests, with no evaluation set's words."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.config import load_config, section_options
from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from pipeline.deid.stage import redact_text
from pipeline.deid.tags import TagBook


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


def _covered(text: str, identifier: str, options: DeidOptions) -> bool:
    at = text.index(identifier)
    inside = {k for d in detect(text, options) for k in range(d.start, d.end)}
    return all(k in inside for k in range(at, at + len(identifier)) if text[k].isalnum())


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        # a house number and capitalised words, whatever the street type, with units of many countries
        (
            "The lease was for 2291 Orvella Crossway Suite 14, on the second floor.",
            "2291 Orvella Crossway Suite 14",
        ),
        ("Send it to 77 Tamsin Overlook, please.", "77 Tamsin Overlook"),
        ("Recipient: Lior Adebayo, Via Castaldo, 4 Piano 2, 20121 Milano", "Via Castaldo, 4 Piano 2"),
        # a bare street name English does not use, with its number
        ("The parcel waits at Kvetná 412 until noon.", "Kvetná 412"),
        ("They moved to Skogveien 31b in the spring.", "Skogveien 31b"),
        # a postcode and an unknown town closing an address
        ("Invoice: Brendholt AS, Lysåsen 7, 3420 Drengsrud", "3420 Drengsrud"),
        ("Ship to: Maelle Dufrasne, Rue Haute 12, 6042 LODELINSART", "6042 LODELINSART"),
        # legal forms: chained, Slovene/Croatian/Estonian, Hungarian "és társa", CJK
        ("She audits Brezovnik d.o.o. and Pavlović Gradnja d.d. every year.", "Brezovnik d.o.o."),
        ("The van belonged to Tóth és társa Kft. in the end.", "Tóth és társa Kft."),
        ("Invoices went to Mäesalu OÜ twice.", "Mäesalu OÜ"),
        ("Her uncle worked for 森田精機株式会社 for years.", "森田精機株式会社"),
        ("The supplier was 华远物流有限公司 then.", "华远物流有限公司"),
        # firms of partners joined in other languages
        ("We hired Solbakken, Dyrdal og Hovland for the sale.", "Solbakken, Dyrdal og Hovland"),
        # lower case: well-ranked world given names re-cased for spaCy, unknown villages after a cue
        ("my client ingrida was from vaiguva, and she was homesick", "vaiguva"),
    ],
)
def test_shape_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    assert _covered(text, identifier, options), [(d.text, d.label) for d in detect(text, options)]


@pytest.mark.parametrize(
    "text",
    [
        "Read Chapter 5 and Room 12 before the exam.",
        "In 2015 we moved, and in 2019 we moved again.",
        "We watched 12 Angry Men on Monday.",
        "She is 34 years old and weighs 60 kg.",
        "We met on Monday, Tuesday and Friday with Mom, Dad and Grandma.",
        "We used to meet at the old Mill on the river. The old mill, yes.",
        "The little Green behind the church was full.",
        "i think it was in vivo or in utero, we talked about it in sessions",
    ],
)
def test_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


def test_a_name_after_a_person_noun_is_still_a_name(options: DeidOptions) -> None:
    text = "There was the guy Brannock, and the kid Oswin, in the waiting room."
    assert _covered(text, "Brannock", options) and _covered(text, "Oswin", options)


def test_words_of_a_kept_organisation_are_not_names_or_places(options: DeidOptions) -> None:
    """With ORG turned off, the words of an organisation's name stay as they are, all of them."""
    no_org = dataclasses.replace(options, categories=[c for c in options.categories if c != "ORG"])
    text = "I was placed at Lakeview Counseling Center for a year, with Dr. Okonkwo."
    redacted, _, _ = redact_text(text, no_org, TagBook())
    assert "Lakeview Counseling Center" in redacted, redacted
    assert "Okonkwo" not in redacted, redacted
