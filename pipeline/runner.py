"""Compose the stages for a folder of recordings; a failure in one file never stops a batch.

Per recording: audio → transcript (private) → cleaned (private) → de-identified, with its ledger
(private) → shareable text and JSON named by the participant's code, written through the leak gate.
Private files go to the work folder (created 0700), shareable ones to the output folder, and nothing
from the first is ever copied to the second. The runner knows nothing about terminals: the CLI passes
callbacks for progress and reads the results.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.audio import AUDIO_EXTENSIONS, load_audio
from pipeline.clean import CleanOptions, clean
from pipeline.codes import CodesOptions, Recording, assign_codes, new_key, recording_from_path
from pipeline.config import Config, section_options
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import LedgerEntry, save_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry, load_roster
from pipeline.deid.stage import deidentify
from pipeline.deid.tags import TagBook
from pipeline.diarize import DiarizeOptions, diarize
from pipeline.document import Transcript
from pipeline.errors import AudioError, DocumentError, LeakError, QualscribeError
from pipeline.export import ExportContext, ExportOptions, export_transcript, formats_named
from pipeline.keyfile import create_key, update_key
from pipeline.output_options import OutputOptions
from pipeline.textout import render_text
from pipeline.transcribe import TranscribeOptions, transcribe

log = logging.getLogger(__name__)

KEY_FILE = "key.qskey"
TAG_BOOK = "tags.json"
# per recording, in its private folder: its participant code, source path and audio sha256
RECORDING_FILE = "recording.json"


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
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
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
    stem = stem or source.stem
    json_path, txt_path = out_dir / f"{stem}.json", out_dir / f"{stem}.txt"
    write_text_atomic(json_path, transcript.to_json())
    write_text_atomic(txt_path, render_text(transcript, timestamps=output.timestamps))
    return transcript, [json_path, txt_path]


@dataclass
class Study:
    """What the recordings of one batch share: settings, folders, the tag book, roster and codes."""

    config: Config
    work: Path
    out: Path
    codes: dict[Path, str]
    hashes: dict[Path, str]
    roster: list[RosterEntry]
    book: TagBook

    @classmethod
    def open(cls, config: Config, recordings: list[Path], passphrase: str) -> Study:
        """Validate every stage's settings before any audio is decoded, then load what is shared."""
        for section, options in (
            ("transcribe", TranscribeOptions),
            ("diarize", DiarizeOptions),
            ("clean", CleanOptions),
            ("deid", DeidOptions),
            ("codes", CodesOptions),
            ("export", ExportOptions),
        ):
            section_options(config, section, options)
        formats_named(section_options(config, "export", ExportOptions).formats)
        output = section_options(config, "output", OutputOptions)
        deid = section_options(config, "deid", DeidOptions)
        work = private_dir(Path(output.work))
        roster = load_roster(Path(output.roster)) if output.roster else []
        book = TagBook.load(
            work / TAG_BOOK,
            numbered=deid.tag_style == "numbered",
            plain_categories=frozenset(deid.plain_categories),
        )
        found = {p: recording_from_path(p) for p in recordings}
        codes = _assign(work / KEY_FILE, passphrase, found, section_options(config, "codes", CodesOptions))
        hashes = {p: rec.sha256 for p, rec in found.items()}
        return cls(config, work, Path(output.out), codes, hashes, roster, book)

    def process(
        self, source: Path, stem: str, started: Started | None, advanced: Advanced | None
    ) -> RecordingResult:
        began = time.monotonic()
        private = private_dir(self.work / stem)
        write_text_atomic(
            private / RECORDING_FILE,
            json.dumps({"code": self.codes[source], "source": str(source), "sha256": self.hashes[source]})
            + "\n",
        )
        raw, _ = transcribe_file(source, self.config, private, "transcript", started, advanced, speakers=True)
        cleaned = clean(raw, section_options(self.config, "clean", CleanOptions))
        write_text_atomic(private / "clean.json", cleaned.to_json())
        deid_options = section_options(self.config, "deid", DeidOptions)
        shareable, ledger = deidentify(cleaned, deid_options, self.book, self.roster)
        save_ledger(private / "ledger.json", str(source), ledger)
        self.book.save(self.work / TAG_BOOK)
        code = self.codes[source]
        outputs = self._publish(shareable, code, ledger)
        return RecordingResult(source, "done", code, raw.duration, time.monotonic() - began, outputs)

    def _publish(self, transcript: Transcript, code: str, ledger: list[LedgerEntry]) -> list[Path]:
        """Write the shareable files, named by code, each checked by the leak gate first."""
        turns = [replace(t, speaker=code) if t.role == "participant" else t for t in transcript.turns]
        transcript = replace(transcript, source=code, turns=turns)
        gate = LeakGate(
            [KnownIdentifier(e.original, e.tag) for e in ledger]
            + [KnownIdentifier(r.value, f"[{r.category}]") for r in self.roster]
        )
        export = section_options(self.config, "export", ExportOptions)
        context = ExportContext(
            study=export.study, timestamps=section_options(self.config, "output", OutputOptions).timestamps
        )
        return export_transcript(transcript, formats_named(export.formats), self.out, gate, context)


def _assign(
    key_path: Path, passphrase: str, found: dict[Path, Recording], options: CodesOptions
) -> dict[Path, str]:
    """Give every recording a participant code in the encrypted key file (created on first use)."""
    if not key_path.exists():
        create_key(key_path, passphrase, new_key(options))
    key = update_key(key_path, passphrase, lambda key: assign_codes(key, found.values(), options))
    by_sha = {entry.sha256: entry.code for entry in key.entries}
    return {path: by_sha[rec.sha256] for path, rec in found.items()}


def run_folder(
    folder: Path,
    config: Config,
    passphrase: str,
    started: Started | None = None,
    advanced: Advanced | None = None,
) -> list[RecordingResult]:
    """Process every recording in ``folder``; a file that fails is recorded and the rest go on."""
    recordings = discover(folder)
    if not recordings:
        return []
    study = Study.open(config, recordings, passphrase)
    stems = output_stems(recordings)
    results = []
    for source in recordings:
        began = time.monotonic()
        try:
            results.append(study.process(source, stems[source], started, advanced))
        except (AudioError, DocumentError, LeakError) as exc:  # this file's problem: the batch goes on
            log.warning("%s", exc)
            results.append(
                RecordingResult(
                    source,
                    "failed",
                    study.codes[source],
                    error=str(exc),
                    seconds=time.monotonic() - began,
                )
            )
        except QualscribeError:
            raise  # a model, settings or key problem would fail every file alike: stop at once
    return results
