"""Text exports parsed back with real readers (a MAXQDA time-mark regex; SRT and WebVTT in
test_export_subtitles.py) and compared word for word with the source transcript; the registry and the
leak gate around them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.document import load_transcript
from pipeline.errors import ConfigError, LeakError
from pipeline.export import ExportContext, export_transcript, formats_named, get_format, known_formats
from tests.export_sample import TURNS, sample_transcript, source_words

CONTEXT = ExportContext(study="Training Study", timestamps=True, exported=date(2026, 11, 25))


def _render(name: str, **context: object) -> str:
    ctx = ExportContext(**{**CONTEXT.__dict__, **context})
    content = get_format(name).write(sample_transcript(), ctx)
    assert isinstance(content, str)
    return content


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as err:
        formats_named(["txt", "docxx"])
    assert "'docxx'" in str(err.value)
    for name in known_formats():
        assert name in str(err.value)


def test_txt_has_the_header_and_one_labelled_paragraph_per_turn() -> None:
    text = _render("txt")
    header, body = text.split("\n\n", 1)
    assert header.splitlines() == [
        "Participant P01 · de-identified transcript · faster-whisper tiny.en",
        "Study: Training Study",
        "Exported: 2026-11-25",
        "Duration: 01:01:20",
        "Not checked against the recording",
    ]
    paragraphs = body.rstrip("\n").split("\n\n")
    assert len(paragraphs) == len(TURNS)
    parsed = [re.fullmatch(r"\[(\d\d:\d\d:\d\d)\] (\w+): (.*)", p, re.S) for p in paragraphs]
    assert [m.group(1) for m in parsed] == ["00:00:00", "00:00:04", "00:00:20", "01:01:01"]  # type: ignore[union-attr]
    assert [m.group(2) for m in parsed] == [t[0] for t in TURNS]  # type: ignore[union-attr]
    assert [w for m in parsed for w in m.group(3).split()] == source_words(sample_transcript())  # type: ignore[union-attr]
    assert "\r" not in text


def test_txt_without_stamps_or_study() -> None:
    text = _render("txt", timestamps=False, study="")
    assert "Study:" not in text and "[00:" not in text
    assert text.split("\n\n")[1].startswith("I: Can you tell me")


MAXQDA_LINE = re.compile(
    r"(?P<speaker>[^:\s]+): (?P<text>.+) #(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)-(?P<d>\d)#"
)


def test_maxqda_lines_carry_labels_and_tenths_time_marks() -> None:
    lines = _render("maxqda").rstrip("\n").split("\n")
    matches = [MAXQDA_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    assert [m["speaker"] for m in matches] == [t[0] for t in TURNS]  # type: ignore[index]
    marks = [int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"]) + int(m["d"]) / 10 for m in matches]  # type: ignore[index]
    assert marks == pytest.approx([round(t[3], 1) for t in TURNS])
    assert [w for m in matches for w in m["text"].split()] == source_words(sample_transcript())  # type: ignore[index]


def test_json_round_trips_the_document_model(tmp_path: Path) -> None:
    transcript = sample_transcript()
    transcript.attributes = {"Cohort": "2019", "Site": "Northfield Clinic"}
    paths = export_transcript(transcript, formats_named(["json"]), tmp_path, LeakGate([]), CONTEXT)
    assert paths == [tmp_path / "P01.json"]
    assert load_transcript(paths[0]) == transcript
    # the roster attributes it carries are read by the leak gate like the rest of the file
    gate = LeakGate([KnownIdentifier("Northfield Clinic", "[ORG 7]")])
    with pytest.raises(LeakError, match=r"\[ORG 7\]"):
        export_transcript(transcript, formats_named(["json"]), tmp_path / "x", gate, CONTEXT)


def test_attributes_stay_out_of_the_text_headers() -> None:
    """Case attributes go to the .qdpx case table, not into each transcript's header: see the README."""
    transcript = sample_transcript()
    transcript.attributes = {"Cohort": "2019"}
    text = get_format("txt").write(transcript, CONTEXT)
    assert "Cohort" not in text and "2019" not in text


def test_every_text_format_is_written_and_the_gate_refuses_a_leak(tmp_path: Path) -> None:
    transcript = sample_transcript()
    text_formats = formats_named(["txt", "json", "srt", "vtt", "maxqda"])
    paths = export_transcript(transcript, text_formats, tmp_path, LeakGate([]), CONTEXT)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["P01.txt", "P01.json", "P01.srt", "P01.vtt", "P01.maxqda.txt"]
    )
    assert all(p.read_bytes().decode("utf-8") for p in paths)
    leaky = LeakGate([KnownIdentifier("Café", "[PLACE 2]")])
    for fmt in text_formats:
        out = tmp_path / fmt.name
        with pytest.raises(LeakError, match=r"\[PLACE 2\]"):
            export_transcript(transcript, [fmt], out, leaky, CONTEXT)
        assert not out.exists() or not any(out.iterdir())
