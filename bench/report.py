"""Study-report benchmark (issue 17: under 5 s for 20 recordings): wall time of ``write_report`` and of
its parts, on the sample interview run once through the real pipeline (tiny.en) and its recording folder
copied under N codes, as tests/test_report.py builds it.

    .venv/bin/python bench/report.py [--recordings 20] [--copies 1] [--repeat 3] [--work DIR]

``--copies K`` plays each recording's transcript K times over (the sample interview is 65 s, 10 turns
and 4 redactions; K=55 gives an hour-long interview's 550 turns and 220 redactions).

``--work`` reuses a study made earlier by this script (its folder is printed), to skip the ~40 s run.
Each repeat writes the report afresh (a new out/), in this process; the first repeat also pays the
imports (matplotlib, the gazetteers of the leak gate's variants).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.deid.options import DeidOptions  # noqa: E402
from pipeline.layout import WorkLayout  # noqa: E402
from tests.media_study import make_study  # noqa: E402
from tests.report_study import copied_recordings, lengthened  # noqa: E402


def timed(label: str, call, *args):
    start = time.perf_counter()
    value = call(*args)
    print(f"  {label:22s} {time.perf_counter() - start:6.2f} s", flush=True)
    return value


def parts(work: Path, out: Path) -> None:
    """The report's steps one by one: counting, each chart kind, the gate."""
    from pipeline.report.figures import study_figures
    from pipeline.report.gate import report_gate, without_geometry
    from pipeline.report.page import report_html
    from pipeline.report.plots import balance_chart, duration_chart, redaction_chart, timeline_chart
    from pipeline.report.summary import summarise

    layout = WorkLayout(work)
    figures = timed("figures", study_figures, layout, out)
    categories = sorted({c for f in figures for c in f.redactions})
    charts = {"durations": duration_chart, "balance": balance_chart, "redactions": redaction_chart}
    for name, chart in charts.items():
        timed(f"chart {name}", chart, figures)
    timed(f"{len(figures)} timelines", lambda: [timeline_chart(f, categories) for f in figures])
    html = timed("whole page", report_html, "Study report", figures, summarise(figures), "2026-12-03")
    gate = timed("gate built", report_gate, layout, [], DeidOptions())
    timed("gate checks the page", gate.check, without_geometry(html), "report.html")


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--recordings", type=int, default=20)
    parser.add_argument("--copies", type=int, default=1, help="each transcript played K times over")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="a folder this script made before (skips the run)")
    args = parser.parse_args()
    base = args.work or Path(tempfile.mkdtemp(prefix="qualscribe-bench-report-"))
    study = base / "study"
    if not (study / "work" / "interview").is_dir():
        print(f"running the sample interview once (tiny.en) in {base}", flush=True)
        make_study(base)
    from pipeline.report import write_report

    for i in range(args.repeat):
        trial = Path(tempfile.mkdtemp(prefix="trial-", dir=base))
        work, out = trial / "work", trial / "out"
        source = study / "work" / "interview"
        if args.copies > 1:
            source = Path(shutil.copytree(source, trial / "long"))
            lengthened(source, args.copies)
        copied_recordings(source, work, out, args.recordings)
        start = time.perf_counter()
        write_report(WorkLayout(work), out, [], DeidOptions())
        took = time.perf_counter() - start
        size = f"{args.recordings} recordings x {args.copies}"
        print(f"repeat {i + 1}: write_report, {size}: {took:.2f} s", flush=True)
        if i == args.repeat - 1:
            parts(work, out)
        shutil.rmtree(trial)
    print(f"study kept for --work: {base}")


if __name__ == "__main__":
    main()
