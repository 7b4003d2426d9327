"""From the recording to ``out/<code>.<ext>``: decode, redact, write privately, listen, then publish.

The file is first written into the recording's private folder; only once the audio leak gate has
listened to it is it copied (atomically) into the shareable folder. A refused file never reaches out/:
it stays in the private folder, where the privacy reviewer can listen to what was heard.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.atomic import atomic_path
from pipeline.deid.leakgate import LeakGate
from pipeline.deid.ledger import LedgerEntry
from pipeline.document import Transcript
from pipeline.export.options import ExportOptions
from pipeline.media.codec import encode_blocks, native_blocks
from pipeline.media.gate import check_audio
from pipeline.media.redact import Tone, redact_blocks
from pipeline.media.spans import Span, redacted_spans
from pipeline.private import FILE_MODE, private_dir
from pipeline.transcribe import TranscribeOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioJob:
    """One recording's de-identified audio: where it comes from, where it is drafted and published."""

    source: Path
    draft: Path
    target: Path


@dataclass(frozen=True)
class WrittenAudio:
    path: Path
    spans: list[Span]
    stretches: int


def tone(options: ExportOptions) -> Tone:
    """The study's replacement sound, as written and as the gate takes it out again."""
    return Tone(options.audio, options.audio_tone_hz, options.audio_tone_level)


def write_draft(job: AudioJob, spans: list[Span], options: ExportOptions) -> float:
    """Decode the recording, redact ``spans`` and write the private draft; the recording's duration.

    Block by block, from the decoder through the redaction to the encoder: a long recording at its own
    rate is never held whole (three hours of stereo at 48 kHz would be 4 GB of floats, each copy).
    """
    length = [0]

    def counted(blocks: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        for block in blocks:
            length[0] += block.shape[1]
            yield block

    with native_blocks(job.source) as native:
        private_dir(job.draft.parent)
        with atomic_path(job.draft) as tmp:
            os.chmod(tmp, FILE_MODE)
            redacted = redact_blocks(counted(native.blocks), native.rate, spans, tone(options))
            # the container is named, not guessed
            encode_blocks(redacted, native.channels, native.rate, tmp, options.audio_format)
    return length[0] / native.rate


def publish_audio(draft: Path, target: Path) -> Path:
    """Copy the draft that passed the gate into the shareable folder atomically, and drop the draft."""
    with atomic_path(target) as tmp:
        shutil.copyfile(draft, tmp)
    draft.unlink(missing_ok=True)
    return target


def deidentified_audio(
    job: AudioJob,
    cleaned: Transcript,
    ledger: list[LedgerEntry],
    options: ExportOptions,
    transcribe_options: TranscribeOptions,
    gate: LeakGate,
) -> WrittenAudio:
    """Write the recording with every redaction toned out (or silenced), checked by the audio leak gate
    (LeakError: nothing written to ``job.target``)."""
    spans = redacted_spans(cleaned, ledger, options.audio_margin)
    write_draft(job, spans, options)
    listened = check_audio(
        job.draft,
        spans,
        gate,
        transcribe_options,
        options.audio_check_context,
        str(job.target),
        tone(options),
    )
    log.debug("%s: %d span(s) redacted, %d stretch(es) listened to", job.target.name, len(spans), listened)
    return WrittenAudio(publish_audio(job.draft, job.target), spans, listened)
