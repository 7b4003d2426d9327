"""`qualscribe init`: the study folder's layout and settings, and how `run` reads them."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from typer.testing import CliRunner

from pipeline.clean import CleanOptions
from pipeline.cli import app
from pipeline.config import section_options
from pipeline.deid.options import DeidOptions
from pipeline.diarize import DiarizeOptions
from pipeline.export import ExportOptions
from pipeline.output_options import OutputOptions
from pipeline.study import study_config
from pipeline.transcribe import TranscribeOptions
from tests.conftest import SAMPLES

runner = CliRunner()


def test_init_lays_out_a_study_with_private_work_and_a_valid_commented_settings_file(tmp_path: Path) -> None:
    study = tmp_path / "Study 1"
    result = runner.invoke(app, ["init", str(study), "--roster", str(SAMPLES / "roster.csv")])
    assert result.exit_code == 0, result.output
    assert {p.name for p in study.iterdir()} == {
        "qualscribe.toml",
        "recordings",
        "transcripts",
        "work",
        "out",
    }
    assert stat.S_IMODE((study / "work").stat().st_mode) == 0o700
    assert stat.S_IMODE((study / "work" / "roster.csv").stat().st_mode) == 0o600
    text = (study / "qualscribe.toml").read_text()
    for setting in (
        "engine",
        "model",
        "language",
        "speakers",
        "profile",
        "categories",
        "tag_style",
        "formats",
        "roster",
    ):
        # each one explained right above it, for the researcher who edits the file
        assert re.search(rf"\n#[^\n]*\n{setting} = ", text), setting
    config = study_config(study)
    for section, cls in (
        ("transcribe", TranscribeOptions),
        ("diarize", DiarizeOptions),
        ("clean", CleanOptions),
        ("deid", DeidOptions),
        ("export", ExportOptions),
    ):
        section_options(config, section, cls)  # every setting it writes is one qualscribe knows
    places = section_options(config, "output", OutputOptions)
    assert Path(places.work) == (study / "work").resolve()
    assert Path(places.out) == (study / "out").resolve()
    assert Path(places.roster).read_text() == (SAMPLES / "roster.csv").read_text()
    assert section_options(config, "export", ExportOptions).study == "Study 1"


def test_init_never_overwrites_a_study(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "s")]).exit_code == 0
    (tmp_path / "s" / "qualscribe.toml").write_text("[transcribe]\nmodel = 'tiny.en'\n")
    result = runner.invoke(app, ["init", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "already" in result.stderr
    assert (tmp_path / "s" / "qualscribe.toml").read_text() == "[transcribe]\nmodel = 'tiny.en'\n"


def test_study_paths_are_relative_to_the_study_and_flags_still_win(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "s")])
    settings = tmp_path / "s" / "qualscribe.toml"
    settings.write_text(settings.read_text().replace('out = "out"', 'out = "shared/out"'))
    config = study_config(tmp_path / "s", {"transcribe": {"model": "tiny.en"}, "output": {"work": "/x"}})
    assert section_options(config, "output", OutputOptions).out == str((tmp_path / "s/shared/out").resolve())
    assert section_options(config, "output", OutputOptions).work == "/x"
    assert section_options(config, "transcribe", TranscribeOptions).model == "tiny.en"


def test_run_on_an_empty_study_says_where_the_recordings_go(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "s")])
    result = runner.invoke(app, ["run", str(tmp_path / "s")], env={"QUALSCRIBE_KEY_PASSPHRASE": "x" * 12})
    assert result.exit_code == 3
    assert "no recordings found" in result.stderr


def test_a_mistyped_setting_in_the_study_fails_before_any_audio(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "s")])
    (tmp_path / "s" / "recordings" / "x.wav").write_bytes(b"RIFF")
    settings = tmp_path / "s" / "qualscribe.toml"
    settings.write_text(settings.read_text() + "\n[run]\njobz = 2\n")
    result = runner.invoke(
        app, ["run", str(tmp_path / "s"), "--progress", "json"], env={"QUALSCRIBE_KEY_PASSPHRASE": "x" * 12}
    )
    assert result.exit_code == 2
    assert "unknown setting [run] jobz" in result.stderr
    assert not (tmp_path / "s" / "work" / "stages.log").exists()
    assert result.stdout == ""  # nothing on stdout either
