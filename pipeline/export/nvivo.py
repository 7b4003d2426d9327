"""NVivo's transcript import: a table whose columns NVivo maps by heading (Timespan, Speaker, Content).

NVivo reads the timespan as ``hh:mm:ss.s - hh:mm:ss.s`` to link each row to the media; the DOCX holds
only the table, since text outside it would be imported as a stray row. The tab-delimited variant is the
same table as text, for NVivo's "import transcript" from .txt.
"""

from __future__ import annotations

import docx

from pipeline.document import Transcript, Turn
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import tenths
from pipeline.export.word import docx_text, save_bytes

COLUMNS = ("Timespan", "Speaker", "Content")


def _rows(transcript: Transcript) -> list[tuple[str, str, str]]:
    def span(turn: Turn) -> str:
        return f"{tenths(turn.start)} - {tenths(max(turn.end, turn.start))}"

    return [(span(t), t.speaker, " ".join(t.text.split())) for t in transcript.turns if t.text.strip()]


@register("nvivo", ".nvivo.docx", "NVivo transcript table (Timespan, Speaker, Content) in DOCX", docx_text)
def write_nvivo_docx(transcript: Transcript, context: ExportContext) -> bytes:
    document = docx.Document()
    rows = _rows(transcript)
    table = document.add_table(rows=1 + len(rows), cols=len(COLUMNS))
    for row, values in zip(table.rows, [COLUMNS, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    return save_bytes(document)


@register("nvivo-txt", ".nvivo.txt", "NVivo transcript table, tab-delimited text")
def write_nvivo_txt(transcript: Transcript, context: ExportContext) -> str:
    rows = [COLUMNS, *_rows(transcript)]
    return "".join("\t".join(v.replace("\t", " ") for v in row) + "\n" for row in rows)
