"""The shareable folder is always safe: only what the current gate accepts, nothing that links back to a
recording, and a manifest of what is there. Real runs of tiny.en on the sample recordings."""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.codes import recording_from_path
from pipeline.deid.leakgate import LeakGate
from pipeline.errors import LeakError
from pipeline.export.word import docx_text
from tests.conftest import SAMPLES

PASSPHRASE = "shareable folder test"
FORMATS = '["txt", "json", "docx", "qdpx"]'


def _study(base: Path) -> Path:
    study = base / "study"
    roster = base / "roster.csv"
    shutil.copy(SAMPLES / "roster.csv", roster)
    assert CliRunner().invoke(app, ["init", str(study), "--roster", str(roster)]).exit_code == 0
    settings = study / "qualscribe.toml"
    text = settings.read_text().replace('model = "base"', 'model = "tiny.en"')
    text = text.replace(
        'formats = ["txt", "json", "docx"]', f"formats = {FORMATS}\nqdpx_approved_only = false"
    )
    settings.write_text(text)
    shutil.copy(SAMPLES / "jfk.wav", study / "recordings" / "a_jfk_2026-03-14.wav")
    shutil.copy(SAMPLES / "interview.flac", study / "recordings" / "b_interview.flac")
    return study


def _run(study: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QUALSCRIBE_KEY_PASSPHRASE", PASSPHRASE)
    return CliRunner().invoke(app, ["run", str(study), "--progress", "plain"])


def _texts(out: Path) -> dict[str, str]:
    """Every shareable file as the coder would read it (zips opened, DOCX as their text)."""
    texts = {}
    for path in sorted(out.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".docx":
            texts[path.name] = docx_text(data)
        elif path.suffix == ".qdpx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts[path.name] = "\n".join(archive.read(n).decode() for n in archive.namelist())
        else:
            texts[path.name] = data.decode("utf-8")
    return texts


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    monkeypatch = pytest.MonkeyPatch()
    study = _study(tmp_path_factory.mktemp("shareable"))
    result = _run(study, monkeypatch)
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    return study


def test_no_shareable_file_links_back_to_its_recording(finished: Path) -> None:
    out = finished / "out"
    recordings = sorted((finished / "recordings").iterdir())
    shas = [recording_from_path(p).sha256 for p in recordings]
    for name, text in _texts(out).items():
        for sha in shas:
            assert sha not in text, name
        for recording in recordings:
            assert recording.name not in text and "a_jfk_2026-03-14" not in text, name
    for path in out.glob("*.docx"):  # no time finer than the day: zip entries carry a fixed date
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert re.search(r"<dcterms:created[^>]*>\d{4}-\d\d-\d\dT00:00:00Z<", _core(path))


def _core(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("docProps/core.xml").decode()


def test_the_gate_refuses_a_recordings_sha256_or_name() -> None:
    from pipeline.batch.recordings import RecordingJob
    from pipeline.batch.stages.export import recording_links

    class Study:  # only what recording_links reads: the codes already given
        key = None

    job = RecordingJob(Path("/rec/danielle_reyes_call.m4a"), "danielle_reyes_call", "ab" * 32)
    gate = LeakGate(recording_links(Study(), job))  # type: ignore[arg-type]
    for text in (f"sha: {'ab' * 32}", "from danielle_reyes_call.m4a", "see danielle_reyes_call"):
        with pytest.raises(LeakError, match=r"\[the recording's"):
            gate.check(text, "out/P01.txt")
    ordinary = RecordingJob(Path("/rec/interview.m4a"), "interview", "cd" * 32)
    LeakGate(recording_links(Study(), ordinary)).check("the interview went well", "out/P01.txt")  # type: ignore[arg-type]


def test_the_manifest_lists_every_shareable_file_with_its_review_status(finished: Path) -> None:
    out = finished / "out"
    rows = list(csv.DictReader((out / "MANIFEST.csv").open(encoding="utf-8")))
    files = sorted(p.name for p in out.iterdir() if p.name != "MANIFEST.csv")
    assert [r["file"] for r in rows] == files
    by_file = {r["file"]: r for r in rows}
    assert by_file["P01.txt"]["participant"] == "P01" and by_file["P01.txt"]["review"] == "pending"
    assert by_file["P02.docx"]["check"] == "unchecked" and by_file["P02.docx"]["qualscribe"]


def test_a_refused_export_takes_the_recordings_older_files_out_of_out(
    finished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roster learns an organisation the interview names while the study keeps organisations in the
    text: the gate refuses the export, and the interview's files of the earlier run leave out/ in the
    same run, into the private work folder, with the reason in the summary."""
    study = Path(shutil.copytree(finished, tmp_path / "study"))
    assert _run(study, monkeypatch).exit_code == 0  # the copy writes its own out/
    assert (study / "out" / "P02.txt").exists()
    settings = study / "qualscribe.toml"
    text = settings.read_text().replace('"PLACE", "ORG",', '"PLACE",')
    settings.write_text(text.replace('roster = "work/roster.csv"', f'roster = "{tmp_path / "roster.csv"}"'))
    roster = (study / "work" / "roster.csv").read_text() + "community clinic,ORG,\n"
    (tmp_path / "roster.csv").write_text(roster)
    result = _run(study, monkeypatch)
    assert result.exit_code == 1
    assert not list((study / "out").glob("P02.*")), "a refused recording's files stayed in out/"
    assert "still contains the original of [ORG]" in result.stderr
    (moved,) = (study / "work" / "withdrawn").iterdir()
    assert sorted(p.name for p in moved.iterdir()) == ["P02.docx", "P02.json", "P02.txt", "REASON.txt"]
    assert f"moved out of the shareable folder: P02.txt, P02.json, P02.docx → {moved}" in result.stderr
    assert "Riverside" not in result.stderr and (study / "out" / "P01.txt").exists()
    assert oct(moved.stat().st_mode & 0o777) == "0o700"


def test_a_recording_that_left_the_study_takes_its_files_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    study = _study(tmp_path)
    assert _run(study, monkeypatch).exit_code == 0
    (study / "recordings" / "a_jfk_2026-03-14.wav").unlink()
    result = _run(study, monkeypatch)
    assert result.exit_code == 0, result.output
    assert not list((study / "out").glob("P01.*")) and (study / "out" / "P02.txt").exists()
    assert "its recording is no longer in the study" in result.stderr
    rows = list(csv.DictReader((study / "out" / "MANIFEST.csv").open(encoding="utf-8")))
    assert not any(r["participant"] == "P01" for r in rows)


def test_a_studys_existing_transcripts_are_coded_deidentified_and_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Transcripts typed by a service or made by another tool go the recordings' way: code, ledger,
    tags and the leak gate; a format no reader takes is refused before any audio is decoded."""
    study = _study(tmp_path)
    (study / "recordings" / "b_interview.flac").unlink()
    imports = Path(__file__).parent / "data" / "import"
    for name in ("interview.vtt", "typed.docx"):
        shutil.copy(imports / name, study / "transcripts" / name)
    (study / "transcripts" / "notes.pdf").write_bytes(b"%PDF-1.4")
    refused = _run(study, monkeypatch)
    assert refused.exit_code == 5 and "unsupported transcript format .pdf" in refused.stderr
    assert not (study / "work" / "stages.log").exists()
    (study / "transcripts" / "notes.pdf").unlink()
    result = _run(study, monkeypatch)
    assert result.exit_code == 0, result.output
    texts = _texts(study / "out")
    assert {"P01.txt", "P02.txt", "P03.txt"} <= set(texts)
    for code in ("P02", "P03"):  # the two transcripts, after the recording
        text = texts[f"{code}.txt"]
        assert "[NAME 1]" in text and "Danielle" not in text and "Reyes" not in text, text
        assert "WEBVTT" not in text
    ledger = (study / "work" / "interview" / "ledger.json").read_text()
    assert "Danielle Reyes" in ledger  # the originals stay in the private ledger
    log = (study / "work" / "stages.log").read_text()
    assert '"recording": "interview", "stage": "import"' in log and '"stage": "transcribe"' in log
