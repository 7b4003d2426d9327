"""What the recordings of one batch share, opened under the study's lock: the settings, the private work
folder's layout, the roster, the tag book and the participant key; and what one stage sees of one
recording (:class:`RecordingEnv`).

Opening validates everything a run could trip over later (the roster, the key file's passphrase) before
any audio is decoded, so a mistake costs seconds, not an hour of transcription.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.batch.cache import StageLog, file_digest
from pipeline.batch.events import Event, Listener, ignore
from pipeline.batch.recordings import RecordingJob
from pipeline.batch.withdraw import Withdrawal
from pipeline.codes import Key, Recording, assign_codes, new_key
from pipeline.deid.roster import RosterEntry, read_roster
from pipeline.deid.roster_attributes import attributes_by_recording
from pipeline.deid.tags import TagBook
from pipeline.keyfile import create_key, read_key, update_key
from pipeline.layout import RecordingFolder, WorkLayout
from pipeline.settings import Settings


@dataclass
class StudyContext:
    """The study's shared state for one batch. Only the driver thread changes the tag book and key."""

    settings: Settings
    layout: WorkLayout
    out: Path
    roster: list[RosterEntry] = field(default_factory=list)
    roster_digest: str = ""
    book: TagBook = field(default_factory=TagBook)
    key: Key | None = None
    passphrase: str = ""
    # recording → the roster's shareable attributes of its participant
    attributes: dict[Path, dict[str, str]] = field(default_factory=dict)
    book_lock: threading.Lock = field(default_factory=threading.Lock)
    # one log for every thread of the batch, so its lock serialises their lines
    stage_log: StageLog = field(init=False, repr=False)
    _once: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.stage_log = StageLog(self.layout.stage_log)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value the whole batch shares (a cache key's file digests), computed the first time asked.

        Two threads may both compute it at first; they get equal values, so no lock is needed.
        """
        if name not in self._once:
            self._once[name] = compute()
        return self._once[name]

    @classmethod
    def open(
        cls,
        settings: Settings,
        passphrase: str,
        recordings: list[Path] | None = None,
        recordings_root: Path | None = None,
    ) -> StudyContext:
        """Read the roster, the tag book and the key file (created if the study has none). Call it with
        the study's lock held: it may create the key file."""
        output = settings.output
        layout = WorkLayout(Path(output.work))
        roster_path = Path(output.roster) if output.roster else None
        roster = read_roster(roster_path) if roster_path else None
        book = TagBook.for_options(settings.deid, layout.tag_book)
        study = cls(
            settings,
            layout,
            Path(output.out),
            roster.entries if roster else [],
            file_digest(roster_path) if roster_path else "",
            book,
            passphrase=passphrase,
        )
        if roster and recordings:
            root = recordings_root or Path(os.path.commonpath([p.parent for p in recordings]))
            study.attributes = attributes_by_recording(roster, recordings, root)
        if layout.key_file.exists():
            study.key = read_key(layout.key_file, passphrase)  # a wrong passphrase fails now
        else:
            study.key = new_key(settings.codes)
            create_key(layout.key_file, passphrase, study.key)
        return study

    def assign_code(self, job: RecordingJob) -> tuple[str, bool]:
        """The recording's participant code from the encrypted key (the next free one if it is new), and
        whether it is new."""
        entry = self.key.by_sha256(job.sha256) if self.key else None
        new = entry is None
        if entry is None:  # new to the study: only then is the key file opened again and changed
            rec = Recording(sha256=job.sha256, file_name=job.source.name)
            self.key = update_key(
                self.layout.key_file,
                self.passphrase,
                lambda key: assign_codes(key, [rec], self.settings.codes),
            )
            entry = self.key.by_sha256(job.sha256)
        assert entry is not None  # assign_codes gives every recording it is handed a code
        return entry.code, new


@dataclass(eq=False)  # one per recording and batch, used as a key by identity
class RecordingEnv:
    """What a stage sees of one recording: the study, the recording, its private folder, its code once
    assigned, and where its events and warnings go."""

    study: StudyContext
    job: RecordingJob
    listener: Listener = ignore
    code: str = ""
    code_is_new: bool = False
    duration: float = 0.0
    warnings: list[str] = field(default_factory=list)
    withdrawn: list[Withdrawal] = field(default_factory=list)

    @property
    def folder(self) -> RecordingFolder:
        return self.study.layout.recording(self.job.stem)

    @property
    def settings(self) -> Settings:
        return self.study.settings

    def emit(self, stage: str, status: str, **values: float | str) -> None:
        self.listener(Event(self.job.source.name, stage, status, **values))  # type: ignore[arg-type]
