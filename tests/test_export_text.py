"""Text exports parsed back with real readers (srt, webvtt-py, a MAXQDA time-mark regex) and compared
word for word with the source transcript; the registry and the leak gate around them."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
import srt
import webvtt

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


def test_srt_parses_back_with_the_srt_library() -> None:
    cues = list(srt.parse(_render("srt")))
    assert len(cues) == len(TURNS)
    for cue, (speaker, _, start, end, _) in zip(cues, TURNS, strict=True):
        assert cue.start.total_seconds() == pytest.approx(start, abs=0.001)
        assert cue.end.total_seconds() == pytest.approx(end, abs=0.001)
        assert cue.content.startswith(f"{speaker}: ")
    spoken = [w for cue in cues for w in cue.content.split(": ", 1)[1].split()]
    assert spoken == source_words(sample_transcript())


def test_vtt_parses_back_with_webvtt_py_and_keeps_voices() -> None:
    captions = webvtt.from_buffer(io.StringIO(_render("vtt"))).captions
    assert len(captions) == len(TURNS)
    assert [c.voice for c in captions] == [t[0] for t in TURNS]
    assert [c.start for c in captions][:2] == ["00:00:00.000", "00:00:04.800"]
    assert captions[3].end == "01:01:15.550"
    spoken = [w for c in captions for w in _unescape(c.text).split()]
    assert spoken == source_words(sample_transcript())


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


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
    paths = export_transcript(transcript, formats_named(["json"]), tmp_path, LeakGate([]), CONTEXT)
    assert paths == [tmp_path / "P01.json"]
    assert load_transcript(paths[0]) == transcript


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
