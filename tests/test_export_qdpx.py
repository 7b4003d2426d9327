"""The study's REFI-QDA project: project.qde valid against the REFI schema, one source per transcript
whose text is the TXT export, one case per participant code, GUIDs stable across re-exports."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.errors import DocumentError, ExportError, LeakError
from pipeline.export import ExportContext
from pipeline.export.qdpx import NS, PROJECT_SCHEMA, validate_project, write_qdpx, write_study
from pipeline.export.txt import write_txt
from tests.conftest import REFI_SCHEMA
from tests.export_sample import sample_transcript, source_words

CONTEXT = ExportContext(study="Training Study", timestamps=True, exported=date(2026, 11, 25))
Q = f"{{{NS}}}"


def _study() -> list:
    first = sample_transcript()
    second = dataclasses.replace(first, source="P02", duration=61.5, turns=first.turns[:2])
    second.turns[1] = dataclasses.replace(second.turns[1], speaker="P02")
    return [second, first]


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(REFI_SCHEMA))


def test_project_validates_and_sources_are_the_txt_export(schema: xmlschema.XMLSchema) -> None:
    content = write_qdpx(_study(), CONTEXT)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        assert not qde.startswith(b"\xef\xbb\xbf") and b"\r" not in qde
        schema.validate(qde.decode("utf-8"))
        root = ET.fromstring(qde)
        sources = root.findall(f"{Q}Sources/{Q}TextSource")
        assert [s.get("name") for s in sources] == ["P01", "P02"]
        by_code = {t.source: t for t in _study()}
        for source in sources:
            path = source.get("plainTextPath")
            assert path == f"internal://{source.get('guid')}.txt"
            text = archive.read(f"sources/{source.get('guid')}.txt")
            assert not text.startswith(b"\xef\xbb\xbf") and b"\r" not in text
            transcript = by_code[source.get("name")]
            assert text.decode("utf-8") == write_txt(transcript, CONTEXT)
            body = text.decode("utf-8").split("\n\n", 1)[1]
            spoken = [w for p in body.split("\n\n") for w in p.split(": ", 1)[1].split()]
            assert spoken == source_words(transcript)
    assert sorted(names) == sorted(["project.qde"] + [f"sources/{s.get('guid')}.txt" for s in sources])


def test_one_case_per_code_with_its_variables() -> None:
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(write_qdpx(_study(), CONTEXT))).read("project.qde"))
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{Q}Variable")}
    assert sorted(variables.values()) == ["Duration", "Interviewer", "ParticipantCode"]
    sources = {s.get("guid"): s.get("name") for s in root.iter(f"{Q}TextSource")}
    cases = root.findall(f"{Q}Cases/{Q}Case")
    assert [c.get("name") for c in cases] == ["P01", "P02"]
    for case in cases:
        values = {
            variables[v.find(f"{Q}VariableRef").get("targetGUID")]: v[1].text  # type: ignore[union-attr]
            for v in case.findall(f"{Q}VariableValue")
        }
        assert values["ParticipantCode"] == case.get("name") and values["Interviewer"] == "I"
        [ref] = case.findall(f"{Q}SourceRef")
        assert sources[ref.get("targetGUID")] == case.get("name")
    assert [float(v.text) for v in root.iter(f"{Q}FloatValue")] == [3680.0, 61.5]  # type: ignore[arg-type]


def test_re_export_is_byte_identical_and_guids_depend_on_the_code() -> None:
    assert write_qdpx(_study(), CONTEXT) == write_qdpx(list(reversed(_study())), CONTEXT)
    one = ET.fromstring(zipfile.ZipFile(io.BytesIO(write_qdpx(_study()[1:], CONTEXT))).read("project.qde"))
    both = ET.fromstring(zipfile.ZipFile(io.BytesIO(write_qdpx(_study(), CONTEXT))).read("project.qde"))
    guid = {s.get("name"): s.get("guid") for s in both.iter(f"{Q}TextSource")}
    assert [s.get("guid") for s in one.iter(f"{Q}TextSource")] == [guid["P01"]]


def test_duplicate_codes_and_empty_studies_are_refused() -> None:
    with pytest.raises(DocumentError, match="same participant code"):
        write_qdpx([sample_transcript(), sample_transcript()], CONTEXT)
    with pytest.raises(DocumentError, match="at least one"):
        write_qdpx([], CONTEXT)


def test_write_study_goes_through_the_leak_gate(tmp_path: Path) -> None:
    path = write_study(_study(), tmp_path, LeakGate([]), CONTEXT)
    assert path == tmp_path / "Training Study.qdpx" and zipfile.is_zipfile(path)
    with pytest.raises(LeakError, match=r"\[PLACE 2\]"):
        write_study(_study(), tmp_path / "x", LeakGate([KnownIdentifier("Café", "[PLACE 2]")]), CONTEXT)
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_an_independent_refi_reader_opens_the_project(tmp_path: Path) -> None:
    """pyrefiqda (xsdata models of the REFI schema) reads sources and cases back, and the source files it
    resolves hold the TXT export."""
    from pyrefiqda import RefiProject

    path = tmp_path / "study.qdpx"
    path.write_bytes(write_qdpx(_study(), CONTEXT))
    project = RefiProject.load(path, extract_dir=str(tmp_path / "extracted"))
    sources = project.sources.text_source
    assert [s.name for s in sources] == ["P01", "P02"]
    assert [c.name for c in project.cases.case] == ["P01", "P02"]
    by_code = {t.source: t for t in _study()}
    for source in sources:
        file = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "extracted")
        assert file.read_text(encoding="utf-8") == write_txt(by_code[source.name], CONTEXT)
    guids = {s.guid for s in sources}
    assert {ref.target_guid for c in project.cases.case for ref in c.source_ref} == guids


def _study_with_attributes() -> list:
    """P01 has a cohort and a site; P02 a site and a programme but no cohort (the roster had no value)."""
    second, first = _study()
    first.attributes = {"Cohort": "2019", "Site": "Clinic B"}
    second.attributes = {"Site": "Clinic A", "Programme": "Counseling Psychology & <MFT>"}
    return [second, first]


def test_shareable_attributes_are_text_case_variables(schema: xmlschema.XMLSchema) -> None:
    qde = zipfile.ZipFile(io.BytesIO(write_qdpx(_study_with_attributes(), CONTEXT))).read("project.qde")
    schema.validate(qde.decode("utf-8"))
    root = ET.fromstring(qde)
    variables = root.findall(f"{Q}Variables/{Q}Variable")
    # the built-in ones, then the union over the study in the order the cases (P01, P02) give them
    assert [(v.get("name"), v.get("typeOfVariable")) for v in variables] == [
        ("ParticipantCode", "Text"),
        ("Interviewer", "Text"),
        ("Duration", "Float"),
        ("Cohort", "Text"),
        ("Site", "Text"),
        ("Programme", "Text"),
    ]
    names = {v.get("guid"): v.get("name") for v in variables}
    values = {
        case.get("name"): {
            names[value.find(f"{Q}VariableRef").get("targetGUID")]: value[1].text  # type: ignore[union-attr]
            for value in case.findall(f"{Q}VariableValue")
        }
        for case in root.iter(f"{Q}Case")
    }
    assert {k: v for k, v in values["P01"].items() if k in ("Cohort", "Site", "Programme")} == {
        "Cohort": "2019",
        "Site": "Clinic B",
    }
    # no cohort for P02: no value at all rather than an empty one
    assert {k: v for k, v in values["P02"].items() if k in ("Cohort", "Site", "Programme")} == {
        "Site": "Clinic A",
        "Programme": "Counseling Psychology & <MFT>",
    }
    # the order is the study's, not the order the transcripts were given in
    assert write_qdpx(list(reversed(_study_with_attributes())), CONTEXT) == write_qdpx(
        _study_with_attributes(), CONTEXT
    )


def test_the_refi_reader_sees_the_attribute_values(tmp_path: Path) -> None:
    from pyrefiqda import RefiProject

    path = tmp_path / "study.qdpx"
    path.write_bytes(write_qdpx(_study_with_attributes(), CONTEXT))
    project = RefiProject.load(path, extract_dir=str(tmp_path / "extracted"))
    names = {v.guid: v.name for v in project.variables.variable}
    seen = {
        case.name: {
            names[v.variable_ref.target_guid]: v.text_value for v in case.variable_value if v.text_value
        }
        for case in project.cases.case
    }
    assert seen["P01"]["Cohort"] == "2019" and "Cohort" not in seen["P02"]
    assert seen["P02"]["Programme"] == "Counseling Psychology & <MFT>"


def test_attribute_values_go_through_the_leak_gate_and_cannot_take_a_built_in_name(tmp_path: Path) -> None:
    study = _study_with_attributes()
    gate = LeakGate([KnownIdentifier("Northfield Clinic", "[ORG 7]")])
    write_study(study, tmp_path / "clean", gate, CONTEXT)  # the name is in no transcript ...
    study[1].attributes["Site"] = "Northfield Clinic"  # ... until a roster attribute carries it
    with pytest.raises(LeakError, match=r"\[ORG 7\]"):
        write_study(study, tmp_path / "leaky", gate, CONTEXT)
    assert not (tmp_path / "leaky").exists() or not any((tmp_path / "leaky").iterdir())
    study[1].attributes = {"Duration": "long"}
    with pytest.raises(DocumentError, match="attribute named 'Duration'"):
        write_qdpx(study, CONTEXT)


def test_an_invalid_project_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """A duration that is not a number (a JSON transcript may say NaN) would make FloatValue 'nan', which
    xs:decimal refuses: the export names the element and leaves the out folder as it was."""
    study = _study()
    study[0] = dataclasses.replace(study[0], duration=float("nan"))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match=r"FloatValue: invalid value 'nan' for xs:decimal") as caught:
        write_study(study, out, LeakGate([]), CONTEXT)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300
    assert list(out.iterdir()) == []  # no .qdpx and no .tmp beside it


def test_a_project_that_is_not_well_formed_is_refused(tmp_path: Path) -> None:
    """A control character in a roster attribute cannot appear in XML 1.0 at all."""
    study = _study_with_attributes()
    study[1].attributes["Site"] = "Clinic\x0bB"
    with pytest.raises(ExportError, match="not well-formed XML"):
        write_study(study, tmp_path, LeakGate([]), CONTEXT)
    assert list(tmp_path.iterdir()) == []


def test_validation_names_what_the_schema_refuses() -> None:
    """The real writer's project.qde, broken two ways: a GUID that is no GUID, a required type removed."""
    qde = zipfile.ZipFile(io.BytesIO(write_qdpx(_study(), CONTEXT))).read("project.qde").decode("utf-8")
    validate_project(qde)  # as written: valid
    case_guid = ET.fromstring(qde).find(f"{Q}Cases/{Q}Case").get("guid")  # type: ignore[union-attr]
    with pytest.raises(ExportError, match=r"^the REFI-QDA project would not be valid: /Project/Cases/Case"):
        validate_project(qde.replace(f'guid="{case_guid}"', 'guid="P01"', 1))
    typed = 'name="Duration" typeOfVariable="Float"'
    assert typed in qde
    with pytest.raises(ExportError, match=r"Variable\[3\]: missing required attribute 'typeOfVariable'"):
        validate_project(qde.replace(typed, 'name="Duration"'))


def test_the_schema_is_the_vendored_refi_release() -> None:
    """The copy shipped in the package is QDA-XML 1.0 unmodified (editing it to make a project pass would
    hand the coding tools files they refuse)."""
    assert REFI_SCHEMA == PROJECT_SCHEMA
    digest = hashlib.sha256(PROJECT_SCHEMA.read_bytes()).hexdigest()
    assert digest == "7841112e27897debf996f76209b9c5a5d074d66c1297a2f19f5ef250d29303bd"
