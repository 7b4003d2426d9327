"""What a batch does for the study once every recording has had its turn: the study's REFI-QDA project,
the shareable files of recordings that left the study taken out of out/, the study report, and
out/MANIFEST.csv.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.batch.context import StudyContext
from pipeline.batch.events import CACHED, EXPORT, FAILED, RAN, Event, Listener
from pipeline.batch.out_manifest import write_manifest
from pipeline.batch.results import Batch, RecordingResult
from pipeline.batch.stages.export import publish_study
from pipeline.batch.withdraw import Withdrawal, departed, withdraw, withdraw_recording
from pipeline.errors import LeakError
from pipeline.export.registry import STUDY_FORMATS

DEPARTED = "its recording is no longer in the study"
REPORT = "report"  # the events' stage name for the study report


def finish_study(
    study: StudyContext, results: list[RecordingResult], warnings: list[str], listener: Listener
) -> Batch:
    batch = Batch(results, warnings)
    project, stale = _project(study, results, listener)
    batch.study_files += [project] if project else []
    present = {r.job.stem for r in results if r.job}
    present |= {p.stem for p in (r.source for r in results if r.job is None)}
    for folder in departed(study.layout, study.out, present):
        moved = withdraw_recording(study.layout, folder, study.out, f"{folder.stem}: {DEPARTED}")
        batch.withdrawn += [moved] if moved else []
    batch.withdrawn += [stale] if stale else []
    batch.study_files += _report(study, batch, listener)
    batch.study_files.append(write_manifest(study))
    return batch


def _report(study: StudyContext, batch: Batch, listener: Listener) -> list[Path]:
    """The study report (out/report.html and .csv), made again only when what it counts changed. A
    report the leak gate refuses is not written, and an earlier one is taken out of out/."""
    from pipeline.report import report_files, write_report

    try:
        report = write_report(
            study.layout, study.out, study.roster, study.settings.deid, study.settings.export.study
        )
    except LeakError as exc:
        listener(Event("report", REPORT, FAILED, message=str(exc)))
        batch.warnings.append(f"report: {exc}")
        old = [p for p in report_files(study.out) if p.is_file()]
        moved = withdraw(study.layout, old, f"the study report was refused by the leak gate: {exc}")
        batch.withdrawn += [moved] if moved else []
        return []
    listener(Event(report.files[0].name, REPORT, RAN if report.made else CACHED))
    return report.files


def _project(
    study: StudyContext, results: list[RecordingResult], listener: Listener
) -> tuple[Path | None, Withdrawal | None]:
    """The study-wide REFI-QDA project when ``[export] formats`` asks for it. A project from an earlier
    run that this one does not replace (the format was dropped, or no transcript may go in) is taken out
    of out/: it holds transcripts this run's gate has not seen."""
    wanted = bool(STUDY_FORMATS & set(study.settings.export.formats))
    path, note = None, ""
    if wanted:
        done = [(r.job, r.code) for r in results if r.status == "done" and r.job]
        path, refused = publish_study(study, done)
        note = "; ".join(f"{code} left out ({reason})" for code, reason in sorted(refused.items()))
        name = path.name if path else "REFI-QDA project"
        listener(Event(name, EXPORT, RAN if path else FAILED, message=note or "every transcript approved"))
    old = [p for p in sorted(study.out.glob("*.qdpx")) if p != path]
    reason = "the study's REFI-QDA project was not written again by this run" + (f": {note}" if note else "")
    return path, withdraw(study.layout, old, reason)
