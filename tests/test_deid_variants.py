"""Spelling variants of a known name: one person, one tag, in detection, the tag book and the leak gate.

Whisper writes a roster's "Reyes" as "Rayne", "Reyne" or "Reign"; these tests run the real stage
(Presidio + spaCy) with a roster and a tag book, and the matching rule on its own, both ways: the
variants are caught, the everyday words that sound the same are not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import load_config, section_options
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.options import DeidOptions
from pipeline.deid.recognizers.roster import RosterRecognizer
from pipeline.deid.roster import RosterEntry
from pipeline.deid.stage import redact_text
from pipeline.deid.tags import TagBook
from pipeline.deid.variants import NameIndex, VariantRules, is_variant, sound
from pipeline.errors import LeakError

RULES = VariantRules()
ROSTER = [RosterEntry("Danielle Reyes", "NAME", "P01"), RosterEntry("Tamsworth Academy", "ORG")]


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


def test_rules_defaults_are_the_settings_defaults() -> None:
    """[deid] in configs/default.toml and DeidOptions agree (test_settings); the rules follow them."""
    assert VariantRules.from_options(DeidOptions()) == VariantRules()
    assert VariantRules.from_options(section_options(load_config(), "deid", DeidOptions)) == RULES


@pytest.mark.parametrize(
    ("word", "name", "expected"),
    [
        ("Rayne", "Reyes", True),
        ("Reyne", "Reyes", True),
        ("Reign", "Reyes", True),
        ("Reins", "Reyes", True),
        ("Daniele", "Danielle", True),  # close in letters
        ("Okafur", "Okafor", True),
        ("Thomson", "Thompson", True),
        ("Reyes", "Reyes", False),  # the same word is not a variant (it is the name)
        ("Ryan", "Reyes", False),  # another vowel: R-y, not R-long A
        ("Ramos", "Reyes", False),  # a short a is not the long A of "ey"
        ("Reese", "Reyes", False),
        ("Raymond", "Reyes", False),  # too far in sound
        ("Reynolds", "Reyes", False),
        ("Rain", "Reyes", False),  # an everyday word (Zipf 4.7)
        ("Ray", "Reyes", False),  # too short
        ("Dana", "Danielle", False),  # two given names that only sound alike
        ("Denial", "Danielle", False),
        ("Cats", "Katz", False),
    ],
)
def test_variant_rule(word: str, name: str, expected: bool) -> None:
    assert is_variant(word, name, RULES) is expected


def test_sound_keys_keep_the_first_vowel() -> None:
    """Metaphone alone gives "Reyes" RYS and "Rayne" RN; the first syllable's vowel ties them."""
    assert sound("Reyes") == ("RA", "RAS")
    assert sound("Rayne")[0] == sound("Reign")[0] == "RA"
    assert sound("Ryan")[0] != "RA"


@pytest.mark.parametrize("variant", ["Rayne", "Reyne", "Reign"])
def test_variant_is_redacted_with_the_roster_entrys_tag(variant: str, options: DeidOptions) -> None:
    text = f"My supervisor was Danielle Reyes. Later {variant} said I should wait, and Reyes agreed."
    redacted, ledger, _ = redact_text(text, options, TagBook(), ROSTER)
    tags = {e.original: e.tag for e in ledger}
    assert variant not in redacted
    assert tags[variant] == tags["Danielle Reyes"] == tags["Reyes"] == "[NAME 1]"
    assert redacted == "My supervisor was [NAME 1]. Later [NAME 1] said I should wait, and [NAME 1] agreed."


@pytest.mark.parametrize(
    "sentence",
    [
        "and then the rain came down on the clinic.",
        "it felt like the reign of the old director.",
        "she held the reins of the horse.",
        "Rain came down all afternoon.",
        "Reins were loose on the old saddle.",
        "I asked Ryan and Raymond about it.",
    ],
)
def test_words_that_sound_alike_are_not_the_roster_name(sentence: str, options: DeidOptions) -> None:
    text = f"Danielle Reyes called. {sentence}"
    redacted, ledger, _ = redact_text(text, options, TagBook(), ROSTER)
    assert redacted.startswith("[NAME 1] called. ")
    assert all(e.tag != "[NAME 1]" for e in ledger if e.original != "Danielle Reyes")
    for word in ("rain", "reign", "reins"):
        if word in sentence.lower():
            assert word in redacted.lower()


def test_lower_case_variant_in_a_lower_case_transcript(options: DeidOptions) -> None:
    redacted, _, _ = redact_text(
        "i talked to rayne about it and danielle reyes agreed", options, TagBook(), ROSTER
    )
    assert redacted == "i talked to [NAME 1] about it and [NAME 1] agreed"


@pytest.mark.parametrize("roster", [ROSTER, None], ids=["roster", "no-roster"])
def test_one_person_one_tag_across_a_study(roster, options: DeidOptions, tmp_path: Path) -> None:
    """Two transcripts through one tag book, saved in between: the variant joins the first spelling."""
    path = tmp_path / "work" / "tags.json"
    book = TagBook.load(path)
    one, _, _ = redact_text("My supervisor Danielle Reyes met Ilse Brandt.", options, book, roster)
    book.save(path)
    two, _, _ = redact_text("The next year Reyne left, and Ilse stayed.", options, TagBook.load(path), roster)
    assert one == "My supervisor [NAME 1] met [NAME 2]."
    assert two == "The next year [NAME 1] left, and [NAME 2] stayed."


def test_tag_book_variants_and_stable_numbers(tmp_path: Path) -> None:
    book = TagBook()
    assert book.tag("NAME", "danielle reyes") == "[NAME 1]"
    assert book.tag("NAME", "marcus okafor") == "[NAME 2]"
    assert book.tag("NAME", "reign") == "[NAME 1]"  # a variant of one known full name's last word
    assert book.tag("NAME", "danielle rayne") == "[NAME 1]"
    assert book.tag("NAME", "okafur") == "[NAME 2]"
    assert book.tag("NAME", "ryan") == "[NAME 3]"
    assert book.tag("ORG", "reyes") == "[ORG 1]"  # other categories: exact keys only
    # a book saved before variants existed keeps its numbers for the keys it has
    old = tmp_path / "tags.json"
    old.write_text(
        '{"format": "qualscribe.tagbook", "version": 1, "numbers": '
        '{"NAME": {"danielle reyes": 1, "rayne": 2, "reyes": 1}}}'
    )
    loaded = TagBook.load(old)
    assert [loaded.tag("NAME", k) for k in ("rayne", "danielle reyes", "reyes")] == [
        "[NAME 2]",
        "[NAME 1]",
        "[NAME 1]",
    ]
    assert loaded.tag("NAME", "reign") == "[NAME 3]"  # a variant of two entities joins neither


def test_leak_gate_refuses_a_variant_without_naming_it(tmp_path: Path) -> None:
    gate = LeakGate([KnownIdentifier("Danielle Reyes", "[NAME]"), KnownIdentifier("Will Turner", "[NAME 4]")])
    for leaky in ("P: Then Rayne called.", "P: and Reign told me", "P: I said Reyes, please."):
        with pytest.raises(LeakError, match=r"line 1 still contains .*of the original of \[NAME\]") as err:
            gate.check(leaky, "p01.txt")
        assert not {"Reyes", "Rayne", "Reign", "Danielle"} & set(str(err.value).replace(".", " ").split())
    gate.write(tmp_path / "ok.txt", "P: [NAME 1] said the rain came down, and the reign ended.\nWill you?\n")
    with pytest.raises(LeakError, match=r"line 2 .*\[NAME 4\]"):
        gate.check("I: fine.\nP: I met Turnor there.", "p02.txt")  # a variant of "Turner", a rare word


def test_roster_recognizer_follows_the_rules_it_is_given() -> None:
    strict = VariantRules(similarity=100)
    loose = RosterRecognizer(ROSTER, 85).analyze("Later Rayne said so.", ["NAME"])
    assert [(r.start, r.end) for r in loose] == [(6, 11)]
    assert RosterRecognizer(ROSTER, 85, strict).analyze("Later Rayne said so.", ["NAME"]) == []
    index = NameIndex([("Reyes", "x")], RULES)
    assert [m.part for m in index.mentions("Later Rayne said so. Reyne.")] == ["reyes", "reyes"]


@pytest.mark.parametrize(
    ("text", "found"),
    [("and she said it was fine", []), ("I asked Shenn about it", ["Shenn"]), ("the Fords came", ["Fords"])],
)
def test_one_word_misspellings_are_not_everyday_words(text: str, found: list[str]) -> None:
    """Pre-existing fuzzy matching of one-word entries, now refusing common words ("she" ~ "Shen")."""
    recognizer = RosterRecognizer([RosterEntry("Shen", "NAME"), RosterEntry("Ford", "ORG")], 85)
    # a one-word entry may be found twice, as an entry and as a name part: the merge keeps one
    assert sorted({text[r.start : r.end] for r in recognizer.analyze(text, ["NAME", "ORG"])}) == found


@pytest.mark.parametrize(
    "text",
    [
        # a found name written with a hyphen in another turn (as a 3-hour run's transcript had it), and
        # that spelling's own word alone: found in a second round
        "Then Dr. Ada Tremblaine met me.\n\nAnd the tremb-laine report came.\n\nThe laine people said no.",
        "We asked Quillon Abernathy-Voss.\n\nLater, Aber-Nathy said the office had closed.",
    ],
)
def test_what_the_gate_refuses_is_redacted(text: str, options: DeidOptions) -> None:
    """The detector redacts every word of a found name that the leak gate would look for, so a long
    transcript is never refused at export for a spelling the detector let by."""
    redacted, ledger, _ = redact_text(text, options, TagBook())
    LeakGate([KnownIdentifier(e.original, e.tag) for e in ledger], RULES).check(redacted, "p01.txt")
