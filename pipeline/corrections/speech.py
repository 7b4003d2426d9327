"""The recording's speech regions, found once and kept in its private folder (``speech.json``).

The check page marks speech that has no words (a passage the recogniser skipped) and words where there
is no speech (a likely hallucination). Finding the speech means decoding the recording and running
Silero VAD over it, which takes seconds for an hour; the ``correct`` stage does it once per recording
(keyed by the audio's sha256) so that opening the page costs nothing.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pipeline.diarize.options import DiarizeOptions
from pipeline.layout import RecordingFolder
from pipeline.private import write_private

log = logging.getLogger(__name__)
Region = tuple[float, float]


def load_speech(folder: RecordingFolder, sha256: str) -> list[Region] | None:
    """The recording's speech regions, or None if they were not found for this audio (yet)."""
    try:
        data = json.loads(folder.speech.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("sha256") != sha256:
        return None
    return [(float(a), float(b)) for a, b in data.get("regions", [])]


def ensure_speech(folder: RecordingFolder, source: Path, sha256: str, options: DiarizeOptions) -> Path:
    """Find and keep the speech regions of ``source`` unless ``speech.json`` already holds them."""
    if load_speech(folder, sha256) is not None:
        return folder.speech
    from pipeline.audio import load_audio
    from pipeline.diarize.speech import speech_regions

    audio = load_audio(source)
    regions = speech_regions(audio.track(), options.vad_threshold, options.vad_min_silence, options.vad_pad)
    del audio
    log.debug("%s: %d speech regions", folder.stem, len(regions))
    record = {"sha256": sha256, "regions": [[a, b] for a, b in regions]}
    return write_private(folder.speech, json.dumps(record) + "\n")
