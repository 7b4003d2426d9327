"""Stage ``media``: the de-identified audio, ``out/<code>.<ext>``, after the export (``[export] audio``).

Off by default, and then it writes nothing: a voice itself can identify a person, so sharing even a
toned-out recording is a decision the study makes. When on, every redacted span is replaced by a tone
or silence on every channel and the file is listened to by the audio leak gate before it is copied to
out/ (:mod:`pipeline.media`). Its files are recorded as this stage's in ``stages.json``, so the
withdrawal machinery and out/MANIFEST.csv find them with the export's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch.cache import StageManifest
from pipeline.batch.context import RecordingEnv
from pipeline.batch.events import EXPORT
from pipeline.batch.registry import STAGES, Stage
from pipeline.batch.stages.export import Published, gate
from pipeline.batch.versions import package_versions
from pipeline.batch.withdraw import MEDIA, shareable_files, withdraw
from pipeline.deid.ledger import load_ledger
from pipeline.document import load_transcript
from pipeline.media.options import FORMATS, OFF
from pipeline.media.write import AudioJob, deidentified_audio


@dataclass(frozen=True)
class WithAudio:
    """Every shareable file of the recording (``files``, as the summary lists them) and the audio's."""

    files: list[Path]
    audio: list[Path]


def audio_job(env: RecordingEnv) -> AudioJob:
    extension = FORMATS[env.settings.export.audio_format].extension
    return AudioJob(
        env.job.source, env.folder.media_draft(extension), env.study.out / f"{env.code}.{extension}"
    )


def _write(env: RecordingEnv) -> list[Path]:
    """The audio, if the study asks for it and the recording is audio (not an imported transcript)."""
    options = env.settings.export
    if options.audio == OFF or env.job.is_transcript:
        return []
    ledger = load_ledger(env.folder.ledger)
    checks = gate(env.study, ledger, [env.job])
    cleaned = load_transcript(env.folder.cleaned)
    written = deidentified_audio(audio_job(env), cleaned, ledger, options, env.settings.transcribe, checks)
    return [written.path]


def _run(published: Published, env: RecordingEnv) -> WithAudio:
    """Write (or not) the audio, then take out of out/ an earlier audio this run did not write again
    (audio turned off, another format, another code): it passed an older gate."""
    earlier = shareable_files(env.folder, env.study.out, (MEDIA,))
    audio = _write(env)
    stale = [p for p in earlier if p not in audio]
    moved = withdraw(env.study.layout, stale, f"{env.code}: no longer written ([export] audio)")
    env.withdrawn += [moved] if moved else []
    return WithAudio([*published.files, *audio], audio)


def _save(result: WithAudio, _: RecordingEnv) -> list[Path]:
    return result.audio  # already in out/, through the audio leak gate


def _load(env: RecordingEnv) -> WithAudio:
    manifest = StageManifest(env.folder, env.job.sha256)
    audio = manifest.files(MEDIA)
    return WithAudio([*manifest.files(EXPORT), *audio], audio)


def _depends(env: RecordingEnv) -> dict[str, Any]:
    return {"code": env.code, "out": str(env.study.out.resolve()), "packages": package_versions("av")}


STAGES.add(
    Stage(
        name=MEDIA,
        version="1",
        sections=("export", "transcribe"),
        run=_run,
        save=_save,
        load=_load,
        depends=_depends,
        after=("export",),
    )
)
