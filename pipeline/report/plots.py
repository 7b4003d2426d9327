"""The report's charts, drawn by matplotlib and returned as inline SVG (no file, no external asset).

Matplotlib's object API (``Figure``) is used rather than pyplot: no global figure state, no GUI
backend, safe beside the batch's threads. Text stays text in the SVG (``svg.fonttype = none``), so the
leak gate reads every label like the rest of the page; the SVG carries no date and fixed ids, so the
same figures give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.report.figures import INTERVIEWER, PARTICIPANT, RecordingFigures

COLOURS = {INTERVIEWER: "#4c72b0", PARTICIPANT: "#dd8452"}
CATEGORY_COLOURS = ("#c44e52", "#8172b3", "#55a868", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd")
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
RC = {"svg.fonttype": "none", "svg.hashsalt": "qualscribe", "font.size": 9, "font.family": "sans-serif"}


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(RC):
        yield


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    # the RDF metadata block names matplotlib's site and vocabularies by URL: not needed, and a page
    # that mentions no address is easier to trust offline
    return _METADATA.sub("", text[text.index("<svg") :])


def balance_chart(figures: list[RecordingFigures]) -> str:
    """Talk time and words per recording, interviewer against participant (stacked shares)."""
    from matplotlib.figure import Figure

    with _style():
        fig = Figure(figsize=(8, 0.5 + 0.32 * max(1, len(figures))))
        axes = fig.subplots(1, 2, sharey=True)
        codes = [f.code for f in figures]
        for ax, title, values in (
            (axes[0], "talk time (min)", [{r: v / 60 for r, v in f.talk.items()} for f in figures]),
            (axes[1], "words", [f.words for f in figures]),
        ):
            left = [0.0] * len(figures)
            for role in (INTERVIEWER, PARTICIPANT):
                widths = [v[role] for v in values]
                ax.barh(codes, widths, left=left, color=COLOURS[role], label=role)
                left = [a + b for a, b in zip(left, widths, strict=True)]
            ax.set_title(title)
        axes[0].invert_yaxis()  # the first code on top; the axes share it
        axes[1].legend(loc="lower right", fontsize=8)
        return _svg(fig)


def duration_chart(figures: list[RecordingFigures]) -> str:
    """The interviews' lengths in minutes, one dot each over a box: the distribution a methods section
    summarises as a range."""
    from matplotlib.figure import Figure

    with _style():
        fig = Figure(figsize=(8, 1.6))
        ax = fig.subplots()
        minutes = [f.duration / 60 for f in figures]
        ax.boxplot(minutes, orientation="horizontal", widths=0.5)
        ax.scatter(minutes, [1.0] * len(minutes), color=COLOURS[PARTICIPANT], zorder=3)
        ax.set_yticks([])
        ax.set_xlabel("interview length (min)")
        return _svg(fig)


def redaction_chart(figures: list[RecordingFigures]) -> str:
    """Redactions per recording, stacked by category."""
    from matplotlib.figure import Figure

    categories = sorted({c for f in figures for c in f.redactions})
    with _style():
        fig = Figure(figsize=(8, 0.5 + 0.32 * max(1, len(figures))))
        ax = fig.subplots()
        codes = [f.code for f in figures]
        left = [0] * len(figures)
        for i, category in enumerate(categories):
            counts = [f.redactions.get(category, 0) for f in figures]
            colour = CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
            ax.barh(codes, counts, left=left, color=colour, label=category)
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel("redactions")
        if categories:
            ax.legend(loc="lower right", fontsize=8)
        return _svg(fig)


TIMELINE_POINTS = 8 * 72  # the timeline's width in SVG points: finer detail than this is not seen


def merged_bars(spans: list[tuple[float, float]], gap: float, least: float) -> list[tuple[float, float]]:
    """(start, width) bars of the spans, each at least ``least`` wide, with spans closer than ``gap``
    joined: an hour's interview has hundreds of turns per role, and bars a fraction of a point apart
    look like one on the page."""
    bars: list[list[float]] = []
    for start, end in sorted(spans):
        end = max(end, start + least)
        if bars and start - bars[-1][1] < gap:
            bars[-1][1] = max(bars[-1][1], end)
        else:
            bars.append([start, end])
    return [(s, e - s) for s, e in bars]


def _bars(ax, bars: list[tuple[float, float]], row: float, colour: str) -> None:
    """Draw the bars as one compound path (one SVG element, not one per bar as ``broken_barh``): a
    third of the bytes and of the drawing time for an hour's hundreds of turns."""
    import numpy as np
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    if not bars:
        return
    start, width = np.asarray(bars, dtype=float).T
    low, high = np.full_like(start, row - 0.4), np.full_like(start, row + 0.4)
    corners = [(start, low), (start + width, low), (start + width, high), (start, high)]
    rectangles = np.stack([np.stack(corner, axis=1) for corner in corners], axis=1)
    # add_artist, not add_patch: the limits are set by the caller, and add_patch's autoscaling walks
    # every segment of the path (most of the chart's time for an hour's turns)
    path = Path.make_compound_path_from_polys(rectangles)
    ax.add_artist(PathPatch(path, facecolor=colour, edgecolor="none"))


def timeline_chart(fig_data: RecordingFigures, categories: list[str]) -> str:
    """One recording's turns (by role) and redactions (by category) along its duration."""
    from matplotlib.figure import Figure

    length = max(fig_data.duration, 1.0)
    point = length / TIMELINE_POINTS
    with _style():
        fig = Figure(figsize=(8, 1.3))
        ax = fig.subplots()
        for row, role in enumerate((INTERVIEWER, PARTICIPANT)):
            spans = [(s, e) for s, e, r in fig_data.timeline if r == role]
            _bars(ax, merged_bars(spans, point / 2, 0.0), 2 - row, COLOURS[role])
        # each redaction at least 0.2 s or half a point wide, so one name stays visible on an hour's axis
        least = max(0.2, point / 2)
        for i, category in enumerate(categories):
            spans = [(s, e) for s, e, c in fig_data.redacted if c == category]
            _bars(ax, merged_bars(spans, point / 2, least), 0, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)])
        ax.set_yticks([2, 1, 0], [INTERVIEWER, PARTICIPANT, "redacted"])
        ax.set_ylim(-0.6, 2.6)
        ax.set_xlim(0, length)
        ax.set_xlabel("seconds")
        return _svg(fig)
