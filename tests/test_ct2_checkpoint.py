"""The CTranslate2 → openai-whisper conversion, checked against CTranslate2 itself on real speech."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import numpy as np
import pytest
import torch  # the openai extra is part of the test setup (make test): a missing install must fail
import whisper

from pipeline.errors import ModelError
from pipeline.models import resolve_model
from pipeline.transcribe.ct2_checkpoint import alignment_heads_dump, convert, read_ct2_model


@pytest.fixture(scope="module")
def tiny_dir() -> Path:
    return resolve_model("tiny.en").path


@pytest.fixture(scope="module")
def checkpoint(tiny_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = convert(tiny_dir, tmp_path_factory.mktemp("ckpt") / "tiny.en.pt")
    return torch.load(path, map_location="cpu", weights_only=True)


def test_state_dict_matches_openai_whisper_exactly(checkpoint: dict) -> None:
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    result = model.load_state_dict(checkpoint["model_state_dict"], strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    assert checkpoint["dims"] == {
        "n_mels": 80,
        "n_audio_ctx": 1500,
        "n_audio_state": 384,
        "n_audio_head": 6,
        "n_audio_layer": 4,
        "n_vocab": 51864,
        "n_text_ctx": 448,
        "n_text_state": 384,
        "n_text_head": 6,
        "n_text_layer": 4,
    }


def test_encoder_output_equals_ctranslate2(checkpoint: dict, tiny_dir: Path, jfk_samples) -> None:
    import ctranslate2

    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])
    model.eval()
    mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(torch.from_numpy(jfk_samples[0])))
    with torch.no_grad():
        ours = model.encoder(mel[None].float()).numpy()
    ct2 = ctranslate2.models.Whisper(str(tiny_dir), device="cpu", compute_type="float32")
    theirs = np.array(ct2.encode(ctranslate2.StorageView.from_array(mel[None].numpy()), to_cpu=True))
    assert ours.shape == theirs.shape == (1, 1500, 384)
    assert np.abs(ours - theirs).max() < 1e-3


def test_alignment_heads_come_from_config(checkpoint: dict, tiny_dir: Path) -> None:
    import json

    heads = json.loads((tiny_dir / "config.json").read_text())["alignment_heads"]
    mask = np.frombuffer(gzip.decompress(base64.b85decode(checkpoint["alignment_heads"])), dtype=bool)
    mask = mask.reshape(4, 6)
    assert sorted(map(tuple, np.argwhere(mask).tolist())) == sorted(map(tuple, heads))
    assert alignment_heads_dump({}, 4, 6) is None


def test_truncated_or_foreign_model_bin_is_refused(tiny_dir: Path, tmp_path: Path) -> None:
    data = (tiny_dir / "model.bin").read_bytes()
    (tmp_path / "cut.bin").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelError, match="truncated"):
        read_ct2_model(tmp_path / "cut.bin")
    (tmp_path / "other.bin").write_bytes(data[:4] + b"\x10\x00TransformerSpec\x00" + data[18:200])
    with pytest.raises(ModelError, match="not a Whisper model"):
        read_ct2_model(tmp_path / "other.bin")
