"""`qualscribe redact` and `qualscribe clean` on transcripts made elsewhere: DOCX, WebVTT, SRT, noScribe HTML.

Before the importers, `redact typed.docx` failed with "'utf-8' codec can't decode byte ..." and a .vtt
was redacted as plain text, its "WEBVTT" header becoming "[ORG 1]". Each sample in tests/data/import/
names a supervisor from sample_audio/roster.csv and her clinic; the de-identified document must show
the tags, never the names, and keep the speakers and the cue timings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.deid.ledger import load_ledger

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "import"
ROSTER = ROOT / "sample_audio" / "roster.csv"
runner = CliRunner()

# file → the turns (speaker, start, end) its de-identified document must have
SAMPLES = {
    "typed.docx": [
        ("", 0.0, 1.0),
        ("Interviewer", 1.0, 20.0),
        ("Participant", 1.0, 20.0),
        ("Participant", 1.0, 20.0),
        ("Interviewer", 20.0, 23.5),
        ("Participant", 24.0, 30.0),
    ],
    "interview.vtt": [
        ("I", 1.0, 4.5),
        ("P", 5.2, 9.8),
        ("P", 10.0, 12.25),
        ("I", 12.5, 14.0),
        ("I", 14.1, 16.0),
        ("P", 14.1, 16.0),
    ],
    "interview.srt": [("I", 1.0, 4.5), ("P", 5.2, 9.8), ("P", 10.0, 12.25), ("", 12.5, 14.0)],
    "interview.html": [
        ("", 0.0, 1.5),
        ("S00", 1.5, 6.9),
        ("S01", 7.0, 11.8),
        ("S00", 11.9, 12.4),
        ("S01", 12.4, 15.0),
        ("S00", 15.5, 17.0),
    ],
}


@pytest.mark.parametrize(("name", "turns"), SAMPLES.items(), ids=SAMPLES.keys())
def test_redact_json_keeps_speakers_and_times_and_hides_the_names(
    tmp_path: Path, name: str, turns: list[tuple[str, float, float]]
) -> None:
    ledger = tmp_path / "work" / "ledger.json"
    args = ["redact", str(DATA / name), "--roster", str(ROSTER), "--json", "--ledger", str(ledger)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(t["speaker"], t["start"], t["end"]) for t in document["turns"]] == turns
    text = "\n".join(t["text"] for t in document["turns"])
    assert "I was at [ORG 1], with [NAME 1] as my supervisor." in text
    for original in ("Danielle", "Reyes", "Riverside", "WEBVTT", "noScribe", ".mp3"):
        assert original not in result.stdout
    assert "[ORG 2]" not in text  # a header read as text was an organisation once
    assert {e.original for e in load_ledger(ledger)} >= {"Danielle Reyes", "Riverside Counseling Center"}


@pytest.mark.parametrize("name", SAMPLES)
def test_redact_prints_speaker_lines_with_the_files_labels(name: str) -> None:
    result = runner.invoke(app, ["redact", str(DATA / name), "--roster", str(ROSTER)])
    assert result.exit_code == 0, result.output
    speaker = SAMPLES[name][2][0]
    assert f"{speaker}: I was at [ORG 1], with [NAME 1] as my supervisor.\n" in result.stdout
    assert "Reyes" not in result.stdout and "codec" not in result.output


def test_clean_reads_noscribe_html_and_drops_the_overlapping_encourager() -> None:
    """noScribe's "//S00: Mm-hmm." inside S01's answer is its own turn, so cleaning can drop it."""
    result = runner.invoke(app, ["clean", str(DATA / "interview.html"), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [t["speaker"] for t in document["turns"]] == ["", "S00", "S01", "S00"]
    assert document["turns"][2]["text"] == (
        "I was at Riverside Counseling Center, with Danielle Reyes as my supervisor. "
        "She was very patient with me."
    )
    assert [(r["rule"], r["text"]) for r in document["removals"]] == [("encourager", "Mm-hmm.")]


@pytest.mark.parametrize("name", ["typed.docx", "interview.vtt", "interview.srt"])
def test_clean_reads_every_format(name: str) -> None:
    result = runner.invoke(app, ["clean", str(DATA / name)])
    assert result.exit_code == 0, result.output
    assert "I was at Riverside Counseling Center, with Danielle Reyes as my supervisor." in result.stdout
    assert "WEBVTT" not in result.stdout and "-->" not in result.stdout


@pytest.mark.parametrize("command", ["redact", "clean"])
def test_an_unsupported_format_is_one_line_naming_the_supported_ones(tmp_path: Path, command: str) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4\n")
    result = runner.invoke(app, [command, str(notes)])
    assert result.exit_code == 5
    assert result.stderr == (
        "qualscribe: error: cannot read notes.pdf: unsupported transcript format .pdf; "
        "supported: .txt, .json, .docx, .vtt, .srt, .html, .htm\n"
    )
