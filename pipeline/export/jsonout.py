"""The de-identified document model itself, for scripts and for re-exporting later."""

from __future__ import annotations

from pipeline.document import Transcript
from pipeline.export.registry import ExportContext, register


@register("json", ".json", "the de-identified document model (qualscribe.transcript JSON)")
def write_json(transcript: Transcript, context: ExportContext) -> str:
    return transcript.to_json()
