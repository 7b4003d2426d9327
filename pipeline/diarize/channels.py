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

log = logging.getLogger(__name__)

SPLIT = "split"
MIX = "mix"
_EPS = 1e-10


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


def _frames(samples: np.ndarray, frame: int) -> np.ndarray:
    """A (channels, frames, frame) view of ``samples``: no copy, so an hour of stereo costs nothing."""
    n = samples.shape[1] // frame
    return samples[:, : n * frame].reshape(samples.shape[0], n, frame)


def _frame_energy_db(frames: np.ndarray) -> np.ndarray:
    """Energy (dB) per frame of each channel: shape (channels, frames)."""
    power = np.einsum("cnf,cnf->cn", frames, frames).astype(np.float64) / max(1, frames.shape[2])
    return 10.0 * np.log10(power + _EPS)


def _correlation(frames: np.ndarray) -> float:
    """Zero-lag correlation of the two channels, summed frame by frame without copying the audio."""
    left, right = frames[0], frames[1]
    cross = np.einsum("nf,nf->n", left, right).astype(np.float64).sum()
    power = np.einsum("cnf,cnf->c", frames, frames).astype(np.float64)
    denominator = float(np.sqrt(power[0] * power[1]))
    return float(np.clip(cross / denominator, -1.0, 1.0)) if denominator > 0 else 1.0


def channel_statistics(samples: np.ndarray, options: DiarizeOptions) -> ChannelDecision:
    """Measure how far the two channels of ``samples`` (2, n) carry different voices.

    Speech frames are those whose louder channel is within ``channel_speech_floor_db`` of the recording's
    loud frames (its 95th percentile), so the decision rests on talk, not on line noise. A frame is
    dominated when one channel is ``channel_dominance_db`` louder than the other; ``share`` is the
    fraction of speech frames each channel dominates.
    """
    frame = max(1, round(options.channel_frame_seconds * SAMPLE_RATE))
    frames = _frames(np.asarray(samples, dtype=np.float32), frame)
    energy = _frame_energy_db(frames)
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
    correlation = _correlation(frames)
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
    measured = channel_statistics(audio.samples, options)
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
