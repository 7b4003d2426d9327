"""A REFI-QDA project (.qdpx) for the whole study, which ATLAS.ti, MAXQDA, NVivo and QualCoder import.

The zip holds project.qde (QDA-XML 1.0) and one sources/<GUID>.txt per transcript, whose text is the
TXT export itself, so a coder sees the same words in every tool. Each participant code is a Case with
its variables: ParticipantCode, Interviewer, Duration, then the shareable roster attributes the
transcripts carry (Text variables: the union over the study, in the order the transcripts give them in
code order, which is the roster's column order when every participant has every column). A case without
a value for an attribute has no value for it, rather than an empty one a tool would count as an answer.
GUIDs are uuid5 of the study and the code, so a re-export after a fix replaces the same
sources and cases in a tool instead of adding copies; zip entries carry a fixed date for the same reason.
Importers are strict about what the schema leaves open: containers are written only when non-empty,
children in schema order, UTF-8 with LF and no BOM. Every project.qde is validated against the REFI
schema shipped in ``refi/`` before the zip exists, since an importer refuses an invalid project, often
without saying why, long after the export that made it.
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.atomic import atomic_open
from pipeline.deid.leakgate import LeakGate
from pipeline.document import Transcript
from pipeline.errors import DocumentError, ExportError
from pipeline.export.registry import ExportContext
from pipeline.export.txt import write_txt

if TYPE_CHECKING:
    import xmlschema

NS = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.UUID("6f1d7c2e-3b4a-5c6d-8e9f-0a1b2c3d4e5f")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SUFFIX = ".qdpx"
# Case variables every case has: name → REFI type (pipeline.deid.roster.RESERVED_ATTRIBUTES keeps
# roster attributes from taking these names)
VARIABLES = {"ParticipantCode": "Text", "Interviewer": "Text", "Duration": "Float"}
ATTRIBUTE_TYPE = "Text"
# QDA-XML 1.0, vendored byte for byte (see refi/README.md): the export must not depend on a network or
# on files beside the checkout
PROJECT_SCHEMA = Path(__file__).resolve().parent / "refi" / "Project.xsd"
REASON_CHARS = 200


def guid(study: str, kind: str, key: str) -> str:
    """A GUID that is the same for the same study, kind and key on every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"qualscribe/{study}/{kind}/{key}"))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _interviewer(transcript: Transcript) -> str:
    return next((t.speaker for t in transcript.turns if t.role == "interviewer" and t.speaker), "")


def _variables(transcripts: list[Transcript]) -> dict[str, str]:
    """Every case variable of the study, name → REFI type: the built-in ones, then the attributes in the
    order the transcripts (in code order) first give them, which is the roster's column order."""
    variables = dict(VARIABLES)
    for transcript in transcripts:
        for name in transcript.attributes:
            if name in VARIABLES:
                raise DocumentError(
                    f"transcript {transcript.source} has an attribute named {name!r}, the name of a case "
                    "variable every export writes"
                )
            variables.setdefault(name, ATTRIBUTE_TYPE)
    return variables


def project_xml(transcripts: list[Transcript], context: ExportContext) -> str:
    """project.qde for the transcripts (each named by its participant code, which must be unique)."""
    codes = [t.source for t in transcripts]
    if not transcripts:
        raise DocumentError("a REFI-QDA project needs at least one transcript")
    if len(set(codes)) != len(codes):
        raise DocumentError("two transcripts have the same participant code; a project needs one each")
    study = context.study or "qualscribe study"
    root = ET.Element("Project", {"xmlns": NS, "name": study, "origin": f"qualscribe {__version__}"})
    kinds = _variables(transcripts)
    variables = _el(root, "Variables")
    for name, kind in kinds.items():
        _el(variables, "Variable", guid=guid(study, "variable", name), name=name, typeOfVariable=kind)
    cases = _el(root, "Cases")
    for transcript in transcripts:
        code = transcript.source
        case = _el(cases, "Case", guid=guid(study, "case", code), name=code)
        values = {
            "ParticipantCode": code,
            "Interviewer": _interviewer(transcript),
            "Duration": f"{transcript.duration:.1f}",
            **{name: value for name, value in transcript.attributes.items() if value},
        }
        for name, value in values.items():
            holder = _el(case, "VariableValue")
            _el(holder, "VariableRef", targetGUID=guid(study, "variable", name))
            _el(holder, f"{kinds[name]}Value", value)
        _el(case, "SourceRef", targetGUID=guid(study, "source", code))
    sources = _el(root, "Sources")
    for transcript in transcripts:
        source_guid = guid(study, "source", transcript.source)
        _el(
            sources,
            "TextSource",
            guid=source_guid,
            name=transcript.source,
            plainTextPath=f"internal://{source_guid}.txt",
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@lru_cache(maxsize=1)
def project_schema() -> xmlschema.XMLSchema:
    """The REFI Project schema, parsed once per process (building it takes far longer than a check)."""
    import xmlschema  # imported here: only an export that writes a .qdpx pays for it

    return xmlschema.XMLSchema(str(PROJECT_SCHEMA))


def validate_project(xml: str) -> None:
    """Raise ExportError naming the first thing in ``xml`` the REFI schema refuses.

    The reason is xmlschema's, cut to its first line, with the element's path, so the user learns what is
    wrong without a page of schema dump.
    """
    try:
        error = next(project_schema().iter_errors(xml), None)
    except ET.ParseError as exc:  # xmlschema's parse errors derive from ElementTree's
        raise ExportError(f"the REFI-QDA project is not well-formed XML: {_short(str(exc))}") from exc
    if error is not None:
        where = f"{error.path}: " if error.path else ""
        reason = _short(error.reason or str(error))
        raise ExportError(f"the REFI-QDA project would not be valid: {where}{reason}")


def _short(reason: str) -> str:
    """The first line of ``reason``, at most REASON_CHARS long."""
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown reason"
    return first if len(first) <= REASON_CHARS else first[: REASON_CHARS - 1] + "…"


def write_qdpx(transcripts: list[Transcript], context: ExportContext) -> bytes:
    """The .qdpx zip: project.qde, then each source's text (the TXT export), in code order.

    project.qde is validated first, so no caller can get (and write) an invalid project.
    """
    ordered = sorted(transcripts, key=lambda t: t.source)
    study = context.study or "qualscribe study"
    xml = project_xml(ordered, context)
    validate_project(xml)
    entries = [("project.qde", xml)]
    entries += [(f"sources/{guid(study, 'source', t.source)}.txt", write_txt(t, context)) for t in ordered]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def qdpx_text(content: bytes) -> str:
    """Every text entry of the zip, for the leak gate."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def study_file_name(context: ExportContext) -> str:
    """``<study>.qdpx`` with path separators made harmless, or ``study.qdpx`` without a name."""
    name = "".join("_" if c in '/\\:*?"<>|' else c for c in context.study).strip(" .")
    return f"{name or 'study'}{SUFFIX}"


def write_study(transcripts: list[Transcript], out_dir: Path, gate: LeakGate, context: ExportContext) -> Path:
    """Write the study's .qdpx into ``out_dir`` once it is valid and the leak gate has read all its text.

    Both checks run on the bytes in memory, so a refused project leaves no file and no temporary file.
    """
    path = out_dir / study_file_name(context)
    content = write_qdpx(transcripts, context)
    gate.check(qdpx_text(content), str(path))
    with atomic_open(path, "wb") as handle:
        handle.write(content)
    return path
