"""Run the shared de-identification scorer (../shared/eval/score_deid.py) on qualscribe redact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
# the shared scorer is laid beside the checkout in CI; a fresh clone alone skips the tests that use it
needs_scorer = pytest.mark.skipif(
    not (EVAL / "score_deid.py").is_file(), reason="the shared scorer ../shared/eval/score_deid.py is absent"
)


def score_deid(marked: Path) -> tuple[dict[str, str], str]:
    """The scorer's final figures (recall, precision, text_leaks, ...) and its whole report."""
    command = [sys.executable, "-m", "pipeline", "redact", "{input}", "--json"]
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score_deid.py"), str(marked), "--", *command],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines or not lines[-1].startswith("deid "):
        raise RuntimeError(f"scorer failed: {proc.stdout[-1000:]}{proc.stderr[-1000:]}")
    return dict(part.split("=") for part in lines[-1].split()[1:]), proc.stdout
