"""The export stage: de-identified transcripts in the coding tools' own formats.

Each format is one module that registers a writer by name (see ``registry``); importing this package
imports them all, so the registry is complete before any name is looked up.
"""

from __future__ import annotations

from pipeline.export import jsonout, maxqda, nvivo, subtitles, txt, word  # noqa: F401  (they register)
from pipeline.export.options import ExportOptions
from pipeline.export.publish import export_transcript
from pipeline.export.registry import ExportContext, ExportFormat, formats_named, get_format, known_formats

__all__ = [
    "ExportContext",
    "ExportFormat",
    "ExportOptions",
    "export_transcript",
    "formats_named",
    "get_format",
    "known_formats",
]
