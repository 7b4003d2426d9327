"""Each importer on small real files: DOCX written with python-docx, WebVTT, SRT and HTML written as text.

Every case lists the turns it must give as (speaker, start, end, text). The committed samples in
tests/data/import/ are read the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from pipeline.document import Transcript
from pipeline.errors import SpeakerLinesError
from pipeline.importers import read_any_transcript, read_transcript, transcript_format
from pipeline.importers.common import split_paragraph
from pipeline.speaker_lines import SpeakerLinesOptions

DATA = Path(__file__).resolve().parent / "data" / "import"
Expected = list[tuple[str, float, float, str]]


def turns_of(transcript: Transcript) -> Expected:
    return [(t.speaker, t.start, t.end, t.text) for t in transcript.turns]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("[00:01:23] Interviewer: So, your first year?", ("Interviewer", 83.0, "So, your first year?")),
        ("S01: [00:00:12] Good morning.", ("S01", 12.0, "Good morning.")),
        ("00:01:23 P: Yes.", ("P", 83.0, "Yes.")),
        ("(01:23.5) P2: Right.", ("P2", 83.5, "Right.")),
        ("#00:01:23-4# I: Go on.", ("I", 83.4, "Go on.")),
        ("Interviewer\tSo tell me.", ("Interviewer", None, "So tell me.")),
        ("10:30 we met at the clinic.", (None, None, "10:30 we met at the clinic.")),
        ("[00:00:05] (laughs)", (None, 5.0, "(laughs)")),
    ],
)
def test_paragraph_labels_and_leading_times(paragraph: str, expected: tuple) -> None:
    assert split_paragraph(paragraph) == expected


def _docx_paragraphs(doc: docx.document.Document) -> None:
    doc.add_paragraph("Interview 3 (typed)")
    doc.add_paragraph("[00:00:02] Interviewer: Where were you placed?")
    doc.add_paragraph("00:00:06 Participant: At a clinic.")
    doc.add_paragraph("It was far from home.")  # continues the participant's turn, its own paragraph
    doc.add_paragraph("")
    doc.add_paragraph("Interviewer:")  # a label alone; its words in the next paragraph
    doc.add_paragraph("[00:00:15] And then?")


def _docx_bold(doc: docx.document.Document) -> None:
    for label, text in [("Interviewer", " Where were you placed?"), ("Participant:", " At a clinic.")]:
        paragraph = doc.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)
    doc.add_paragraph().add_run("A bold heading only").bold = True


def _docx_two_columns(doc: docx.document.Document) -> None:
    table = doc.add_table(rows=0, cols=2)
    for speaker, text in [("I", "Where were you placed?"), ("P:", "At a clinic."), ("", "Far away.")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, text


def _docx_nvivo(doc: docx.document.Document) -> None:
    doc.add_paragraph("Transcript entries")
    table = doc.add_table(rows=0, cols=4)
    rows = [
        ("Timespan", "Content", "Speaker", "Notes"),
        ("0:00:01.0 - 0:00:04.5", "Where were you placed?", "Interviewer", ""),
        ("0:00:05.0 - 0:00:09.2", "At a clinic.", "Participant", "quiet"),
    ]
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            _docx_paragraphs,
            [
                ("", 0.0, 2.0, "Interview 3 (typed)"),
                ("Interviewer", 2.0, 6.0, "Where were you placed?"),
                ("Participant", 6.0, 15.0, "At a clinic."),
                ("Participant", 6.0, 15.0, "It was far from home."),
                ("Interviewer", 15.0, 15.0, "And then?"),
            ],
        ),
        (
            _docx_bold,
            [
                ("Interviewer", 0.0, 0.0, "Where were you placed?"),
                ("Participant", 0.0, 0.0, "At a clinic."),
                ("Participant", 0.0, 0.0, "A bold heading only"),
            ],
        ),
        (
            _docx_two_columns,
            [
                ("I", 0.0, 0.0, "Where were you placed?"),
                ("P", 0.0, 0.0, "At a clinic."),
                ("P", 0.0, 0.0, "Far away."),
            ],
        ),
        (
            _docx_nvivo,
            [
                ("", 0.0, 1.0, "Transcript entries"),
                ("Interviewer", 1.0, 4.5, "Where were you placed?"),
                ("Participant", 5.0, 9.2, "At a clinic."),
            ],
        ),
    ],
    ids=["label-paragraphs", "bold-labels", "two-column-table", "nvivo-table"],
)
def test_docx_layouts(
    tmp_path: Path, build: Callable[[docx.document.Document], None], expected: Expected
) -> None:
    document = docx.Document()
    build(document)
    path = tmp_path / "typed.docx"
    document.save(str(path))
    transcript = read_transcript(path)
    assert turns_of(transcript) == expected
    roles = {t.speaker: t.role for t in transcript.turns}
    assert roles.get("Interviewer", roles.get("I")) == "interviewer"
    assert roles.get("Participant", roles.get("P")) == "participant"
    assert transcript.settings["import"] == {"format": "docx"}


VTT_CASES = {
    "voices": (
        "WEBVTT Interview with Danielle Reyes\n\nNOTE made by hand\n\n"
        "1\n00:00:01.000 --> 00:00:03.500\n<v I>Where were you placed?\n\n"
        "00:00:04.000 --> 00:00:06.000 align:start\n<v.loud P>At a <b>clinic</b>,\nfar away.</v>\n\n"
        "00:00:06.500 --> 00:00:07.000\n<v P>Tom &amp; me.\n",
        [
            ("I", 1.0, 3.5, "Where were you placed?"),
            ("P", 4.0, 6.0, "At a clinic, far away."),
            ("P", 6.5, 7.0, "Tom & me."),
        ],
    ),
    "name-prefix-and-two-voices": (
        "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n"
        "00:01.000 --> 00:02.000\nInterviewer: Go on.\n\n"
        "00:02.000 --> 00:04.000\n<v Interviewer>Mm-hmm.\n<v Participant>Then I left.\n\n"
        "00:05.000 --> 00:06.000\n(silence)\n",
        [
            ("Interviewer", 1.0, 2.0, "Go on."),
            ("Interviewer", 2.0, 4.0, "Mm-hmm."),
            ("Participant", 2.0, 4.0, "Then I left."),
            ("", 5.0, 6.0, "(silence)"),
        ],
    ),
}


@pytest.mark.parametrize(("content", "expected"), VTT_CASES.values(), ids=VTT_CASES.keys())
def test_vtt_cues(tmp_path: Path, content: str, expected: Expected) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(content, encoding="utf-8")
    transcript = read_transcript(path)
    assert turns_of(transcript) == expected
    assert "WEBVTT" not in transcript.text and "Reyes" not in transcript.text and "cue" not in transcript.text


SRT_CASES = {
    "labels": (
        "1\n00:00:01,000 --> 00:00:03,500\nI: Where were you\nplaced?\n\n"
        "2\n00:00:04,000 --> 00:00:06,250\nP: At a <i>clinic</i>.\n",
        [("I", 1.0, 3.5, "Where were you placed?"), ("P", 4.0, 6.25, "At a clinic.")],
    ),
    "no-labels-and-codes": (
        "\ufeff1\n00:00:01,000 --> 00:00:02,000\n{\\an8}(door closes)\n\n"
        "2\n00:01:02,500 --> 00:01:04,000\nParticipant 2: Yes &amp; no.\n",
        [("", 1.0, 2.0, "(door closes)"), ("Participant 2", 62.5, 64.0, "Yes & no.")],
    ),
}


@pytest.mark.parametrize(("content", "expected"), SRT_CASES.values(), ids=SRT_CASES.keys())
def test_srt_cues(tmp_path: Path, content: str, expected: Expected) -> None:
    path = tmp_path / "call.srt"
    path.write_text(content, encoding="utf-8")
    assert turns_of(read_transcript(path)) == expected


@pytest.mark.parametrize(
    ("name", "kind", "speakers"),
    [
        (
            "typed.docx",
            "docx",
            ["", "Interviewer", "Participant", "Participant", "Interviewer", "Participant"],
        ),
        ("interview.vtt", "vtt", ["I", "P", "P", "I", "I", "P"]),
        ("interview.srt", "srt", ["I", "P", "P", ""]),
        ("interview.html", "noscribe-html", ["", "S00", "S01", "S00", "S01", "S00"]),
    ],
)
def test_committed_samples(name: str, kind: str, speakers: list[str]) -> None:
    path = DATA / name
    transcript = read_transcript(path)
    assert [t.speaker for t in transcript.turns] == speakers
    assert transcript.source == name and transcript.settings == {"import": {"format": kind}}
    assert transcript.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert transcript.duration == max(t.end for t in transcript.turns) > 0
    assert "Danielle Reyes" in transcript.text  # the name is there to be de-identified (test_importers_cli)
    assert not any(word in transcript.text for word in ("WEBVTT", "noScribe", "placement.mp3"))


def test_roles_come_from_the_study_label_lists(tmp_path: Path) -> None:
    path = tmp_path / "coach.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nCoach: Ready?\n\n2\n00:00:02,000 --> 00:00:03,000\nClient: Yes.\n"
    )
    options = SpeakerLinesOptions(interviewer_labels=["Coach"], participant_labels=["Client"])
    assert [t.role for t in read_transcript(path, options).turns] == ["interviewer", "participant"]
    assert [t.role for t in read_transcript(path).turns] == ["", ""]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.pdf", "cannot read notes.pdf: unsupported transcript format .pdf; supported: "
         ".txt, .json, .docx, .vtt, .srt, .html, .htm"),
        ("old.doc", "unsupported transcript format .doc (save it as .docx first); supported: .txt"),
        ("README", "unsupported transcript format (no extension); supported: .txt"),
    ],
)  # fmt: skip
def test_unsupported_formats_name_the_supported_ones(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 not a transcript")
    with pytest.raises(SpeakerLinesError) as caught:
        read_transcript(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(SpeakerLinesError, match="unsupported"):
        transcript_format(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("typed.docx", b"P: this is text, not a Word file", "not a Word document"),
        ("call.vtt", b"1\n00:00:01.000 --> 00:00:02.000\nno header\n", "not a WebVTT file"),
        ("call.vtt", b"WEBVTT Danielle\n\nNOTE only a note\n", "no transcript text found"),
        ("call.srt", b"this is not a subtitle file\n", "not a SubRip file"),
        ("call.srt", "1\n00:00:01,000 --> 00:00:02,000\nP: caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("page.html", b"<html><head><title>x</title></head><body></body></html>", "no transcript text"),
    ],
)
def test_unreadable_files_are_one_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SpeakerLinesError, match=message):
        read_transcript(path)
    with pytest.raises(SpeakerLinesError, match="cannot read transcript"):
        read_transcript(tmp_path / f"missing{path.suffix}")


def test_text_and_json_are_still_told_by_content(tmp_path: Path) -> None:
    document = Transcript("a.wav", "0" * 64, 1.0, "faster-whisper", "base", "en")
    (tmp_path / "t.txt").write_text(document.to_json())
    (tmp_path / "lines.json").write_text("I: Hi.\nP: Hello.\n")
    assert read_any_transcript(tmp_path / "t.txt") == document
    lines = read_any_transcript(tmp_path / "lines.json")
    assert [t.role for t in lines.turns] == ["interviewer", "participant"]
    assert transcript_format(tmp_path / "T.TXT") == "text" and transcript_format(tmp_path / "x.htm") == "html"
