"""A study folder: one place per study for its settings, recordings, private work and shareable output.

    STUDY/qualscribe.toml   the study's settings (over configs/default.toml)
    STUDY/recordings/       the audio (identifying: the voices)
    STUDY/transcripts/      existing transcripts to bring in (.txt, .docx, .vtt, .srt, noScribe HTML)
    STUDY/work/             private, 0700: raw transcripts, ledgers, tag book, key file, review decisions
    STUDY/out/              shareable: de-identified transcripts and exports only

Paths in the study's ``[output]`` section (work, out, roster) are relative to the study folder, so a
study can be moved or copied to another machine whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config, load_config, merge, read_settings_file
from pipeline.errors import ConfigError, StorageError
from pipeline.layout import WorkLayout
from pipeline.private import private_dir, write_private

STUDY_FILE = "qualscribe.toml"
RECORDINGS = "recordings"
TRANSCRIPTS = "transcripts"


@dataclass(frozen=True)
class StudyFolder:
    root: Path

    @property
    def settings(self) -> Path:
        return self.root / STUDY_FILE

    @property
    def recordings(self) -> Path:
        return self.root / RECORDINGS

    @property
    def transcripts(self) -> Path:
        return self.root / TRANSCRIPTS


def is_study(folder: Path) -> bool:
    return (folder / STUDY_FILE).is_file()


def study_config(folder: Path, overrides: Config | None = None) -> Config:
    """The merged settings of a study folder, with its [output] paths made absolute from the folder.

    Command-line overrides win, as everywhere; a path given on the command line stays relative to the
    current folder, as a user typing it expects.
    """
    study = StudyFolder(folder)
    own = read_settings_file(study.settings)
    output = dict(own.get("output", {}))
    for key, default in (("work", "work"), ("out", "out"), ("roster", "")):
        value = output.get(key, default)
        if isinstance(value, str) and value:
            output[key] = str((folder / value).resolve()) if not Path(value).is_absolute() else value
    return merge(merge(load_config(), own), merge({"output": output}, overrides or {}))


TEMPLATE = """\
# qualscribe study settings. Every setting not named here keeps its default (configs/default.toml in
# the qualscribe package; `qualscribe run --help` lists the flags that override these for one run).
# Paths are relative to this folder.

[transcribe]
# "faster-whisper" (CTranslate2, int8 on CPU; the fast default) or "openai-whisper" (same weights, PyTorch)
engine = "faster-whisper"
# Whisper model: a name from `qualscribe models` (tiny.en for quick looks, base for real work) or a path
model = "base"
# spoken language (ISO 639-1); *.en models understand English only
language = "en"

[diarize]
# voices in each recording: the interviewer and the participant(s)
speakers = 2
# "auto": a stereo call with one party per channel is split by channel, anything else by voice
channels = "auto"

[clean]
# "verbatim": drop minimal encouragers and stutters only (the usual rule for qualitative interviews);
# "clean": also fillers and false starts; "full": drop nothing
profile = "verbatim"

[deid]
# categories to redact; remove one to keep it in the text
categories = ["NAME", "PLACE", "ORG", "DATE", "PHONE", "EMAIL", "URL", "ID", "ADDRESS"]
# "numbered": the same person is [NAME 3] in every transcript of the study; "plain": [NAME]
tag_style = "numbered"

[export]
# files written per recording into out/: txt json docx maxqda nvivo nvivo-txt srt vtt, and qdpx
# (one REFI-QDA project for the whole study, with the approved transcripts only)
formats = ["txt", "json", "docx"]
# study name in the headers of text and document exports
study = "{name}"

[output]
# private work folder (created 0700) and shareable output folder
work = "work"
out = "out"
# CSV of identifiers known in advance (value,category,participant): names, contacts, institutions.
# It identifies people: keep it in work/, e.g. "work/roster.csv"; "" for none
roster = "{roster}"
# [hh:mm:ss] stamps before each paragraph of text exports
timestamps = true
"""


def init_study(folder: Path, roster: Path | None = None) -> StudyFolder:
    """Create the layout and a commented qualscribe.toml; an existing study is never overwritten.

    A roster given here is copied into work/ (private) and the settings point at the copy.
    """
    study = StudyFolder(folder)
    if study.settings.exists():
        raise ConfigError(f"{study.settings} already exists: {folder} is a study already")
    try:
        study.recordings.mkdir(parents=True, exist_ok=True)
        study.transcripts.mkdir(exist_ok=True)
        (folder / "out").mkdir(exist_ok=True)
        layout = WorkLayout(private_dir(folder / "work"))
        roster_setting = ""
        if roster is not None:
            try:
                content = roster.read_bytes()
            except OSError as exc:
                raise ConfigError(f"cannot read roster {roster}: {exc.strerror or exc}") from exc
            write_private(layout.roster_copy, content)
            roster_setting = "work/roster.csv"
        name = folder.resolve().name.replace("\\", "\\\\").replace('"', '\\"')
        study.settings.write_text(TEMPLATE.format(name=name, roster=roster_setting), encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"cannot create the study folder {folder}: {exc.strerror or exc}") from exc
    return study
