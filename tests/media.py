"""Make real media files for tests with PyAV's own encoders (no system ffmpeg), from real speech."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

# container extension → (audio codec, sample format, sample rate)
AUDIO_FORMATS = {
    "mp3": ("libmp3lame", "fltp", 16_000),
    "m4a": ("aac", "fltp", 16_000),
    "flac": ("flac", "s16", 16_000),
    "ogg": ("libopus", "flt", 48_000),
}


def encode(
    samples: np.ndarray,
    rate: int,
    path: Path,
    codec: str,
    fmt: str,
    out_rate: int,
    bit_rate: int | None = None,
) -> Path:
    """Encode (channels, n) float32 ``samples`` at ``rate`` into ``path`` (the container from its
    extension); ``bit_rate`` for the encoders that will not open without one (wmav2)."""
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=out_rate, layout=layout)
        if bit_rate:
            stream.codec_context.bit_rate = bit_rate
        resampler = av.AudioResampler(format=fmt, layout=layout, rate=out_rate)
        _write_audio(container, stream, resampler, samples, rate)
    return path


def encode_video(samples: np.ndarray, rate: int, path: Path) -> Path:
    """An mp4 with a tiny black video track and the speech as AAC: a recorded video call, in short."""
    duration = samples.shape[1] / rate
    with av.open(str(path), "w") as container:
        video = container.add_stream("mpeg4", rate=5)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = container.add_stream("aac", rate=rate, layout="mono")
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
        for i in range(int(duration * 5)):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 5)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        _write_audio(container, audio, resampler, samples, rate)
    return path


def _write_audio(container, stream, resampler, samples: np.ndarray, rate: int) -> None:
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    block = 1024
    for start in range(0, samples.shape[1], block):
        chunk = np.ascontiguousarray(samples[:, start : start + block], dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
        frame.sample_rate, frame.pts = rate, start
        for out in resampler.resample(frame):
            container.mux(stream.encode(out))
    for out in resampler.resample(None):
        container.mux(stream.encode(out))
    container.mux(stream.encode(None))


def write_wav(samples: np.ndarray, rate: int, path: Path) -> Path:
    return encode(samples, rate, path, "pcm_s16le", "s16", rate)
