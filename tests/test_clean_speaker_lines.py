"""Speaker-lines text transcripts: labels, roles, continuation lines, errors, and writing them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Transcript
from pipeline.errors import DocumentError, SpeakerLinesError
from pipeline.speaker_lines import (
    SpeakerLinesOptions,
    format_speaker_lines,
    parse_speaker_lines,
    read_any_transcript,
    read_speaker_lines,
)


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("I", "interviewer"),
        ("Interviewer", "interviewer"),
        ("interviewer", "interviewer"),
        ("I2", "interviewer"),
        ("P", "participant"),
        ("P1", "participant"),
        ("P12", "participant"),
        ("Participant", "participant"),
        ("Participant 3", "participant"),
        ("Respondent", "participant"),
        ("Speaker 1", ""),
        ("Dr Reyes", ""),
        ("Alex", ""),
    ],
)
def test_labels_and_their_roles(label: str, role: str) -> None:
    transcript = parse_speaker_lines(f"{label}: Some words here.\n")
    assert [(t.speaker, t.role, t.text) for t in transcript.turns] == [(label, role, "Some words here.")]


def test_role_lists_come_from_settings() -> None:
    options = SpeakerLinesOptions(interviewer_labels=["Coach"], participant_labels=["Client"])
    transcript = parse_speaker_lines("Coach: Hello.\nClient: Hi.\nI: Hm.\n", options=options)
    assert [t.role for t in transcript.turns] == ["interviewer", "participant", ""]


def test_continuation_lines_preamble_blank_lines_and_colons_in_text() -> None:
    text = (
        "Interview 4, second half\n"
        "\n"
        "I: What did she say?\n"
        "P: She said: come back tomorrow.\n"
        "And then she left,\n"
        "   without her coat.\n"
        "\n"
        "So basically: nothing changed. See https://example.org for the form.\n"
    )
    transcript = parse_speaker_lines(text, source="notes.txt")
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("", "Interview 4, second half"),
        ("I", "What did she say?"),
        (
            "P",
            "She said: come back tomorrow. And then she left, without her coat. "
            "So basically: nothing changed. See https://example.org for the form.",
        ),
    ]
    assert transcript.source == "notes.txt" and len(transcript.sha256) == 64
    assert all(t.words == [] and t.start == 0.0 for t in transcript.turns)


def test_writing_back_keeps_each_turns_own_label() -> None:
    text = "Interviewer: And then?\nP2: Then we left.\nParticipant 1: Not me.\n"
    assert format_speaker_lines(parse_speaker_lines(text)) == text
    assert format_speaker_lines(parse_speaker_lines("Intro line\nI: Go.\nP:\n")) == "Intro line\nI: Go.\nP:\n"


@pytest.mark.parametrize("text", ["", "\n\n", "Just some prose without any speaker.\nAnd more of it.\n"])
def test_text_without_speaker_lines_is_an_error(text: str) -> None:
    with pytest.raises(SpeakerLinesError, match="no speaker lines"):
        parse_speaker_lines(text)


def test_reading_files(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt"
    path.write_text("\ufeffI: Hello?\nP: Hi.\n", encoding="utf-8")  # a byte-order mark from Windows
    assert [t.speaker for t in read_speaker_lines(path).turns] == ["I", "P"]
    with pytest.raises(SpeakerLinesError, match=r"cannot read transcript .*missing\.txt"):
        read_speaker_lines(tmp_path / "missing.txt")
    (tmp_path / "latin1.txt").write_bytes("P: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DocumentError, match="cannot read transcript"):
        read_speaker_lines(tmp_path / "latin1.txt")


def test_any_transcript_is_told_by_content(tmp_path: Path) -> None:
    document = Transcript("a.wav", "0" * 64, 1.0, "faster-whisper", "base", "en")
    as_json = tmp_path / "transcript.txt"
    as_json.write_text(document.to_json())
    assert read_any_transcript(as_json) == document
    lines = tmp_path / "lines.json"
    lines.write_text("P: hello\n")
    assert read_any_transcript(lines).turns[0].text == "hello"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}')
    with pytest.raises(DocumentError, match="not a qualscribe transcript"):
        read_any_transcript(broken)
