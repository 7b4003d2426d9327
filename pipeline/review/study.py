"""Open a study folder for review: its settings, private work folder, shareable output and roster.

A study folder holds ``qualscribe.toml`` (optional here), ``work/`` and ``out/``; paths in its
``[output]`` section are relative to the folder, so a study reviews the same wherever it is.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.roster import load_roster
from pipeline.deid.wordlists import load_word_lists
from pipeline.review.service import ReviewService
from pipeline.settings import load_settings, study_settings
from pipeline.study import is_study


def _inside(folder: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else folder / path


def open_study(folder: Path) -> ReviewService:
    if not folder.is_dir():
        raise ReviewError(f"{folder}: not a study folder")
    # a study made by `qualscribe init` has its settings, with paths relative to the folder; a bare
    # folder with work/ and out/ (from `qualscribe run FOLDER -w … -o …`) takes the defaults
    # the sections the page uses are checked; a reviewer's laptop need not have the study's Whisper model
    used = ("deid", "review")
    settings = study_settings(folder, check=used) if is_study(folder) else load_settings(check=used)
    output = settings.output
    work = _inside(folder, output.work or "work")
    out = _inside(folder, output.out or "out")
    if not work.is_dir():
        raise ReviewError(
            f"{folder}: no work folder {work.name}/ yet: run `qualscribe run` on the study first"
        )
    roster = load_roster(_inside(folder, output.roster)) if output.roster else []
    deid = settings.deid
    return ReviewService(
        work=work,
        out=out,
        roster=roster,
        words=load_word_lists(deid.config_path(deid.word_lists)),
        options=settings.review,
    )
