"""The [output] settings: where private and shareable results go.

Its own module so that the command line can read it without importing every stage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputOptions:
    """``work`` is private (identifying data), ``out`` is shareable (de-identified only)."""

    work: str = "work"
    out: str = "out"
    timestamps: bool = True
    roster: str = ""
