"""Table-driven checks of rules version 15 (issue 13): the full stops of other scripts end sentences
and open form fields ("… পৌঁছাবে। ঠিকানা: …"), a letter with its vowel sign before a dot is an
abbreviation ("मकान नं. 17"), and a capital "The" inside a sentence belongs to the name it opens. And
what must stay: the words after a script's full stop, a sentence's first "The". Every sentence is
written for these tests, with names and places of no evaluation set."""

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
        (
            "প্রিয় রাশেদ, আপনার চিঠি পাঠানো হয়েছে। ঠিকানা: বাড়ি ৪২, রোড ১১, মিরপুর, ঢাকা ১২১৬।",
            "বাড়ি ৪২, রোড ১১, মিরপুর",
        ),
        ("पता: मकान नं. 17, सेक्टर 4, रोहिणी, दिल्ली 110085", "मकान नं. 17, सेक्टर 4"),
        ("For six years I cooked at The Silver Anchor, a diner by the docks.", "The Silver Anchor"),
        ("I worked at The Blue Heron Hotel for years.", "The Blue Heron Hotel"),
    ],
)
def test_rules15_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("ঠিকানা: বাড়ি ৪২, রোড ১১। আমি ভালো আছি", "আমি"),  # a new sentence after the value
        ("The Silver Anchor closed in 2019.", "The"),  # the article a sentence opens with
        ("We met at the Blue Heron Hotel.", "the"),
    ],
)
def test_rules15_words_beside_finds_stay(text: str, word: str, options: DeidOptions) -> None:
    at = text.index(word)
    assert [d.text for d in detect(text, options) if d.start < at + len(word) and d.end > at] == []
