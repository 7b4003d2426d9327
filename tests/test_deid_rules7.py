"""Table-driven checks of rules version 7 (issue 13): what speech recognisers write when a participant
reads something out — codes letter by letter and digit by digit, short numbers after a word only an
identifier follows, a month with a spoken year, a house number in words, e-mails with "hyphen", web
addresses whose name is several words or whose path is spelled — and streets of everyday words placed
by a preposition in lower-case speech. And what must stay: a title's or a role's next word where the
line has capitals but the word has none, determiners that open a sentence, and the everyday words of
another language's form. Every sentence is written for these tests, with people and places of no
evaluation set."""

from __future__ import annotations

import pytest

from pipeline.deid.casing import is_uncased
from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from tests.deid_cases import default_options, missed_letters


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return default_options()


@pytest.mark.parametrize(
    ("text", "identifier", "label"),
    [
        # codes read aloud: letters and digits, a plate with few digits, a capital "A" inside a code
        (
            "my licence number is, um, D T, four four nine, two one, K, I think",
            "D T, four four nine, two one, K",
            "ID",
        ),
        (
            "so the reference they gave me was r w five five oh one eight, and then nothing",
            "r w five five oh one eight",
            "ID",
        ),
        ("The van was, the plate was B X six one, T R P, a white one.", "B X six one, T R P", "ID"),
        ("it was seven seven A, four one two B, on the letter", "seven seven A, four one two B", "ID"),
        # a short number after a word that only an identifier follows
        ("I was on shift with him, his badge number nine three eight, for a year.", "nine three eight", "ID"),
        # a month and a spoken year, not a day
        (
            "We came over in, um, November twenty nineteen, just before everything shut.",
            "November twenty nineteen",
            "DATE",
        ),
        (
            "it started in june two thousand and nine, the summer he left",
            "june two thousand and nine",
            "DATE",
        ),
        # a house number in words before a street
        (
            "We rented the top floor at fifty-six Harcourt Terrace for a while.",
            "fifty-six Harcourt Terrace",
            "ADDRESS",
        ),
        (
            "Her shop was at two hundred and twelve Fox Lane, by the bus stop.",
            "two hundred and twelve Fox Lane",
            "ADDRESS",
        ),
        # an e-mail with "hyphen", a web address of several words after "website", a spelled path
        (
            "email me at t dot osei hyphen ward at northvale dot ac dot uk",
            "t dot osei hyphen ward at northvale dot ac dot uk",
            "EMAIL",
        ),
        (
            "it's all on the website, it's greenhill tenants forum dot org dot uk",
            "greenhill tenants forum dot org dot uk",
            "URL",
        ),
        (
            "it's on facebook dot com slash k l m youth, if you want to look",
            "facebook dot com slash k l m youth",
            "URL",
        ),
        # a street of everyday words, put on the map by a preposition in lower-case speech
        ("we ended up in a hostel on nine elms road for six months", "nine elms road", "ADDRESS"),
        ("after that she moved into larchfield lodge, the care place", "larchfield lodge", "ORG"),
    ],
)
def test_rules7_identifier_is_found(text: str, identifier: str, label: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, found
    assert label in {
        lab for surface, lab in found if identifier.startswith(surface) or surface in identifier
    }, found


@pytest.mark.parametrize(
    "text",
    [
        # a title or relation word, then a lower-case word, where the line writes names with capitals
        "My father served in the navy, and my wife rang the school every day.",
        # a title in capitals that is an illness, then a sentence-opening "And"
        "I've had MS. And then the job went as well.",
        # a sentence opening with a possessive and an acronym
        "My PIN, honestly, I never remember it.",
        # acronyms used as kinds, and a pronoun's contraction opening a sentence
        "Nobody here goes to a GP until it is too late, and my FTO said the same.",
        "She's Ghanaian, like my mum, so with her I could just talk.",
        # lower-case speech: a kind after an article, a street word after an article
        "we walked along the high street and then down the main road",
        # spoken counts and years that are no identifiers
        "we did it two or three times, and in twenty twenty we stopped",
    ],
)
def test_rules7_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a form in German and a receipt in Spanish: their labels, nouns and products are words
        ("Abholung ab Montag, bitte Zufahrt freihalten.\nIhr Team der Werkstatt Kowarsch", "Zufahrt"),
        ("Ferretería Ocaña Hermanos S.L.\nFecha: 14/03/2026\nSilicona blanca ........ 5,50 €", "Silicona"),
    ],
)
def test_rules7_everyday_words_of_other_languages_stay(text: str, kept: str, options: DeidOptions) -> None:
    assert kept not in [d.text for d in detect(text, options)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("【快递通知】陈志明先生，您的包裹已到。", "陈志明"),
        ("山本 健太 様\nご予約ありがとうございます。", "山本 健太"),
        ("이수민님, 예약이 확인되었습니다.", "이수민"),
        ("प्रिय राजेश वर्मा जी, आपका आवेदन मिला।", "राजेश वर्मा"),
        ("السيدة/ فاطمة الزهراء\nموعدك يوم الأحد", "فاطمة الزهراء"),
        ("เรียน คุณวิชัย ทองดี", "วิชัย ทองดี"),
    ],
)
def test_rules7_names_beside_the_honorifics_of_scripts_without_capitals(
    text: str, name: str, options: DeidOptions
) -> None:
    found = [(d.text, d.label) for d in detect(text, options)]
    assert (name, "NAME") in found, found  # the name alone: the honorific stays in the text


@pytest.mark.parametrize("text", ["お客様各位、保護者様へのお知らせです。", "고객님, 간호사님께 문의하세요."])
def test_rules7_role_nouns_with_an_honorific_stay(text: str, options: DeidOptions) -> None:
    assert [d.text for d in detect(text, options) if d.label == "NAME"] == []


def test_capitals_only_in_codes_do_not_make_a_line_cased() -> None:
    assert is_uncased("ours is LTK 3-0917, my nani was there")
    assert not is_uncased("I was there with LTK")
    assert not is_uncased("We were there")
