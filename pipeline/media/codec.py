"""The recording decoded at its own rate, and the de-identified audio written with PyAV.

Not :func:`pipeline.audio.load_audio`, which resamples to Whisper's 16 kHz: coders listen to the file, so
it keeps the recording's rate (and its two channels, for a stereo call; more are mixed down to two).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import AudioError
from pipeline.media.options import FORMATS

BLOCK = 4096  # samples per encoded frame handed to the encoder


@dataclass(frozen=True)
class Native:
    """A recording being decoded at its own rate: ``blocks`` yields (channels, k) float32 in order."""

    blocks: Iterator[np.ndarray]
    rate: int
    channels: int


@contextmanager
def native_blocks(path: Path) -> Iterator[Native]:
    """The recording at its own rate, block by block as the decoder gives them: three hours of stereo
    at 48 kHz would be 4 GB of floats at once."""
    import av

    def failed(exc: Exception) -> AudioError:
        return AudioError(f"{path}: cannot be decoded for the de-identified audio ({exc})")

    try:
        container = av.open(str(path))
        stream = container.streams.audio[0]
    except (av.error.FFmpegError, IndexError) as exc:
        raise failed(exc) from exc
    with container:
        rate = stream.codec_context.sample_rate
        channels = 1 if (stream.codec_context.channels or 1) == 1 else 2
        resampler = av.AudioResampler(format="fltp", layout="mono" if channels == 1 else "stereo", rate=rate)

        def blocks() -> Iterator[np.ndarray]:
            try:
                for frame in _with_flush(container, stream):
                    for out in resampler.resample(frame):
                        yield out.to_ndarray()
            except av.error.FFmpegError as exc:
                raise failed(exc) from exc

        yield Native(blocks(), rate, channels)


def _with_flush(container: Any, stream: Any) -> Iterator[Any]:
    """The stream's frames, then None, which flushes the resampler."""
    yield from container.decode(stream)
    yield None


def decode_native(path: Path) -> tuple[np.ndarray, int]:
    """(channels, n) float32 samples at the recording's own rate, and that rate."""
    with native_blocks(path) as native:
        pieces = list(native.blocks)
    return np.concatenate(pieces, axis=1).astype(np.float32, copy=False), native.rate


def frames_of(blocks: Iterable[np.ndarray], size: int = BLOCK) -> Iterator[tuple[int, np.ndarray]]:
    """(first sample, samples) of exactly ``size`` samples each (the last may be shorter), from blocks
    of any length: what an encoder is given does not depend on how the samples were read."""
    pending: list[np.ndarray] = []
    held = start = 0
    for block in blocks:
        pending.append(block)
        held += block.shape[1]
        while held >= size:
            taken, need = [], size
            while need:
                part = pending[0][:, :need]
                taken.append(part)
                need -= part.shape[1]
                pending[0] = pending[0][:, part.shape[1] :]
                if not pending[0].shape[1]:
                    pending.pop(0)
            yield start, taken[0] if len(taken) == 1 else np.concatenate(taken, axis=1)
            start, held = start + size, held - size
    if held:
        yield start, np.concatenate(pending, axis=1)


def encode(samples: np.ndarray, rate: int, path: Path, audio_format: str) -> Path:
    """Write (channels, n) float32 ``samples`` at ``rate`` to ``path`` as ``audio_format``."""
    return encode_blocks([samples], samples.shape[0], rate, path, audio_format)


def encode_blocks(
    blocks: Iterable[np.ndarray], channels: int, rate: int, path: Path, audio_format: str
) -> Path:
    """Write (channels, k) float32 ``blocks``, in order, at ``rate`` to ``path`` as ``audio_format``.

    The encoder gets frames of ``BLOCK`` samples clipped to -1..1 however the blocks were cut, so
    writing block by block gives the file writing the whole recording at once gives.
    """
    import av

    fmt = FORMATS[audio_format]
    out_rate = rate if not fmt.rates or rate in fmt.rates else fmt.rates[-1]
    layout = "stereo" if channels == 2 else "mono"
    container_format = "ogg" if audio_format == "opus" else audio_format
    with av.open(str(path), "w", format=container_format) as container:
        stream = container.add_stream(fmt.codec, rate=out_rate, layout=layout, options=dict(fmt.options))
        if fmt.bit_rate:
            stream.codec_context.bit_rate = fmt.bit_rate * channels
        resampler = av.AudioResampler(format=fmt.sample_format, layout=layout, rate=out_rate)
        for start, chunk in frames_of(blocks):
            clipped = np.ascontiguousarray(np.clip(chunk, -1.0, 1.0), dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(clipped, format="fltp", layout=layout)
            frame.sample_rate, frame.pts = rate, start
            for out in resampler.resample(frame):
                container.mux(stream.encode(out))
        for out in resampler.resample(None):
            container.mux(stream.encode(out))
        container.mux(stream.encode(None))
    return path
