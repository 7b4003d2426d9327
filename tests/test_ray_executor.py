"""Transcription as tasks on a real Ray cluster started on this machine: the outputs equal a local run's,
and a worker killed in the middle of its task has the task run again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT, SAMPLES

pytest.importorskip("ray", reason="the ray extra (pip install 'qualscribe[ray]') is not installed")

PASSPHRASE = "ray executor test"
TASK_TITLE = "ray::run_remote_stages"


def _recordings(base: Path) -> Path:
    folder = base / "recordings"
    folder.mkdir()
    shutil.copy(SAMPLES / "jfk.wav", folder / "a_jfk.wav")
    shutil.copy(SAMPLES / "interview.flac", folder / "b_interview.flac")
    return folder


def _args(recordings: Path, base: Path, *extra: str) -> list[str]:
    return [
        "run", str(recordings), "-m", "tiny.en", "--progress", "quiet",
        "-w", str(base / "work"), "-o", str(base / "out"), "--roster", str(SAMPLES / "roster.csv"), *extra,
    ]  # fmt: skip


def _command(recordings: Path, base: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *_args(recordings, base, *extra)]


def _env() -> dict[str, str]:
    return {**os.environ, "QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE, "RAY_USAGE_STATS_ENABLED": "0"}


def _shareable(base: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((base / "out").iterdir()) if p.suffix in (".txt", ".json")}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The shareable files of a local run, the reference. It runs in this process, where Presidio and
    spaCy are loaded already (a new process loads them again, seconds of the test's setup); the text
    does not depend on the process that transcribed it, which the byte-for-byte comparison checks too."""
    base = tmp_path_factory.mktemp("local")
    recordings = _recordings(base)
    done = CliRunner().invoke(app, _args(recordings, base), env={"QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE})
    assert done.exit_code == 0, done.output
    return _shareable(base)


def _task_pids() -> list[int]:
    listing = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines() if TASK_TITLE in line]


def test_a_ray_run_gives_the_local_runs_files_and_survives_a_killed_worker(
    local: dict[str, bytes], tmp_path: Path
) -> None:
    recordings = _recordings(tmp_path)
    run = subprocess.Popen(
        _command(recordings, tmp_path, "--executor", "ray"),
        env=_env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = 0
    deadline = time.monotonic() + 240
    while run.poll() is None and not killed and time.monotonic() < deadline:
        for pid in _task_pids():  # a worker busy with a recording's transcription: kill it outright
            os.kill(pid, signal.SIGKILL)
            killed = pid
            break
        time.sleep(0.2)
    _out, err = run.communicate(timeout=400)
    assert killed, "no Ray worker was seen running a transcription task"
    assert run.returncode == 0, err
    assert _shareable(tmp_path) == local  # byte for byte, the retried task included
    log = (tmp_path / "work" / "stages.log").read_text()
    assert log.count('"stage": "transcribe", "outcome": "ran"') == 2


def test_the_executor_is_checked_before_any_audio(tmp_path: Path) -> None:
    recordings = _recordings(tmp_path)
    done = subprocess.run(
        _command(recordings, tmp_path, "--executor", "slurm"),
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "setting [run] executor = 'slurm' is not known" in done.stderr
    assert not (tmp_path / "work").exists()
