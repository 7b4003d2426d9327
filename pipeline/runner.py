"""Compose the stages for a batch of recordings: cached, resumable, and a failure in one file never stops
the others.

Per recording: audio → transcript with speakers (private) → cleaned (private) → de-identified, with its
ledger (private) → participant code → shareable files named by the code, written through the leak gate.
Each stage's result is cached in the recording's private folder under a key of the audio's sha256 and the
settings the stage depends on (``pipeline.stagecache``), so a rerun does only what is missing or what a
changed setting invalidates.

Transcription (the slow part) runs on worker threads while the text stages of the previous recording run
on the calling thread, in the recordings' order, so tag numbers and participant codes come out the same
however the work overlapped or was interrupted. A ``RecordingJob`` needs nothing but its own files and
the study's shared state, which is what a cluster engine would ship to a remote worker.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.atomic import write_text_atomic
from pipeline.audio import AUDIO_EXTENSIONS, load_audio
from pipeline.clean import CleanOptions, clean
from pipeline.clean.options import wordlists_path
from pipeline.codes import CodesOptions, Key, Recording, assign_codes, new_key, recording_from_path
from pipeline.config import Config, merge, section_options
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import LedgerEntry, load_ledger, save_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry, read_roster
from pipeline.deid.roster_attributes import attributes_by_recording
from pipeline.deid.stage import deidentify
from pipeline.deid.tags import TagBook
from pipeline.diarize import DiarizeOptions, diarize
from pipeline.document import Transcript, load_transcript
from pipeline.errors import AudioError, DocumentError, LeakError, StorageError, StudyBusyError
from pipeline.events import (
    CACHED,
    CLEAN,
    CODE,
    DEIDENTIFY,
    DONE,
    EXPORT,
    FAILED,
    PROGRESS,
    QUEUED,
    RAN,
    STARTED,
    TRANSCRIBE,
    Event,
    Listener,
    ignore,
)
from pipeline.export import ExportContext, ExportOptions, export_transcript, formats_named
from pipeline.export.qdpx import write_study
from pipeline.export.registry import STUDY_FORMATS
from pipeline.keyfile import create_key, read_key, update_key
from pipeline.output_options import OutputOptions
from pipeline.review.edits import load_edits
from pipeline.run_options import RunOptions
from pipeline.scheduler import run_in_threads
from pipeline.stagecache import STAGE_LOG, StageLog, StageManifest, Stopwatch, file_digest, settings_key
from pipeline.textout import render_text
from pipeline.transcribe import TranscribeOptions, transcribe

log = logging.getLogger(__name__)

KEY_FILE = "key.qskey"
LOCK_FILE = ".run.lock"
TAG_BOOK = "tags.json"
# per recording, in its private folder: its participant code, source path and audio sha256
RECORDING_FILE = "recording.json"
RAW, CLEANED, DEIDENTIFIED, LEDGER = "transcript.json", "clean.json", "deid.json", "ledger.json"
# a recording's own problems: it is marked failed and the batch goes on. Anything else (a missing
# model, a bad setting, a wrong passphrase, a full disk) would fail every recording alike: stop.
FILE_ERRORS = (AudioError, DocumentError, LeakError)


@dataclass
class RecordingResult:
    """What happened to one recording: status ``done`` or ``failed`` with a one-line reason."""

    source: Path
    status: str
    code: str = ""
    duration: float = 0.0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    error: str = ""
    stages: dict[str, str] = field(default_factory=dict)  # stage → "ran" or "cached"


class StageFailed(Exception):
    """A recording's own error (one of FILE_ERRORS), with the stage it happened in."""

    def __init__(self, stage: str, cause: Exception) -> None:
        super().__init__(str(cause))
        self.stage = stage
        self.cause = cause


@dataclass(frozen=True)
class RecordingJob:
    """One recording's work: its file, the name of its private folder and the sha256 it is known by."""

    source: Path
    stem: str
    sha256: str


Started = Callable[[Path, float], None]
"""Called when a recording has been decoded, with its duration in seconds."""
Advanced = Callable[[float], None]
"""Called with the audio seconds transcribed so far in the current recording."""


def discover(folder: Path) -> list[Path]:
    """Audio and video files below ``folder`` (recursively, hidden files skipped), in a stable order."""
    if not folder.is_dir():
        raise AudioError(f"{folder}: not a folder")
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in AUDIO_EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def output_stems(recordings: list[Path]) -> dict[Path, str]:
    """Private base names: the file stem, or stem plus extension where two recordings share a stem."""
    counts = Counter(p.stem for p in recordings)
    return {p: p.stem if counts[p.stem] == 1 else f"{p.stem}_{p.suffix.lstrip('.')}" for p in recordings}


def private_dir(path: Path) -> Path:
    """Create (or tighten) a folder only its owner can read: it holds identifying data."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        os.chmod(path, 0o700)
    except OSError as exc:
        raise StorageError(f"cannot create private folder {path}: {exc.strerror or exc}") from exc
    return path


def transcribe_file(
    source: Path,
    config: Config,
    out_dir: Path,
    stem: str | None = None,
    started: Started | None = None,
    advanced: Advanced | None = None,
    speakers: bool = False,
) -> tuple[Transcript, list[Path]]:
    """Decode and transcribe, with speaker turns and roles if ``speakers``; write the raw
    ``<stem>.json`` and ``<stem>.txt`` (identifying!)."""
    options = section_options(config, "transcribe", TranscribeOptions)
    output = section_options(config, "output", OutputOptions)
    audio = load_audio(source)
    if started:
        started(source, audio.duration)
    if speakers:
        transcript = diarize(audio, section_options(config, "diarize", DiarizeOptions), options, advanced)
    else:
        transcript = transcribe(audio, options, advanced)
    del audio  # an hour of stereo audio is half a gigabyte: free it before the text is written
    stem = stem or source.stem
    json_path, txt_path = out_dir / f"{stem}.json", out_dir / f"{stem}.txt"
    write_text_atomic(json_path, transcript.to_json())
    write_text_atomic(txt_path, render_text(transcript, timestamps=output.timestamps))
    return transcript, [json_path, txt_path]


def _keyed(options: Any) -> dict[str, Any]:
    """An options dataclass as the settings of a cache key. Its ``as_dict``, where it has one, already
    leaves out what changes only the speed (thread counts), as in the transcripts' settings."""
    return options.as_dict() if hasattr(options, "as_dict") else dataclasses.asdict(options)


class Study:
    """What the recordings of one batch share: settings, folders, roster, tag book, key file, stage log."""

    def __init__(
        self,
        config: Config,
        work: Path,
        out: Path,
        roster: list[RosterEntry],
        book: TagBook,
        passphrase: str = "",
        roster_digest: str = "",
        key: Key | None = None,
    ) -> None:
        self.config = config
        self.work = work
        self.out = out
        self.roster = roster
        self.book = book
        self.passphrase = passphrase
        self.roster_digest = roster_digest
        self.key = key  # the participant key as last read or written (read from the file when None)
        self.transcribe_options = section_options(config, "transcribe", TranscribeOptions)
        self.diarize_options = section_options(config, "diarize", DiarizeOptions)
        self.clean_options = section_options(config, "clean", CleanOptions)
        self.deid_options = section_options(config, "deid", DeidOptions)
        self.codes_options = section_options(config, "codes", CodesOptions)
        self.export_options = section_options(config, "export", ExportOptions)
        self.output_options = section_options(config, "output", OutputOptions)
        self.formats = formats_named([f for f in self.export_options.formats if f not in STUDY_FORMATS])
        # what each stage's key holds beyond its upstream key: the same for every recording of the batch
        deid = self.deid_options
        deid_files = [
            deid.config_path(name)
            for name in (deid.nlp_config, deid.recognizers_config, deid.analyzer_config, deid.word_lists)
        ]
        self._key_settings = {
            TRANSCRIBE: {
                "transcribe": _keyed(self.transcribe_options),
                "diarize": _keyed(self.diarize_options),
            },
            CLEAN: {
                "clean": _keyed(self.clean_options),
                "words": file_digest(wordlists_path(self.clean_options.wordlists)),
            },
            DEIDENTIFY: {
                "deid": _keyed(deid),
                "files": [file_digest(p) for p in deid_files],
                "roster": self.roster_digest,
            },
        }
        self.stage_log = StageLog(work / STAGE_LOG)
        # recording → the roster's shareable attributes of its participant (set by ``open``)
        self.attributes: dict[Path, dict[str, str]] = {}
        self._book_lock = threading.Lock()

    @classmethod
    def open(
        cls,
        config: Config,
        passphrase: str,
        recordings: list[Path] | None = None,
        recordings_root: Path | None = None,
    ) -> Study:
        """Validate every stage's settings (in the constructor), the roster and the key file's passphrase
        before any audio is decoded. ``recordings`` (below ``recordings_root``) are matched to the roster's
        participants."""
        output = section_options(config, "output", OutputOptions)
        deid = section_options(config, "deid", DeidOptions)
        work = private_dir(Path(output.work))
        roster_path = Path(output.roster) if output.roster else None
        roster = read_roster(roster_path) if roster_path else None
        book = TagBook.load(
            work / TAG_BOOK,
            numbered=deid.tag_style == "numbered",
            plain_categories=frozenset(deid.plain_categories),
        )
        study = cls(
            config,
            work,
            Path(output.out),
            roster.entries if roster else [],
            book,
            passphrase,
            file_digest(roster_path) if roster_path else "",
        )
        if roster and recordings:
            root = recordings_root or Path(os.path.commonpath([p.parent for p in recordings]))
            study.attributes = attributes_by_recording(roster, recordings, root)
        key_path = work / KEY_FILE
        if key_path.exists():
            study.key = read_key(key_path, passphrase)  # a wrong passphrase fails now, not hours later
        else:
            study.key = new_key(study.codes_options)
            create_key(key_path, passphrase, study.key)
        return study

    # -- cache keys: each chains its upstream key and the settings that stage reads ---------------------

    def transcribe_key(self, job: RecordingJob) -> str:
        return settings_key(job.sha256, self._key_settings[TRANSCRIBE])

    def clean_key(self, job: RecordingJob) -> str:
        return settings_key(self.transcribe_key(job), self._key_settings[CLEAN])

    def deid_key(self, job: RecordingJob, review: str) -> str:
        """``review`` is the fingerprint of the reviewer's decisions for this recording."""
        return settings_key(self.clean_key(job), {**self._key_settings[DEIDENTIFY], "review": review})

    def export_key(self, job: RecordingJob, code: str, review: str) -> str:
        return settings_key(
            self.deid_key(job, review),
            {
                "code": code,
                "export": _keyed(self.export_options),
                "timestamps": self.output_options.timestamps,
                "out": str(self.out.resolve()),
                "attributes": self.attributes.get(job.source, {}),
            },
        )

    # -- stages ------------------------------------------------------------------------------------------

    def transcribe_stage(self, job: RecordingJob, listener: Listener = ignore) -> tuple[Transcript, float]:
        """Audio → raw transcript with speakers and roles (or the cached one if still valid), and the
        seconds it took (-1 when it came from the cache)."""
        name = job.source.name
        folder = private_dir(self.work / job.stem)
        manifest = StageManifest(folder, job.sha256)
        key = self.transcribe_key(job)
        if manifest.finished(TRANSCRIBE, key):
            transcript = load_transcript(folder / RAW)
            self._outcome(job, TRANSCRIBE, CACHED, 0.0, listener, total=transcript.duration)
            return transcript, -1.0
        watch = Stopwatch()
        total = [0.0]

        def started(_: Path, duration: float) -> None:
            total[0] = duration
            listener(Event(name, TRANSCRIBE, STARTED, total=duration))

        def advanced(seconds: float) -> None:
            listener(Event(name, TRANSCRIBE, PROGRESS, done=seconds, total=total[0]))

        transcript, files = transcribe_file(
            job.source, self.config, folder, "transcript", started, advanced, speakers=True
        )
        manifest.record(TRANSCRIBE, key, files, watch.seconds)
        self._outcome(job, TRANSCRIBE, RAN, watch.seconds, listener, total=transcript.duration)
        return transcript, watch.seconds

    def finish(
        self, job: RecordingJob, raw: Transcript, listener: Listener = ignore, spent: float = 0.0
    ) -> RecordingResult:
        """The text stages of one recording: clean, de-identify, code, export (each cached). ``spent`` is
        the time its transcription took, for the total reported."""
        watch = Stopwatch()
        folder = private_dir(self.work / job.stem)
        outcomes: dict[str, str] = {}

        def step(stage: str, key: str, run: Callable[[], list[Path]]) -> None:
            manifest = StageManifest(folder, job.sha256)
            if manifest.finished(stage, key):
                outcomes[stage] = CACHED
                self._outcome(job, stage, CACHED, 0.0, listener)
                return
            listener(Event(job.source.name, stage, STARTED))
            began = Stopwatch()
            try:
                files = run()
            except FILE_ERRORS as exc:
                raise StageFailed(stage, exc) from exc
            manifest.record(stage, key, files, began.seconds)
            outcomes[stage] = RAN
            self._outcome(job, stage, RAN, began.seconds, listener)

        def do_clean() -> list[Path]:
            cleaned = clean(raw, self.clean_options)
            write_text_atomic(folder / CLEANED, cleaned.to_json())
            return [folder / CLEANED]

        def do_deid() -> list[Path]:
            cleaned = load_transcript(folder / CLEANED)
            with self._book_lock:
                shareable, ledger = deidentify(cleaned, self.deid_options, self.book, self.roster, edits)
                self.book.save(self.work / TAG_BOOK)
            write_text_atomic(folder / DEIDENTIFIED, shareable.to_json())
            save_ledger(folder / LEDGER, str(job.source), ledger)
            return [folder / DEIDENTIFIED, folder / LEDGER]

        step(CLEAN, self.clean_key(job), do_clean)
        code = self.assign_code(job)
        outcomes[CODE] = RAN
        edits = load_edits(self.work, code)  # the privacy reviewer's decisions, keyed by code
        review = edits.fingerprint()
        step(DEIDENTIFY, self.deid_key(job, review), do_deid)
        outputs: list[Path] = []

        def do_export() -> list[Path]:
            shareable = load_transcript(folder / DEIDENTIFIED)
            ledger = load_ledger(folder / LEDGER)
            outputs.extend(self.publish(shareable, code, ledger, self.attributes.get(job.source, {})))
            return list(outputs)

        step(EXPORT, self.export_key(job, code, review), do_export)
        if not outputs:
            outputs = StageManifest(folder, job.sha256).files(EXPORT)
        outcomes = {TRANSCRIBE: CACHED if spent < 0 else RAN, **outcomes}
        seconds = max(spent, 0.0) + watch.seconds
        listener(Event(job.source.name, "recording", DONE, seconds=seconds))
        return RecordingResult(job.source, "done", code, raw.duration, seconds, outputs, stages=outcomes)

    def assign_code(self, job: RecordingJob) -> str:
        """The recording's participant code from the encrypted key (the next free one if it is new)."""
        entry = self.key.by_sha256(job.sha256) if self.key else None
        if entry is None:  # new to the study: only then is the key file opened again and changed
            rec = Recording(sha256=job.sha256, file_name=job.source.name)
            self.key = update_key(
                self.work / KEY_FILE,
                self.passphrase,
                lambda key: assign_codes(key, [rec], self.codes_options),
            )
            entry = self.key.by_sha256(job.sha256)
        assert entry is not None  # assign_codes gives every recording it is handed a code
        record = {"code": entry.code, "source": str(job.source), "sha256": job.sha256}
        write_text_atomic(self.work / job.stem / RECORDING_FILE, json.dumps(record) + "\n")
        return entry.code

    def publish(
        self,
        transcript: Transcript,
        code: str,
        ledger: list[LedgerEntry],
        attributes: dict[str, str] | None = None,
    ) -> list[Path]:
        """Write the shareable files, named by code, each checked by the leak gate first."""
        shareable = self.labelled(transcript, code, attributes or {})
        return export_transcript(shareable, self.formats, self.out, self.gate(ledger), self.context())

    def context(self) -> ExportContext:
        options = self.export_options
        return ExportContext(options.study, self.output_options.timestamps, cues=options.cues)

    def labelled(self, transcript: Transcript, code: str, attributes: dict[str, str]) -> Transcript:
        """The shareable form: named by the code, participant turns labelled with it, and the roster's
        attributes marked shareable (the case variables of a REFI-QDA project)."""
        turns = [replace(t, speaker=code) if t.role == "participant" else t for t in transcript.turns]
        return replace(transcript, source=code, turns=turns, attributes=attributes)

    def publish_study(self, done: list[tuple[RecordingJob, str]]) -> tuple[Path | None, dict[str, str]]:
        """The study-wide REFI-QDA project from the finished recordings (by default only those a privacy
        reviewer approved, in the form approved); returns its path (None if nothing could go in) and the
        codes left out with the reason."""
        from pipeline.review.status import left_out

        transcripts, ledger = {}, []
        for job, code in done:
            deidentified = load_transcript(self.work / job.stem / DEIDENTIFIED)
            transcripts[code] = self.labelled(deidentified, code, self.attributes.get(job.source, {}))
            ledger += load_ledger(self.work / job.stem / LEDGER)
        refused = left_out(self.work, transcripts) if self.export_options.qdpx_approved_only else {}
        kept = [t for code, t in transcripts.items() if code not in refused]
        if not kept:
            return None, refused
        return write_study(kept, self.out, self.gate(ledger), self.context()), refused

    def gate(self, ledger: list[LedgerEntry]) -> LeakGate:
        return LeakGate(
            [KnownIdentifier(e.original, e.tag) for e in ledger]
            + [KnownIdentifier(r.value, f"[{r.category}]") for r in self.roster]
        )

    def _outcome(
        self,
        job: RecordingJob,
        stage: str,
        outcome: str,
        seconds: float,
        listener: Listener,
        total: float = 0.0,
    ) -> None:
        self.stage_log.write(job.stem, stage, outcome, seconds)
        listener(Event(job.source.name, stage, outcome, seconds=seconds, total=total))


def run_batch(
    recordings: list[Path],
    config: Config,
    passphrase: str,
    listener: Listener = ignore,
    recordings_root: Path | None = None,
) -> list[RecordingResult]:
    """Process ``recordings`` (found below ``recordings_root``, which roster rows name them relative to);
    a file that fails is recorded with its reason and the rest go on."""
    if not recordings:
        return []
    jobs_wanted = section_options(config, "run", RunOptions).jobs
    if jobs_wanted > 1:  # each job gets its share of the cores, and the engine a replica per job
        threads = section_options(config, "transcribe", TranscribeOptions).cpu_threads
        share = threads or max(1, (os.cpu_count() or 1) // jobs_wanted)
        config = merge(config, {"transcribe": {"workers": jobs_wanted, "cpu_threads": share}})
    study = Study.open(config, passphrase, recordings, recordings_root)
    stems = output_stems(recordings)
    results: dict[Path, RecordingResult] = {}
    jobs: list[RecordingJob] = []
    for source in recordings:
        try:
            jobs.append(RecordingJob(source, stems[source], recording_from_path(source).sha256))
        except AudioError as exc:  # unreadable: it never gets a code, the rest go on
            results[source] = _failed(study, source, stems[source], TRANSCRIBE, exc, listener)

    for job in jobs:
        listener(Event(job.source.name, "recording", QUEUED))
    with (
        study_lock(study.work, study.out),
        run_in_threads(jobs, lambda job: study.transcribe_stage(job, listener), jobs_wanted) as futures,
    ):
        for job in jobs:  # the text stages, in order, while the next recordings are transcribed
            watch = Stopwatch()
            try:
                try:
                    raw, spent = futures[job].result()
                except FILE_ERRORS as exc:
                    raise StageFailed(TRANSCRIBE, exc) from exc
                results[job.source] = study.finish(job, raw, listener, spent)
            except StageFailed as failure:
                log.warning("%s", failure)
                results[job.source] = _failed(
                    study, job.source, job.stem, failure.stage, failure.cause, listener, watch.seconds
                )
    ordered = [results[source] for source in recordings]
    if STUDY_FORMATS & set(study.export_options.formats):
        by_source = {job.source: job for job in jobs}
        done = [(by_source[r.source], r.code) for r in ordered if r.status == "done"]
        path, refused = study.publish_study(done)
        note = "; ".join(f"{code} left out ({reason})" for code, reason in sorted(refused.items()))
        name = path.name if path else "REFI-QDA project"
        listener(Event(name, EXPORT, RAN if path else FAILED, message=note or "every transcript approved"))
    return ordered


@contextmanager
def study_lock(work: Path, out: Path) -> Iterator[None]:
    """One batch at a time per study: two would race for the same files and tag numbers.

    Holding the lock also makes it safe to sweep the temporary files a killed run left behind (an atomic
    write interrupted by SIGKILL leaves its ``.name.xxxx.tmp``; the real file was never touched).
    """
    import fcntl

    handle = (work / LOCK_FILE).open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StudyBusyError(f"another qualscribe run is working on {work}; wait for it to finish") from None
    try:
        for folder in (work, out, *[p for p in work.iterdir() if p.is_dir()]):
            for stale in folder.glob(".*.tmp"):
                stale.unlink(missing_ok=True)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _failed(
    study: Study,
    source: Path,
    stem: str,
    stage: str,
    exc: Exception,
    listener: Listener,
    seconds: float = 0.0,
) -> RecordingResult:
    study.stage_log.write(stem, stage, FAILED, seconds, message=str(exc))
    listener(Event(source.name, stage, FAILED, seconds=seconds, message=str(exc)))
    return RecordingResult(source, "failed", error=str(exc), seconds=seconds)


def run_folder(
    folder: Path, config: Config, passphrase: str, listener: Listener = ignore
) -> list[RecordingResult]:
    """Every recording below ``folder`` (see ``discover``)."""
    return run_batch(discover(folder), config, passphrase, listener, folder)
