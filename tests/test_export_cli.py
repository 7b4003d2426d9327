"""`qualscribe export`: formats chosen by flag or config, raw transcripts refused, the leak gate enforced."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.export_sample import sample_transcript

runner = CliRunner()


def _write(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "P01.json"
    path.write_text(dataclasses.replace(sample_transcript(), **changes).to_json())
    return path


def test_export_writes_each_chosen_format(tmp_path: Path) -> None:
    source, out = _write(tmp_path), tmp_path / "out"
    args = ["export", str(source), "--formats", "txt,srt", "-f", "vtt", "--out", str(out), "--study", "S1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    names = ["P01.txt", "P01.srt", "P01.vtt"]
    assert result.stdout.split() == [str(out / n) for n in names]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert "Study: S1" in (out / "P01.txt").read_text()


def test_export_names_the_known_formats_for_an_unknown_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(_write(tmp_path)), "-f", "pdf", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "unknown export format 'pdf'" in result.stderr and "maxqda" in result.stderr
    assert not (tmp_path / "o").exists()


def test_export_refuses_a_transcript_that_was_not_deidentified(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(_write(tmp_path, settings={})), "-o", str(tmp_path / "o")])
    assert result.exit_code == 5
    assert "not a de-identified transcript" in result.stderr


def test_export_leak_gate_refuses_a_roster_name(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("value,category,participant\nCafé,PLACE,\n")
    args = ["export", str(_write(tmp_path)), "-f", "txt", "-o", str(tmp_path / "o"), "--roster", str(roster)]
    result = runner.invoke(app, args)
    assert result.exit_code == 7
    assert "[PLACE]" in result.stderr and "Café" not in result.stderr
    assert not (tmp_path / "o" / "P01.txt").exists()


def test_export_writes_one_qdpx_for_all_transcripts(tmp_path: Path) -> None:
    first = _write(tmp_path)
    (tmp_path / "two").mkdir()
    second = _write(tmp_path / "two", source="P02")
    out = tmp_path / "out"
    # --all: the study's review approvals are not the subject here (see tests/test_review_export.py)
    args = ["export", str(first), str(second), "-f", "txt,qdpx", "-o", str(out), "--study", "S1", "--all"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["P01.txt", "P02.txt", "S1.qdpx"]
    with zipfile.ZipFile(out / "S1.qdpx") as archive:
        sources = sorted(n for n in archive.namelist() if n.startswith("sources/"))
        assert sorted(archive.read(n).decode() for n in sources) == sorted(
            (out / f"P0{i}.txt").read_text() for i in (1, 2)
        )


def test_run_settings_refuse_a_study_wide_format_per_recording() -> None:
    from pipeline.errors import ConfigError
    from pipeline.export import formats_named

    with pytest.raises(ConfigError, match="covers a whole study"):
        formats_named(["txt", "qdpx"])
