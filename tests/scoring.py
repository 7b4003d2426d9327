"""Run the shared de-identification scorer (../shared/eval/score_deid.py) on `qualscribe redact --json`.

The scorer is imported, not copied: its own ``main`` parses the marked file, runs a command on the
joined text and computes every figure. Only the redaction moves into this process: `qualscribe redact`
is invoked through Typer's ``CliRunner`` on exactly the text the scorer's ``parse`` gives, so Presidio,
spaCy and the gazetteers load once per test session instead of once per marked set (about 6 s each),
and the command the scorer runs replays that output after checking its input is the text redacted.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SCORER = EVAL / "score_deid.py"
# the shared scorer is laid beside the checkout in CI; a fresh clone alone skips the tests that use it
needs_scorer = pytest.mark.skipif(
    not SCORER.is_file(), reason="the shared scorer ../shared/eval/score_deid.py is absent"
)
# The command the scorer runs: argv[1] is the file it wrote ({input}), argv[2] the text that was redacted,
# argv[3] the redact command's JSON. A different input fails the scorer instead of scoring stale output.
REPLAY = """
import sys
from pathlib import Path

written, redacted, answer = map(Path, sys.argv[1:4])
if written.read_bytes() != redacted.read_bytes():
    sys.exit("the scorer wrote another text than the one redacted")
sys.stdout.buffer.write(answer.read_bytes())
"""


@lru_cache(maxsize=1)
def _scorer() -> ModuleType:
    """The shared scorer as a module (it is a script in a folder that is no package)."""
    spec = importlib.util.spec_from_file_location("score_deid", SCORER)
    assert spec and spec.loader, SCORER
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _redact_json(source: Path) -> str:
    """`qualscribe redact SOURCE --json` in this process: the engine is built once and cached."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["redact", str(source), "--json"])
    if result.exit_code != 0:
        raise RuntimeError(f"qualscribe redact failed ({result.exit_code}): {result.stderr[-1000:]}")
    return result.stdout


def score_deid(marked: Path) -> tuple[dict[str, str], str]:
    """The scorer's final figures (recall, precision, text_leaks, ...) and its whole report."""
    scorer = _scorer()
    text, _ = scorer.parse(marked)
    report = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        source, answer = Path(tmp) / "excerpts.txt", Path(tmp) / "redacted.json"
        source.write_text(text, encoding="utf-8")  # as the scorer writes its input
        answer.write_text(_redact_json(source), encoding="utf-8")
        command = [sys.executable, "-c", REPLAY, "{input}", str(source), str(answer)]
        with contextlib.redirect_stdout(report):
            code = scorer.main([str(SCORER), str(marked), "--", *command])
    lines = report.getvalue().strip().splitlines()
    if code != 0 or not lines or not lines[-1].startswith("deid "):
        raise RuntimeError(f"scorer failed: {report.getvalue()[-2000:]}")
    return dict(part.split("=") for part in lines[-1].split()[1:]), report.getvalue()
