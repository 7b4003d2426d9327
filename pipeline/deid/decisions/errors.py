"""The decisions' domain error: the CLI turns a bad decision or a damaged decisions file into one line."""

from __future__ import annotations

from pipeline.errors import DocumentError


class ReviewError(DocumentError):
    """A review decision is malformed, or the study's decisions file cannot be read or is not one."""
