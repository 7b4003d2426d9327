"""Table-driven checks of rules version 6 (issue 13): names after honorifics of other languages, after
a role and a comma, after "me and" and "ask for"; peoples and languages kept, even where a names
gazetteer ranks them as given names; state-sized regions as people write them; greetings of other
languages; in forms and messages, labels of other scripts (and their full-width colon), dates of other
languages and scripts, and the names that label a chat's lines. Every sentence is written for these
tests, with people and places of no evaluation set."""

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
        # honorifics of other languages before a lower-case name
        ("and the teacher, pani zawadzka, was strict with all of us", "zawadzka"),
        ("every tuesday we went to the hall with whaea ngaire and the kids", "ngaire"),
        # a role and a comma before the name
        ("my foreman, tavita, let us go home early that day", "tavita"),
        # "me and …", "ask for …"
        ("me and hemi used to fish off the wharf after school", "hemi"),
        ("if you ring the depot ask for kobus, he knows the story", "kobus"),
        # a town that is also the name of a rare language: only speaking makes it a language
        ("I was born in Bauchi and raised by my aunt.", "Bauchi"),
        # labels of other scripts, with a full-width colon
        ("お名前：佐藤 美咲 様", "佐藤 美咲"),
        ("收件人：王海涛", "王海涛"),
        ("Имя: Дмитрий Соколов", "Дмитрий Соколов"),
        # dates of other languages and scripts, a range, a month of a year
        ("配達予定 2024年3月15日に伺います", "2024年3月15日"),
        ("Rendez-vous confirmé pour le 9 juin à 10 h.", "9 juin"),
        ("Встреча перенесена на 3 апреля.", "3 апреля"),
        ("Reserva del 2 al 5 de marzo de 2027, dos adultos.", "2 al 5 de marzo de 2027"),
        ("Your visit on 09-Feb-2027 is booked.", "09-Feb-2027"),
        ("Card valid thru 08/2029", "08/2029"),
        # the name that labels a chat's line
        ("Mum: are you home yet?\nDarius: on the bus now", "Darius"),
        ("Kofi 18:42 — running late, sorry", "Kofi"),
        # the last digits of a card or an account, short numbers after a word only identifiers follow
        ("Paid Mastercard ending 7391, thank you!", "7391"),
        ("Net pay to account ending 5508", "5508"),
        ("Please settle invoice #3317 by Friday.", "3317"),
        ("SSN (last 4): 6620", "6620"),
        # a day written with a dot before the month, French ordinals, other languages' months
        ("Lieferdatum: 7. März 2026", "7. März 2026"),
        ("Kontrakten gäller från 9. maj 2026.", "9. maj 2026"),
        ("Le bail prend effet au 1er octobre 2026.", "1er octobre 2026"),
        ("Termín doručení 21. 8. 2026.", "21. 8. 2026"),
        ("Your appointment is on Tue 24/06 at 9:15.", "24/06"),
        # side-by-side fields, salutations of letters, references by their label
        ("Street: 9 Mill Road        Town: KETTERING        Postcode: NN16 0AA", "KETTERING"),
        ("Sehr geehrter Herr Oberhuber,\nanbei die Unterlagen.", "Oberhuber"),
        ("Reservation: P4XK7W", "P4XK7W"),
        # streets and institutions in a line without casing
        ("we rented a flat on arbury crescent near the park, it was damp", "arbury crescent"),
        ("so she taught at kumasi wesley girls high for ten years", "kumasi wesley girls high"),
        ("then he went to the university of dundee to study nursing", "university of dundee"),
    ],
)
def test_rules6_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, found


@pytest.mark.parametrize(
    "text",
    [
        # languages and peoples, although a names gazetteer ranks "Tamil" and "German" as given names
        "At home we speak Welsh and a bit of English, and my partner is Tamil.",
        "She sat her exams in German, and the class had a lot of Ghanaians in it.",
        # a region by its ISO name without the administrative ending
        "After the wedding they moved to Gyeonggi for his work.",
        # a greeting of another language, and a kinship word said instead of a name
        "Kia ora, thanks for having me.",
        "Every night she would ask, Amma, when are you coming home?",
        # a preposition before a comma is no role: the interjection after it is no name
        "I saw her for, gosh, maybe a hundred sessions in all.",
        # a chat's role labels and a form's notes
        "Mum: ok see you at six\nMe: ok",
        "Note: bring two photos and the signed form.",
        # in lower case, a kind with everyday words or an adjective of kinds is no name
        "we walked down the main road to the local primary school and the hospital",
        "it's a francophone school, and the church near the high street is older",
    ],
)
def test_rules6_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []
