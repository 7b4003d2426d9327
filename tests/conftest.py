"""Shared fixtures: real speech (jfk.wav), its reference, and a private model cache per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.audio import load_audio

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_audio"
# the REFI-QDA schema vendored in the package (pipeline/export/refi/README.md): nothing beside the checkout
REFI_SCHEMA = ROOT / "pipeline" / "export" / "refi" / "Project.xsd"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Converted checkpoints and joined models go to a fresh cache, as on a new machine."""
    cache = tmp_path_factory.mktemp("qualscribe-cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("QUALSCRIBE_CACHE", str(cache))
    yield cache
    mp.undo()


@pytest.fixture(scope="session")
def jfk_wav() -> Path:
    return SAMPLES / "jfk.wav"


@pytest.fixture(scope="session")
def jfk_reference() -> str:
    return (SAMPLES / "jfk_reference.txt").read_text()


@pytest.fixture(scope="session")
def jfk_samples(jfk_wav: Path) -> np.ndarray:
    return load_audio(jfk_wav).samples


@pytest.fixture(scope="session")
def review_study_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review tests' two-transcript study, de-identified once for the whole session."""
    from tests.review_study import make_study

    return make_study(tmp_path_factory.mktemp("review") / "study")


@pytest.fixture
def review_study(review_study_made: Path, tmp_path: Path) -> Path:
    """A fresh copy of it per test: decisions change the study."""
    return Path(shutil.copytree(review_study_made, tmp_path / "study"))
