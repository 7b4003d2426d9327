"""Stage ``import``: an existing transcript (typed by a service, or made by another tool) → the raw
transcript, in place of transcription, for the files of a study's ``transcripts/`` folder.

From here on such a file goes the way of a recording: cleaned, coded, de-identified with the same
ledger, tags and leak gate, and exported.
"""

from __future__ import annotations

from typing import Any

from pipeline.batch.context import RecordingEnv
from pipeline.batch.recordings import RecordingJob
from pipeline.batch.registry import STAGES, Stage
from pipeline.batch.stages.transcribe import load_raw, save_raw_of
from pipeline.batch.versions import package_versions
from pipeline.document import Transcript
from pipeline.importers import read_transcript

IMPORT = "import"


def _run(job: RecordingJob, env: RecordingEnv) -> Transcript:
    transcript = read_transcript(job.source, env.settings.speaker_lines)
    env.duration = transcript.duration
    return transcript


def _depends(_: RecordingEnv) -> dict[str, Any]:
    return {"packages": package_versions("python-docx", "webvtt-py", "srt")}


STAGES.add(
    Stage(
        name=IMPORT,
        version="1",
        sections=("speaker_lines",),
        run=_run,
        save=save_raw_of,
        load=load_raw,
        depends=_depends,
        remote=True,
        source=True,
    )
)
