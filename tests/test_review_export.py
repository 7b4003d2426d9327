"""`qualscribe export --approved-only/--all`: what leaves the lab is what a reviewer approved."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.deid.decisions.approval import deidentified_text, reviewed, text_hash
from pipeline.deid.decisions.items import load_item
from pipeline.deid.decisions.model import REDACT, Decision
from pipeline.deid.decisions.store import DecisionStore, load_state
from tests.review_study import rerun

runner = CliRunner()


@pytest.fixture
def study(review_study: Path) -> Path:
    return review_study


def _approve(study: Path, code: str, stem: str) -> None:
    work = study / "work"
    item = load_item(work, code, stem)
    DecisionStore(work).approve(code, "Ann", text_hash(item.texts, reviewed(item, load_state(work)).spans))


def _export(study: Path, *args: str):
    sources = [str(study / "out" / "P01.json"), str(study / "out" / "P02.json")]
    return runner.invoke(app, ["export", *sources, "-o", str(study / "coding"), "--study", "S", *args])


def _qdpx_cases(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
    return sorted(code for code in ("P01", "P02") if f'name="{code}"' in qde)


def test_qdpx_needs_the_work_folder_or_all(study: Path) -> None:
    result = _export(study, "-f", "qdpx")
    assert result.exit_code == 2
    assert "--work" in result.stderr and "--all" in result.stderr
    assert not (study / "coding").exists()


def test_qdpx_holds_only_approved_transcripts_and_names_the_others(study: Path) -> None:
    _approve(study, "P01", "interview1")
    result = _export(study, "-f", "qdpx", "--work", str(study / "work"))
    assert result.exit_code == 0, result.output
    assert "left out P02 (not approved: pending)" in result.stderr
    assert _qdpx_cases(study / "coding" / "S.qdpx") == ["P01"]
    everything = _export(study, "-f", "qdpx", "--all")
    assert everything.exit_code == 0 and _qdpx_cases(study / "coding" / "S.qdpx") == ["P01", "P02"]


def test_nothing_approved_is_an_error_not_an_empty_project(study: Path) -> None:
    result = _export(study, "-f", "qdpx", "--work", str(study / "work"))
    assert result.exit_code != 0 and "no approved transcripts" in result.stderr
    assert not (study / "coding" / "S.qdpx").exists()


def test_other_formats_export_everything_unless_asked(study: Path) -> None:
    _approve(study, "P02", "interview2")
    assert _export(study, "-f", "txt").exit_code == 0
    assert sorted(p.name for p in (study / "coding").iterdir()) == ["P01.txt", "P02.txt"]
    shutil.rmtree(study / "coding")
    result = _export(study, "-f", "txt", "--approved-only", "--work", str(study / "work"))
    assert result.exit_code == 0 and "left out P01 (not approved: pending)" in result.stderr
    assert sorted(p.name for p in (study / "coding").iterdir()) == ["P02.txt"]


def test_an_approved_transcript_whose_file_predates_the_decisions_is_left_out(study: Path) -> None:
    work = study / "work"
    item = load_item(work, "P01", "interview1")
    turn = item.texts[3]
    at = turn.index("coffee shop")
    DecisionStore(work).decide("P01", Decision(REDACT, "coffee shop", "ORG", 3, at, at + 11, "Ann"))
    _approve(study, "P01", "interview1")
    # out/P01.json still shows "coffee shop": the decision is approved but not yet applied by a run
    result = _export(study, "-f", "txt", "--approved-only", "--work", str(work))
    assert "left out P01 (not approved: approved, but its file predates the review" in result.stderr
    rerun(study)
    result = _export(study, "-f", "txt", "--approved-only", "--work", str(work))
    assert result.exit_code == 0 and "P01" not in result.stderr
    text = (study / "coding" / "P01.txt").read_text()
    assert "coffee shop" not in text and "[ORG 2]" in text


def test_the_approved_text_is_the_export_with_its_tags_unnumbered(study: Path) -> None:
    item = load_item(study / "work", "P01", "interview1")
    text = deidentified_text(item.texts, reviewed(item, load_state(study / "work")).spans)
    assert "Dr. [NAME]" in text and "[PLACE]" in text and "Danielle" not in text
