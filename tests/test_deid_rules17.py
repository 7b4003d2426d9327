"""Table-driven checks of rules version 17 (issue 13): a popular given name in lower case after a cue
("a lad named ryan"); "call me …"; ma'am, madam and sir before a name; a town spaCy reads as a people
because of its ending ("from Bakrish": an ending only counts on a word English has seen); a town that is
an everyday word or a form label when its state follows ("Phone, Arizona"); a name field whose value
is a state's name; a field's value ends before the next label on its line, which opens a field after a
single space ("Nombre: Inés Apellidos: …"); "C.P.". And what must stay: a
people's or a language's name after a cue, a region after its own country, "sir" and "madam" alone.
Every sentence is written for these tests, with names and places of no evaluation set."""

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
        ("and the foreman was a lad named ryan he drove the van", "ryan"),
        ("the night porter was a fellow called scott back then", "scott"),
        ("on the boats everyone would call me stavros the greek", "stavros"),
        ("the pharmacy in-charge is sir anwar hossain and he signs", "anwar hossain"),
        ("I'm from Bakrish, in the hills above the city.", "Bakrish"),
        ("A caller from Mobile, Alabama, rang twice.", "Mobile"),
        ("The parcel went to Phone, Arizona, by mistake.", "Phone"),
        ("Given name: Joseph   Last name: Montana   Tel: 0412 555 019", "Montana"),  # a state's name
        ("DOMICILIO: C/ ROBLES 7, 1º B   C.P.: 37008   LOCALIDAD: BÉJAR", "37008"),
        ("Nombre: Inés Apellidos: Ferrer Vidal Teléfono: 622 418 907", "Ferrer Vidal"),
    ],
)
def test_rules17_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Nombre: Inés Apellidos: Ferrer Vidal Teléfono: 622 418 907", "Teléfono"),
        ("Nom: Odile Brandt Adresse: 4 rue Basse Tél: 06 12 34 56 78", "Adresse"),
    ],
)
def test_rules17_a_value_ends_before_the_next_label_on_its_line(
    text: str, label: str, options: DeidOptions
) -> None:
    at = text.index(label)
    assert [d.text for d in detect(text, options) if d.start <= at < d.end] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Our team leader was Madam Patience back then.", "Patience"),
        ("the pharmacy in-charge is sir anwar and he signs", "anwar"),
    ],
)
def test_rules17_after_a_title_is_a_person(text: str, name: str, options: DeidOptions) -> None:
    """A title before a word makes it a person's name, not an organisation's (spaCy's guess)."""
    at = text.index(name)
    labels = {d.label for d in detect(text, options) if d.start <= at < d.end}
    assert labels == {"NAME"}, labels


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("her husband is german and he cooks on sundays", "german"),  # a people, not a given name
        ("he speaks Kurdish and his wife is Congolese.", "Congolese"),
        ("We drove through Ontario, Canada, for two days.", "Ontario"),  # a region stays
        ("yes sir, I will bring it. thank you madam and goodbye", "madam"),
        ("a guy called will came in at noon", "will"),  # a stop word after a cue is a verb
        ("the trouble was my address: it was the old one", "old"),  # no field in running speech
    ],
)
def test_rules17_words_stay(text: str, word: str, options: DeidOptions) -> None:
    at = text.index(word)
    assert [d.text for d in detect(text, options) if d.start < at + len(word) and d.end > at] == []
