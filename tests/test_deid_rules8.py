"""Table-driven checks of rules version 8 (issue 13): the rest of an address around a found street
(units, floors, plots, town areas, a postcode between them), streets of Cyrillic and Greek letters,
organisations and addresses of Chinese, Japanese, Korean and Arabic, forms of address in Greek and
Cyrillic, big cities and Gaelic or double-barrelled surnames in lower-case speech, a saint's church,
a school named before "high" or "primary", and dates said as two ordinals. And what must stay:
units nowhere near an address, a prose clause of Chinese ending in a kind, a holiday named for a
saint, a verb in -ing after "in". Every sentence is written for these tests, with people and places
of no evaluation set."""

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
        # units and areas chained to a found street, before and after it
        ("Ship to: Corin Alwes, Suite 12/3 Marlow Crescent, Dubbo NSW 2830.", "Suite 12/3 Marlow Crescent"),
        ("Bill to: Ndlovu Steel (Pty) Ltd, Stand 4471, Extension 9, 12 Mopani Road, Polokwane", "Stand 4471"),
        ("Dirección: Calle Olmo 77, piso 2 depto B, Tandil.", "piso 2 depto B"),
        ("kirim ke Jl. Kenari No. 14 RT 02/RW 07, Kel. Sukamaju, Kota Bogor 16111.", "RT 02/RW 07"),
        ("kirim ke Jl. Kenari No. 14 RT 02/RW 07, Kel. Sukamaju, Kota Bogor 16111.", "Kel. Sukamaju"),
        # a Cyrillic street and its flat
        ("Ігор Ткачук, вул. Франка, 8, кв. 31, тел. 067 555 0192", "вул. Франка, 8, кв. 31"),
        # Chinese, Japanese, Korean and Arabic
        ("您的包裹已放在江苏省常州市武进区湖塘路17号2幢门口。", "江苏省常州市武进区湖塘路17号2幢"),
        ("場所：ひまわり内科クリニック　お待ちしております。", "ひまわり内科クリニック"),
        ("예약 안내: 푸른숲치과 오후 3시, 주소: 경상북도 안동시 하회로 45", "푸른숲치과"),
        ("예약 안내: 푸른숲치과 오후 3시, 주소: 경상북도 안동시 하회로 45", "경상북도 안동시 하회로 45"),
        ("نؤكد حجزكم في فندق النخيل يوم الأحد", "فندق النخيل"),
        ("木村彩花様　ご来店ありがとうございます。", "木村彩花"),
        ("Κύριε Νικόλαε Σταυρίδη, σας ενημερώνουμε", "Νικόλαε Σταυρίδη"),
        # lower-case speech
        ("then my brother moved to tucson for the work and never came back", "tucson"),
        ("we got married at saint columba's and the party was after", "saint columba's"),
        ("my cousin was a nurse at st bernadette's community hospital for years", "st bernadette's"),
        ("the farmer next door was ruairí o'sullivan and he was a good neighbour", "ruairí o'sullivan"),
        ("her boss was marta boateng-kowalski who was very strict", "boateng-kowalski"),
        # a date said as ordinals, a day and month of Korean or Filipino
        ("date of birth, the third of the eleventh, ninety-one, yes", "third of the eleventh, ninety-one"),
        ("Kapanganakan: Abril 9, 1987; salamat", "Abril 9, 1987"),
    ],
)
def test_rules8_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, found


@pytest.mark.parametrize(
    "text",
    [
        # units without an address: a room, a box, a floor in a sentence
        "We met in room 12, which was cold, and the box 3 was empty.",
        # a clause of Chinese prose ending in a kind, and kinds alone in Korean
        "我昨天去了医院。",
        "대학병원 진료 안내입니다.",
        # a holiday named for a saint, a verb in -ing after "in"
        "we always went home for st brendan's day and the whole town came out",
        "they were in shaping the plans for the new hall",
    ],
)
def test_rules8_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


def test_units_join_the_address_they_stand_beside(options: DeidOptions) -> None:
    """A unit is its own ADDRESS find, beside the street's, never merged into a name or a town."""
    text = "Write to me at Room 7, 15 Hollins Lane, Oldbridge."  # no field label: that takes the whole value
    found = [(d.text, d.label) for d in detect(text, options)]
    assert ("Room 7", "ADDRESS") in found, found
