"""Stage ``deidentify``: cleaned transcript → identifiers replaced by tags, with the ledger of every
replacement (both private), the privacy reviewer's decisions applied.

It changes the study's tag book, so it runs on the driver, in the recordings' order: tag numbers come out
the same however the batch overlapped or was interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch.cache import file_digest
from pipeline.batch.context import RecordingEnv
from pipeline.batch.events import DEIDENTIFY
from pipeline.batch.registry import STAGES, Stage
from pipeline.batch.versions import module_distribution, package_versions
from pipeline.deid.decisions.store import load_edits
from pipeline.deid.ledger import LedgerEntry, load_ledger, save_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.versions import data_versions
from pipeline.document import Transcript, load_transcript
from pipeline.private import write_private

SPACY_MODEL_KEY = "model_name"


@dataclass(frozen=True)
class Deidentified:
    """The shareable text (not yet labelled with the code) and what was replaced in it."""

    transcript: Transcript
    ledger: list[LedgerEntry]


def _run(cleaned: Transcript, env: RecordingEnv) -> Deidentified:
    # Presidio, spaCy (and with them transformers and torch) take seconds to import: loaded here, not
    # with the registry, so a command or a run that de-identifies nothing (`qualscribe transcribe`, a
    # rerun with every deidentify result cached, a Ray worker) never pays for them
    from pipeline.deid.stage import deidentify

    study = env.study
    edits = load_edits(study.layout.root, env.code)
    with study.book_lock:
        shareable, ledger = deidentify(cleaned, env.settings.deid, study.book, study.roster, edits)
        study.book.save(study.layout.tag_book)
    return Deidentified(shareable, ledger)


def _save(result: Deidentified, env: RecordingEnv) -> list[Path]:
    folder = env.folder
    write_private(folder.deidentified, result.transcript.to_json())
    save_ledger(folder.ledger, str(env.job.source), result.ledger)
    return [folder.deidentified, folder.ledger]


def _load(env: RecordingEnv) -> Deidentified:
    return Deidentified(load_transcript(env.folder.deidentified), load_ledger(env.folder.ledger))


def _spacy_models(nlp_config: Path) -> list[str]:
    import yaml

    models = yaml.safe_load(nlp_config.read_text(encoding="utf-8")).get("models", [])
    return sorted(str(m.get(SPACY_MODEL_KEY, "")) for m in models if isinstance(m, dict))


def _study_inputs(deid: DeidOptions) -> dict[str, Any]:
    """What every recording's key shares: Presidio's configuration and word lists (by digest), and the
    versions of the packages and data that detect identifiers."""
    files = [deid.config_path(n) for n in (deid.nlp_config, deid.recognizers_config, deid.analyzer_config)]
    files.append(deid.config_path(deid.word_lists))
    models = _spacy_models(deid.config_path(deid.nlp_config))
    return {
        "files": [file_digest(p) for p in files],
        "packages": package_versions(*(module_distribution(m) for m in models)),
        "data": data_versions(),  # the rules' own version, Presidio, spaCy, gazetteers, word lists
    }


def _depends(env: RecordingEnv) -> dict[str, Any]:
    """The study's inputs (computed once a batch), the roster, and the reviewer's decisions for this code."""
    return {
        **env.study.once(DEIDENTIFY, lambda: _study_inputs(env.settings.deid)),
        "roster": env.study.roster_digest,
        "review": load_edits(env.study.layout.root, env.code).fingerprint(),
    }


STAGES.add(
    Stage(
        name=DEIDENTIFY,
        version="1",
        sections=("deid",),
        run=_run,
        save=_save,
        load=_load,
        depends=_depends,
        after=("code",),
    )
)
