"""The command line as a researcher uses it."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import load_transcript
from tests.conftest import SAMPLES

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


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", "correct horse battery")
    return "correct horse battery"


def test_run_finishes_good_files_and_names_the_broken_one(jfk_wav: Path, tmp_path: Path, passphrase) -> None:
    recordings = tmp_path / "recordings"
    (recordings / "site-b").mkdir(parents=True)
    shutil.copy(jfk_wav, recordings / "a_first.wav")
    (recordings / "b_broken.wav").write_text("not audio at all")
    (recordings / "notes.docx").write_text("ignored: not a recording")
    out, work = tmp_path / "out", tmp_path / "work"
    args = ["run", str(recordings), "-m", "tiny.en", "-o", str(out), "-w", str(work), "--no-timestamps"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    # shareable files are named by participant code, in file-name order; the broken file got a code too
    study_files = ["MANIFEST.csv", "report.csv", "report.html"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*study_files, "P01.json", "P01.txt"])
    assert "1 of 2 recording(s) done" in result.stdout
    assert (
        "b_broken.wav" in result.stderr and "failed" in result.stderr and "not a recognised" in result.stderr
    )
    text = (out / "P01.txt").read_text()
    assert text.startswith("Participant P01 · de-identified transcript")
    assert "ask not what your country can do for you" in text
    assert json.loads((out / "P01.json").read_text())["source"] == "P01"
    # private files stay in the work folder, which only its owner may open
    assert oct(work.stat().st_mode & 0o777) == "0o700"
    assert {p.name for p in (work / "a_first").iterdir()} >= {"transcript.json", "clean.json", "ledger.json"}
    assert (work / "key.qskey").is_file()


def test_run_keeps_codes_and_redacts_the_interview(tmp_path: Path, passphrase) -> None:
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    shutil.copy(SAMPLES / "interview.flac", recordings / "danielle_reyes_2026.flac")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "value,category,participant\nDanielle Reyes,NAME,P01\nRiverside Counseling Center,ORG,\n"
    )
    out, work = tmp_path / "out", tmp_path / "work"
    args = ["run", str(recordings), "-m", "tiny.en", "-o", str(out), "-w", str(work), "--roster", str(roster)]
    assert runner.invoke(app, args).exit_code == 0
    shared = "\n".join(p.read_text() for p in out.iterdir())
    for original in ("Danielle", "Daniel", "Reyes", "Fresno", "Riverside", "danielle_reyes"):
        assert original not in shared, original
    assert "[NAME 1]" in shared and "[PLACE 1]" in shared and "[ORG 1]" in shared
    raw = json.loads((work / "danielle_reyes_2026" / "transcript.json").read_text())
    assert "Fresno" in " ".join(t["text"] for t in raw["turns"])  # the private copy keeps the words
    # a rerun gives the same code and the same tags
    first = (out / "P01.txt").read_text()
    assert runner.invoke(app, args).exit_code == 0
    assert (out / "P01.txt").read_text() == first


def test_run_refuses_a_wrong_passphrase(
    jfk_wav: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    shutil.copy(jfk_wav, recordings / "a.wav")
    args = [
        "run",
        str(recordings),
        "-m",
        "tiny.en",
        "-o",
        str(tmp_path / "out"),
        "-w",
        str(tmp_path / "work"),
    ]
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", "the right passphrase")
    assert runner.invoke(app, args).exit_code == 0
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", "a wrong passphrase")
    result = runner.invoke(app, args)
    assert result.exit_code == 6 and "passphrase" in result.stderr


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


@pytest.mark.slow
def test_a_refused_write_is_one_line_exit_8_and_leaves_nothing(tmp_path: Path, jfk_wav: Path) -> None:
    """A real failing write (the process may write files of at most 1 kB, as on a full disk)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    out = tmp_path / "work"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "transcribe", str(jfk_wav), "-m", "tiny.en", "-o", str(out)],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=300,
    )
    assert done.returncode == 8, done.stderr
    assert done.stderr.strip().count("\n") == 0
    assert "cannot write" in done.stderr and "jfk.json" in done.stderr
    assert list(out.iterdir()) == []  # neither the file nor its temporary copy


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common 022 umask, under which a folder made without care is 0755: the case to guard against."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_transcribe_makes_its_out_folder_private(jfk_wav: Path, tmp_path: Path, usual_umask: None) -> None:
    """The raw transcript identifies the speaker: a new --out folder (and its new parents) is 0700."""
    out = tmp_path / "private" / "raw"
    result = runner.invoke(app, ["transcribe", str(jfk_wav), "-m", "tiny.en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (_mode(out), _mode(out.parent)) == ("0o700", "0o700")
    assert {p.name: _mode(p) for p in out.iterdir()} == {"jfk.json": "0o600", "jfk.txt": "0o600"}


def test_redact_writes_the_ledger_and_tag_book_privately(tmp_path: Path, usual_umask: None) -> None:
    """The ledger and the tag book hold originals: their new folder is 0700 and they are 0600, while a
    folder that already existed keeps its mode."""
    source = tmp_path / "interview.txt"
    source.write_text("P: My sister Quill lives in Sheboygan.\n")
    ledger, tags = tmp_path / "work" / "review" / "ledger.json", tmp_path / "work" / "tags.json"
    args = ["redact", str(source), "--ledger", str(ledger), "--tags", str(tags)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Quill" not in result.stdout and "Quill" in ledger.read_text()
    assert (_mode(ledger.parent), _mode(tags.parent)) == ("0o700", "0o700")
    assert (_mode(ledger), _mode(tags)) == ("0o600", "0o600")
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o750)
    args = ["redact", str(source), "--ledger", str(mine / "ledger.json")]
    assert runner.invoke(app, args).exit_code == 0
    assert (_mode(mine), _mode(mine / "ledger.json")) == ("0o750", "0o600")
