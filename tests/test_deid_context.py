"""Table-driven checks of rules version 5 (issue 13): whole words, firms of unlisted partners, names in
lower-case speech, names addressed without a comma, sign-offs, short numbers after a cue, spaced ID
codes, Latin American street numbers. Each row says what a rule must catch or must leave; every
sentence is written for these tests, with people and places of no evaluation set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from pipeline.deid.stage import redact_text
from pipeline.deid.tags import TagBook
from tests.deid_cases import default_options, missed_letters
from tests.scoring import needs_scorer, score_deid


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return default_options()


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        # a recogniser's span stopping inside a word is widened to the word
        ("The brochure pointed to holmqvist.biz for the schedule.", "holmqvist.biz"),
        # firms named by partners no gazetteer lists, with particles, or with a state's name among them
        ("I articled with Omondi, Wekesa and Kiprono for two years.", "Omondi, Wekesa and Kiprono"),
        (
            "She made partner at Ó Briain, Mac Giolla and Ní Shé in the end.",
            "Ó Briain, Mac Giolla and Ní Shé",
        ),
        ("They retained Virginia, Holloway and Pratt for the appeal.", "Virginia, Holloway and Pratt"),
        # names in lower-case speech: letters English lacks, or a top given name rare in English
        ("so radomíra basically ran the meetings after that", "radomíra"),
        ("i think tobias was the one who noticed first", "tobias"),
        # a known given name asking something, without a comma; a sign-off before a name
        ("Ingrid are you still bringing the chairs?", "Ingrid"),
        ("Back on Monday with the forms. Talk soon, Wilhelmina", "Wilhelmina"),
        # short local numbers and IDs right after what they are
        ("Home phone: 41 22 97, after six.", "41 22 97"),
        ("The case no. 48213 was closed in spring.", "48213"),
        ("you can reach him on four one two nine eight seven most evenings", "four one two nine eight seven"),
        # national insurance and passport numbers in spaced groups
        ("Her NI number is QQ 12 34 56 C on the form.", "QQ 12 34 56 C"),
        ("Passport: AB 4455667", "AB 4455667"),
        # Latin American streets with a number mark and a quarter
        ("Send it to Av. Libertad N° 1234, please.", "Av. Libertad N° 1234"),
        ("Entrega: Cra. 15 # 88-64 Sur, Bogotá", "Cra. 15 # 88-64 Sur"),
        ("The office is at Psje. Los Aromos 822 Of. 41 now.", "Psje. Los Aromos 822 Of. 41"),
        # dates written day first, year first, or with another language's month
        ("We can deliver the beds by 23/09/2027 at the latest.", "23/09/2027"),
        ("Kelt: 2027.04.18, Pécs", "2027.04.18"),
        ("Rendez-vous confirmé pour le 7 juillet 2027 à 10h.", "7 juillet 2027"),
        # postcodes after their word, and British or Canadian ones anywhere
        ("She gave the postcode as 4870 and the street name.", "4870"),
        ("It went to Bramble Cottage, Upper Wick, WR2 5RT by mistake.", "WR2 5RT"),
        # form labels in other languages and in two at once
        ("Nachname: Oberholzer", "Oberholzer"),
        ("Puhelin / Phone: 040 772 1938", "040 772 1938"),
        ("Teléfono: 612 44 83 90", "612 44 83 90"),
        # institutions by a kind word of another language, in any casing, and numbered schools
        ("She teaches at Szkoła Podstawowa Marii Konopnickiej now.", "Szkoła Podstawowa Marii Konopnickiej"),
        ("my son goes to lycée voltaire in the mornings", "lycée voltaire"),
        ("They met at Harjavallan koulu in the seventies.", "Harjavallan koulu"),
        ("Before that I taught at School No. 114 for a year.", "School No. 114"),
        # two partners, an Irish county, a titled name with initials, a village named by its kind
        ("The deeds were drawn up by Gallagher & Mulcahy last spring.", "Gallagher & Mulcahy"),
        ("The farm is outside Kanturk, Co. Cork, near the river.", "Co. Cork"),
        ("MRS P ODUYA", "P ODUYA"),
        ("her mother lived in the next village, pazhayannur, for years", "pazhayannur"),
        # codes of letters and digits mixed, and IBANs whatever their check digits
        ("Your booking reference is Q7H4ZW, keep it safe.", "Q7H4ZW"),
        ("Transfer to NL12 ABNA 0417 1643 00 by Friday.", "NL12 ABNA 0417 1643 00"),
        # a region's name that is also a surname or a town of its country stays an identifier
        ("Appointment reminder: Lucía Herrera, Thursday at ten.", "Lucía Herrera"),
        ("We lived in Utrecht until the children started school.", "Utrecht"),
        # streets of Turkey, the Baltics, Germany, with floors and flats as Europe writes them
        ("Send it to İnönü Caddesi No: 12 Daire: 3, please.", "İnönü Caddesi No: 12 Daire: 3"),
        ("The office moved to Gedimino pr. 9, in the centre.", "Gedimino pr. 9"),
        ("They rent a flat at Lindenstraße 8, 3. OG since May.", "Lindenstraße 8, 3. OG"),
        ("Entrega en Calle Mayor 7, 3º dcha. antes de las diez.", "Calle Mayor 7, 3º dcha."),
        ("Bitte liefern an: Am Steinbruch 12", "Am Steinbruch 12"),
        ("The parcel went to Rose Cottage, Mill Lane, instead.", "Mill Lane"),
        # codes with slashes, British plates, date ranges
        ("Your claim ZR/2027/44102 is being handled.", "ZR/2027/44102"),
        ("The MOT for LB68 XKE is due.", "LB68 XKE"),
        ("We are away 3 to 9 June with the children.", "3 to 9 June"),
        # day-first without a year after a date word; another language's month and year
        ("The rent is due on 23/03, as every month.", "23/03"),
        ("Factura emitida en noviembre 2027 por el taller.", "noviembre 2027"),
        ("Teljesítés: 2027. május 17.", "2027. május 17"),
        # sign-offs in other languages before a name
        ("Tot morgen! Groetjes, Marleen", "Marleen"),
    ],
)
def test_context_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, found


@pytest.mark.parametrize(
    "text",
    [
        "We drove through Texas, Oklahoma and Kansas, then flew on to Canada, Peru and Chile.",
        "Honey, are you there? Mate, did you hear that?",
        "We had 250 people and 35 staff, and the room was 12 by 14.",
        "the lorry was late again and the serene garden helped us all",
        "Room B 12 14 was booked for the group on Thursday.",
        "See you Monday. Talk soon, everyone!",
        "the phone was 10 years old, and the number 12 bus was late",
        "Thanks again. Later, we went home.",
        "The hospital gave us a leaflet and the school gymnasium was closed.",
        "Total: 48 260 Ft, paid by card.",
        "We use an A4 sheet and an MP3 file, and the COVID19 rules changed.",
        "Half of them, about 1/2 or 3/4, stayed until the 12th.",
        # regions the size of a US state, by ISO name or English name, are kept as states are
        "She grew up in Kerala and moved to Ontario, then to Bavaria, for work.",
        # lower-case words in edited text are no name, whatever spaCy makes of another language
        "Mi hermano te ayuda con la mudanza el sábado.",
        # not a date, not a street: an idiom, and German words that need a house number to be one
        "The helpline is open 24/7 for anyone who needs it.",
        "Am Ende war es gut.",
        # a relation before a contraction: a verb follows, not a name
        "It was lockdown, and my mother couldn't fly over, and my brother won't talk about it.",
        # in a line of another language, spaCy's guesses made of lower-case words; receipt lines
        "Traiga su tarjeta sanitaria y las radiografías, por favor.",
        "2 CORNETTO CREMA   2,60 TOTALE 5,60",
        # holidays, languages, and a word of a kept region's name
        "We go back every New Year, after the Tagalog mass, and he says in Minas Gerais it is the same.",
        # a form's blank
        "Geburtsdatum: __.__.____",
    ],
)
def test_context_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


def test_a_list_of_places_is_no_firm(options: DeidOptions) -> None:
    """A list of towns stays a list: each town its own tag, the "and" between them kept."""
    text = "After that we moved between Mombasa, Nakuru and Eldoret every few months."
    redacted, _, detections = redact_text(text, options, TagBook())
    assert all(d.label == "PLACE" for d in detections), detections
    assert re.search(r"\[PLACE 1\], \[PLACE 2\] and \[PLACE 3\]", redacted), redacted


def test_given_names_joined_by_and_are_two_people(options: DeidOptions) -> None:
    """A pair of given names is two people, not a firm; "& Co. Ltd" is a company, not a county."""
    text = "Tom and Ben came over, and then Smith & Co. Ltd sent the van."
    redacted, _, detections = redact_text(text, options, TagBook())
    assert redacted.startswith("[NAME 1] and [NAME 2] came over"), redacted
    assert [d.label for d in detections if "Co." in d.text] == ["ORG"], detections


@needs_scorer
@pytest.mark.parametrize(
    ("name", "recall", "precision"),
    [
        ("deid_fresh_interviews.txt", 0.94, 0.90),
        ("deid_fresh_forms.txt", 0.94, 0.85),
        ("deid_check2_interviews.txt", 0.88, 0.88),
        ("deid_check2_forms.txt", 0.88, 0.74),
        ("deid_check3_interviews.txt", 0.90, 0.86),
        ("deid_check3_forms.txt", 0.91, 0.79),
    ],
)
def test_hand_written_sets_are_pinned(name: str, recall: float, precision: float) -> None:
    """Sets written by hand by sessions that had not read the rules. deid_fresh_*: first measured with
    rules version 4 at recall 0.880 and 0.913, then partly tuned on (0.949, 0.967). deid_check2_*:
    first measured with version 5 at 0.888 / 0.897 and 0.871 / 0.728 (recall / precision), then only
    its over-redactions were looked at (0.888 / 0.897, 0.875 / 0.765; with rules 6, whose changes came
    from deid_check3, 0.888 / 0.915, 0.898 / 0.766). deid_check3_*: first measured with version 5 at
    0.887 / 0.841 and 0.881 / 0.815, then tuned on in session 5 (0.925 / 0.901, 0.934 / 0.825).
    deid_check4_* is not pinned: it measures generalisation and is not tuned on. The floors leave a margin;
    they guard against regressions, they are not targets."""
    figures, report = score_deid(Path(__file__).parent / "data" / name)
    assert float(figures["recall"]) >= recall, report[-3000:]
    assert float(figures["precision"]) >= precision, report[-3000:]


def test_a_field_value_is_one_sentence(options: DeidOptions) -> None:
    """A form field's value ends at its sentence: the complaint after "Ref: …" stays readable."""
    text = "Ref: ticket QX-4410987. This is my third e-mail about the router."
    redacted, _, _ = redact_text(text, options, TagBook())
    assert redacted.endswith(". This is my third e-mail about the router."), redacted
    assert "QX-4410987" not in redacted, redacted


def test_fields_on_one_line_are_apart(options: DeidOptions) -> None:
    """Fields laid out side by side end where the spaces between them begin."""
    text = "Name: Ottavia Brambilla    Preferred name: same    Age: 44"
    redacted, _, _ = redact_text(text, options, TagBook())
    assert redacted == "Name: [NAME 1]    Preferred name: same    Age: 44", redacted
