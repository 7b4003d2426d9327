"""`qualscribe clean` as a researcher runs it, on text and JSON transcripts and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.document import Transcript, Turn, Word

runner = CliRunner()

TEXT = (
    "Interviewer: What happened after the call?\n"
    "Participant: I- I- I sat down, um, and the the phone rang again.\n"
    "Interviewer: Uh-huh.\n"
    "Participant: It was her sister.\n"
)
CLEANED = (
    "Interviewer: What happened after the call?\n"
    "Participant: I sat down, um, and the phone rang again. It was her sister.\n"
)


def timed_document() -> Transcript:
    def turn(speaker: str, role: str, words: list[tuple[str, float, float]]) -> Turn:
        timed = [Word(f" {w}", s, e, 0.9) for w, s, e in words]
        return Turn(
            timed[0].start, timed[-1].end, "".join(w.text for w in timed).strip(), speaker, role, 0, timed
        )

    return Transcript(
        "call.wav", "0" * 64, 12.0, "faster-whisper", "base", "en",
        [
            turn("I", "interviewer", [("Where", 0.0, 0.3), ("were", 0.4, 0.5), ("you?", 0.6, 0.9)]),
            turn("P", "participant",
                 [("At", 1.2, 1.3), ("the", 1.4, 1.5), ("the", 1.6, 1.7), ("clinic.", 1.8, 2.3)]),
            turn("I", "interviewer", [("Mm-hmm.", 2.5, 2.8)]),
            turn("P", "participant", [("Alone,", 3.0, 3.4), ("again.", 6.9, 7.3)]),
        ],
    )  # fmt: skip


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_text_transcript_prints_cleaned_lines_with_the_same_labels(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(write(tmp_path, "talk.txt", TEXT))])
    assert result.exit_code == 0, result.output
    assert result.stdout == CLEANED


def test_profiles_from_the_command_line_and_from_a_study_file(tmp_path: Path) -> None:
    path = write(tmp_path, "talk.txt", TEXT)
    full = runner.invoke(app, ["clean", str(path), "--profile", "full"])
    assert full.exit_code == 0 and full.stdout == TEXT
    study = write(tmp_path, "qualscribe.toml", '[clean]\nprofile = "clean"\n')
    tidy = runner.invoke(app, ["clean", str(path), "--config", str(study)])
    assert tidy.exit_code == 0
    assert "Participant: I sat down, and the phone rang again. It was her sister." in tidy.stdout
    flag_wins = runner.invoke(app, ["clean", str(path), "-c", str(study), "-p", "verbatim"])
    assert flag_wins.stdout == CLEANED


def test_json_transcript_uses_timing_and_prints_speaker_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "call.json", timed_document().to_json())
    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "I: Where were you?\nP: At the clinic. Alone, again.\n"
    paused = runner.invoke(app, ["clean", str(path), "--pauses"])
    assert paused.stdout == "I: Where were you?\nP: At the clinic. Alone, (pause 4 s) again.\n"


def test_json_flag_prints_the_cleaned_document_with_its_removal_log(tmp_path: Path) -> None:
    path = write(tmp_path, "call.json", timed_document().to_json())
    result = runner.invoke(app, ["clean", str(path), "--json", "--no-pauses"])
    assert result.exit_code == 0, result.output
    document = Transcript.from_json(result.stdout)
    assert [t.text for t in document.turns] == ["Where were you?", "At the clinic. Alone, again."]
    assert [(r.rule, r.text, r.turn, r.start, r.end) for r in document.removals] == [
        ("stutter-repeat", "the", 1, 1.4, 1.5),
        ("encourager", "Mm-hmm.", 2, 2.5, 2.8),
    ]
    assert json.loads(result.stdout)["settings"]["clean"]["profile"] == "verbatim"
    text_json = runner.invoke(app, ["clean", str(write(tmp_path, "talk.txt", TEXT)), "--json"])
    assert Transcript.from_json(text_json.stdout).turns[1].speaker == "Participant"


def test_missing_file_is_one_line_and_an_exit_code(tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 5
    assert result.stderr.startswith("qualscribe: error: cannot read transcript")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_text_without_speaker_lines_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "prose.txt", "We talked for a while and then she left.\n")
    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 5
    assert "no speaker lines" in result.stderr and result.stdout == ""


def test_broken_json_and_unknown_profile_are_errors(tmp_path: Path) -> None:
    broken = runner.invoke(app, ["clean", str(write(tmp_path, "bad.json", '{"turns": [}'))])
    assert broken.exit_code == 5 and "not valid JSON" in broken.stderr
    unknown = runner.invoke(app, ["clean", str(write(tmp_path, "talk.txt", TEXT)), "--profile", "tidy"])
    assert (
        unknown.exit_code == 2
        and "[clean] profile = 'tidy' is not known; known: clean, full, verbatim" in unknown.stderr
    )
