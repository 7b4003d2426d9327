"""The private work folder's layout: one place that names every identifying file a study keeps.

The runner writes these files, the review page reads and edits some of them, and the tests look at
them; all three go through :class:`WorkLayout` so a file's name is decided once. Nothing here creates
anything (see :mod:`pipeline.private` for that): a layout is only names.

    work/key.qskey            the encrypted participant key
    work/tags.json            the study's tag book (one entity, one tag)
    work/stages.log           the batch history, one JSON line per stage outcome
    work/.run.lock            held by the one run working on the study
    work/review/              the people's decisions: decisions.json (redactions), corrections.json (the
                              transcript check) and the audit log audit.jsonl
    work/withdrawn/<time>/    shareable files taken out of out/, with REASON.txt
    work/report.json          the key of the study report last written to out/
    work/<stem>/              one recording: raw, cleaned and de-identified transcripts, ledger, cache
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RecordingFolder:
    """The private files of one recording, in ``work/<stem>/``."""

    path: Path

    @property
    def stem(self) -> str:
        return self.path.name

    @property
    def raw(self) -> Path:
        """The transcript with speakers, as recognised: identifying."""
        return self.path / "transcript.json"

    @property
    def raw_text(self) -> Path:
        return self.path / "transcript.txt"

    @property
    def cleaned(self) -> Path:
        """The de-identification stage's input, whose coordinates the review decisions use."""
        return self.path / "clean.json"

    @property
    def corrected(self) -> Path:
        """The raw transcript with the checker's corrections applied: the cleaning stage's input."""
        return self.path / "corrected.json"

    @property
    def speech(self) -> Path:
        """Where the recording has speech (Silero VAD regions), found once for the check page's flags."""
        return self.path / "speech.json"

    def playable(self, sha256: str) -> Path:
        """The recording decoded for a browser, when its own format is not one a browser plays; named
        after the recording's sha256, so a recording replaced since (even by one with an older file
        time) is never played from the decode of the one before."""
        return self.path / f"playable-{sha256[:16]}.wav"

    @property
    def deidentified(self) -> Path:
        return self.path / "deid.json"

    @property
    def ledger(self) -> Path:
        """Every redaction with its original."""
        return self.path / "ledger.json"

    def media_draft(self, extension: str) -> Path:
        """The de-identified audio as written, before the audio leak gate has listened to it: private
        until it passes (and kept here, for listening, when it is refused)."""
        return self.path / f"media-draft.{extension}"

    @property
    def identity(self) -> Path:
        """The recording's participant code, source path and audio sha256 (no passphrase needed)."""
        return self.path / "recording.json"

    @property
    def manifest(self) -> Path:
        """The stage cache: which stage finished with which key, and its files."""
        return self.path / "stages.json"


@dataclass(frozen=True)
class WorkLayout:
    """Every file of a study's private work folder, by what it holds."""

    root: Path

    @property
    def key_file(self) -> Path:
        return self.root / "key.qskey"

    @property
    def tag_book(self) -> Path:
        return self.root / "tags.json"

    @property
    def stage_log(self) -> Path:
        return self.root / "stages.log"

    @property
    def lock_file(self) -> Path:
        return self.root / ".run.lock"

    @property
    def roster_copy(self) -> Path:
        """Where ``qualscribe init --roster`` keeps the study's copy of the roster."""
        return self.root / "roster.csv"

    @property
    def withdrawn(self) -> Path:
        """Shareable files taken out of out/ (a refused export, a failed or departed recording)."""
        return self.root / "withdrawn"

    @property
    def review(self) -> Path:
        return self.root / "review"

    @property
    def decisions(self) -> Path:
        return self.review / "decisions.json"

    @property
    def corrections(self) -> Path:
        """The transcript check: corrections, dismissed flags and check records, by participant code."""
        return self.review / "corrections.json"

    @property
    def audit(self) -> Path:
        return self.review / "audit.jsonl"

    @property
    def report_key(self) -> Path:
        """The key the study report in out/ was made with (every recording's deidentify and export
        keys, review and check statuses): the report is made again only when it changes."""
        return self.root / "report.json"

    def recording(self, stem: str) -> RecordingFolder:
        return RecordingFolder(self.root / stem)

    def recordings(self) -> list[RecordingFolder]:
        """The folders of processed recordings (they name a code), in name order."""
        if not self.root.is_dir():
            return []
        folders = (RecordingFolder(p) for p in sorted(self.root.iterdir()) if p.is_dir())
        return [f for f in folders if f.identity.is_file()]
