"""Audio stage: any recording (wav, mp3, m4a/aac, flac, ogg/opus, a video's audio track) → 16 kHz float32.

Decoding uses PyAV, whose wheel ships FFmpeg's libraries, so no system ffmpeg is needed. A stereo file
keeps both channels: in a phone-call recording each party usually has a channel of their own, which the
speakers stage can use for exact attribution. Every way a file can be unusable becomes an AudioError with
one sentence a researcher can act on.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from pipeline.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
# A declared duration longer than what decodes by more than this is a cut-off file, not rounding.
TRUNCATION_TOLERANCE_S = 0.5
TRUNCATION_TOLERANCE_RATIO = 0.02
AUDIO_ONLY_EXTENSIONS = frozenset(
    {".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".oga", ".opus", ".wma", ".aif", ".aiff"}
)
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"})
AUDIO_EXTENSIONS = AUDIO_ONLY_EXTENSIONS | VIDEO_EXTENSIONS


@dataclass(frozen=True)
class Audio:
    """Decoded audio: ``samples`` has shape (channels, n) at 16 kHz; one or two channels."""

    path: Path
    sha256: str
    samples: np.ndarray
    source_channels: int
    source_rate: int
    codec: str

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration(self) -> float:
        return self.samples.shape[1] / SAMPLE_RATE

    def mono(self) -> np.ndarray:
        """Both parties mixed, as Whisper expects: a contiguous float32 vector."""
        if self.channels == 1:
            return np.ascontiguousarray(self.samples[0])
        return np.ascontiguousarray(self.samples.mean(axis=0, dtype=np.float32))

    def channel(self, index: int) -> np.ndarray:
        return np.ascontiguousarray(self.samples[index])


def file_sha256(path: Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if path.is_dir():
        raise AudioError(f"{path}: is a directory, not an audio file")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        raise AudioError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise AudioError(f"{path}: file is empty (0 bytes)")


def _declared_duration(stream, container) -> float | None:
    """What the file's headers claim, used only to notice a file cut off mid-way."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * Fraction(stream.time_base))
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


class _Buffer:
    """Decoded samples written into one array sized from the header's duration.

    Collecting the decoder's pieces and concatenating them at the end needs twice the audio's size at
    that moment: for two hours of stereo, nearly two gigabytes instead of one. The array grows (rarely:
    only when the header understates the length) by doubling.
    """

    def __init__(self, channels: int, declared: float | None) -> None:
        capacity = int((declared or 60.0) * SAMPLE_RATE * 1.01) + SAMPLE_RATE
        self._data = np.empty((channels, capacity), dtype=np.float32)
        self._filled = 0

    def append(self, piece: np.ndarray) -> None:
        end = self._filled + piece.shape[1]
        if end > self._data.shape[1]:
            grown = np.empty((self._data.shape[0], max(end, 2 * self._data.shape[1])), dtype=np.float32)
            grown[:, : self._filled] = self._data[:, : self._filled]
            self._data = grown
        self._data[:, self._filled : end] = piece
        self._filled = end

    @property
    def samples(self) -> np.ndarray:
        """The decoded part: a view, each channel's row contiguous."""
        return self._data[:, : self._filled]


def load_audio(path: Path) -> Audio:
    """Decode ``path`` to 16 kHz float32, one row per kept channel (stereo kept, more downmixed)."""
    import av  # imported here so that commands that never touch audio start fast

    path = Path(path)
    _check_readable(path)
    try:
        container = av.open(str(path))
    except av.error.FFmpegError as exc:
        raise AudioError(f"{path}: not a recognised audio or video file ({exc.strerror})") from exc
    with container:
        if not container.streams.audio:
            if path.suffix.lower() in AUDIO_ONLY_EXTENSIONS or not container.streams.video:
                # FFmpeg probes liberally (a text file can pass for "CD Graphics"): say what it saw
                raise AudioError(
                    f"{path}: not a recognised audio or video file "
                    f"(FFmpeg reads it as {container.format.long_name}, with no audio)"
                )
            raise AudioError(f"{path}: contains no audio track")
        stream = container.streams.audio[0]
        source_channels = stream.codec_context.channels or 1
        layout = "stereo" if source_channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
        declared = _declared_duration(stream, container)
        buffer = _Buffer(2 if layout == "stereo" else 1, declared)
        decoded_until = 0.0
        try:
            for frame in container.decode(stream):
                if frame.time is not None:
                    decoded_until = frame.time + frame.samples / frame.sample_rate
                for out in resampler.resample(frame):
                    buffer.append(out.to_ndarray())
            for out in resampler.resample(None):
                buffer.append(out.to_ndarray())
        except av.error.FFmpegError as exc:
            raise AudioError(
                f"{path}: audio data is corrupt after {decoded_until:.1f} s ({exc.strerror})"
            ) from exc
        codec = stream.codec_context.name
        source_rate = stream.codec_context.sample_rate or 0

    samples = buffer.samples
    duration = samples.shape[1] / SAMPLE_RATE
    if duration == 0:
        raise AudioError(f"{path}: contains no audio (zero length)")
    if declared is not None and declared - duration > max(
        TRUNCATION_TOLERANCE_S, TRUNCATION_TOLERANCE_RATIO * declared
    ):
        raise AudioError(
            f"{path}: file is truncated: its header says {declared:.1f} s "
            f"but only {duration:.1f} s of audio could be decoded"
        )
    log.debug("decoded %s: %.1f s, %d channel(s), codec %s", path, duration, samples.shape[0], codec)
    return Audio(
        path=path,
        sha256=file_sha256(path),
        samples=samples,
        source_channels=source_channels,
        source_rate=source_rate,
        codec=codec,
    )
