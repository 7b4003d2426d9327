"""Speaker embeddings of short windows of speech, from Resemblyzer's voice encoder.

Resemblyzer ships its encoder weights (a 3-layer LSTM over 40 mel bands, 256-dimensional embeddings) in
its wheel, so nothing is downloaded at run time. It is an optional dependency (the ``speakers`` extra),
imported lazily, and loaded once per process. The mel spectrogram of the whole recording is computed
once and every window is a slice of it, so a window costs only the encoder's forward pass.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import ModelError

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 100  # Resemblyzer's mel frames are 10 ms apart
BATCH = 64
MEL_CHUNK_SECONDS = 60.0
INSTALL_HINT = (
    "speaker embeddings need the speakers extra: pip install 'qualscribe[speakers]' and "
    "pip install --no-deps resemblyzer==0.1.4 (its own requirement on webrtcvad does not build)"
)


def _resemblyzer() -> Any:
    try:
        with warnings.catch_warnings():
            # Resemblyzer imports binary_dilation from scipy's deprecated ndimage.morphology namespace
            warnings.simplefilter("ignore", DeprecationWarning)
            import resemblyzer
    except ImportError as exc:
        raise ModelError(f"{INSTALL_HINT} ({exc})") from exc
    return resemblyzer


@lru_cache(maxsize=2)
def load_encoder(weights: str = "") -> Any:
    """The voice encoder on the CPU, from Resemblyzer's packaged weights or a ``weights`` .pt file."""
    resemblyzer = _resemblyzer()
    if weights and not Path(weights).is_file():
        raise ModelError(f"speaker encoder weights not found: {weights}")
    try:
        return resemblyzer.VoiceEncoder("cpu", verbose=False, weights_fpath=weights or None)
    except Exception as exc:  # a damaged or foreign .pt file fails in many ways inside torch
        raise ModelError(
            f"cannot load the speaker encoder{f' from {weights}' if weights else ''}: {exc}"
        ) from exc


@contextmanager
def _torch_threads(count: int) -> Iterator[None]:
    """Run torch with ``count`` threads (0: leave as is), restoring the process setting afterwards.

    On a small shared machine one thread is much faster for this small LSTM than two that compete with
    other work; the setting is process-wide in torch, so it is put back.
    """
    import torch

    before = torch.get_num_threads()
    if count > 0:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def mel_frames(samples: np.ndarray, chunk_seconds: float = MEL_CHUNK_SECONDS) -> np.ndarray:
    """Resemblyzer's mel spectrogram (frames × 40) of the whole recording, at its reference loudness.

    The same frames as ``resemblyzer.audio.wav_to_mel_spectrogram`` (librosa, centred frames, zero
    padding), computed a chunk at a time: the full short-time spectrum of an hour-long interview would
    need about a gigabyte at once.
    """
    import librosa

    audio = _resemblyzer().audio
    from resemblyzer import hparams

    samples = np.asarray(samples, dtype=np.float32)
    if np.any(samples):
        samples = audio.normalize_volume(samples, hparams.audio_norm_target_dBFS, increase_only=True)
    n_fft = int(hparams.sampling_rate * hparams.mel_window_length / 1000)
    hop = int(hparams.sampling_rate * hparams.mel_window_step / 1000)
    total = 1 + samples.size // hop  # what librosa's centred framing gives for the whole signal
    padded = np.pad(samples, n_fft // 2)
    per_chunk = max(1, int(chunk_seconds * hparams.sampling_rate) // hop)
    pieces = []
    for first in range(0, total, per_chunk):
        count = min(per_chunk, total - first)
        segment = padded[first * hop : (first + count - 1) * hop + n_fft]
        segment = np.pad(segment, (0, max(0, (count - 1) * hop + n_fft - segment.size)))
        mel = librosa.feature.melspectrogram(
            y=segment,
            sr=hparams.sampling_rate,
            n_fft=n_fft,
            hop_length=hop,
            n_mels=hparams.mel_n_channels,
            center=False,
        )
        pieces.append(mel[:, :count])
    return np.concatenate(pieces, axis=1).astype(np.float32).T


def window_starts(
    regions: Sequence[tuple[float, float]], window: float, hop: float, total_frames: int
) -> np.ndarray:
    """Start frames of ``window``-second windows every ``hop`` seconds over each speech region.

    A region shorter than a window gets one window centred on it; the last window of a region ends at
    the region's end, so the end of every region is covered.
    """
    size = round(window * FRAMES_PER_SECOND)
    step = max(1, round(hop * FRAMES_PER_SECOND))
    latest = max(0, total_frames - size)
    starts: set[int] = set()
    for start_s, end_s in regions:
        first, last = round(start_s * FRAMES_PER_SECOND), round(end_s * FRAMES_PER_SECOND)
        if last - first <= size:
            starts.add((first + last) // 2 - size // 2)
        else:
            starts.update(range(first, last - size + 1, step))
            starts.add(last - size)
    return np.array(sorted({min(max(0, s), latest) for s in starts}), dtype=np.int64)


def embed_windows(
    samples: np.ndarray,
    regions: Sequence[tuple[float, float]],
    window: float,
    hop: float,
    threads: int = 1,
    weights: str = "",
) -> tuple[np.ndarray, np.ndarray]:
    """Embed windows over the speech ``regions`` of 16 kHz ``samples``.

    Returns the windows' centre times (seconds) and their L2-normalised embeddings (windows × 256).
    """
    import torch

    encoder = load_encoder(weights)
    mel = mel_frames(samples)
    size = round(window * FRAMES_PER_SECOND)
    if mel.shape[0] < size:
        mel = np.pad(mel, ((0, size - mel.shape[0]), (0, 0)))
    starts = window_starts(regions, window, hop, mel.shape[0])
    if starts.size == 0:
        return np.zeros(0), np.zeros((0, 256), dtype=np.float32)
    batches = []
    with _torch_threads(threads), torch.no_grad():
        for i in range(0, starts.size, BATCH):
            chunk = np.stack([mel[s : s + size] for s in starts[i : i + BATCH]])
            batches.append(encoder(torch.from_numpy(chunk)).numpy())
    centres = (starts + size / 2) / FRAMES_PER_SECOND
    log.debug("embedded %d windows of %.2f s", starts.size, window)
    return centres, np.concatenate(batches)
