"""The sample call run once a session through the real pipeline (`qualscribe init` and `run`, tiny.en)
for the browser tests: the review page's and the transcript check's.

Their decisions and corrections change the study, so each module works on a copy of its own, brought up
to date by one more `qualscribe run` as a moved study is: every stage is cached, the exports are written
again into the copy's out/ and the recordings are found at the copy's paths (the check view plays them
from there). The run on the audio took most of each module's setup; the copy's run takes a second.

The studies are made in this process (``qualscribe_here``), where Presidio and spaCy are loaded already:
a new process spends seconds loading them again. The runs a test makes after its decisions are real
processes (``qualscribe``), as a transcriber's next run is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.audio import SAMPLE_RATE, load_audio
from pipeline.cli import app
from tests.conftest import SAMPLES
from tests.media import write_wav

QUALSCRIBE = [sys.executable, "-m", "pipeline"]
PASSPHRASE = "browser test passphrase, not for real studies"
MODEL = ["-m", "tiny.en"]  # on every run: the transcription's cache key holds the model
_made: dict[str, Path] = {}


def qualscribe(*args: str) -> subprocess.CompletedProcess:
    """`qualscribe ARGS` in a subprocess with the studies' passphrase; it must succeed."""
    env = {**os.environ, "QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE}
    result = subprocess.run([*QUALSCRIBE, *args], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def qualscribe_here(*args: str) -> str:
    """`qualscribe ARGS` in this process (Typer's CliRunner), with the same passphrase; it must succeed.
    Returns what it printed."""
    result = CliRunner().invoke(app, list(args), env={"QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE})
    assert result.exit_code == 0, result.output
    return result.output


def run_args(study: Path) -> list[str]:
    """`qualscribe run STUDY` with tiny.en and no progress output."""
    return ["run", str(study), *MODEL, "--progress", "quiet"]


def run(study: Path) -> subprocess.CompletedProcess:
    """The next `qualscribe run` of a study, in a process of its own."""
    return qualscribe(*run_args(study))


def make_call_study(root: Path) -> Path:
    """A study folder (`qualscribe init`) with the sample call and its first 45 s as a second interview,
    run once."""
    qualscribe_here("init", str(root), "--roster", str(SAMPLES / "roster.csv"))
    shutil.copy(SAMPLES / "interview.flac", root / "recordings" / "a_call.flac")
    stereo = load_audio(SAMPLES / "interview.flac").samples
    write_wav(stereo[:, : 45 * SAMPLE_RATE], SAMPLE_RATE, root / "recordings" / "b_call_start.wav")
    qualscribe_here(*run_args(root))
    return root


def call_study(factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh, up-to-date copy of the session's call study (made on the first call)."""
    if "study" not in _made:
        _made["study"] = make_call_study(factory.mktemp("call-study") / "study")
    copy = Path(shutil.copytree(_made["study"], factory.mktemp(name) / "study"))
    qualscribe_here(*run_args(copy))
    return copy
