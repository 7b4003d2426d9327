"""Does a stereo recording carry one party per channel? Decided from whole-recording channel statistics.

A phone interview recorded as a call has the interviewer on one channel and the participant on the other:
then each channel can be transcribed on its own and attribution is exact. A mono recording saved as
stereo (or a room recording from two microphones) has near-identical channels, and splitting it would
transcribe everyone twice. The two are told apart by looking at every speech frame of the recording:
in a split call almost every frame is dominated by one channel by many decibels, and both channels
dominate some frames; in a mono-as-stereo file no frame is.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from pipeline.audio import SAMPLE_RATE, Audio
from pipeline.diarize.options import DiarizeOptions
from pipeline.errors import ConfigError
from pipeline.pcm import to_float

log = logging.getLogger(__name__)

SPLIT = "split"
MIX = "mix"
_EPS = 1e-10
BLOCK_FRAMES = 4096  # frames read at a time: about two minutes of audio at the default 30 ms frame


@dataclass(frozen=True)
class ChannelDecision:
    """Which path the stage takes and why; recorded in the transcript's ``settings["diarize"]``."""

    path: str
    reason: str
    speech_frames: int = 0
    dominated: float = 0.0
    share: tuple[float, float] = (0.0, 0.0)
    correlation: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "share": list(self.share)}


def _frame_sums(samples: np.ndarray, frame: int) -> tuple[np.ndarray, np.ndarray]:
    """Per frame of ``frame`` samples: each channel's sum of squares (channels, frames) and the two
    channels' sum of products (frames), float32 as einsum sums one frame.

    Read ``BLOCK_FRAMES`` frames at a time, so audio held as int16 is converted to float32 a block at a
    time, never whole (three hours of stereo would be 1.4 GB of floats).
    """
    channels, count = samples.shape[0], samples.shape[1] // frame
    power = np.empty((channels, count), dtype=np.float32)
    cross = np.zeros(count, dtype=np.float32)
    for first in range(0, count, BLOCK_FRAMES):
        last = min(count, first + BLOCK_FRAMES)
        frames = to_float(samples[:, first * frame : last * frame]).reshape(channels, last - first, frame)
        power[:, first:last] = np.einsum("cnf,cnf->cn", frames, frames)
        if channels == 2:
            cross[first:last] = np.einsum("nf,nf->n", frames[0], frames[1])
        del frames  # before the next block is converted: one block's floats at a time
    return power, cross


def _correlation(power: np.ndarray, cross: np.ndarray) -> float:
    """Zero-lag correlation of the two channels, from the frames' sums (added up in float64)."""
    total = power.astype(np.float64).sum(axis=1)
    denominator = float(np.sqrt(total[0] * total[1]))
    return float(np.clip(cross.astype(np.float64).sum() / denominator, -1.0, 1.0)) if denominator > 0 else 1.0


def channel_statistics(samples: np.ndarray, options: DiarizeOptions) -> ChannelDecision:
    """Measure how far the two channels of ``samples`` (2, n; int16 PCM or float32) carry different voices.

    Speech frames are those whose louder channel is within ``channel_speech_floor_db`` of the recording's
    loud frames (its 95th percentile), so the decision rests on talk, not on line noise. A frame is
    dominated when one channel is ``channel_dominance_db`` louder than the other; ``share`` is the
    fraction of speech frames each channel dominates.
    """
    frame = max(1, round(options.channel_frame_seconds * SAMPLE_RATE))
    power, cross = _frame_sums(samples, frame)
    energy = 10.0 * np.log10(power.astype(np.float64) / frame + _EPS)  # dB per frame of each channel
    if energy.shape[1] == 0:
        return ChannelDecision(MIX, "recording shorter than one frame")
    loudest = energy.max(axis=0)
    speech = loudest >= np.percentile(loudest, 95) - options.channel_speech_floor_db
    speech &= loudest > 10.0 * np.log10(_EPS) + 1.0  # digital silence is never speech
    count = int(speech.sum())
    if count == 0:
        return ChannelDecision(MIX, "no speech in either channel")
    difference = energy[0, speech] - energy[1, speech]
    share = (
        float(np.mean(difference >= options.channel_dominance_db)),
        float(np.mean(difference <= -options.channel_dominance_db)),
    )
    correlation = _correlation(power, cross)
    dominated = share[0] + share[1]
    if dominated >= options.split_min_dominated and min(share) >= options.split_min_share:
        path = SPLIT
        reason = (
            f"{dominated:.0%} of speech frames are dominated by one channel (left {share[0]:.0%}, "
            f"right {share[1]:.0%}): one party per channel"
        )
    elif dominated >= options.split_min_dominated:
        path = MIX
        reason = (
            f"only one channel carries speech (left {share[0]:.0%}, right {share[1]:.0%} of speech "
            "frames): the voices share a channel"
        )
    else:
        path = MIX
        reason = (
            f"only {dominated:.0%} of speech frames are dominated by one channel "
            f"(correlation {correlation:.2f}): both channels carry the same voices"
        )
    return ChannelDecision(
        path=path,
        reason=reason,
        speech_frames=count,
        dominated=round(dominated, 4),
        share=(round(share[0], 4), round(share[1], 4)),
        correlation=round(correlation, 4),
    )


def decide_channels(audio: Audio, options: DiarizeOptions) -> ChannelDecision:
    """Choose the split (one party per channel) or mix (one voice mix) path for ``audio``.

    ``channels = "split"`` or ``"mix"`` forces the path; the statistics are still measured on a stereo
    file so the transcript records them. Forcing a split on a one-channel recording is a setting error.
    """
    if audio.channels < 2:
        if options.channels == SPLIT:
            raise ConfigError(
                f'setting [diarize] channels = "split" needs a two-channel recording; '
                f"{audio.path} has one channel"
            )
        return ChannelDecision(MIX, "one-channel recording")
    measured = channel_statistics(audio.pcm, options)
    log.debug("channel statistics of %s: %s", audio.path, measured)
    if options.channels == "auto":
        return measured
    forced = SPLIT if options.channels == SPLIT else MIX
    return ChannelDecision(
        path=forced,
        reason=f'forced by setting channels = "{options.channels}" (measured: {measured.reason})',
        speech_frames=measured.speech_frames,
        dominated=measured.dominated,
        share=measured.share,
        correlation=measured.correlation,
    )
