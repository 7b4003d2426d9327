"""Audio stage: any recording (wav, mp3, m4a/aac, flac, ogg/opus, a video's audio track) → 16 kHz audio.

Decoding uses PyAV, whose wheel ships FFmpeg's libraries, so no system ffmpeg is needed. A stereo file
keeps both channels: in a phone-call recording each party usually has a channel of their own, which the
speakers stage can use for exact attribution. Every way a file can be unusable becomes an AudioError with
one sentence a researcher can act on.

The decoded samples are held as 16-bit PCM (:mod:`pipeline.pcm`), as Whisper's own loaders hold them:
half the memory of float32, so three hours of stereo are 0.7 GB rather than 1.4 GB. Readers get float32
in -1..1, converted where they read: :meth:`Audio.track` a piece at a time, :meth:`Audio.mono` and
:meth:`Audio.channel` whole. A 16-bit source at 16 kHz (most recorders' WAV and FLAC) comes through
exactly, so its floats are the very values FFmpeg's float output gives; what FFmpeg resamples (or
downmixes, from more than two channels) is rounded to the nearest 16-bit step (at most 1.5e-5 off) and
clipped to full scale.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import AudioError
from pipeline.pcm import Track, to_float, to_pcm

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
    """Decoded audio at 16 kHz: ``pcm`` has shape (channels, n), one or two channels.

    ``pcm`` is int16 as decoded by :func:`load_audio`, or float32 in -1..1 for audio made in memory
    (a mix, a test's clip); every reader below gives float32 either way.
    """

    path: Path
    sha256: str
    pcm: np.ndarray
    source_channels: int
    source_rate: int
    codec: str

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    @property
    def channels(self) -> int:
        return int(self.pcm.shape[0])

    @property
    def duration(self) -> float:
        return self.pcm.shape[1] / SAMPLE_RATE

    @property
    def samples(self) -> np.ndarray:
        """Every channel as float32, shape (channels, n): of int16 audio a whole copy (short clips, tests)."""
        return to_float(self.pcm)

    def track(self, channel: int | None = None) -> Track:
        """Channel ``channel``, or (None) both parties mixed, converted to float32 slice by slice."""
        return Track(self.pcm, channel)

    def mono(self) -> np.ndarray:
        """Both parties mixed, as Whisper expects: a contiguous float32 vector of the whole recording."""
        return np.asarray(self.track())

    def channel(self, index: int) -> np.ndarray:
        """One channel as a contiguous float32 vector of the whole recording."""
        return np.asarray(self.track(index))


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


def _declared_duration(stream: Any, container: Any) -> float | None:
    """What the file's headers claim, used only to notice a file cut off mid-way."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * Fraction(stream.time_base))
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


class _Buffer:
    """Decoded samples written, as int16, into one array sized from the header's duration.

    Collecting the decoder's pieces and concatenating them at the end needs twice the audio's size at
    that moment. The array grows (rarely: only when the header understates the length) by doubling.
    """

    def __init__(self, channels: int, declared: float | None) -> None:
        capacity = int((declared or 60.0) * SAMPLE_RATE * 1.01) + SAMPLE_RATE
        self._data = np.empty((channels, capacity), dtype=np.int16)
        self._filled = 0

    def append(self, piece: np.ndarray) -> None:
        """Add the resampler's float32 ``piece`` (channels, k), rounded to int16."""
        end = self._filled + piece.shape[1]
        if end > self._data.shape[1]:
            grown = np.empty((self._data.shape[0], max(end, 2 * self._data.shape[1])), dtype=np.int16)
            grown[:, : self._filled] = self._data[:, : self._filled]
            self._data = grown
        self._data[:, self._filled : end] = to_pcm(piece)
        self._filled = end

    @property
    def pcm(self) -> np.ndarray:
        """The decoded part: a view, each channel's row contiguous."""
        return self._data[:, : self._filled]


@dataclass
class Decoding:
    """A file being decoded: ``blocks`` yields float32 (channels, k) at 16 kHz, as the resampler gives
    them (FFmpeg resamples and downmixes in float); the rest is what its headers say."""

    blocks: Iterator[np.ndarray]
    channels: int
    source_channels: int
    source_rate: int
    codec: str
    declared: float | None


def _open(path: Path) -> Any:
    import av  # imported here so that commands that never touch audio start fast

    _check_readable(path)
    try:
        container = av.open(str(path))
    except av.error.FFmpegError as exc:
        raise AudioError(f"{path}: not a recognised audio or video file ({exc.strerror})") from exc
    if not container.streams.audio:
        container.close()
        if path.suffix.lower() in AUDIO_ONLY_EXTENSIONS or not container.streams.video:
            # FFmpeg probes liberally (a text file can pass for "CD Graphics"): say what it saw
            raise AudioError(
                f"{path}: not a recognised audio or video file "
                f"(FFmpeg reads it as {container.format.long_name}, with no audio)"
            )
        raise AudioError(f"{path}: contains no audio track")
    return container


@contextmanager
def decoding(path: Path) -> Iterator[Decoding]:
    """``path`` opened for decoding to 16 kHz (stereo kept, more channels downmixed); AudioError for a
    file that cannot be used, and for corrupt data once the blocks reach it."""
    import av

    with _open(path) as container:
        stream = container.streams.audio[0]
        source_channels = stream.codec_context.channels or 1
        layout = "stereo" if source_channels == 2 else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)

        def blocks() -> Iterator[np.ndarray]:
            decoded_until = 0.0
            try:
                for frame in container.decode(stream):
                    if frame.time is not None:
                        decoded_until = frame.time + frame.samples / frame.sample_rate
                    for out in resampler.resample(frame):
                        yield out.to_ndarray()
                for out in resampler.resample(None):
                    yield out.to_ndarray()
            except av.error.FFmpegError as exc:
                raise AudioError(
                    f"{path}: audio data is corrupt after {decoded_until:.1f} s ({exc.strerror})"
                ) from exc

        context = stream.codec_context
        declared = _declared_duration(stream, container)
        channels = 2 if layout == "stereo" else 1
        yield Decoding(blocks(), channels, source_channels, context.sample_rate or 0, context.name, declared)


def check_length(path: Path, samples: int, declared: float | None) -> float:
    """The decoded duration (seconds) of ``samples``; AudioError if none, or far short of the header's."""
    duration = samples / SAMPLE_RATE
    if duration == 0:
        raise AudioError(f"{path}: contains no audio (zero length)")
    if declared is not None and declared - duration > max(
        TRUNCATION_TOLERANCE_S, TRUNCATION_TOLERANCE_RATIO * declared
    ):
        raise AudioError(
            f"{path}: file is truncated: its header says {declared:.1f} s "
            f"but only {duration:.1f} s of audio could be decoded"
        )
    return duration


def load_audio(path: Path) -> Audio:
    """Decode ``path`` to 16 kHz int16, one row per kept channel (stereo kept, more downmixed).

    The resampler's float32 is rounded to int16 as it comes: a 16-bit 16 kHz source comes through
    sample for sample.
    """
    path = Path(path)
    with decoding(path) as decoded:
        buffer = _Buffer(decoded.channels, decoded.declared)
        for block in decoded.blocks:
            buffer.append(block)
    pcm = buffer.pcm
    duration = check_length(path, pcm.shape[1], decoded.declared)
    log.debug("decoded %s: %.1f s, %d channel(s), codec %s", path, duration, pcm.shape[0], decoded.codec)
    return Audio(
        path=path,
        sha256=file_sha256(path),
        pcm=pcm,
        source_channels=decoded.source_channels,
        source_rate=decoded.source_rate,
        codec=decoded.codec,
    )
