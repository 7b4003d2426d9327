"""Stage ``export``: the de-identified transcript, labelled with its participant code, in the formats of
``[export] formats``, each file checked by the leak gate before it is written to the shareable folder.

Also the study-wide REFI-QDA project, written after the batch from the finished recordings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.batch.cache import StageManifest
from pipeline.batch.context import RecordingEnv, StudyContext
from pipeline.batch.events import EXPORT
from pipeline.batch.recordings import RecordingJob
from pipeline.batch.registry import STAGES, Stage
from pipeline.batch.stages.deidentify import Deidentified
from pipeline.batch.versions import package_versions
from pipeline.batch.withdraw import shareable_files, withdraw
from pipeline.deid.decisions.approval import left_out
from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import LedgerEntry, load_ledger
from pipeline.deid.variants import VariantRules
from pipeline.deid.wordlists import zipf
from pipeline.document import Transcript, load_transcript
from pipeline.export import ExportContext, export_transcript, formats_named
from pipeline.export.qdpx import write_study
from pipeline.export.registry import STUDY_FORMATS

# a file stem this common as a word ("interview", "call") names no one
ORDINARY_WORD_ZIPF = 3.0


@dataclass(frozen=True)
class Published:
    """The shareable files of one recording."""

    files: list[Path]


def labelled(transcript: Transcript, code: str, attributes: dict[str, str]) -> Transcript:
    """The shareable form: named by the code, participant turns labelled with it, and the roster's
    attributes marked shareable (the case variables of a REFI-QDA project). Several participant voices
    (a participant and their partner) stay apart: P03-1, P03-2, in the order they are first heard."""
    voices = list(dict.fromkeys(t.speaker for t in transcript.turns if t.role == "participant"))
    names = {v: code if len(voices) == 1 else f"{code}-{n}" for n, v in enumerate(voices, start=1)}
    turns = [replace(t, speaker=names[t.speaker]) if t.role == "participant" else t for t in transcript.turns]
    # no audio sha256: whoever holds the recordings could match the code to its recording with it
    return replace(transcript, source=code, sha256="", turns=turns, attributes=attributes)


def gate(study: StudyContext, ledger: list[LedgerEntry], jobs: list[RecordingJob] = ()) -> LeakGate:
    """Every original the ledger replaced, every roster entry, and what links back to the recordings
    (their sha256 and file names): none may reach a shareable file."""
    return LeakGate(
        [KnownIdentifier(e.original, e.tag) for e in ledger]
        + [KnownIdentifier(r.value, f"[{r.category}]") for r in study.roster]
        + [link for job in jobs for link in recording_links(study, job)],
        variants=VariantRules.from_options(study.settings.deid),
    )


def recording_links(study: StudyContext, job: RecordingJob) -> list[KnownIdentifier]:
    """What would tie a shareable file to its recording without the key file: the audio's sha256, the
    file's name, and its stem, unless the stem is a participant code or a single everyday word (a file
    called "interview.m4a" names nothing, and that word may be in the transcript)."""
    links = [
        KnownIdentifier(job.sha256, "[the recording's sha256]"),
        KnownIdentifier(job.source.name, "[the recording's file name]"),
    ]
    codes = {entry.code for entry in study.key.entries} if study.key else set()
    stem = job.source.stem
    if stem not in codes and not (stem.isalpha() and zipf(stem.lower()) >= ORDINARY_WORD_ZIPF):
        links.append(KnownIdentifier(stem, "[the recording's file name]"))
    return links


def export_context(study: StudyContext) -> ExportContext:
    options = study.settings.export
    return ExportContext(options.study, study.settings.output.timestamps, cues=options.cues)


def publish(
    study: StudyContext,
    transcript: Transcript,
    code: str,
    ledger: list[LedgerEntry],
    attributes: dict[str, str],
    jobs: tuple[RecordingJob, ...] = (),
) -> list[Path]:
    """Write the shareable files, named by code, each checked by the leak gate first (``jobs``: the
    recordings the transcript came from, whose sha256 and file names it must not hold)."""
    formats = formats_named([f for f in study.settings.export.formats if f not in STUDY_FORMATS])
    shareable = labelled(transcript, code, attributes)
    checks = gate(study, ledger, list(jobs))
    return export_transcript(shareable, formats, study.out, checks, export_context(study))


def _run(result: Deidentified, env: RecordingEnv) -> Published:
    """Publish, then take out of out/ what an earlier export wrote and this one did not (a format no
    longer asked for, a file named by another code): it passed an older gate, not this one."""
    earlier = shareable_files(env.folder, env.study.out, (EXPORT,))  # the audio is the media stage's
    attributes = env.study.attributes.get(env.job.source, {})
    files = publish(env.study, result.transcript, env.code, result.ledger, attributes, (env.job,))
    stale = [p for p in earlier if p not in files]
    moved = withdraw(
        env.study.layout, stale, f"{env.code}: no longer written by the export ([export] formats)"
    )
    env.withdrawn += [moved] if moved else []
    return Published(files)


def _save(published: Published, _: RecordingEnv) -> list[Path]:
    return published.files  # written to the shareable folder by the run itself, through the gate


def _load(env: RecordingEnv) -> Published:
    return Published(StageManifest(env.folder, env.job.sha256).files(EXPORT))


def _depends(env: RecordingEnv) -> dict[str, Any]:
    return {
        "code": env.code,
        "timestamps": env.settings.output.timestamps,
        "out": str(env.study.out.resolve()),
        "attributes": env.study.attributes.get(env.job.source, {}),
        "packages": package_versions("python-docx"),
    }


STAGES.add(
    Stage(
        name=EXPORT,
        version="1",
        sections=("export",),
        run=_run,
        save=_save,
        load=_load,
        depends=_depends,
        after=("deidentify",),
    )
)


def publish_study(
    study: StudyContext, done: list[tuple[RecordingJob, str]]
) -> tuple[Path | None, dict[str, str]]:
    """The study-wide REFI-QDA project from the finished recordings (by default only those a privacy
    reviewer approved, in the form approved); its path (None if nothing could go in) and the codes left
    out with the reason."""
    transcripts, ledger = {}, []
    for job, code in done:
        folder = study.layout.recording(job.stem)
        deidentified = load_transcript(folder.deidentified)
        transcripts[code] = labelled(deidentified, code, study.attributes.get(job.source, {}))
        ledger += load_ledger(folder.ledger)
    approved_only = study.settings.export.qdpx_approved_only
    refused = left_out(study.layout.root, transcripts) if approved_only else {}
    kept = [t for code, t in transcripts.items() if code not in refused]
    if not kept:
        return None, refused
    checks = gate(study, ledger, [job for job, _ in done])
    return write_study(kept, study.out, checks, export_context(study)), refused
