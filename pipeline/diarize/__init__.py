"""Speakers and roles stage: who said what (``I``/``P`` turns with interviewer/participant roles).

``diarize`` runs the transcription itself (per channel for a split stereo call); ``assign_speakers``
labels an existing transcript of a recording's mix.
"""

from __future__ import annotations

from pipeline.diarize.channels import ChannelDecision, decide_channels
from pipeline.diarize.options import DiarizeOptions
from pipeline.diarize.stage import assign_speakers, diarize

__all__ = ["ChannelDecision", "DiarizeOptions", "assign_speakers", "decide_channels", "diarize"]
