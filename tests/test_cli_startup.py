"""Every command starts without loading an NLP or speech stack it does not use.

Loading the CLI once pulled in Presidio (and through it spaCy, transformers and torch) because reading
settings imported the roster's recognizer: five seconds before `qualscribe clean --help` printed a line,
and once per dialogue when the cleaning scorer runs the command. The batch runner and its stage registry
once imported Presidio through the deidentify stage: four seconds before `qualscribe transcribe` could say
a file is no audio, and on every rerun whose de-identification was cached.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("presidio_analyzer", "spacy", "torch", "transformers", "faster_whisper", "ctranslate2", "whisper")


@pytest.mark.parametrize(
    "module",
    [
        "pipeline.cli",
        "pipeline.settings",
        "pipeline.deid.leakgate",
        "pipeline.batch.runner",
        "pipeline.batch.stages.transcribe",
    ],
)
def test_loading_the_cli_and_settings_imports_no_heavy_library(module: str) -> None:
    probe = f"import sys, {module}; print(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"
