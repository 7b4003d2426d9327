"""Convert a CTranslate2 Whisper model into an openai-whisper checkpoint, so both engines share weights.

openai-whisper normally downloads .pt checkpoints, which is impossible offline. CTranslate2's model.bin is
a plain binary of named tensors (ctranslate2/specs/model_spec.py, ``_serialize``); its names map one to
one onto openai-whisper's state dict, except that attention q/k/v (and cross-attention k/v) are fused
along the output axis and CTranslate2 stores a zero bias for the key projection, which openai-whisper's
key projection does not have. Alignment heads for word timestamps come from config.json. Shapes are read
from the tensors, so the large-v3 family (128 mel bins; turbo's 4 decoder layers) converts as tiny does. See
shared/notes/ctranslate2-whisper-format.md for the layout measured on the packaged models.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from pipeline.atomic import atomic_path
from pipeline.errors import ModelError

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
_BFLOAT16 = 5
_SUPPORTED_BINARY_VERSIONS = {5, 6}


def _read(handle: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise ModelError("model.bin ends early: the file is truncated")
    return struct.unpack(fmt, data)[0]


def _read_string(handle: BinaryIO) -> str:
    length = _read(handle, "<H")
    return handle.read(length).rstrip(b"\0").decode("utf-8")


def read_ct2_model(path: Path) -> dict[str, np.ndarray]:
    """Read every variable of a CTranslate2 model.bin (aliases resolved) as numpy arrays."""
    with path.open("rb") as handle:
        version = _read(handle, "<I")
        if version not in _SUPPORTED_BINARY_VERSIONS:
            raise ModelError(f"{path}: unsupported CTranslate2 binary version {version}")
        spec = _read_string(handle)
        if spec != "WhisperSpec":
            raise ModelError(f"{path}: not a Whisper model (CTranslate2 spec {spec!r})")
        _read(handle, "<I")  # spec revision
        variables: dict[str, np.ndarray] = {}
        for _ in range(_read(handle, "<I")):
            name = _read_string(handle)
            rank = _read(handle, "<B")
            shape = tuple(_read(handle, "<I") for _ in range(rank))
            dtype_id = _read(handle, "<B")
            nbytes = _read(handle, "<I")
            raw = handle.read(nbytes)
            if len(raw) != nbytes:
                raise ModelError(f"{path}: model.bin ends early: the file is truncated")
            if dtype_id == _BFLOAT16:
                array = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
            elif dtype_id in _DTYPES:
                array = np.frombuffer(raw, dtype=_DTYPES[dtype_id])
            else:
                raise ModelError(f"{path}: unknown tensor type {dtype_id} for {name}")
            if dtype_id == 1 and rank >= 2:  # int8 scalars (head counts) are fine; int8 matrices are not
                raise ModelError(
                    f"{path}: int8-quantised weights cannot be converted exactly; use a float16 model"
                )
            variables[name] = array.reshape(shape)
        for _ in range(_read(handle, "<I")):
            alias, target = _read_string(handle), _read_string(handle)
            variables[alias] = variables[target]
    return variables


def _split(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return np.split(array, parts, axis=0)


def _check_zero_key_bias(name: str, bias: np.ndarray) -> None:
    if np.any(bias != 0):
        raise ModelError(f"cannot convert: {name} has a non-zero key bias, which openai-whisper lacks")


def _attention(
    src: dict[str, np.ndarray], prefix: str, dst: str, out: dict[str, np.ndarray], fused_qkv: bool
) -> None:
    """Map one attention block; ``fused_qkv`` for self-attention, else cross-attention (q, then kv)."""
    if fused_qkv:
        q_w, k_w, v_w = _split(src[f"{prefix}/linear_0/weight"], 3)
        q_b, k_b, v_b = _split(src[f"{prefix}/linear_0/bias"], 3)
        out_layer = "linear_1"
    else:
        q_w, q_b = src[f"{prefix}/linear_0/weight"], src[f"{prefix}/linear_0/bias"]
        k_w, v_w = _split(src[f"{prefix}/linear_1/weight"], 2)
        k_b, v_b = _split(src[f"{prefix}/linear_1/bias"], 2)
        out_layer = "linear_2"
    _check_zero_key_bias(prefix, k_b)
    out[f"{dst}.query.weight"], out[f"{dst}.query.bias"] = q_w, q_b
    out[f"{dst}.key.weight"] = k_w
    out[f"{dst}.value.weight"], out[f"{dst}.value.bias"] = v_w, v_b
    out[f"{dst}.out.weight"] = src[f"{prefix}/{out_layer}/weight"]
    out[f"{dst}.out.bias"] = src[f"{prefix}/{out_layer}/bias"]


def _layer_norm(src: dict[str, np.ndarray], prefix: str, dst: str, out: dict[str, np.ndarray]) -> None:
    out[f"{dst}.weight"] = src[f"{prefix}/gamma"]
    out[f"{dst}.bias"] = src[f"{prefix}/beta"]


def _linear(src: dict[str, np.ndarray], prefix: str, dst: str, out: dict[str, np.ndarray]) -> None:
    out[f"{dst}.weight"] = src[f"{prefix}/weight"]
    out[f"{dst}.bias"] = src[f"{prefix}/bias"]


def _layer_count(src: dict[str, np.ndarray], side: str) -> int:
    pattern = re.compile(rf"^{side}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for name in src if (m := pattern.match(name)))


def convert_state_dict(src: dict[str, np.ndarray]) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """Return openai-whisper's ``dims`` and state dict (as numpy arrays) for CTranslate2 variables."""
    out: dict[str, np.ndarray] = {}
    for conv in ("conv1", "conv2"):
        _linear(src, f"encoder/{conv}", f"encoder.{conv}", out)
    out["encoder.positional_embedding"] = src["encoder/position_encodings/encodings"].astype(np.float32)
    n_audio_layer = _layer_count(src, "encoder")
    for i in range(n_audio_layer):
        layer, block = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        _attention(src, f"{layer}/self_attention", f"{block}.attn", out, fused_qkv=True)
        _layer_norm(src, f"{layer}/self_attention/layer_norm", f"{block}.attn_ln", out)
        _linear(src, f"{layer}/ffn/linear_0", f"{block}.mlp.0", out)
        _linear(src, f"{layer}/ffn/linear_1", f"{block}.mlp.2", out)
        _layer_norm(src, f"{layer}/ffn/layer_norm", f"{block}.mlp_ln", out)
    _layer_norm(src, "encoder/layer_norm", "encoder.ln_post", out)

    out["decoder.token_embedding.weight"] = src["decoder/embeddings/weight"]
    out["decoder.positional_embedding"] = src["decoder/position_encodings/encodings"]
    n_text_layer = _layer_count(src, "decoder")
    for i in range(n_text_layer):
        layer, block = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        _attention(src, f"{layer}/self_attention", f"{block}.attn", out, fused_qkv=True)
        _layer_norm(src, f"{layer}/self_attention/layer_norm", f"{block}.attn_ln", out)
        _attention(src, f"{layer}/attention", f"{block}.cross_attn", out, fused_qkv=False)
        _layer_norm(src, f"{layer}/attention/layer_norm", f"{block}.cross_attn_ln", out)
        _linear(src, f"{layer}/ffn/linear_0", f"{block}.mlp.0", out)
        _linear(src, f"{layer}/ffn/linear_1", f"{block}.mlp.2", out)
        _layer_norm(src, f"{layer}/ffn/layer_norm", f"{block}.mlp_ln", out)
    _layer_norm(src, "decoder/layer_norm", "decoder.ln", out)

    conv1 = src["encoder/conv1/weight"]
    token_embedding = src["decoder/embeddings/weight"]
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(src["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(conv1.shape[0]),
        "n_audio_head": int(src["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(token_embedding.shape[0]),
        "n_text_ctx": int(src["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(token_embedding.shape[1]),
        "n_text_head": int(src["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    _check_openai_shape(src, dims)
    return dims, out


def _check_openai_shape(src: dict[str, np.ndarray], dims: dict[str, int]) -> None:
    """Refuse what openai-whisper cannot represent, rather than fail later in load_state_dict or decode.

    Any depth and width convert (large-v3 has 128 mel bins, turbo 4 decoder layers under 32 encoder
    layers: both are read from the tensors), but openai-whisper fixes the rest: mel filters for 80 or 128
    bins only, a feed-forward width of 4 × the model width, and output logits tied to the embeddings.
    """
    if dims["n_mels"] not in (80, 128):
        raise ModelError(
            f"cannot convert: {dims['n_mels']} mel bins (openai-whisper has filters for 80 or 128)"
        )
    for side, width in (("encoder", dims["n_audio_state"]), ("decoder", dims["n_text_state"])):
        ffn = src[f"{side}/layer_0/ffn/linear_0/weight"].shape[0]
        if ffn != 4 * width:
            raise ModelError(f"cannot convert: {side} feed-forward width {ffn} is not 4 × {width}")
    projection = src.get("decoder/projection/weight")
    embedding = src["decoder/embeddings/weight"]
    if projection is not None and projection is not embedding and not np.array_equal(projection, embedding):
        raise ModelError("cannot convert: the output projection is not tied to the token embeddings")


def alignment_heads_dump(config: dict[str, Any], n_text_layer: int, n_text_head: int) -> bytes | None:
    """Encode config.json's [layer, head] list the way openai-whisper's set_alignment_heads expects."""
    heads = config.get("alignment_heads")
    if not heads:
        return None
    mask = np.zeros((n_text_layer, n_text_head), dtype=bool)
    for layer, head in heads:
        if not (0 <= layer < n_text_layer and 0 <= head < n_text_head):
            raise ModelError(
                f"config.json names alignment head [{layer}, {head}], but the decoder has "
                f"{n_text_layer} layers of {n_text_head} heads: the config is not this model's"
            )
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def checkpoint_path_for(model_dir: Path, cache: Path) -> Path:
    """Cache location keyed by the weights' content, so a changed model never reuses a stale file."""
    digest = hashlib.sha256()
    with (model_dir / "model.bin").open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return cache / "checkpoints" / f"{model_dir.name}-{digest.hexdigest()[:16]}.pt"


def convert(model_dir: Path, target: Path) -> Path:
    """Write an openai-whisper checkpoint for the CTranslate2 folder ``model_dir`` (atomic)."""
    import torch

    dims, state = convert_state_dict(read_ct2_model(model_dir / "model.bin"))
    config_file = model_dir / "config.json"
    config = json.loads(config_file.read_text()) if config_file.is_file() else {}
    checkpoint: dict[str, Any] = {
        "dims": dims,
        "model_state_dict": {name: torch.from_numpy(np.array(value)) for name, value in state.items()},
    }
    if (heads := alignment_heads_dump(config, dims["n_text_layer"], dims["n_text_head"])) is not None:
        checkpoint["alignment_heads"] = heads
    with atomic_path(target) as tmp:
        torch.save(checkpoint, tmp)
    return target
