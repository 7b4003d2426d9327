"""The batch runner: stages from the registry, versioned cache keys, the lock taken first, warnings that
reach the user, fatal failures on record, and a private work folder. Real tiny.en on real speech."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch.cache import read_stage_log
from pipeline.batch.registry import STAGES, Registry
from pipeline.batch.runner import run_batch
from pipeline.cli import app
from pipeline.codes import recording_from_path
from pipeline.errors import ConfigError, KeyFileError, StudyBusyError
from pipeline.keyfile import read_key
from pipeline.layout import WorkLayout
from pipeline.settings import load_settings
from tests.conftest import ROOT, SAMPLES

PASSPHRASE = "runner test passphrase"


def _settings(tmp_path: Path, **sections: dict):
    output = {"work": str(tmp_path / "work"), "out": str(tmp_path / "out")}
    return load_settings(overrides={"transcribe": {"model": "tiny.en"}, "output": output, **sections})


def _since(log: Path, before: int) -> dict[str, str]:
    return {e["stage"]: e["outcome"] for e in read_stage_log(log)[before:]}


def _bumped(name: str) -> Registry:
    """The registry with one stage's version raised, as a release that changes its result would."""
    registry = Registry()
    for stage in STAGES.names():
        found = STAGES.get(stage)
        registry.add(dataclasses.replace(found, version=found.version + ".1") if stage == name else found)
    return registry


def test_a_new_deidentify_version_reruns_deidentify_and_export_only(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    recordings = [SAMPLES / "jfk.wav"]
    assert run_batch(recordings, settings, PASSPHRASE).results[0].status == "done"
    log = WorkLayout(tmp_path / "work").stage_log
    before = len(read_stage_log(log))
    run_batch(recordings, settings, PASSPHRASE)
    assert set(_since(log, before).values()) == {"cached"}  # unchanged code: nothing runs again
    before = len(read_stage_log(log))
    run_batch(recordings, settings, PASSPHRASE, registry=_bumped("deidentify"))
    assert _since(log, before) == {
        "transcribe": "cached",
        "correct": "cached",
        "clean": "cached",
        "code": "cached",
        "deidentify": "ran",
        "export": "ran",
        "media": "ran",  # the de-identified audio follows the export (off: it writes nothing)
    }


def test_an_unknown_stage_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    settings = _settings(tmp_path, run={"stages": ["transcribe", "clean", "code", "redact", "export"]})
    with pytest.raises(ConfigError, match=r"unknown stage 'redact'; known stages: ") as refused:
        run_batch([SAMPLES / "jfk.wav"], settings, PASSPHRASE)
    for name in STAGES.names():
        assert name in str(refused.value)
    assert not (tmp_path / "work").exists()


def test_a_study_in_use_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    import fcntl

    layout = WorkLayout(tmp_path / "work")
    layout.root.mkdir()
    with layout.lock_file.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(StudyBusyError):
            run_batch([SAMPLES / "jfk.wav"], _settings(tmp_path), PASSPHRASE)
    assert sorted(p.name for p in layout.root.iterdir()) == [layout.lock_file.name]


def test_two_first_runs_at_once_make_one_key_file(tmp_path: Path) -> None:
    """Two transcribers start the same new study at the same moment: one works, the other is refused
    with exit 9 before it creates anything, and the one key file opens with the passphrase."""
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    shutil.copy(SAMPLES / "jfk.wav", recordings / "jfk.wav")
    work = tmp_path / "work"
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        str(recordings),
        "-m",
        "tiny.en",
        "--progress",
        "quiet",
    ]
    command += ["-w", str(work), "-o", str(tmp_path / "out")]
    env = {**os.environ, "QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE}
    runs = [subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = sorted((run.wait(timeout=300), run.stderr.read()) for run in runs)
    assert [code for code, _ in outcomes] == [0, StudyBusyError.exit_code], outcomes
    assert "another qualscribe run is working on" in outcomes[1][1]
    key = read_key(WorkLayout(work).key_file, PASSPHRASE)
    assert key.by_sha256(recording_from_path(recordings / "jfk.wav").sha256).code == "P01"


def test_warnings_reach_the_summary_and_the_json_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roster row that names no recording (study-wide) and a role setting the recording cannot follow
    (found while transcribing, on a worker thread) are both shown."""
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", PASSPHRASE)
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    shutil.copy(SAMPLES / "jfk.wav", recordings / "jfk.wav")
    roster = tmp_path / "roster.csv"
    roster.write_text("value,category,participant,shareable:Cohort\n,,interview_77,2019\n")
    args = ["run", str(recordings), "-m", "tiny.en", "-w", str(tmp_path / "w"), "-o", str(tmp_path / "o")]
    args += ["--roster", str(roster), "--channels", "mix"]
    settings = tmp_path / "s.toml"
    settings.write_text("[diarize]\ninterviewer = 4\n")
    result = CliRunner().invoke(app, [*args, "-c", str(settings), "--progress", "plain"])
    assert result.exit_code == 0, result.output
    assert (
        "warning: study: roster" in result.stderr and "names none of this batch's recordings" in result.stderr
    )
    assert "warning: jfk.wav: transcribe: setting interviewer = 4, but only" in result.stderr
    shutil.rmtree(tmp_path / "w")
    shutil.rmtree(tmp_path / "o")
    result = CliRunner().invoke(app, [*args, "-c", str(settings), "--progress", "json"])
    events = [json.loads(line) for line in result.stdout.splitlines()]
    warned = [e for e in events if e.get("status") == "warning" or e["event"] == "warning"]
    assert {e["stage"] for e in warned if "stage" in e} >= {"open", "transcribe"}
    (summary,) = [e for e in events if e["event"] == "result"]
    assert summary["warnings"] and summary["warnings"][0].startswith("transcribe: setting interviewer")


def test_a_failure_that_stops_the_batch_is_in_the_stage_log(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    run_batch([SAMPLES / "jfk.wav"], settings, PASSPHRASE)
    with pytest.raises(KeyFileError):
        run_batch([SAMPLES / "jfk.wav"], settings, "not the passphrase")
    last = read_stage_log(WorkLayout(tmp_path / "work").stage_log)[-1]
    assert last["outcome"] == "failed" and last["fatal"] is True and last["stage"] == "open"
    assert "passphrase" in last["message"]


def test_every_private_file_is_its_owners_only(tmp_path: Path) -> None:
    run_batch([SAMPLES / "jfk.wav"], _settings(tmp_path), PASSPHRASE)
    work = tmp_path / "work"
    for path in [work, *work.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.relative_to(tmp_path)}: {oct(mode)}"
