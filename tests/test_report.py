"""The study report on the sample interview (real run, real matplotlib): its figures are the
transcripts' own counts, it names no original, needs nothing from elsewhere, is made again only when
what it counts changes, and makes one row and one timeline per recording of 20 (its speed is
bench/report.py's)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import load_ledger
from pipeline.deid.options import DeidOptions
from pipeline.document import load_transcript
from pipeline.errors import LeakError
from pipeline.layout import WorkLayout
from pipeline.report import REPORT_CSV, REPORT_HTML, write_report
from pipeline.report.gate import without_geometry
from pipeline.report.plots import merged_bars
from pipeline.settings import study_settings
from tests.conftest import SAMPLES
from tests.media_study import media_study
from tests.report_study import copied_recordings


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_study(tmp_path_factory)


def own_counts(folder: Path) -> dict[str, object]:
    """What clean.json and ledger.json say, counted here without the report's code."""
    cleaned = load_transcript(folder / "clean.json")
    ledger = load_ledger(folder / "ledger.json")
    role = lambda t: "interviewer" if t.role == "interviewer" else "participant"  # noqa: E731
    counts: dict[str, object] = {"turns": len(cleaned.turns), "duration_s": round(cleaned.duration, 1)}
    for who in ("interviewer", "participant"):
        turns = [t for t in cleaned.turns if role(t) == who]
        counts[f"{who}_turns"] = len(turns)
        counts[f"{who}_words"] = sum(len(t.text.split()) for t in turns)
        counts[f"{who}_talk_s"] = round(sum(t.end - t.start for t in turns), 1)
    rules = Counter(r.rule for r in cleaned.removals)
    counts["encouragers_removed"] = rules["encourager"]
    counts["stutters_removed"] = sum(n for r, n in rules.items() if r.startswith("stutter"))
    counts.update({f"redacted:{c}": n for c, n in Counter(e.category for e in ledger).items()})
    counts["redactions"] = len(ledger)
    return counts


def test_the_reports_figures_are_the_transcripts_own_counts(study: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((study / "out" / REPORT_CSV).read_text())))
    assert [r["participant"] for r in rows] == ["P01", "(study)"]
    expected = own_counts(study / "work" / "interview")
    assert expected["encouragers_removed"] and expected["stutters_removed"] and expected["redactions"]
    for row in rows:  # one recording: the study's totals are its figures
        for name, value in expected.items():
            assert float(row[name]) == pytest.approx(float(value), abs=0.051), name
    assert rows[0]["review"] == "pending" and rows[0]["check"] == "unchecked"
    html = (study / "out" / REPORT_HTML).read_text()
    assert "1 interview of 1.1 minutes (median 1.1" in html  # the methods sentence (65 seconds)
    manifest = (study / "out" / "MANIFEST.csv").read_text()
    assert f"{REPORT_HTML},(study)" in manifest and f"{REPORT_CSV},(study)" in manifest


def test_the_report_names_no_original_and_needs_nothing_from_elsewhere(study: Path) -> None:
    ledger = load_ledger(study / "work" / "interview" / "ledger.json")
    roster = [r["value"] for r in csv.DictReader((SAMPLES / "roster.csv").open())]
    for name in (REPORT_HTML, REPORT_CSV):
        text = (study / "out" / name).read_text().lower()
        for original in [e.original for e in ledger] + roster + ["interview.flac"]:
            assert original.lower() not in text, (name, original)
    html = (study / "out" / REPORT_HTML).read_text()
    assert html.count("<svg") >= 4  # durations, balance, redactions, a timeline
    bare = re.sub(r'xmlns(:\w+)?="[^"]*"', "", html)  # XML namespaces are names, never fetched
    for external in ("http://", "https://", "<script", "<link", "src=", "<img"):
        assert external not in bare, external
    assert not re.search(r"url\((?!#)", bare)  # only the SVG's own clip paths


def test_the_report_is_made_again_only_when_its_inputs_change(study: Path, tmp_path: Path) -> None:
    layout, out = WorkLayout(study / "work"), study / "out"
    title = study_settings(study, check=False).export.study
    made = lambda: write_report(layout, out, [], DeidOptions(), title).made  # noqa: E731
    assert not made()  # the run's report is up to date
    stages = json.loads((study / "work" / "interview" / "stages.json").read_text())
    saved = dict(stages["stages"]["export"])
    stages["stages"]["export"]["key"] = "another export"
    (study / "work" / "interview" / "stages.json").write_text(json.dumps(stages))
    try:
        assert made()
    finally:
        stages["stages"]["export"] = saved
        (study / "work" / "interview" / "stages.json").write_text(json.dumps(stages))
    assert made()  # back to the run's key: made again
    assert not made()


def test_twenty_recordings_make_one_report(study: Path, tmp_path: Path) -> None:
    """The sample recording's folder copied under 20 codes (and its exports with them): one row and one
    timeline each. How long this takes is a speed figure (issue 17's target: under 5 s), measured by
    bench/report.py, not by a timed test."""
    work, out = tmp_path / "work", tmp_path / "out"
    copied_recordings(study / "work" / "interview", work, out, 20)
    report = write_report(WorkLayout(work), out, [], DeidOptions())
    rows = list(csv.DictReader(io.StringIO((out / REPORT_CSV).read_text())))
    assert report.made and len(rows) == 21 and rows[-1]["redactions"] == str(20 * 4)
    assert (out / REPORT_HTML).read_text().count("<svg") == 23


@pytest.mark.parametrize(
    ("page", "refused"),
    [
        ('<path d="M 12.5 3 \nL 40 3 L 40 9 z\n" style="fill: #4c72b0"/>', False),  # geometry only
        ('<path d="M 1e-3 -2.5 C 1,2 3,4 Z"/>', False),
        ('<path d="M 1 Fresno 2"/>', True),  # a word in a path is read
        ('<path d="M 1 2"/><text>Fresno</text>', True),
        ('<g id="Fresno"><path d="M 1 2"/></g>', True),
        ('<path d="M 12 MF"/>', True),  # two letters together are no geometry: the number is read
    ],
)
def test_the_pages_gate_skips_only_path_geometry(page: str, refused: bool) -> None:
    gate = LeakGate([KnownIdentifier("Fresno", "[PLACE 1]"), KnownIdentifier("12", "[ID 1]")])
    if refused:
        with pytest.raises(LeakError, match=r"line 1 still contains"):
            gate.check(without_geometry(page), "report.html")
    else:
        gate.check(without_geometry(page), "report.html")
        with pytest.raises(LeakError):  # read whole, the number would be refused
            gate.check(page.replace("3", "12"), "report.html")


@pytest.mark.parametrize(
    ("spans", "gap", "least", "bars"),
    [
        ([(0, 1), (1.2, 2), (5, 6)], 0.5, 0, [(0, 2), (5, 1)]),  # closer than the gap: one bar
        ([(5, 6), (0, 1)], 0.5, 0, [(0, 1), (5, 1)]),  # in time order
        ([(0, 0.05), (3, 3.01)], 0.5, 0.2, [(0, 0.2), (3, 0.2)]),  # at least ``least`` wide
        ([(0, 10), (2, 3)], 0.5, 0, [(0, 10)]),  # inside another
        ([], 0.5, 0.2, []),
    ],
)
def test_timeline_bars_join_what_the_page_cannot_tell_apart(spans, gap, least, bars) -> None:
    assert [(round(s, 6), round(w, 6)) for s, w in merged_bars(spans, gap, least)] == bars
