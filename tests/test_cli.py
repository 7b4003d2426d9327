"""The command line as a researcher uses it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import load_transcript

runner = CliRunner()


def test_transcribe_writes_json_and_stamped_text(jfk_wav: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["transcribe", str(jfk_wav), "-m", "tiny.en", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(tmp_path / "jfk.json"), str(tmp_path / "jfk.txt")]
    transcript = load_transcript(tmp_path / "jfk.json")
    assert transcript.model == "tiny.en"
    text = (tmp_path / "jfk.txt").read_text()
    assert text.startswith("[00:00:00] And so")
    assert "ask what you can do for your country" in text


def test_run_finishes_good_files_and_names_the_broken_one(jfk_wav: Path, tmp_path: Path) -> None:
    recordings = tmp_path / "recordings"
    (recordings / "site-b").mkdir(parents=True)
    shutil.copy(jfk_wav, recordings / "p01.wav")
    shutil.copy(jfk_wav, recordings / "site-b" / "p02.wav")
    (recordings / "p03.wav").write_text("not audio at all")
    (recordings / "notes.docx").write_text("ignored: not a recording")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(recordings), "-m", "tiny.en", "-o", str(out), "--no-timestamps"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["p01.json", "p01.txt", "p02.json", "p02.txt"]
    assert (out / "p01.txt").read_text().startswith("And so")  # --no-timestamps
    assert "2 of 3 recording(s) transcribed" in result.stdout
    assert "p03.wav" in result.stderr and "failed" in result.stderr and "not a recognised" in result.stderr


def test_run_on_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path), "-m", "tiny.en", "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "no recordings found" in result.stderr


def test_settings_errors_stop_before_any_audio(jfk_wav: Path, tmp_path: Path) -> None:
    study = tmp_path / "qualscribe.toml"
    study.write_text("[transcribe]\nbeam = 3\n")
    result = runner.invoke(app, ["transcribe", str(jfk_wav), "-c", str(study), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown setting [transcribe] beam" in result.stderr
    result = runner.invoke(app, ["transcribe", str(jfk_wav), "-m", "huge", "-o", str(tmp_path)])
    assert result.exit_code == 4 and "unknown model 'huge'" in result.stderr


def test_models_lists_installed_weights() -> None:
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0
    assert "tiny.en" in result.stdout and "base" in result.stdout and "yes" in result.stdout


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("qualscribe ")
    script = Path(sys.executable).with_name("qualscribe")
    proc = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "transcribe" in proc.stdout


def test_json_output_is_the_document_model(jfk_wav: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["transcribe", str(jfk_wav), "-m", "tiny.en", "-o", str(tmp_path)])
    data = json.loads((tmp_path / "jfk.json").read_text())
    assert data["format"] == "qualscribe.transcript" and data["version"] == 1
    assert data["turns"][0]["words"][0].keys() == {"text", "start", "end", "probability"}
