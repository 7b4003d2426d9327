"""Table-driven checks of rules version 16 (issue 13): form fields run on in a letter after a comma or
a full stop ("…, ठेगाना: …"), in Georgian and Armenian forms, and past a unit's abbreviation before its
number ("кв. 7, 443001"); a value ends at a full stop before the next label; a given name and a known
surname together in lower case; a saint before an institution's kind without a possessive; an
institution "of" a word English lacks; neighbourhoods named "… town", "… nagar". And what must stay: a
payment's reference in words, other languages' everyday words after a given name, a sentence after a
number. Every sentence is written for these tests, with names and places of no evaluation set."""

from __future__ import annotations

import pytest

from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from pipeline.deid.recognizers.lower_names import LowerFullNameRecognizer, LowerSaintRecognizer
from pipeline.deid.recognizers.lowercase import LowerKindFirstOrgRecognizer, LowerLocalityRecognizer
from pipeline.deid.wordlists import load_word_lists
from tests.deid_cases import default_options, missed_letters


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return default_options()


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("Адрес: г. Самара, ул. Садовая, д. 12, кв. 7, 443001", "кв. 7, 443001"),
        ("श्री मोहन लाल शर्मा, ठेगाना: भरतपुर-५, चितवन", "भरतपुर-५, चितवन"),
        ("Randevunuz 10:30'da. Adres: Atatürk Cad. No: 18, Çankaya/Ankara", "Atatürk Cad. No: 18, Çankaya"),
        ("მისამართი: ქუთაისი, რუსთაველის ქ. 5", "რუსთაველის ქ. 5"),
        ("the foreman was nikos papadakis he came from the island", "nikos papadakis"),
    ],
)
def test_rules16_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


def _words(text: str, detections) -> list[str]:
    return [text[d.start : d.end] for d in detections]


@pytest.mark.parametrize(
    ("recognizer", "text", "identifier"),
    [
        (LowerSaintRecognizer, "then i started at st agnes school in the town", "st agnes school"),
        (
            LowerKindFirstOrgRecognizer,
            "she studied at the university of zululand before",
            "university of zululand",
        ),
        (LowerLocalityRecognizer, "they rented a flat in bahria town near the bridge", "bahria town"),
        (LowerFullNameRecognizer, "and the driver rodrigo vergara he knew the road", "rodrigo vergara"),
    ],
)
def test_rules16_recognizer_finds(recognizer, text: str, identifier: str) -> None:
    """Each rule on its own: other recognizers may catch the same words in a whole run."""
    found = recognizer(load_word_lists(default_options().config_path("deid_words.toml"))).analyze(text, [])
    assert identifier in _words(text, found)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("כתובת: רחוב הגפן 3, נתניה. טלפון: 054-1234567", "טלפון"),  # the next field's label
        ("Transfer received. Reference: rent march. Balance 40.", "rent"),  # a note, not an ID
        ("pues la fiesta es en casa de mi tia", "es"),  # Spanish after a given name
        ("I was 34. Then we moved to the coast.", "Then"),
        ("we prayed to st jude every night", "st"),  # a saint alone is no institution
    ],
)
def test_rules16_words_stay(text: str, word: str, options: DeidOptions) -> None:
    at = text.index(word)
    assert [d.text for d in detect(text, options) if d.start < at + len(word) and d.end > at] == []
