"""Stage ``code``: the recording's participant code, from the study's encrypted key file.

Not cached: the key file is the record, and reading a code from it is cheap. It writes
``recording.json`` (code, source, sha256) so that tools reading the work folder, such as the review
page, need no passphrase. The document passes through unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.batch.context import RecordingEnv
from pipeline.batch.events import CODE
from pipeline.batch.registry import STAGES, Stage
from pipeline.document import Transcript
from pipeline.private import write_private


def _run(cleaned: Transcript, env: RecordingEnv) -> Transcript:
    env.code, env.code_is_new = env.study.assign_code(env.job)
    return cleaned


def _save(_: Transcript, env: RecordingEnv) -> list[Path]:
    record = {"code": env.code, "source": str(env.job.source), "sha256": env.job.sha256}
    return [write_private(env.folder.identity, json.dumps(record) + "\n")]


def _load(_: RecordingEnv) -> Transcript:
    raise AssertionError("the code stage is never cached")


STAGES.add(
    Stage(
        name=CODE,
        version="1",
        sections=("codes",),
        run=_run,
        save=_save,
        load=_load,
        after=("clean",),
        cached=False,
        unchanged=lambda env: not env.code_is_new,
    )
)
