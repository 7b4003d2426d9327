"""Speakers and roles stage: who said what (``I``/``P`` turns with interviewer/participant roles).

``diarize`` runs the transcription itself (per channel for a split stereo call). For a caller that
caches transcriptions, ``decide_channels`` says which path a recording takes, and ``assign_speakers``
(one transcript of the mix) or ``split_speakers`` (one transcript per channel) do the rest.
"""

from __future__ import annotations

from pipeline.diarize.channels import ChannelDecision, decide_channels
from pipeline.diarize.options import DiarizeOptions
from pipeline.diarize.stage import assign_speakers, diarize, split_speakers

__all__ = [
    "ChannelDecision",
    "DiarizeOptions",
    "assign_speakers",
    "decide_channels",
    "diarize",
    "split_speakers",
]
