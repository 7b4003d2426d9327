"""Stage ``clean``: the corrected transcript (the raw one where ``correct`` is not in ``[run] stages``)
→ without minimal encouragers and stutters (private)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.batch.cache import file_digest
from pipeline.batch.context import RecordingEnv
from pipeline.batch.events import CLEAN
from pipeline.batch.registry import STAGES, Stage
from pipeline.clean import clean
from pipeline.clean.options import wordlists_path
from pipeline.document import Transcript, load_transcript
from pipeline.private import write_private


def _run(corrected: Transcript, env: RecordingEnv) -> Transcript:
    return clean(corrected, env.settings.clean)


def _save(cleaned: Transcript, env: RecordingEnv) -> list[Path]:
    return [write_private(env.folder.cleaned, cleaned.to_json())]


def _load(env: RecordingEnv) -> Transcript:
    return load_transcript(env.folder.cleaned)


def _depends(env: RecordingEnv) -> dict[str, Any]:
    words = env.study.once(CLEAN, lambda: file_digest(wordlists_path(env.settings.clean.wordlists)))
    return {"words": words}


STAGES.add(
    Stage(
        name=CLEAN,
        version="1",
        sections=("clean",),
        run=_run,
        save=_save,
        load=_load,
        depends=_depends,
    )
)
