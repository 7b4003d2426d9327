"""The private recording for the check view's player, served with HTTP Range so an hour seeks at once.

A recording a browser plays as it is (WAV, FLAC, MP3, Ogg/Opus, WebM) is served from where it lies; any
other (m4a, wma, video, …) is decoded once to a 16 kHz mono WAV in the recording's private folder
(``playable-<sha256>.wav``, 0600) and served from there; the next request, and the next server, find it.
Nothing of it ever goes to out/. Before its first serving, a recording's sha256 is compared with the one
its transcript was made from, so a file replaced since the run is not played against the wrong words.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.deid.decisions.errors import ReviewError
from pipeline.layout import RecordingFolder
from pipeline.private import FILE_MODE, private_dir

log = logging.getLogger(__name__)
PLAYABLE = {
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".webm": "audio/webm",
}


class AudioMissing(ReviewError):
    """The recording is gone, changed since its transcript was made, or cannot be decoded."""


def write_wav(path: Path, source: Path) -> Path:
    """Decode ``source`` (PyAV) to a 16 kHz mono 16-bit WAV at ``path``, atomically, owner-only.

    Streamed frame by frame: an hour and a half of stereo held at once would take a gigabyte. The
    samples are those the transcript's times were measured on (the audio stage's resampling to
    16 kHz, both channels mixed), so the page's highlighted word stays in step with the voice.
    """
    import av
    import numpy as np

    from pipeline.audio import SAMPLE_RATE

    private_dir(path.parent)
    try:
        with av.open(str(source)) as container, atomic_path(path) as tmp:
            os.chmod(tmp, FILE_MODE)
            stream = container.streams.audio[0]
            layout = "stereo" if (stream.codec_context.channels or 1) == 2 else "mono"
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
            with wave.open(str(tmp), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(SAMPLE_RATE)
                for frame in itertools.chain(container.decode(stream), [None]):  # None: flush
                    for piece in resampler.resample(frame):
                        mono = piece.to_ndarray().mean(axis=0, dtype=np.float32)
                        out.writeframes((np.clip(mono, -1.0, 1.0) * 32767).astype("<i2").tobytes())
    except (av.error.FFmpegError, IndexError) as exc:
        raise AudioMissing(f"the recording {source.name} cannot be decoded for the player ({exc})") from exc
    return path


@dataclass
class Player:
    """Finds (and where needed makes) the playable file of a recording; checks each source once."""

    verified: dict[tuple[str, int, int], bool] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def playable(self, folder: RecordingFolder, source: Path, sha256: str) -> tuple[Path, str]:
        """The file to serve and its media type."""
        if not source.is_file():
            raise AudioMissing(f"the recording {source.name} is not where the run found it")
        self._verify(source, sha256)
        kind = PLAYABLE.get(source.suffix.lower())
        if kind:
            return source, kind
        target = folder.playable(sha256)
        with self.lock:  # one decode, however many requests the player makes while it runs
            if not target.is_file():
                log.info("decoding %s for the browser's player", source.name)
                write_wav(target, source)
                for old in folder.path.glob("playable-*.wav"):  # a replaced recording's decode
                    if old != target:
                        old.unlink(missing_ok=True)
        return target, "audio/wav"

    def _verify(self, source: Path, sha256: str) -> None:
        from pipeline.audio import file_sha256

        stat = source.stat()
        key = (str(source), stat.st_size, stat.st_mtime_ns)
        with self.lock:
            if key not in self.verified:
                self.verified[key] = file_sha256(source) == sha256
        if not self.verified[key]:
            raise AudioMissing(f"the recording {source.name} changed since its transcript was made")
