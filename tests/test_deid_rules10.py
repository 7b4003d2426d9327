"""Table-driven checks of rules version 10 (issue 13): names and towns written in scripts spaCy's
English model cannot read, with no label or honorific beside them — a Cyrillic name with its
patronymic, a town in Arabic, Korean (with the particle written onto it) or Devanagari script — and,
in a line without capitals, a big city's name that English uses a little ("manchester") or its older
name ("bangalore"), and a town named right after another ("in kothrud in pune"). And what must stay:
everyday words of those scripts, a word that is also a town's name but that English inflects ("bath",
"split"), and a form's label. Every sentence is written for these tests, with people and places of no
evaluation set."""

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
        # a Cyrillic given name and patronymic
        ("Звонила Татьяна Петровна Соколова, просила перезвонить", "Татьяна Петровна"),
        # towns in other scripts, without a label
        ("انتقلت عائلتي إلى الإسكندرية قبل سنتين", "الإسكندرية"),
        ("저는 대구에서 일해요", "대구"),
        ("मैं पिछले साल जयपुर गया था", "जयपुर"),
        # in a line without capitals: a big city English knows as a word a little, an older name
        ("after the wedding we moved to manchester for work", "manchester"),
        ("she studied in bangalore before the move", "bangalore"),
        # a town right after another: the second cue is not eaten by the first town
        ("he grew up in kothrud in pune with his aunt", "pune"),
    ],
)
def test_rules10_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "we were in the bath when the phone rang",
        "we had to split the money between us",
        "كنا نعيش في المدينة القديمة",
        "저는 회사에서 일해요",
        "Мы долго говорили о работе",
        "Город: ",
    ],
)
def test_rules10_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []
