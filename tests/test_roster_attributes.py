"""Participant attributes in the roster: shareable:<Name> columns leave the lab as case variables, every
other column stays private; rows name recordings by path, name or stem; conflicts and typos are refused
with the line, never the value; the transcript carries the attributes in its JSON."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.deid.roster import RESERVED_ATTRIBUTES, RosterEntry, load_roster, read_roster
from pipeline.deid.roster_attributes import attributes_by_recording, shareable_attributes
from pipeline.document import Transcript
from pipeline.errors import ConfigError, DocumentError
from pipeline.export.qdpx import VARIABLES
from tests.export_sample import sample_transcript

ROSTER = """\
value,category,participant,shareable:Cohort,Intake notes,shareable: Site ,private:Phone
Danielle Reyes,NAME,site2/reyes_d.m4a,2019,anxious about recording,Clinic B,555-0100
Danielle,NAME,reyes_d,,,,
,,reyes_d.M4A,2019,,,
Riverside Counseling Center,ORG,,,,,
,,p07,2021,,Clinic A,
"Okafor, Ada",NAME,site1/p07,,,,
"""


@pytest.fixture
def study(tmp_path: Path) -> tuple[Path, Path]:
    """A roster and a recordings folder with subfolders, as a study keeps them."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    recordings = tmp_path / "recordings"
    for name in ("site2/reyes_d.m4a", "site1/p07.wav", "site1/p08.wav"):
        (recordings / name).parent.mkdir(parents=True, exist_ok=True)
        (recordings / name).write_bytes(b"")
    return roster, recordings


def test_identifier_entries_are_unchanged_and_attribute_rows_are_not_entries(
    study: tuple[Path, Path],
) -> None:
    roster, _ = study
    assert load_roster(roster) == [
        RosterEntry("Danielle Reyes", "NAME", "site2/reyes_d.m4a"),
        RosterEntry("Danielle", "NAME", "reyes_d"),
        RosterEntry("Riverside Counseling Center", "ORG", ""),
        RosterEntry("Okafor, Ada", "NAME", "site1/p07"),
    ]
    parsed = read_roster(roster)
    assert parsed.shareable == {"shareable:Cohort": "Cohort", "shareable: Site": "Site"}
    assert [(row.line, row.participant) for row in parsed.attributes] == [
        (2, "site2/reyes_d.m4a"),
        (4, "reyes_d.M4A"),
        (6, "p07"),
    ]


def test_only_shareable_columns_are_returned_in_column_order(study: tuple[Path, Path]) -> None:
    roster, recordings = study
    reyes = shareable_attributes(roster, recordings / "site2/reyes_d.m4a", recordings)
    assert reyes == {"Cohort": "2019", "Site": "Clinic B"}
    assert list(reyes) == ["Cohort", "Site"]
    assert "anxious about recording" not in reyes.values() and "555-0100" not in reyes.values()
    # p07 is named by its stem on one row; a recording no row names has no attributes
    assert shareable_attributes(roster, recordings / "site1/p07.wav", recordings) == {
        "Cohort": "2021",
        "Site": "Clinic A",
    }
    assert shareable_attributes(roster, recordings / "site1/p08.wav", recordings) == {}


@pytest.mark.parametrize(
    "name",
    ["site2/reyes_d.m4a", "site2/reyes_d", "reyes_d.m4a", "reyes_d", "SITE2\\Reyes_D.m4a", "./site2/reyes_d"],
)
def test_a_participant_names_its_recording_by_path_name_or_stem(tmp_path: Path, name: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"value,category,participant,shareable:Cohort\n,,{name},2019\n", encoding="utf-8")
    recordings = tmp_path / "recordings"
    assert shareable_attributes(roster, recordings / "site2" / "reyes_d.m4a", recordings) == {
        "Cohort": "2019"
    }
    # a path with a folder names only the file in that folder
    other = shareable_attributes(roster, recordings / "site3" / "reyes_d.m4a", recordings)
    assert other == ({} if "/" in name.replace("\\", "/").removeprefix("./") else {"Cohort": "2019"})


def test_conflicting_values_for_one_participant_name_the_lines_not_the_values(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "value,category,participant,shareable:Cohort\n,,p07,2019\nAda,NAME,P07,2021\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"line 3: shareable:Cohort differs from line 2") as err:
        load_roster(roster)  # as the runner reads it: before any audio is decoded
    assert "2019" not in str(err.value) and "2021" not in str(err.value) and "p07" not in str(err.value)
    # the same recording named two ways is only known once the recording is: caught there
    roster.write_text("value,category,participant,Notes\n,,p07,one\n,,p07.wav,two\n", encoding="utf-8")
    read_roster(roster)
    with pytest.raises(
        ConfigError, match=r"line 3: Notes differs from line 2, which names the same recording"
    ):
        shareable_attributes(roster, tmp_path / "p07.wav", tmp_path)


def test_a_batch_is_checked_at_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    recordings = [tmp_path / "a" / "p01.wav", tmp_path / "b" / "p01.wav", tmp_path / "b" / "p02.wav"]
    roster = tmp_path / "roster.csv"
    roster.write_text("value,category,participant,shareable:Cohort\n,,a/p01,1\n,,b/p01,2\n,,p03,3\n")
    with caplog.at_level(logging.WARNING, logger="pipeline.deid.roster_attributes"):
        found = attributes_by_recording(roster, recordings, tmp_path)
    assert found == {recordings[0]: {"Cohort": "1"}, recordings[1]: {"Cohort": "2"}, recordings[2]: {}}
    assert [r.getMessage().split(", ")[1] for r in caplog.records] == [
        "line 4 names none of this batch's recordings"
    ]
    roster.write_text("value,category,participant,shareable:Cohort\n,,p01,1\n")
    with pytest.raises(
        ConfigError, match="line 2: the participant names 2 recordings; give the path relative"
    ):
        attributes_by_recording(roster, recordings, tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "value,category,participant,shareable:Cohort\n,,,2019\n",
            "line 2: attribute values need a participant",
        ),
        ("Value,Category,Participant,Cohort\nAda,NAME,,\n,,p01,x\n", None),  # headings in any case
        ("vaule,category,participant\nAda,NAME,\n", "the header needs the columns value,category"),
        ("value,category,participant,sharable:Cohort\n", "column heading 'sharable:Cohort'"),
        ("value,category,participant,shareable:\n", "column heading 'shareable:'"),
        ("value,category,participant,shareable:Duration\n", "clash with the case variable 'Duration'"),
        ("value,category,participant,shareable:Cohort,shareable: cohort\n", "share the name"),
        ("value,category,participant,Cohort,cohort\n", "appears twice"),
        ("value,category,participant\nAda,NAME,p01,extra\n", "line 2: more fields than the header"),
        ("value,category,participant,\nAda,NAME,p01,\n", None),  # a trailing comma is harmless ...
        (
            "value,category,participant,\nAda,NAME,p01,x\n",
            "line 2: a value in column 4, which has no heading",
        ),
        ("value,category,participant,Cohort\n,NAME,p01,x\n", "line 2: needs a value and a category"),
        ("", None),
    ],
)
def test_roster_mistakes_are_one_clear_error(tmp_path: Path, text: str, message: str | None) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    if message is None:
        read_roster(roster)
    else:
        with pytest.raises(ConfigError, match=message):
            read_roster(roster)


def test_reserved_names_are_the_qdpx_case_variables() -> None:
    assert tuple(VARIABLES) == RESERVED_ATTRIBUTES


def test_transcript_attributes_round_trip_and_old_json_still_loads() -> None:
    transcript = sample_transcript()
    assert "attributes" not in transcript.to_dict()  # none: the JSON is what earlier releases wrote
    transcript.attributes = {"Cohort": "2019", "Site": "Clinic B"}
    text = transcript.to_json()
    assert Transcript.from_json(text) == transcript
    assert list(Transcript.from_json(text).attributes) == ["Cohort", "Site"]
    old = transcript.to_dict()
    del old["attributes"]
    assert Transcript.from_dict(old).attributes == {}
    with pytest.raises(DocumentError, match="attributes must map names to text"):
        Transcript.from_dict({**old, "attributes": {"Cohort": 2019}})
