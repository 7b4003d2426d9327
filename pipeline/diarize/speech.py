"""Where the speech is: Silero VAD regions, used to place embedding windows and to refine turn edges.

The Silero model is the one faster-whisper ships in its wheel (an ONNX file), so the stage needs no other
detector. Whisper's word times are often a few tenths of a second off at the edges of an utterance (a
short "Hello?" can come back 80 ms long); moving each turn's edges out to the detected edge of the speech
around them, never past the neighbouring turns of the same channel, makes the turns cover what was said.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.audio import SAMPLE_RATE
from pipeline.document import Turn, Word

Region = tuple[float, float]
# Silero pads and windows everything it is given at once (1.2 GB for a two-hour channel): long recordings
# go through it in pieces of about this many seconds, cut at quiet points
PIECE_SECONDS = 600.0


def speech_regions(
    samples: np.ndarray,
    threshold: float,
    min_silence: float,
    pad: float,
    piece_seconds: float = PIECE_SECONDS,
) -> list[Region]:
    """Speech regions (seconds) of 16 kHz mono ``samples`` by Silero VAD, padded by ``pad`` seconds.

    A region that a piece boundary cut in two is joined again when the gap between the halves is
    shorter than ``min_silence``, the shortest silence Silero itself would have kept apart.
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from pipeline.transcribe.chunks import chunk_bounds

    options = VadOptions(
        threshold=threshold,
        min_speech_duration_ms=0,
        min_silence_duration_ms=round(min_silence * 1000),
        speech_pad_ms=round(pad * 1000),
    )
    regions: list[Region] = []
    for start, end in chunk_bounds(samples, piece_seconds):
        offset = start / SAMPLE_RATE
        piece = [
            (round(c["start"] / SAMPLE_RATE + offset, 3), round(c["end"] / SAMPLE_RATE + offset, 3))
            for c in get_speech_timestamps(np.asarray(samples[start:end], dtype=np.float32), options)
        ]
        if regions and piece and piece[0][0] - regions[-1][1] < min_silence:
            regions[-1] = (regions[-1][0], piece.pop(0)[1])
        regions += piece
    return regions


def word_regions(words: Sequence[Word], gap: float) -> list[Region]:
    """Stretches covered by ``words``, joined across silences of at most ``gap`` seconds."""
    regions: list[list[float]] = []
    for word in sorted(words, key=lambda w: w.start):
        if regions and word.start - regions[-1][1] <= gap:
            regions[-1][1] = max(regions[-1][1], word.end)
        else:
            regions.append([word.start, word.end])
    return [(start, end) for start, end in regions]


def _containing(regions: Sequence[Region], time: float) -> Region | None:
    return next(((s, e) for s, e in regions if s <= time <= e), None)


def _snap_start(turn: Turn, regions: Sequence[Region], tolerance: float, floor: float) -> float:
    first_word_end = turn.words[0].end if turn.words else turn.end
    region = _containing(regions, turn.start)
    if region is not None and region[1] >= first_word_end:  # inside its speech: back to where it began
        return max(region[0], turn.start - tolerance, floor)
    # in silence, or in speech that ends before the first word does (the word's start drifted early
    # across a silence): forward to where the turn's own speech begins
    later = [s for s, _ in regions if turn.start < s <= first_word_end]
    return min(later) if later else turn.start


def _snap_end(turn: Turn, regions: Sequence[Region], tolerance: float, ceiling: float) -> float:
    last_word_start = turn.words[-1].start if turn.words else turn.start
    region = _containing(regions, turn.end)
    if region is not None and region[0] <= last_word_start:  # inside its speech: on to where it ends
        return min(region[1], turn.end + tolerance, ceiling)
    # in silence, or in speech that began after the last word did (Whisper stretched the word across a
    # silence, often into the next speaker's talk): back to where the turn's own speech ends
    earlier = [e for _, e in regions if last_word_start <= e < turn.end]
    return max(earlier) if earlier else turn.end


def snap_turns(
    turns: list[Turn], regions_by_channel: dict[int | None, list[Region]], tolerance: float
) -> list[Turn]:
    """Move turn edges to the detected speech edges, in place; returns ``turns``.

    An edge inside the turn's own speech moves out to where that speech begins or ends, by at most
    ``tolerance`` seconds and never into the previous or next turn of its own channel. An edge in silence,
    or stretched across a silence into other speech, moves in to the turn's speech, but never past the
    first word's end or the last word's start. Turns of a channel without
    regions are left as they are.
    """
    if tolerance <= 0:
        return turns
    for channel, regions in regions_by_channel.items():
        same = [t for t in turns if t.channel == channel]
        for i, turn in enumerate(same):
            floor = same[i - 1].end if i else 0.0
            ceiling = same[i + 1].start if i + 1 < len(same) else float("inf")
            start = _snap_start(turn, regions, tolerance, floor)
            end = _snap_end(turn, regions, tolerance, ceiling)
            if end > start:
                turn.start, turn.end = round(start, 3), round(end, 3)
    return turns
