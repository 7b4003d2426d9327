"""The run's last stage: `publish` writes each configured format through the leak gate."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest

from pipeline.batch.context import StudyContext
from pipeline.batch.stages.export import publish
from pipeline.deid.ledger import LedgerEntry
from pipeline.errors import LeakError
from pipeline.layout import WorkLayout
from pipeline.settings import load_settings
from tests.export_sample import sample_transcript


def _study(tmp_path: Path, formats: list[str]) -> StudyContext:
    settings = load_settings(overrides={"export": {"formats": formats, "study": "S1"}})
    return StudyContext(settings, WorkLayout(tmp_path / "work"), tmp_path / "out")


def _raw():
    """As the de-identification stage leaves it: participant turns not yet labelled with the code."""
    transcript = sample_transcript()
    turns = [dataclasses.replace(t, speaker="P") if t.role == "participant" else t for t in transcript.turns]
    return dataclasses.replace(transcript, source="interview.flac", turns=turns)


def test_publish_writes_each_configured_format_named_by_code(tmp_path: Path) -> None:
    study = _study(tmp_path, ["txt", "json", "srt", "docx"])
    written = publish(study, _raw(), "P01", [], {})
    assert [p.name for p in written] == ["P01.txt", "P01.json", "P01.srt", "P01.docx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    assert "\nP01: Um, it was" not in (tmp_path / "out" / "P01.txt").read_text()  # stamps on by default
    assert "] P01: Um, it was" in (tmp_path / "out" / "P01.txt").read_text()
    assert "Study: S1" in (tmp_path / "out" / "P01.txt").read_text()
    header = docx.Document(str(tmp_path / "out" / "P01.docx")).sections[0].header.paragraphs[0].text
    assert header.startswith("Participant P01 · de-identified transcript")


def test_publish_refuses_a_ledger_original_in_a_binary_format(tmp_path: Path) -> None:
    study = _study(tmp_path, ["docx"])
    ledger = [LedgerEntry("naïve", "[NAME 9]", "NAME", 0, 5, 1.0, "test")]
    with pytest.raises(LeakError, match=r"\[NAME 9\]"):
        publish(study, _raw(), "P01", ledger, {})
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_several_participant_voices_keep_apart_under_the_code() -> None:
    """A participant and their partner are two voices: one label for both would merge what each said."""
    from pipeline.batch.stages.export import labelled
    from pipeline.document import Transcript, Turn

    turns = [
        Turn(0.0, 1.0, "How did you meet?", "I", "interviewer"),
        Turn(1.0, 2.0, "At school.", "P1", "participant"),
        Turn(2.0, 3.0, "No, at work.", "P2", "participant"),
        Turn(3.0, 4.0, "Right, at work.", "P1", "participant"),
    ]
    two = labelled(Transcript("x.flac", "0" * 64, 4.0, "e", "m", "en", turns=turns), "P03", {})
    assert [t.speaker for t in two.turns] == ["I", "P03-1", "P03-2", "P03-1"]
    one = labelled(Transcript("x.flac", "0" * 64, 4.0, "e", "m", "en", turns=turns[:2]), "P03", {})
    assert [t.speaker for t in one.turns] == ["I", "P03"] and one.sha256 == ""
