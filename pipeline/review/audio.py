"""The private recording for the check view's player, served with HTTP Range so an hour seeks at once.

A recording a browser plays as it is (WAV, FLAC, MP3, Ogg/Opus, WebM) is served from where it lies; any
other (m4a, video, …) is decoded once to a 16 kHz mono WAV in the recording's private folder
(``playable.wav``, 0600) and served from there. Nothing of it ever goes to out/. Before its first
serving, a recording's sha256 is compared with the one its transcript was made from, so a file
replaced since the run is not played against the wrong words.
"""

from __future__ import annotations

import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.deid.decisions.errors import ReviewError
from pipeline.layout import RecordingFolder
from pipeline.private import FILE_MODE, private_dir

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
    """The recording is gone or changed since its transcript was made."""


def write_wav(path: Path, source: Path) -> Path:
    """Decode ``source`` (PyAV) to a 16 kHz mono 16-bit WAV at ``path``, atomically, owner-only."""
    import os

    import numpy as np

    from pipeline.audio import SAMPLE_RATE, load_audio

    samples = load_audio(source).mono()
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    private_dir(path.parent)
    with atomic_path(path) as tmp:
        os.chmod(tmp, FILE_MODE)
        with wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(pcm)
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
        with self.lock:
            target = folder.playable
            if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
                write_wav(target, source)
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
