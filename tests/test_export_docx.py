"""DOCX and NVivo exports read back with python-docx (and csv for the tab-delimited table) and compared
word for word with the source transcript; the leak gate reads the text inside the zip."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.errors import LeakError
from pipeline.export import ExportContext, export_transcript, formats_named
from tests.export_sample import TURNS, sample_transcript, source_words

CONTEXT = ExportContext(study="Training Study", timestamps=False, exported=date(2026, 11, 25))


def _export(tmp_path: Path, name: str, context: ExportContext = CONTEXT) -> Path:
    [path] = export_transcript(sample_transcript(), formats_named([name]), tmp_path, LeakGate([]), context)
    return path


def test_docx_has_header_line_numbers_bold_labels_and_marked_tags(tmp_path: Path) -> None:
    path = _export(tmp_path, "docx")
    assert path.name == "P01.docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "Participant P01 · de-identified transcript · faster-whisper tiny.en",
        "Study: Training Study",
        "Exported: 2026-11-25",
        "Duration: 01:01:20",
        "Not checked against the recording",
    ]
    numbering = section._sectPr.find(qn("w:lnNumType"))
    assert numbering is not None and numbering.get(qn("w:countBy")) == "1"
    children = [c.tag.split("}")[1] for c in section._sectPr]
    assert children.index("lnNumType") < children.index("cols")  # schema order, or Word refuses it
    paragraphs = [p for p in document.paragraphs if p.text]
    assert len(paragraphs) == len(TURNS)
    for paragraph, (speaker, *_) in zip(paragraphs, TURNS, strict=True):
        assert paragraph.runs[0].text == f"{speaker}:" and paragraph.runs[0].bold
    spoken = [w for p in paragraphs for w in p.text.split(": ", 1)[1].split()]
    assert spoken == source_words(sample_transcript())
    highlighted = [
        r.text for p in paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert highlighted == ["[ORG 1]", "[PLACE 1]", "[NAME 1]"]


def test_docx_stamps_when_asked(tmp_path: Path) -> None:
    context = ExportContext(timestamps=True, exported=date(2026, 11, 25))
    document = docx.Document(str(_export(tmp_path, "docx", context)))
    assert document.paragraphs[-1].text.startswith("[01:01:01] P01: I ran")
    assert "Study:" not in "\n".join(p.text for p in document.sections[0].header.paragraphs)


TIMESPAN = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d) - (\d\d):(\d\d):(\d\d)\.(\d)")


def _seconds(h: str, m: str, s: str, d: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(d) / 10


def _check_nvivo_rows(rows: list[list[str]]) -> None:
    assert rows[0] == ["Timespan", "Speaker", "Content"]
    assert [r[1] for r in rows[1:]] == [t[0] for t in TURNS]
    for row, (_, _, start, end, _) in zip(rows[1:], TURNS, strict=True):
        match = TIMESPAN.fullmatch(row[0])
        assert match, row[0]
        assert _seconds(*match.groups()[:4]) == pytest.approx(round(start, 1))
        assert _seconds(*match.groups()[4:]) == pytest.approx(round(end, 1))
    assert [w for r in rows[1:] for w in r[2].split()] == source_words(sample_transcript())


def test_nvivo_docx_is_a_timespan_speaker_content_table(tmp_path: Path) -> None:
    path = _export(tmp_path, "nvivo")
    assert path.name == "P01.nvivo.docx"
    [table] = docx.Document(str(path)).tables
    _check_nvivo_rows([[cell.text for cell in row.cells] for row in table.rows])


def test_nvivo_txt_is_the_same_table_tab_delimited(tmp_path: Path) -> None:
    path = _export(tmp_path, "nvivo-txt")
    assert path.name == "P01.nvivo.txt"
    text = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    _check_nvivo_rows(rows)


@pytest.mark.parametrize("name", ["docx", "nvivo"])
def test_the_gate_reads_inside_the_zip(tmp_path: Path, name: str) -> None:
    gate = LeakGate([KnownIdentifier("Café", "[PLACE 2]")])
    with pytest.raises(LeakError, match=r"\[PLACE 2\]"):
        export_transcript(sample_transcript(), formats_named([name]), tmp_path, gate, CONTEXT)
    assert list(tmp_path.iterdir()) == []
