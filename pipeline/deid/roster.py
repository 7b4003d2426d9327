"""The study roster: identifiers known in advance, always redacted wherever they appear, and the
participants' study attributes.

A roster is a CSV with a header. ``value`` (the identifier as written) and ``category`` (NAME, PLACE,
ORG, PHONE, EMAIL, ...) make an identifier entry; ``participant`` names the recording an entry belongs
to (empty for study-wide entries such as interviewers and their institutions). Entries are matched
case-insensitively and fuzzily, so "Danielle Reyes" also catches "danielle raye" and "Daniel Reyes" as
speech recognition writes them.

Every other column is a participant attribute (cohort, programme, site...), given on rows that name a
participant; a row may carry attributes only, with value and category left empty. A heading
``shareable:<Name>`` marks an attribute that may leave the lab as the case variable ``<Name>`` of the
study's .qdpx; a plain heading (or ``private:<Name>``) is private and never exported. Private is the
default so that a column added for the lab's own bookkeeping can never reach the coding team by
accident; any other ``prefix:`` is refused, so a misspelt "sharable:" fails loudly instead of silently
keeping a column private. Which recording a participant names is decided in ``roster_attributes``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.deid.options import ALL_CATEGORIES
from pipeline.errors import ConfigError

ROSTER_RECOGNIZER = "RosterRecognizer"
IDENTIFIER_COLUMNS = ("value", "category", "participant")
SHAREABLE_PREFIX = "shareable"
PRIVATE_PREFIX = "private"
# The case variables the .qdpx writes for every participant (pipeline.export.qdpx.VARIABLES, pinned by a
# test): an attribute of the same name would be ambiguous in the coding tool, so the roster refuses it.
RESERVED_ATTRIBUTES = ("ParticipantCode", "Interviewer", "Duration")


@dataclass(frozen=True)
class RosterEntry:
    value: str
    category: str
    participant: str = ""

    @property
    def key(self) -> str:
        """The entity this entry stands for, shared by all its spellings in the tag book."""
        return normalise_key(self.value)


@dataclass(frozen=True)
class AttributeRow:
    """The attribute values one roster line gives a participant (empty cells left out).

    ``values`` is keyed by column heading as written; ``line`` is the CSV line, for error messages.
    """

    line: int
    participant: str
    values: dict[str, str]


@dataclass(frozen=True)
class Roster:
    """A parsed roster: identifier entries, attribute rows, and which attribute columns are shareable.

    ``shareable`` maps a column heading to the case-variable name it is exported as, in column order.
    """

    path: Path
    entries: list[RosterEntry] = field(default_factory=list)
    attributes: list[AttributeRow] = field(default_factory=list)
    shareable: dict[str, str] = field(default_factory=dict)


def normalise_key(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip().lower())
    return " ".join(re.findall(r"[\w@.+-]+", text))


def load_roster(path: Path) -> list[RosterEntry]:
    """The identifier entries of a roster (its attributes are validated too, so a bad roster fails here)."""
    return read_roster(path).entries


def read_roster(path: Path) -> Roster:
    """Parse and check a whole roster; every problem is a ConfigError naming the file and the line."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise ConfigError(f"cannot read roster {path}: {exc.strerror or exc}") from exc
    except csv.Error as exc:
        raise ConfigError(f"roster {path} is not valid CSV: {exc}") from exc
    if not header:
        return Roster(path)  # an empty file: no identifiers, no attributes
    headings = [h.strip() for h in header]
    shareable = _check_header(path, headings)
    known = {h.lower(): i for i, h in enumerate(headings) if h.lower() in IDENTIFIER_COLUMNS}
    attribute_columns = [(i, h) for i, h in enumerate(headings) if h and h.lower() not in IDENTIFIER_COLUMNS]
    roster = Roster(path, shareable=shareable)
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for line, row in rows:
        if len(row) > len(headings):
            raise ConfigError(f"roster {path}, line {line}: more fields than the header has columns")
        cells = [cell.strip() for cell in row] + [""] * (len(headings) - len(row))
        value, category, participant = (
            cells[known[name]] if name in known else "" for name in IDENTIFIER_COLUMNS
        )
        category = category.upper()
        stray = next((i for i, h in enumerate(headings) if not h and cells[i]), None)
        if stray is not None:
            raise ConfigError(
                f"roster {path}, line {line}: a value in column {stray + 1}, which has no heading"
            )
        attributes = {h: cells[i] for i, h in attribute_columns if cells[i]}
        if value or category:
            if not value or category not in ALL_CATEGORIES:
                raise ConfigError(
                    f"roster {path}, line {line}: needs a value and a category "
                    f"(one of {', '.join(ALL_CATEGORIES)}); columns are value,category,participant"
                )
            roster.entries.append(RosterEntry(value, category, participant))
        if not attributes:
            continue
        if not participant:
            raise ConfigError(
                f"roster {path}, line {line}: attribute values need a participant (the recording they "
                "belong to)"
            )
        for heading, attribute in attributes.items():
            # values and participants are left out of the message: either may identify someone
            earlier = seen.setdefault((participant_key(participant), heading), (attribute, line))
            if earlier[0] != attribute:
                raise ConfigError(
                    f"roster {path}, line {line}: {heading} differs from line {earlier[1]} for the same "
                    "participant"
                )
        roster.attributes.append(AttributeRow(line, participant, attributes))
    return roster


def participant_key(name: str) -> str:
    """A participant column's recording name compared without case, with / as the folder separator."""
    key = name.strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key.casefold()


def _check_header(path: Path, headings: list[str]) -> dict[str, str]:
    """Check the header's columns; return the shareable ones as heading → exported name."""
    lowered = [h.lower() for h in headings]
    if "value" not in lowered or "category" not in lowered:
        # an identifier column with a typo would otherwise become a private attribute and redact nothing
        raise ConfigError(
            f"roster {path}: the header needs the columns value,category (and participant for "
            "attributes); found " + ",".join(headings)
        )
    shareable: dict[str, str] = {}
    names: dict[str, str] = {}
    for heading in headings:
        if not heading:
            continue  # an unheaded column (a trailing comma) is allowed while its cells are empty
        if lowered.count(heading.lower()) > 1:
            raise ConfigError(f"roster {path}: the column {heading!r} appears twice in the header")
        if heading.lower() in IDENTIFIER_COLUMNS:
            continue
        prefix, colon, name = (part.strip() for part in heading.partition(":"))
        if not colon:
            continue
        if prefix.lower() not in (SHAREABLE_PREFIX, PRIVATE_PREFIX) or not name:
            raise ConfigError(
                f"roster {path}: column heading {heading!r}; an attribute column is headed Name, "
                f"private:Name or shareable:Name"
            )
        if prefix.lower() != SHAREABLE_PREFIX:
            continue
        if name.casefold() in (r.casefold() for r in RESERVED_ATTRIBUTES):
            raise ConfigError(
                f"roster {path}: column {heading!r} would clash with the case variable {name!r} every "
                "export has; give the attribute another name"
            )
        if name.casefold() in names:
            raise ConfigError(
                f"roster {path}: columns {names[name.casefold()]!r} and {heading!r} share the name {name!r}"
            )
        names[name.casefold()] = heading
        shareable[heading] = name
    return shareable
