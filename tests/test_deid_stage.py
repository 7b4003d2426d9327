"""The de-identification stage: roster, study-wide tags, the ledger, the leak gate and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config, section_options
from pipeline.deid.detect import Detection
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import load_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry, load_roster
from pipeline.deid.stage import REDACTED_SOURCE, _propagate, deidentify, redact_text
from pipeline.deid.tags import TagBook
from pipeline.document import Transcript, Turn, Word
from pipeline.errors import ConfigError, LeakError
from tests.scoring import EVAL, score_deid

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


ROSTER = [
    RosterEntry("Quillon Abernathy-Voss", "NAME", "P01"),
    RosterEntry("Quill", "NAME", "P01"),
    RosterEntry("Tamsworth Academy", "ORG"),
    RosterEntry("715-555-0199", "PHONE", "P01"),
]


@pytest.mark.parametrize(
    "mention",
    [
        "Quillon Abernathy-Voss",
        "QUILLON ABERNATHY-VOSS",
        "quillon abernathy-voss",  # any case
        "Quillan Abernathy-Voss",
        "quillon abernathy voss",
        "Quilon Abernathey-Voss",  # ASR misspellings
        "quill",
        "tamsworth academy",
        "Tamsworth Acadamy",
    ],
)
def test_roster_entries_are_caught_in_any_case_and_misspelled(mention: str, options: DeidOptions) -> None:
    text = f"so the thing about {mention} was that nobody asked"
    redacted, ledger, _ = redact_text(text, options, TagBook(), ROSTER)
    assert mention.lower() not in redacted.lower()
    assert any(e.recognizer == "RosterRecognizer" for e in ledger)


def test_roster_does_not_redact_different_words(options: DeidOptions) -> None:
    text = "I was quite worried about the academy and the quilting group."
    redacted, _, _ = redact_text(text, options, TagBook(), ROSTER)
    assert redacted == text


def test_same_entity_same_tag_across_a_study(options: DeidOptions, tmp_path: Path) -> None:
    book_path = tmp_path / "work" / "tags.json"
    first = "My supervisor Danuta Kowalczyk was great. Later Danuta moved to Sheboygan."
    second = "The next year I saw Danuta again, and my friend Ilse came along to Sheboygan."
    book = TagBook.load(book_path)
    one, _, _ = redact_text(first, options, book)
    book.save(book_path)
    two, _, _ = redact_text(second, options, TagBook.load(book_path))
    assert one == "My supervisor [NAME 1] was great. Later [NAME 1] moved to [PLACE 1]."
    assert two == "The next year I saw [NAME 1] again, and my friend [NAME 2] came along to [PLACE 1]."


def test_plain_tags(options: DeidOptions) -> None:
    redacted, _, _ = redact_text("I told Danuta on March 3rd.", options, TagBook(numbered=False))
    assert redacted == "I told [NAME] on [DATE]."


def test_an_original_found_once_is_redacted_everywhere() -> None:
    text = "Hope told me. Later hope came back, and I hoped Hope would stay. Ms. Vance, vance, VANCE."
    found = [
        Detection(0, 4, "NAME", 0.9, "SpacyRecognizer", "Hope", "hope"),
        Detection(69, 74, "NAME", 0.9, "TitledNameRecognizer", "Vance", "vance"),
    ]
    spans = [(d.text, d.recognizer) for d in _propagate(text, found)]
    # "Hope" is an everyday word: only its capitalised form is a name; "Vance" is not: any case
    assert spans == [
        ("Hope", "SpacyRecognizer"),
        ("Hope", "propagated"),
        ("Vance", "TitledNameRecognizer"),
        ("vance", "propagated"),
        ("VANCE", "propagated"),
    ]


def _timed(text: str, start: float) -> Turn:
    words = [Word(w, start + i * 0.5, start + i * 0.5 + 0.4, 0.9) for i, w in enumerate(text.split())]
    return Turn(start, words[-1].end, text, words=words)


def test_transcript_words_and_source_carry_no_originals(options: DeidOptions) -> None:
    transcript = Transcript(
        source="recordings/danuta_kowalczyk.m4a",
        sha256="0" * 64,
        duration=10,
        engine="e",
        model="m",
        language="en",
        turns=[
            _timed("Where did you train?", 0.0),
            _timed("At Bellin Psychiatric Center with Danuta Kowalczyk.", 2.0),
        ],
    )
    result, ledger = deidentify(transcript, options, TagBook())
    text = result.to_json()
    for original in ("Danuta", "Kowalczyk", "Bellin", "danuta_kowalczyk"):
        assert original not in text
    assert result.source == REDACTED_SOURCE
    assert result.turns[1].text == "At [ORG 1] with [NAME 1]."
    assert [w.text for w in result.turns[1].words] == ["At", "[ORG 1]", "with", "[NAME 1]"]
    tag_word = result.turns[1].words[1]
    assert (tag_word.start, tag_word.end) == (2.5, 3.9)  # from "Bellin" to "Center."
    assert {(e.turn, e.original) for e in ledger} == {
        (1, "Bellin Psychiatric Center"),
        (1, "Danuta Kowalczyk"),
    }
    assert transcript.turns[1].text.startswith("At Bellin")  # the input is not modified


def test_leak_gate_refuses_a_file_with_a_ledger_original(tmp_path: Path) -> None:
    gate = LeakGate([KnownIdentifier("Danuta Kowalczyk", "[NAME 1]"), KnownIdentifier("Hope", "[NAME 2]")])
    target = tmp_path / "out" / "p01.txt"
    with pytest.raises(LeakError, match=r"p01\.txt: line 2 still contains the original of \[NAME 1\]"):
        gate.write(target, "I: Hello.\nP: I met danuta kowalczyk there.\n")
    assert not target.exists()
    gate.write(target, "P: I hope it helps [NAME 2].\n")  # the everyday word "hope" is not the name "Hope"
    assert target.read_text() == "P: I hope it helps [NAME 2].\n"
    with pytest.raises(LeakError, match=r"\[NAME 2\]"):
        gate.check("P: Then Hope called.", "p02.txt")


def test_roster_file_errors(tmp_path: Path) -> None:
    good = tmp_path / "roster.csv"
    good.write_text("value,category,participant\nQuill,name,P01\nTamsworth Academy,ORG,\n")
    assert load_roster(good) == [
        RosterEntry("Quill", "NAME", "P01"),
        RosterEntry("Tamsworth Academy", "ORG", ""),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("value,category\nQuill,PERSONA\n")
    with pytest.raises(ConfigError, match="line 2: needs a value and a category"):
        load_roster(bad)
    with pytest.raises(ConfigError, match="cannot read roster"):
        load_roster(tmp_path / "missing.csv")


def test_redact_cli_json_contract_ledger_and_tags(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("P: My sister Quill lives in Sheboygan.\nI: And you?\nP: I call Quill every Sunday.\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("value,category\nQuill,NAME\n")
    ledger, tags = tmp_path / "work" / "ledger.json", tmp_path / "work" / "tags.json"
    result = runner.invoke(
        app,
        [
            "redact",
            str(source),
            "--json",
            "--roster",
            str(roster),
            "--ledger",
            str(ledger),
            "--tags",
            str(tags),
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    original = source.read_text()
    assert [original[e["start"] : e["end"]] for e in out["entities"]] == ["Quill", "Sheboygan", "Quill"]
    assert (
        out["text"]
        == "P: My sister [NAME 1] lives in [PLACE 1].\nI: And you?\nP: I call [NAME 1] every Sunday.\n"
    )
    assert "Quill" not in result.stdout  # offsets only: originals go to the ledger, not to stdout
    assert [e.original for e in load_ledger(ledger)] == ["Quill", "Sheboygan", "Quill"]
    assert oct(ledger.stat().st_mode & 0o777) == "0o600"
    assert json.loads(tags.read_text())["numbers"] == {"NAME": {"quill": 1}, "PLACE": {"sheboygan": 1}}


def test_redact_cli_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["redact", str(tmp_path / "missing.txt")])
    assert result.exit_code == 5 and "cannot read" in result.stderr


@pytest.mark.skipif(not EVAL.is_dir(), reason="shared/eval is laid beside the checkout in CI")
@pytest.mark.parametrize(
    ("marked", "min_recall", "min_precision"),
    [(EVAL / "deid_dev.txt", 0.98, 0.90), (ROOT / "tests" / "data" / "deid_extra.txt", 0.97, 0.90)],
)
def test_scorer(marked: Path, min_recall: float, min_precision: float) -> None:
    figures, report = score_deid(marked)
    assert float(figures["recall"]) >= min_recall, report
    assert float(figures["precision"]) >= min_precision, report
    assert figures["text_leaks"] == "0", report
