"""Resume and cache: which stages of a recording are finished, for which audio and which settings.

Each recording's private folder holds ``stages.json``: per stage, the key it was made with and the files
it wrote. A key is a hash of the stage's upstream key (the audio's sha256 for the first stage) and of
the settings that stage depends on, so changing a cleaning setting re-runs cleaning and everything after
it, while changing only an export setting re-runs only the export. A stage counts as finished only once
all its files are written (atomically) and the manifest says so; a run killed at any moment therefore
leaves either a finished stage or none, and the rerun repeats only what had not finished.

``stages.log`` (JSON lines, one per stage outcome, fsynced) is the batch's history: it lets a person, or a
test, see which stages ran and which were taken from the cache on each run.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.layout import RecordingFolder
from pipeline.private import append_private, write_private

MANIFEST_FORMAT = "qualscribe.stages"


def settings_key(upstream: str, settings: Any) -> str:
    """A stable hash of the upstream key and ``settings`` (any JSON-able value; dict order ignored)."""
    payload = json.dumps([upstream, settings], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a settings file's bytes: editing a word list changes the keys of the stages that read it."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing:" + str(path)


@dataclass
class StageRecord:
    key: str
    files: list[str]
    seconds: float
    finished: str


class StageManifest:
    """The finished stages of one recording, stored beside its results in its private folder."""

    def __init__(self, folder: RecordingFolder, sha256: str) -> None:
        self.folder = folder.path
        self.sha256 = sha256
        self.path = folder.manifest
        self.stages: dict[str, StageRecord] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return  # no manifest (or an unreadable one): nothing counts as finished
        if data.get("format") != MANIFEST_FORMAT or data.get("sha256") != self.sha256:
            return  # another recording now has this name: its results are not this one's
        for stage, record in data.get("stages", {}).items():
            try:
                self.stages[stage] = StageRecord(**record)
            except TypeError:
                continue

    def finished(self, stage: str, key: str) -> bool:
        """True if ``stage`` finished with this key and every file it wrote is still there."""
        record = self.stages.get(stage)
        return record is not None and record.key == key and all(p.is_file() for p in self.files(stage))

    def record(self, stage: str, key: str, files: list[Path], seconds: float) -> None:
        """Mark ``stage`` finished; called only after all of ``files`` are written."""
        names = [str(p.relative_to(self.folder)) if p.is_relative_to(self.folder) else str(p) for p in files]
        self.stages[stage] = StageRecord(key, names, round(seconds, 3), _now())
        data = {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "sha256": self.sha256,
            "stages": {name: vars(rec) for name, rec in self.stages.items()},
        }
        write_private(self.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def files(self, stage: str) -> list[Path]:
        """The files ``stage`` wrote: names relative to the folder, or absolute (the shareable exports)."""
        return [self.folder / name for name in self.stages[stage].files]


class StageLog:
    """Append-only JSON lines, one per stage outcome (``ran``, ``cached``, ``failed``), shared by threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, recording: str, stage: str, outcome: str, seconds: float = 0.0, **extra: Any) -> None:
        line = {
            "time": _now(),
            "recording": recording,
            "stage": stage,
            "outcome": outcome,
            "seconds": round(seconds, 3),
            **extra,
        }
        with self._lock:
            append_private(self.path, json.dumps(line, ensure_ascii=False))


def read_stage_log(path: Path) -> list[dict[str, Any]]:
    """The log's entries; a line cut short by a kill (the last one at most) is skipped."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return entries


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Stopwatch:
    """Seconds since construction; a tiny helper so stage timing reads the same everywhere."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.began
