"""What the table-driven de-identification tests share: the default options, and which letters of an
identifier no detection covers (the shared scorer's notion of a miss, for one sentence)."""

from __future__ import annotations

from pipeline.config import load_config, section_options
from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions


def default_options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


def missed_letters(text: str, identifier: str, options: DeidOptions) -> tuple[list[str], list]:
    """The letters and digits of ``identifier`` none of the detections covers, with what was found."""
    spans = detect(text, options)
    at = text.index(identifier)
    inside = {k for d in spans for k in range(d.start, d.end)}
    missed = [text[k] for k in range(at, at + len(identifier)) if text[k].isalnum() and k not in inside]
    return missed, [(d.text, d.label) for d in spans]
