"""Table-driven checks of rules version 11 (issue 13): in lines a speech recogniser wrote all in lower
case, a name after a title that follows another title ("officer mr …") or after "captain", a known
rare name after "my ROLE is/was" whatever the role, a firm named before its kind ("… care homes", "…
logistics"), a neighbourhood or market named by a word English does not know; in scripts without
capitals, a name after a salutation of Arabic, Persian, Urdu, Hindi or Bengali letters, a Korean name
written whole or called. And what must stay: everyday phrases of the same shapes, a noun after an
Arabic salutation, a lone word after a Hindi one, Korean words that look like names but are common.
Every sentence is written for these tests, with people, places and firms of no evaluation set."""

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
        # a title after a title, and captains
        ("then the welfare officer mr kamau came round on friday", "kamau"),
        ("we sailed under captain oyelaran that year", "oyelaran"),
        # a rare known name after "my ROLE is/was"
        ("and my foreman was ramesh kumar he was fair", "ramesh kumar"),
        ("my trainer was banerjee for two years", "banerjee"),
        # a firm named before its kind, a locality by a word English does not know
        ("i was placed with bellbrook care homes for a year", "bellbrook care homes"),
        ("mostly we haul for mokoena logistics out of the depot", "mokoena logistics"),
        ("we rented a room in the kibera area back then", "kibera"),
        ("she sells fish at oyingbo market every morning", "oyingbo market"),
        # salutations in scripts without capitals
        ("الأخ ماجد، تم شحن طلبك", "ماجد"),
        ("محترم عمران صاحب، آپ کا شکریہ", "عمران"),
        ("प्रिय सुनील कुमार, आपका पार्सल भेज दिया गया है", "सुनील कुमार"),
        ("প্রিয় করিম আহমেদ, আপনার অর্ডার পাঠানো হয়েছে", "করিম আহমেদ"),
        # a Korean name written whole, and called
        ("박서준 고객님, 주문이 완료되었습니다", "박서준"),
        ("민호야, 어디야?", "민호"),
    ],
)
def test_rules11_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "my job was cleaning and my shift was nights",
        "my husband is disabled and my landlord is polish",
        "we went to the old market in the main area",
        "the care homes here are always short of staff",
        "he wanted to be captain of the team",
        "प्रिय मित्र, धन्यवाद",
        "محترم صاحب، آپ کا شکریہ",
        "우리 구성원 모두 감사합니다",
        "고양이가 집에 왔어요",
    ],
)
def test_rules11_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


def test_rules11_honorific_after_an_indic_name_stays(options: DeidOptions) -> None:
    """ "जी" after a name is respect, not part of it: redacting it takes a word of the message."""
    found = [d.text for d in detect("प्रिय रीना वर्मा जी, आपकी किताब आ गई है", options)]
    assert found == ["रीना वर्मा"]
