"""faster-whisper's batched pipeline, with the temperature fallback it leaves out.

``BatchedInferencePipeline`` encodes and decodes several 30-second clips of speech at once instead of
one window after another. It decodes each clip once, at temperature 0: a clip whose text loops ("my-my-
my-…", measured with base on the sample interview) or is improbable stays as it came out, where the
sequential pipeline would decode that window again at rising temperatures. So here every clip is checked
with the sequential pipeline's own thresholds, and one that fails is decoded again on its own by the
sequential path from the next temperature (seeded, see :mod:`pipeline.transcribe.seeded`).

The clips are cut here from the speech detector's stretches (faster-whisper's own settings for batching:
pauses of 160 ms, clips of at most 30 s) and given as ``clip_timestamps``, so every word keeps the
recording's time and a failed clip is known exactly; the pauses inside a clip stay in it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.document import Turn
from pipeline.transcribe.chunks import shifted
from pipeline.transcribe.options import TranscribeOptions
from pipeline.transcribe.words import segment_turn

log = logging.getLogger(__name__)

# Whisper reads 30-second windows; the batched pipeline pads each clip to one
CLIP_SECONDS = 30.0
# faster-whisper's BatchedInferencePipeline cuts speech at pauses this long
CLIP_MIN_SILENCE_MS = 160
# the sequential pipeline's defaults (WhisperModel.transcribe): a window failing them is decoded again
COMPRESSION_RATIO_THRESHOLD = 2.4
LOG_PROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6

Redecode = Callable[[np.ndarray], Iterable[Turn]]
"""Decodes a clip's samples sequentially from the next temperature: turns with clip-relative times."""


def speech_clips(samples: np.ndarray) -> list[tuple[float, float]]:
    """The detector's speech stretches merged, in order, into clips of at most ``CLIP_SECONDS``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    vad = VadOptions(max_speech_duration_s=CLIP_SECONDS, min_silence_duration_ms=CLIP_MIN_SILENCE_MS)
    clips: list[list[int]] = []
    for stamp in get_speech_timestamps(samples, vad):
        if clips and stamp["end"] - clips[-1][0] <= CLIP_SECONDS * SAMPLE_RATE:
            clips[-1][1] = stamp["end"]
        else:
            clips.append([stamp["start"], stamp["end"]])
    return [(start / SAMPLE_RATE, end / SAMPLE_RATE) for start, end in clips]


def verdict(segments: Sequence[Any]) -> str:
    """A clip's outcome: "ok", "silence" (dropped, as the sequential pipeline skips such a window) or
    "failed" (too repetitive or too improbable: decoded again)."""
    from faster_whisper.transcribe import get_compression_ratio

    text = "".join(segment.text for segment in segments).strip()
    first = segments[0]
    if first.avg_logprob < LOG_PROB_THRESHOLD and first.no_speech_prob > NO_SPEECH_THRESHOLD:
        return "silence"
    if get_compression_ratio(text) > COMPRESSION_RATIO_THRESHOLD or first.avg_logprob < LOG_PROB_THRESHOLD:
        return "failed"
    return "ok"


def batched_turns(
    model: Any, samples: np.ndarray, options: TranscribeOptions, redecode: Redecode
) -> Iterator[Turn]:
    """Turns of ``samples`` decoded ``options.batch_size`` clips at a time on the WhisperModel ``model``.

    Every clip's segments share its ``seek`` (its start in frames), which is how they are grouped back."""
    from faster_whisper import BatchedInferencePipeline

    clips = speech_clips(samples)
    if not clips:
        return
    segments, _ = BatchedInferencePipeline(model).transcribe(
        samples,
        language=options.language,
        beam_size=options.beam_size,
        word_timestamps=options.word_timestamps,
        initial_prompt=options.initial_prompt or None,
        # text only, one segment per clip (the words keep their times): with timestamp tokens the batched
        # decode jumped over whole answers (base, 10 minutes of the sample interview: WER 0.18 against
        # 0.09, and 73.6 CPU s against 55.9)
        without_timestamps=True,
        clip_timestamps=[{"start": start, "end": end} for start, end in clips],
        batch_size=options.batch_size,
    )
    # the pipeline places clip i at int(start * rate) samples and labels its segments with that in frames
    bounds = [(int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)) for start, end in clips]
    by_seek = {int(low / SAMPLE_RATE * model.frames_per_second): (low, high) for low, high in bounds}
    for seek, group in itertools.groupby(segments, key=lambda segment: segment.seek):
        found = list(group)
        outcome = verdict(found)
        if outcome == "ok":
            yield from (segment_turn(segment) for segment in found)
        elif outcome == "failed":
            low, high = by_seek[seek]
            log.debug("clip %.1f-%.1f s failed: decoded again", low / SAMPLE_RATE, high / SAMPLE_RATE)
            yield from (shifted(turn, low / SAMPLE_RATE) for turn in redecode(samples[low:high]))
