"""The recording decoded at its own rate, and the de-identified audio written with PyAV.

Not :func:`pipeline.audio.load_audio`, which resamples to Whisper's 16 kHz: coders listen to the file, so
it keeps the recording's rate (and its two channels, for a stereo call; more are mixed down to two).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.errors import AudioError
from pipeline.media.options import FORMATS

BLOCK = 4096  # samples per encoded frame handed to the encoder


def decode_native(path: Path) -> tuple[np.ndarray, int]:
    """(channels, n) float32 samples at the recording's own rate, and that rate."""
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            rate = stream.codec_context.sample_rate
            layout = "mono" if (stream.codec_context.channels or 1) == 1 else "stereo"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
            frames = [*container.decode(stream), None]  # None flushes the resampler
            pieces = [out.to_ndarray() for frame in frames for out in resampler.resample(frame)]
    except (av.error.FFmpegError, IndexError) as exc:
        raise AudioError(f"{path}: cannot be decoded for the de-identified audio ({exc})") from exc
    return np.concatenate(pieces, axis=1).astype(np.float32, copy=False), rate


def encode(samples: np.ndarray, rate: int, path: Path, audio_format: str) -> Path:
    """Write (channels, n) float32 ``samples`` at ``rate`` to ``path`` as ``audio_format``."""
    import av

    fmt = FORMATS[audio_format]
    out_rate = rate if not fmt.rates or rate in fmt.rates else fmt.rates[-1]
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    container_format = "ogg" if audio_format == "opus" else audio_format
    with av.open(str(path), "w", format=container_format) as container:
        stream = container.add_stream(fmt.codec, rate=out_rate, layout=layout, options=dict(fmt.options))
        if fmt.bit_rate:
            stream.codec_context.bit_rate = fmt.bit_rate * samples.shape[0]
        resampler = av.AudioResampler(format=fmt.sample_format, layout=layout, rate=out_rate)
        clipped = np.clip(samples, -1.0, 1.0)
        for start in range(0, clipped.shape[1], BLOCK):
            chunk = np.ascontiguousarray(clipped[:, start : start + BLOCK], dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
            frame.sample_rate, frame.pts = rate, start
            for out in resampler.resample(frame):
                container.mux(stream.encode(out))
        for out in resampler.resample(None):
            container.mux(stream.encode(out))
        container.mux(stream.encode(None))
    return path
