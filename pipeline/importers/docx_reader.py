"""Word (.docx) transcripts, as transcription services and typists deliver them, read with python-docx.

Three layouts are common, and one document may mix them:

- paragraphs that open with a label, "Interviewer: ..." (or "[00:01:23] Interviewer: ...", or the
  label and a tab), like speaker lines;
- a bold label run, "**Interviewer** So tell me...", with or without a colon;
- a table with a speaker column and a text column, perhaps a time column, as NVivo's transcript
  entries and many services' templates have; a header row naming the columns ("Speaker", "Content",
  "Timespan") is used to find them, and without one two columns are speaker and text, and three are
  time, speaker and text when the first holds a time.

Body paragraphs and tables are read in document order. Headers, footers, comments and text boxes are
not transcript text and are not read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from pipeline.document import Transcript
from pipeline.errors import SpeakerLinesError
from pipeline.importers.common import clocks, make_transcript, plain, read_bytes, split_paragraph
from pipeline.importers.paragraphs import Paragraph, turns_from_paragraphs
from pipeline.speaker_lines import SpeakerLinesOptions, split_label

_HEADERS = {
    "speaker": {"speaker", "name", "who", "sprecher", "person"},
    "text": {"text", "content", "transcript", "transcription", "utterance", "statement", "inhalt"},
    "time": {"time", "timespan", "timestamp", "timecode", "start", "begin", "zeit"},
}


def read_docx(path: Path, options: SpeakerLinesOptions) -> Transcript:
    """The turns of a .docx; a file that is not a Word document is one clear error."""
    data = read_bytes(path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise SpeakerLinesError(f"cannot read transcript {path}: not a Word document (.docx): {exc}") from exc
    paragraphs: list[Paragraph] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs += _table(block)
        else:
            paragraphs.append(_paragraph(block))
    return make_transcript(path, data, turns_from_paragraphs(paragraphs, options), "docx")


def _paragraph(paragraph: DocxParagraph) -> Paragraph:
    """A paragraph, with its label taken from a leading bold run when its text has none of its own."""
    text = paragraph.text
    if split_paragraph(text)[0] is not None:
        return Paragraph(text)
    bold = ""
    for run in paragraph.runs:
        if not run.bold:
            break
        bold += run.text
    label = bold.strip().rstrip(":").strip()
    rest = text[len(bold) :].strip() if text.startswith(bold) else ""
    if label and rest and split_label(f"{label}:") is not None:
        return Paragraph(rest, label=label)
    return Paragraph(text)


def _table(table: Table) -> Iterator[Paragraph]:
    """A table's rows as labelled paragraphs, if its columns can be told; else each row as plain text."""
    rows = [[plain(cell.text) for cell in row.cells] for row in table.rows]
    if not rows:
        return
    columns = _header_columns(rows[0])
    if columns:
        rows = rows[1:]
    else:
        columns = _guessed_columns(rows[0])
    for cells in rows:
        if columns is None or len(set(cells)) == 1:  # a row merged across (a title), or unknown columns
            yield Paragraph(" ".join(dict.fromkeys(cell for cell in cells if cell)))
            continue
        times = clocks(cells[columns["time"]]) if "time" in columns else []
        yield Paragraph(
            cells[columns["text"]],
            label=cells[columns["speaker"]].rstrip(":").strip() or None,  # empty: the speaker before
            start=times[0] if times else None,
            end=times[1] if len(times) > 1 else None,
        )


def _header_columns(first: list[str]) -> dict[str, int] | None:
    """Columns named by a header row: at least a speaker and a text column."""
    found: dict[str, int] = {}
    for index, cell in enumerate(first):
        for column, names in _HEADERS.items():
            if cell.strip().rstrip(":").lower() in names and column not in found:
                found[column] = index
    return found if {"speaker", "text"} <= set(found) else None


def _guessed_columns(first: list[str]) -> dict[str, int] | None:
    """Without a header: speaker | text, or time | speaker | text when the first cell is a time."""
    if len(first) == 2:
        return {"speaker": 0, "text": 1}
    if len(first) == 3 and clocks(first[0]):
        return {"time": 0, "speaker": 1, "text": 2}
    return None
