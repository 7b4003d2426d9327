"""The CTranslate2 → openai-whisper conversion on a model shaped like the large-v3 family.

large-v3 reads 128 mel bins, turbo has 4 decoder layers under a deeper encoder, and each names its own
alignment heads. The packaged tiny.en and base have none of that, so the test builds a small model with
those traits (random weights, seeded) with transformers, converts it with CTranslate2's own converter to
float16 (as the hub's large-v3 is), converts that with qualscribe's, and compares openai-whisper's output
layer by layer with CTranslate2's on real speech.
"""

from __future__ import annotations

import base64
import gzip
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
import whisper

from pipeline.errors import ModelError
from pipeline.models import resolve_model
from pipeline.transcribe.ct2_checkpoint import (
    alignment_heads_dump,
    convert,
    convert_state_dict,
    read_ct2_model,
)

HEADS = [[2, 1], [3, 0], [3, 3]]  # not the converter's default (every head of the last half)
TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def ct2_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large-v3-shaped Whisper (128 mels; 2 encoder, 4 decoder layers; width 64) in CTranslate2 form."""
    import ctranslate2
    import transformers

    hf_dir = tmp_path_factory.mktemp("hf-whisper")
    torch.manual_seed(18)
    config = transformers.WhisperConfig(
        vocab_size=51864,  # tiny.en's real tokenizer, so the converter's vocabulary is a real one
        num_mel_bins=128,
        d_model=64,
        encoder_layers=2,
        decoder_layers=4,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=256,
        decoder_ffn_dim=256,
        decoder_start_token_id=50257,
        pad_token_id=50256,
        bos_token_id=50256,
        eos_token_id=50256,
    )
    model = transformers.WhisperForConditionalGeneration(config).eval()
    model.generation_config.alignment_heads = HEADS
    model.generation_config._from_model_config = False  # else loading rebuilds it and drops the heads
    model.save_pretrained(hf_dir)
    transformers.WhisperFeatureExtractor(feature_size=128).save_pretrained(hf_dir)
    shutil.copy(resolve_model("tiny.en").path / "tokenizer.json", hf_dir / "tokenizer.json")
    out = tmp_path_factory.mktemp("ct2") / "large-shaped"
    converter = ctranslate2.converters.TransformersConverter(
        str(hf_dir), copy_files=["tokenizer.json", "preprocessor_config.json"]
    )
    converter.convert(str(out), quantization="float16")
    return out


@pytest.fixture(scope="module")
def checkpoint(ct2_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = convert(ct2_dir, tmp_path_factory.mktemp("ckpt") / "large-shaped.pt")
    return torch.load(path, map_location="cpu", weights_only=True)


@pytest.fixture(scope="module")
def openai_model(checkpoint: dict) -> whisper.model.Whisper:
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"], strict=True)
    model.set_alignment_heads(checkpoint["alignment_heads"])
    return model.eval()


@pytest.fixture(scope="module")
def ct2_model(ct2_dir: Path):
    import ctranslate2

    return ctranslate2.models.Whisper(str(ct2_dir), device="cpu", compute_type="float32")


@pytest.fixture(scope="module")
def mel(jfk_samples: np.ndarray) -> torch.Tensor:
    """30 s of real speech (jfk, padded as Whisper pads) as 128 log-mel bins."""
    audio = whisper.pad_or_trim(torch.from_numpy(jfk_samples[0]))
    return whisper.log_mel_spectrogram(audio, n_mels=128)[None]


def test_dims_come_from_the_tensors(checkpoint: dict, ct2_model) -> None:
    assert ct2_model.n_mels == 128
    assert checkpoint["dims"] == {
        "n_mels": 128,
        "n_audio_ctx": 1500,
        "n_audio_state": 64,
        "n_audio_head": 4,
        "n_audio_layer": 2,
        "n_vocab": 51864,
        "n_text_ctx": 448,
        "n_text_state": 64,
        "n_text_head": 4,
        "n_text_layer": 4,
    }


def test_alignment_heads_are_the_models_own(checkpoint: dict, ct2_dir: Path, openai_model) -> None:
    assert json.loads((ct2_dir / "config.json").read_text())["alignment_heads"] == HEADS
    mask = np.frombuffer(gzip.decompress(base64.b85decode(checkpoint["alignment_heads"])), dtype=bool)
    assert sorted(np.argwhere(mask.reshape(4, 4)).tolist()) == HEADS
    assert openai_model.alignment_heads.to_dense().nonzero().tolist() == HEADS


def test_encoder_output_equals_ctranslate2(openai_model, ct2_model, mel: torch.Tensor) -> None:
    import ctranslate2

    with torch.no_grad():
        ours = openai_model.encoder(mel).numpy()
    theirs = np.array(ct2_model.encode(ctranslate2.StorageView.from_array(mel.numpy()), to_cpu=True))
    assert ours.shape == theirs.shape == (1, 1500, 64)
    assert np.abs(ours - theirs).max() < TOLERANCE
    assert np.abs(theirs).max() > 0.1  # a real signal, not two zero outputs agreeing


def test_decoder_logits_equal_ctranslate2(openai_model, ct2_model, mel: torch.Tensor) -> None:
    """Greedy steps after a short text prompt: CTranslate2 forces the prompt's text as a prefix and
    returns the logits of every step after the start sequence; openai-whisper's decoder sees it all."""
    import ctranslate2

    tokenizer = whisper.tokenizer.get_tokenizer(multilingual=False)
    start = list(tokenizer.sot_sequence_including_notimestamps)
    text = tokenizer.encode(" And so, my")
    (result,) = ct2_model.generate(
        ctranslate2.StorageView.from_array(mel.numpy()),
        [start + text],
        beam_size=1,
        max_length=len(start) + len(text) + 4,
        return_logits_vocab=True,
        suppress_blank=False,
        suppress_tokens=[],
    )
    tokens = result.sequences_ids[0]  # the forced text, then what the model chose
    theirs = np.stack([np.array(step).reshape(-1) for step in result.logits[0]])
    with torch.no_grad():
        logits = openai_model.decoder(torch.tensor([start + tokens]), openai_model.encoder(mel))[0].numpy()
    ours = logits[len(start) - 1 : len(start) - 1 + len(theirs)]
    assert tokens[: len(text)] == text and len(theirs) > len(text)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).max() < TOLERANCE
    assert ours.argmax(-1)[len(text) :].tolist() == tokens[len(text) : len(ours)]


def test_faster_whisper_reads_128_bins_as_openai_whisper_computes_them(
    ct2_dir: Path, jfk_samples: np.ndarray, mel: torch.Tensor
) -> None:
    """Both engines feed the model the same input: faster-whisper takes the size from the model folder."""
    from faster_whisper import WhisperModel

    model = WhisperModel(str(ct2_dir), device="cpu", compute_type="float32")
    assert model.feature_extractor.mel_filters.shape[0] == 128  # from preprocessor_config.json
    audio = whisper.pad_or_trim(jfk_samples[0])
    features = model.feature_extractor(audio)[:, :3000]
    assert features.shape == (128, 3000)
    assert np.abs(features - mel[0].numpy()).max() < 1e-2


def test_shapes_openai_whisper_cannot_hold_are_refused(ct2_dir: Path) -> None:
    src = read_ct2_model(ct2_dir / "model.bin")
    narrow = {**src, "encoder/layer_0/ffn/linear_0/weight": src["encoder/layer_0/ffn/linear_0/weight"][:128]}
    with pytest.raises(ModelError, match=r"encoder feed-forward width 128 is not 4 × 64"):
        convert_state_dict(narrow)
    odd_mels = {**src, "encoder/conv1/weight": src["encoder/conv1/weight"][:, :100]}
    with pytest.raises(ModelError, match="100 mel bins"):
        convert_state_dict(odd_mels)
    untied = {**src, "decoder/projection/weight": src["decoder/embeddings/weight"] + 1}
    with pytest.raises(ModelError, match="not tied"):
        convert_state_dict(untied)
    with pytest.raises(ModelError, match=r"alignment head \[4, 0\].*4 layers of 4 heads"):
        alignment_heads_dump({"alignment_heads": [[4, 0]]}, 4, 4)
