"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no link.

Every figure is in a table cell with a ``data-field`` naming its CSV column, so a reader (or a test)
can find the number the page shows and compare it with the CSV and the transcripts.
"""

from __future__ import annotations

from html import escape

from pipeline.report.figures import RecordingFigures
from pipeline.report.plots import balance_chart, duration_chart, redaction_chart, timeline_chart
from pipeline.report.summary import STUDY_ROW, StudySummary, columns, row, totals

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-bottom:.2em}
table{border-collapse:collapse;font-size:12px;margin:1em 0}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}.chart svg{max-width:100%;height:auto}
.wide{overflow-x:auto}.methods{background:#f7f7f2;padding:.8em 1em;border-left:4px solid #aaa}
"""

LABELS = {
    "participant": "participant",
    "duration_s": "duration (s)",
    "turns": "turns",
    "interviewer_turns": "I turns",
    "participant_turns": "P turns",
    "interviewer_talk_s": "I talk (s)",
    "participant_talk_s": "P talk (s)",
    "interviewer_words": "I words",
    "participant_words": "P words",
    "encouragers_removed": "encouragers removed",
    "stutters_removed": "stutters removed",
    "redactions": "redactions",
    "review": "review",
    "check": "check",
}


def _table(figures: list[RecordingFigures]) -> str:
    names = columns(figures)
    head = "".join(f"<th>{escape(LABELS.get(n, n.replace(':', ': ')))}</th>" for n in names)
    rows = [row(f) for f in figures] + [{**dict.fromkeys(names, ""), **totals(figures, names)}]
    body = []
    for values in rows:
        kind = "total" if values["participant"] == STUDY_ROW else "recording"
        cells = "".join(f'<td data-field="{escape(n)}">{escape(str(values.get(n, 0)))}</td>' for n in names)
        code = escape(str(values["participant"]))
        body.append(f'<tr class="{kind}" data-participant="{code}">{cells}</tr>')
    table = f'<table id="figures"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return f'<div class="wide">{table}</div>'


def _chart(name: str, svg: str) -> str:
    return f'<div class="chart" data-chart="{escape(name)}">{svg}</div>'


def _recordings(figures: list[RecordingFigures]) -> str:
    categories = sorted({c for f in figures for c in f.redactions})
    parts = []
    for fig in figures:
        minutes = fig.duration / 60
        by = ", ".join(f"{escape(c)} {n}" for c, n in fig.redactions.items()) or "none"
        parts.append(
            f'<section class="recording" id="rec-{escape(fig.code)}"><h3>{escape(fig.code)}</h3>'
            f"<p>{minutes:.1f} minutes, {fig.turns} turns; redactions: {by}; review: {escape(fig.review)}; "
            f"check: {escape(fig.check)}</p>"
            + _chart(f"timeline-{fig.code}", timeline_chart(fig, categories))
            + "</section>"
        )
    return "".join(parts)


def report_html(title: str, figures: list[RecordingFigures], summary: StudySummary, made: str) -> str:
    """The whole page. ``made`` is the day it was made (no finer time, as in every shareable file)."""
    charts = ""
    if figures:
        charts = (
            "<h2>Interview lengths</h2>" + _chart("durations", duration_chart(figures))
            + "<h2>Interviewer and participant</h2>" + _chart("balance", balance_chart(figures))
            + "<h2>Redactions</h2>" + _chart("redactions", redaction_chart(figures))
        )  # fmt: skip
    share = f"{summary.participant_share * 100:.0f}%"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>Made by qualscribe on {escape(made)} from the de-identified "
        "transcripts in the shareable folder. It names participants by code only.</p>"
        f'<h2>Methods</h2><p class="methods" id="methods">{escape(summary.methods_sentence())} '
        f"Participants spoke {share} of the talk time.</p>"
        f"<h2>Figures</h2>{_table(figures)}{charts}"
        f"<h2>Timelines</h2>{_recordings(figures)}</body></html>\n"
    )
