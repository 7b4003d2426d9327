"""Study-wide figures as a methods section and a privacy appendix report them, and the CSV of them all.

"18 interviews of 45–75 minutes (median 58)" is read off here, never assembled by hand. The CSV has a row
per recording and a last row "(study)" with the totals, so a spreadsheet can check every figure of the
HTML page.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass

from pipeline.report.figures import INTERVIEWER, PARTICIPANT, RecordingFigures

STUDY_ROW = "(study)"


@dataclass(frozen=True)
class StudySummary:
    interviews: int
    minutes_min: float
    minutes_max: float
    minutes_median: float
    hours_total: float
    turns: int
    words: int
    encouragers: int
    stutters: int
    redactions: dict[str, int]
    participant_share: float  # of all talk time, 0..1

    def methods_sentence(self) -> str:
        """The corpus as a methods section states it."""
        if not self.interviews:
            return "No interviews are in the shareable folder yet."
        low, high, median = (_minutes(m) for m in (self.minutes_min, self.minutes_max, self.minutes_median))
        span = low if low == high else f"{low}–{high}"
        return (
            f"{self.interviews} interview{'s' if self.interviews != 1 else ''} of {span} minutes "
            f"(median {median}; {self.hours_total:.1f} hours in total), "
            f"{self.words:,} words in {self.turns:,} turns after cleaning, which removed "
            f"{self.encouragers:,} minimal encouragers and {self.stutters:,} stutters; "
            f"{sum(self.redactions.values()):,} possibly identifying details were replaced by tags."
        )


def _minutes(value: float) -> str:
    """Whole minutes, as a methods section writes them; a tenth for recordings under ten minutes."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def summarise(figures: list[RecordingFigures]) -> StudySummary:
    minutes = [f.duration / 60 for f in figures] or [0.0]
    redactions: dict[str, int] = {}
    for fig in figures:
        for category, n in fig.redactions.items():
            redactions[category] = redactions.get(category, 0) + n
    talk = sum(sum(f.talk.values()) for f in figures)
    return StudySummary(
        interviews=len(figures),
        minutes_min=min(minutes),
        minutes_max=max(minutes),
        minutes_median=statistics.median(minutes),
        hours_total=sum(f.duration for f in figures) / 3600,
        turns=sum(f.turns for f in figures),
        words=sum(sum(f.words.values()) for f in figures),
        encouragers=sum(f.encouragers for f in figures),
        stutters=sum(f.stutters for f in figures),
        redactions=dict(sorted(redactions.items())),
        participant_share=(sum(f.talk[PARTICIPANT] for f in figures) / talk) if talk else 0.0,
    )


def columns(figures: list[RecordingFigures]) -> list[str]:
    """The CSV's columns: fixed ones, then every removal rule and redaction category that occurs."""
    rules = sorted({r for f in figures for r in f.removals})
    categories = sorted({c for f in figures for c in f.redactions})
    fixed = ["participant", "duration_s", "turns", "interviewer_turns", "participant_turns"]
    fixed += ["interviewer_talk_s", "participant_talk_s", "interviewer_words", "participant_words"]
    fixed += ["encouragers_removed", "stutters_removed"]
    counted = [*(f"removed:{r}" for r in rules), *(f"redacted:{c}" for c in categories)]
    return [*fixed, *counted, "redactions", "review", "check"]


def row(fig: RecordingFigures) -> dict[str, object]:
    values: dict[str, object] = {
        "participant": fig.code,
        "duration_s": round(fig.duration, 1),
        "turns": fig.turns,
        "interviewer_turns": fig.turns_by_role[INTERVIEWER],
        "participant_turns": fig.turns_by_role[PARTICIPANT],
        "interviewer_talk_s": round(fig.talk[INTERVIEWER], 1),
        "participant_talk_s": round(fig.talk[PARTICIPANT], 1),
        "interviewer_words": fig.words[INTERVIEWER],
        "participant_words": fig.words[PARTICIPANT],
        "encouragers_removed": fig.encouragers,
        "stutters_removed": fig.stutters,
        "redactions": sum(fig.redactions.values()),
        "review": fig.review,
        "check": fig.check,
    }
    values.update({f"removed:{r}": n for r, n in fig.removals.items()})
    values.update({f"redacted:{c}": n for c, n in fig.redactions.items()})
    return values


def totals(figures: list[RecordingFigures], names: list[str]) -> dict[str, object]:
    """The "(study)" row: sums of every numeric column."""
    rows = [row(f) for f in figures]
    result: dict[str, object] = {"participant": STUDY_ROW}
    for name in names[1:]:
        numbers = [r.get(name, 0) for r in rows]
        if all(isinstance(v, int | float) for v in numbers):
            result[name] = round(sum(numbers), 1) if name.endswith("_s") else sum(numbers)
    return result


def report_csv(figures: list[RecordingFigures]) -> str:
    names = columns(figures)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, restval=0, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row(f) for f in figures)
    writer.writerow({**dict.fromkeys(names, ""), **totals(figures, names)})
    return buffer.getvalue()
