"""The shared cleaning scorer on this project's own held-out-style dialogues (tests/data/clean_extra.txt).

The development set in shared/eval/ is the yardstick; these extra dialogues, in the same marked format
but with other wording, check that the rules carry over to transcripts they were not written against.
The scorer runs `python -m pipeline clean {input}` once per dialogue, exactly as the evaluation does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(os.environ.get("QUALSCRIBE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
SCORER = EVAL_DIR / "score_clean.py"
SUMMARY = re.compile(r"^clean drop_recall=(?P<recall>[\d.]+) content_kept=(?P<kept>[\d.]+) .*$", re.M)

needs_scorer = pytest.mark.skipif(not SCORER.is_file(), reason=f"shared scorer not found at {SCORER}")


def score(marked: Path) -> tuple[float, float, str]:
    command = [sys.executable, "-m", "pipeline", "clean", "{input}"]
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(marked), "--", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    match = SUMMARY.search(proc.stdout)
    assert match, proc.stdout
    return float(match["recall"]), float(match["kept"]), proc.stdout


@needs_scorer
def test_extra_dialogues_keep_all_content_and_drop_what_the_rule_drops() -> None:
    recall, kept, report = score(ROOT / "tests" / "data" / "clean_extra.txt")
    assert kept == 1.0, report
    assert recall >= 0.95, report
