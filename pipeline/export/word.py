"""DOCX for coders who work in Word or import it into a QDA tool (python-docx).

Coders cite passages by line, so line numbering is switched on in the section properties; python-docx
has no API for it, so the ``w:lnNumType`` element is placed by hand in the order the OOXML schema
requires (Word rejects a section whose children are out of order). The provenance header goes into the
page header, where it does not disturb the line numbers of the interview itself. Redaction tags are
highlighted so a coder never mistakes ``[NAME 1]`` for something the participant said.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import docx
from docx.document import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.text.paragraph import Paragraph

from pipeline.document import Transcript
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import clock
from pipeline.export.txt import header_lines

TAG = re.compile(r"\[[A-Z]+(?: \d+)?\]")
# CT_SectPr children that must come after w:lnNumType (ECMA-376 Part 1, 17.6.17)
_AFTER_LNNUM = (
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def _number_lines(section: Section) -> None:
    """Turn on continuous line numbering (every line, restarting never) for one section."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:lnNumType")):
        sect_pr.remove(old)
    element = OxmlElement("w:lnNumType")
    element.set(qn("w:countBy"), "1")
    element.set(qn("w:restart"), "continuous")
    element.set(qn("w:distance"), "360")
    following = next((c for c in sect_pr if c.tag in {qn(f"w:{n}") for n in _AFTER_LNNUM}), None)
    if following is None:
        sect_pr.append(element)
    else:
        following.addprevious(element)


def _add_text(paragraph: Paragraph, text: str) -> None:
    """Add ``text`` as runs, each redaction tag its own highlighted run."""
    position = 0
    for match in TAG.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group()).font.highlight_color = WD_COLOR_INDEX.YELLOW
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


# Zip entries carry a modification time to the second; a shareable file says no more than its day
# (the header's "Exported" date), so every entry gets the zip format's earliest date instead.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def save_bytes(document: Document) -> bytes:
    """The document as .docx bytes, with no time finer than the day in it (and so reproducible)."""
    properties = document.core_properties
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    properties.created = properties.modified = today
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_zip_date(buffer.getvalue())


def _with_zip_date(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_DATE)
            info.compress_type = item.compress_type
            info.external_attr = item.external_attr
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def docx_text(content: bytes) -> str:
    """Every piece of text a reader of the file sees: headers, paragraphs and table cells."""
    document = docx.Document(io.BytesIO(content))
    parts = []
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    parts += [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(parts)


@register("docx", ".docx", "Word document: header, bold labels, highlighted tags, line numbers", docx_text)
def write_docx(transcript: Transcript, context: ExportContext) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    header = section.header
    lines = header_lines(transcript, context)
    header.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        header.add_paragraph(line)
    _number_lines(section)
    for turn in transcript.turns:
        paragraph = document.add_paragraph()
        if context.timestamps:
            paragraph.add_run(f"[{clock(turn.start)}] ")
        if turn.speaker:
            paragraph.add_run(f"{turn.speaker}:").bold = True
            paragraph.add_run(" ")
        _add_text(paragraph, turn.text)
    return save_bytes(document)
