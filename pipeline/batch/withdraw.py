"""The shareable folder holds only what the current leak gate accepts.

When a recording's export is refused (a name the roster has learned since), when the recording fails, or
when it has left the study (its file is gone), the shareable files an earlier run wrote for it are moved
out of out/ in the same run. They go into the private work folder, never deleted: the person who reads
the summary is told where they went and why, and can look at them there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.batch.events import EXPORT
from pipeline.errors import StorageError
from pipeline.layout import RecordingFolder, WorkLayout
from pipeline.private import private_dir, write_private


@dataclass(frozen=True)
class Withdrawal:
    """Shareable files taken out of out/: their old names, where they are now, and why."""

    files: list[Path]
    to: Path
    reason: str


MEDIA = "media"  # the de-identified audio's stage (pipeline.batch.stages.media)
SHAREABLE_STAGES = (EXPORT, MEDIA)  # the stages that write into out/, in the stage cache's words


def shareable_files(
    folder: RecordingFolder, out: Path, stages: tuple[str, ...] = SHAREABLE_STAGES
) -> list[Path]:
    """The files the recording's last export (and de-identified audio) wrote into ``out`` that are still
    there; ``stages`` narrows it to the files of those stages.

    Read from its stage cache whatever audio it was made from: a recording that became unreadable keeps
    its old files listed there, and they must go too. Files in another folder (a study copied from
    elsewhere lists its original's out/) are not this study's to move.
    """
    try:
        recorded = json.loads(folder.manifest.read_text(encoding="utf-8"))["stages"]
        names = [name for stage in stages if stage in recorded for name in recorded[stage]["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    paths = [Path(name) if Path(name).is_absolute() else folder.path / name for name in names]
    here = out.resolve()
    return [p for p in paths if p.is_file() and p.resolve().parent == here]


def withdraw(layout: WorkLayout, files: list[Path], reason: str) -> Withdrawal | None:
    """Move ``files`` into ``work/withdrawn/<time>/`` with a note of the reason; None if there are none."""
    if not files:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = private_dir(layout.withdrawn / stamp)
    for path in files:
        try:
            os.replace(path, target / path.name)
        except OSError as exc:
            raise StorageError(
                f"cannot move {path} out of the shareable folder: {exc.strerror or exc}"
            ) from exc
    write_private(target / "REASON.txt", f"{reason}\n")
    return Withdrawal(files, target, reason)


def withdraw_recording(
    layout: WorkLayout, folder: RecordingFolder, out: Path, reason: str
) -> Withdrawal | None:
    """Take a recording's shareable files out of ``out`` and forget its export in the stage cache."""
    moved = withdraw(layout, shareable_files(folder, out), reason)
    if moved is not None:
        _forget_export(folder)
    return moved


def _forget_export(folder: RecordingFolder) -> None:
    try:
        data = json.loads(folder.manifest.read_text(encoding="utf-8"))
        for stage in SHAREABLE_STAGES:
            data["stages"].pop(stage, None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return
    write_private(folder.manifest, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def departed(layout: WorkLayout, out: Path, present: set[str]) -> list[RecordingFolder]:
    """Processed recordings whose audio file no longer exists, that are not in this batch."""
    gone = []
    for folder in layout.recordings():
        if folder.stem in present:
            continue
        try:
            source = Path(json.loads(folder.identity.read_text(encoding="utf-8"))["source"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not source.exists() and shareable_files(folder, out):
            gone.append(folder)
    return gone
