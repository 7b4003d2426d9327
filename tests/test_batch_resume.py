"""Batches that survive anything: `qualscribe run STUDY` killed with SIGKILL mid-transcription and run
again gives the same files as an uninterrupted run, repeats no stage that had finished, isolates a corrupt
recording, and re-runs only the export when only an export setting changed. Real subprocesses, a real
signal, real tiny.en on real speech."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch.cache import read_stage_log
from pipeline.cli import app
from tests.conftest import ROOT, SAMPLES

PASSPHRASE = "resume test passphrase"
RECORDINGS = {"a_jfk.wav": SAMPLES / "jfk.wav", "b_interview.flac": SAMPLES / "interview.flac"}
SHAREABLE = ("txt", "json", "srt")


def _study(base: Path, name: str) -> Path:
    study = base / name
    roster = base / f"{name}-roster.csv"  # the sample roster plus a participant attribute marked shareable
    rows = (SAMPLES / "roster.csv").read_text().strip().splitlines()
    roster.write_text(
        "\n".join([rows[0] + ",shareable:Cohort,private:Town", *(r + ",," for r in rows[1:])])
        + "\n,,b_interview,2019,Fresno\n"
    )
    result = CliRunner().invoke(app, ["init", str(study), "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    settings = study / "qualscribe.toml"
    text = settings.read_text().replace('model = "base"', 'model = "tiny.en"')
    text = text.replace('formats = ["txt", "json", "docx"]', f"formats = {json.dumps(list(SHAREABLE))}")
    settings.write_text(text)
    for target, source in RECORDINGS.items():
        shutil.copy(source, study / "recordings" / target)
    (study / "recordings" / "c_broken.m4a").write_text("this is not audio\n" * 50)
    return study


def _args(study: Path, *extra: str) -> list[str]:
    return ["run", str(study), "--progress", "json", *extra]


def _command(study: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *_args(study, *extra)]


def _env() -> dict[str, str]:
    return {**os.environ, "QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE}


def _run(study: Path, *extra: str) -> tuple[int, list[dict]]:
    done = subprocess.run(
        _command(study, *extra), env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def _outputs(study: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((study / "out").iterdir())}


def _ran(entries: list[dict]) -> set[tuple[str, str]]:
    return {(e["recording"], e["stage"]) for e in entries if e["outcome"] == "ran"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same study run once without interruption, two recordings transcribed at once. This run, the
    reference, is in this process, where Presidio and spaCy are loaded already (a new process loads them
    again); the runs under test are real processes, and their files must equal these byte for byte."""
    study = _study(tmp_path_factory.mktemp("reference"), "study")
    done = CliRunner().invoke(app, _args(study, "--jobs", "2"), env={"QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE})
    assert done.exit_code == 1, done.output  # the corrupt recording
    return study


def test_killed_mid_transcription_then_rerun_gives_the_same_files_without_repeating_work(
    reference: Path, tmp_path: Path
) -> None:
    study = _study(tmp_path, "study")
    process = subprocess.Popen(_command(study), env=_env(), cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    killed_during = None
    for line in process.stdout:
        event = json.loads(line)
        if event.get("recording") == "b_interview.flac" and event.get("status") == "progress":
            os.kill(process.pid, signal.SIGKILL)  # no chance to clean up: as if the laptop died
            killed_during = event
            break
    process.wait(timeout=60)
    assert killed_during is not None, "the run ended before the second recording was being transcribed"
    assert process.returncode == -signal.SIGKILL
    assert not (study / "work" / "b_interview" / "transcript.json").exists()  # it had not finished
    for path in (study / "work").rglob("*.json"):  # a kill mid-write leaves a temp file, never half a file
        json.loads(path.read_text())
    first = read_stage_log(study / "work" / "stages.log")
    assert ("a_jfk", "transcribe") in _ran(first)

    code, lines = _run(study)
    assert code == 1
    results = {Path(r["recording"]).name: r for r in lines if r["event"] == "result"}
    assert results["c_broken.m4a"]["status"] == "failed"
    assert "not a recognised audio" in results["c_broken.m4a"]["error"]
    assert [results[n]["status"] for n in ("a_jfk.wav", "b_interview.flac")] == ["done", "done"]

    second = read_stage_log(study / "work" / "stages.log")[len(first) :]
    assert not _ran(first) & _ran(second), "a stage that had finished before the kill ran again"
    for recording, stage in _ran(first):
        assert {"recording": recording, "stage": stage, "outcome": "cached"}.items() <= next(
            e for e in second if (e["recording"], e["stage"]) == (recording, stage)
        ).items()
    assert ("b_interview", "transcribe") in _ran(second)
    assert not list((study / "work").rglob("*.tmp")) and not list((study / "out").glob(".*"))  # swept
    assert _outputs(study) == _outputs(reference)
    study_files = ["MANIFEST.csv", "report.csv", "report.html"]
    expected = sorted([*study_files, *(f"P0{n}.{fmt}" for n in (1, 2) for fmt in SHAREABLE)])
    assert sorted(_outputs(study)) == expected
    # the roster's shareable attribute travels with the participant's transcript; the private one never
    assert json.loads((study / "out" / "P02.json").read_text())["attributes"] == {"Cohort": "2019"}
    assert "attributes" not in json.loads((study / "out" / "P01.json").read_text())


def test_changing_an_export_setting_reruns_only_the_export(reference: Path, tmp_path: Path) -> None:
    study = tmp_path / "study"
    shutil.copytree(reference, study)  # the finished study, as the transcriber left it on Friday
    settings = study / "qualscribe.toml"
    settings.write_text(settings.read_text().replace('"srt"]', '"srt", "vtt"]'))
    before = len(read_stage_log(study / "work" / "stages.log"))
    began = time.monotonic()
    code, _ = _run(study)
    assert code == 1
    entries = read_stage_log(study / "work" / "stages.log")[before:]
    # the de-identified audio's stage follows the export (off here: it writes nothing)
    assert _ran(entries) == {(r, s) for r in ("a_jfk", "b_interview") for s in ("export", "media")}
    assert {(e["recording"], e["stage"]) for e in entries if e["outcome"] == "cached"} == {
        (r, s)
        for r in ("a_jfk", "b_interview")
        for s in ("transcribe", "correct", "clean", "code", "deidentify")
    }
    assert (study / "out" / "P02.vtt").read_text().startswith("WEBVTT")
    assert time.monotonic() - began < 60


def test_review_decisions_rerun_deidentification_and_export_of_the_recordings_they_touch(
    reference: Path, tmp_path: Path
) -> None:
    from pipeline.deid.decisions.model import REDACT, Decision
    from pipeline.deid.decisions.store import DecisionStore
    from pipeline.document import load_transcript
    from pipeline.review.study import open_study
    from tests.review_study import dismiss_every_flag

    study = tmp_path / "study"
    shutil.copytree(reference, study)
    assert "community clinic" in (study / "out" / "P02.txt").read_text()
    cleaned = load_transcript(study / "work" / "b_interview" / "clean.json")
    turn = next(i for i, t in enumerate(cleaned.turns) if "community clinic" in t.text)
    start = cleaned.turns[turn].text.index("community clinic")

    def rerun() -> set[tuple[str, str]]:
        before = len(read_stage_log(study / "work" / "stages.log"))
        assert _run(study)[0] == 1
        return _ran(read_stage_log(study / "work" / "stages.log")[before:])

    # a moved (here: copied) study writes its exports again into its own out/, and does nothing else
    assert rerun() == {(r, s) for r in ("a_jfk", "b_interview") for s in ("export", "media")}
    store = DecisionStore(study / "work")
    span = Decision(REDACT, "community clinic", "ORG", turn, start, start + 16, reviewer="R. Viewer")
    store.decide("P02", span)

    assert rerun() == {("b_interview", s) for s in ("deidentify", "export", "media")}  # that one only
    text = (study / "out" / "P02.txt").read_text()
    assert "community clinic" not in text and "[ORG 2]" in text
    assert (study / "out" / "P01.txt").read_bytes() == (reference / "out" / "P01.txt").read_bytes()
    # a study-wide decision (no turn) may touch every transcript: all are de-identified again
    store.decide("P02", Decision(REDACT, "session notes", "ORG", reviewer="R. Viewer"))
    assert rerun() == {(r, s) for r in ("a_jfk", "b_interview") for s in ("deidentify", "export", "media")}
    assert "session notes" not in (study / "out" / "P02.txt").read_text()

    # the study's REFI-QDA project holds only what the reviewer approved, with its shareable attribute
    service = open_study(study)
    dismiss_every_flag(service, "P02", "R. Viewer")  # approval means each flagged item was looked at
    service.approve("P02", {"reviewer": "R. Viewer"})
    settings = study / "qualscribe.toml"
    settings.write_text(settings.read_text().replace('"srt"]', '"srt", "qdpx"]'))
    rerun()
    with zipfile.ZipFile(study / "out" / "study.qdpx") as archive:
        project = archive.read("project.qde").decode("utf-8")
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
    assert 'name="P02"' in project and 'name="P01"' not in project and len(sources) == 1
    assert 'name="Cohort"' in project and "<TextValue>2019</TextValue>" in project
