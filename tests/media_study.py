"""The sample interview run once through the real pipeline (tiny.en) with de-identified audio on, shared
by the media and report tests of one session (the run takes most of their time)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import SAMPLES

PASSPHRASE = "media and report tests, not for real studies"
SETTINGS = '[export]\naudio = "bleep"\naudio_format = "wav"\n'
_made: dict[str, Path] = {}


def make_study(base: Path) -> Path:
    """`qualscribe init` + `run` on sample_audio/interview.flac with the sample roster."""
    study = base / "study"
    roster = base / "roster.csv"
    shutil.copy(SAMPLES / "roster.csv", roster)
    assert CliRunner().invoke(app, ["init", str(study), "--roster", str(roster)]).exit_code == 0
    settings = study / "qualscribe.toml"
    text = settings.read_text().replace('model = "base"', 'model = "tiny.en"')
    settings.write_text(text.replace("[export]\n", SETTINGS, 1))
    shutil.copy(SAMPLES / "interview.flac", study / "recordings" / "interview.flac")
    run(study)
    return study


def run(study: Path) -> str:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", PASSPHRASE)
    try:
        result = CliRunner().invoke(app, ["run", str(study), "--progress", "plain"])
    finally:
        monkeypatch.undo()
    assert result.exit_code == 0, result.output
    return result.output


def media_study(factory: pytest.TempPathFactory) -> Path:
    """The study, made once per session."""
    if "study" not in _made:
        _made["study"] = make_study(factory.mktemp("media-study"))
    return _made["study"]
