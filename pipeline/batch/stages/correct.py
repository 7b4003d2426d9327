"""Stage ``correct``: the raw transcript + the checker's corrections → the corrected transcript (private).

It runs after transcription and before cleaning, so what the checker typed in (a name the recogniser
misheard, a word it missed) is cleaned and de-identified like everything else, and the leak gate covers
it. The corrections are keyed by participant code (as the redaction decisions are), read from the key
file the batch already opened; a recording new to the study has none. A correction that no longer
matches the raw words (re-transcribed) is a warning in the run's summary, never applied blindly.

The stage also writes the transcript's check status into ``settings["check"]`` for the exports, and
finds the recording's speech regions once (``speech.json``) for the check page's flags.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.batch.context import RecordingEnv
from pipeline.batch.registry import STAGES, Stage
from pipeline.corrections.apply import apply_corrections
from pipeline.corrections.model import fingerprint
from pipeline.corrections.speech import ensure_speech
from pipeline.corrections.status import SETTINGS_KEY, check_record
from pipeline.corrections.store import TranscriptCheck, load_check
from pipeline.document import Transcript, load_transcript
from pipeline.errors import AudioError
from pipeline.private import write_private

CORRECT = "correct"
log = logging.getLogger(__name__)


def _code(env: RecordingEnv) -> str | None:
    """The recording's participant code if the study's key file already has it (else: no decisions)."""
    key = env.study.key
    entry = key.by_sha256(env.job.sha256) if key else None
    return entry.code if entry else None


def _check(env: RecordingEnv) -> TranscriptCheck:
    code = _code(env)
    return load_check(env.study.layout.root, code) if code else TranscriptCheck()


def _run(raw: Transcript, env: RecordingEnv) -> Transcript:
    mine = _check(env)
    result = apply_corrections(raw, mine.corrections)
    for stale in result.stale:
        log.warning(
            "a %s correction by %s no longer matches the transcript (re-transcribed?): check it on the "
            "review page",
            stale.action,
            stale.checker or "a checker",
        )
    applied = len(mine.corrections) - len(result.stale)
    record = check_record(mine.check, result.transcript, applied)
    settings = {**result.transcript.settings, SETTINGS_KEY: record}
    if not env.job.is_transcript:
        try:
            ensure_speech(env.folder, env.job.source, env.job.sha256, env.settings.diarize)
        except AudioError as exc:  # the page then shows no speech flags; the text is what matters here
            log.warning("no speech regions for the check page: %s", exc)
    return replace(result.transcript, settings=settings)


def _save(corrected: Transcript, env: RecordingEnv) -> list[Path]:
    return [write_private(env.folder.corrected, corrected.to_json())]


def _load(env: RecordingEnv) -> Transcript:
    return load_transcript(env.folder.corrected)


def _depends(env: RecordingEnv) -> dict[str, Any]:
    """The corrections for this recording's code and its check record: a new correction, or a check,
    re-runs this stage and those after it for this recording only."""
    mine = _check(env)
    check = mine.check.__dict__ if mine.check else None
    return {"corrections": fingerprint(mine.corrections), "check": check}


STAGES.add(
    Stage(
        name=CORRECT,
        version="1",
        sections=(),
        run=_run,
        save=_save,
        load=_load,
        depends=_depends,
    )
)
