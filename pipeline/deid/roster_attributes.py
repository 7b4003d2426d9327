"""Which roster attributes belong to a recording, and which of them may leave the lab.

A roster row's ``participant`` names a recording below the recordings folder, in any of four ways,
compared without case and with either slash: its path relative to the folder ("site2/p07.m4a"), that path
without the extension ("site2/p07"), its file name ("p07.m4a") or its stem ("p07"). A name with a folder
in it matches only that folder's file; a bare name matches the file of that name in any folder, so two
recordings with the same name in different folders need the relative path (``attributes_by_recording``
refuses the ambiguity). Recordings are named, not participant codes, because the roster is written
before the codes are given out.

Only shareable columns are returned: a private attribute never enters the de-identified transcript, so
it cannot reach an export. A shareable value still goes through the leak gate with the rest of the
transcript's JSON.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePosixPath

from pipeline.deid.roster import AttributeRow, Roster, participant_key, read_roster
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)


def recording_names(recording: Path, recordings_root: Path) -> set[str]:
    """The participant-column names that mean ``recording`` (already in ``participant_key`` form)."""
    names = {recording.name, recording.stem}
    try:
        # absolute, not resolved: a symlinked recording is named where it sits, not where it points
        inside = Path(os.path.abspath(recording)).relative_to(os.path.abspath(recordings_root))
        relative = PurePosixPath(inside.as_posix())
    except ValueError:
        relative = None  # not below the folder: only its own name can name it
    if relative is not None:
        names |= {str(relative), str(relative.with_suffix(""))}
    return {participant_key(name) for name in names}


def _rows_for(roster: Roster, recording: Path, recordings_root: Path) -> list[AttributeRow]:
    names = recording_names(recording, recordings_root)
    return [row for row in roster.attributes if participant_key(row.participant) in names]


def shareable_attributes(roster: Roster | Path, recording: Path, recordings_root: Path) -> dict[str, str]:
    """The shareable attributes of ``recording`` as case-variable name → value, in roster column order.

    Rows that name the recording in different ways are merged; two different values for one attribute
    are a ConfigError naming both lines (never the values, which may identify someone).
    """
    if isinstance(roster, Path):
        roster = read_roster(roster)
    found: dict[str, tuple[str, int]] = {}
    for row in _rows_for(roster, recording, recordings_root):
        for heading, value in row.values.items():
            earlier = found.setdefault(heading, (value, row.line))
            if earlier[0] != value:
                raise ConfigError(
                    f"roster {roster.path}, line {row.line}: {heading} differs from line {earlier[1]}, "
                    "which names the same recording"
                )
    return {name: found[heading][0] for heading, name in roster.shareable.items() if heading in found}


def attributes_by_recording(
    roster: Roster | Path, recordings: list[Path], recordings_root: Path
) -> dict[Path, dict[str, str]]:
    """``shareable_attributes`` for a whole batch, checked before any audio is decoded.

    A row naming two of the recordings is a ConfigError (it needs the relative path); a row naming none
    of them is a warning (a misspelt name would otherwise leave a case without its attributes), not an
    error, since a batch may cover only part of the study.
    """
    if isinstance(roster, Path):
        roster = read_roster(roster)
    names = {recording: recording_names(recording, recordings_root) for recording in recordings}
    for row in roster.attributes:
        key = participant_key(row.participant)
        named = sorted(str(r) for r, known in names.items() if key in known)
        if len(named) > 1:
            raise ConfigError(
                f"roster {roster.path}, line {row.line}: the participant names {len(named)} recordings; "
                "give the path relative to the recordings folder"
            )
        if not named:
            log.warning("roster %s, line %d names none of this batch's recordings", roster.path, row.line)
    return {r: shareable_attributes(roster, r, recordings_root) for r in recordings}
