"""Open a study folder for review: its settings, private work folder, shareable output and roster.

A study folder holds ``qualscribe.toml`` (optional here), ``work/`` and ``out/``; paths in its
``[output]`` section are relative to the folder, so a study reviews the same wherever it is.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import load_config, section_options
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import load_roster
from pipeline.deid.wordlists import load_word_lists
from pipeline.review.errors import ReviewError
from pipeline.review.options import ReviewOptions
from pipeline.review.service import ReviewService
from pipeline.study import is_study, study_config


def _inside(folder: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else folder / path


def open_study(folder: Path) -> ReviewService:
    if not folder.is_dir():
        raise ReviewError(f"{folder}: not a study folder")
    # a study made by `qualscribe init` has its settings, with paths relative to the folder; a bare
    # folder with work/ and out/ (from `qualscribe run FOLDER -w … -o …`) takes the defaults
    config = study_config(folder) if is_study(folder) else load_config()
    output = config.get("output", {})
    work = _inside(folder, str(output.get("work") or "work"))
    out = _inside(folder, str(output.get("out") or "out"))
    if not work.is_dir():
        raise ReviewError(
            f"{folder}: no work folder {work.name}/ yet: run `qualscribe run` on the study first"
        )
    roster = load_roster(_inside(folder, output["roster"])) if output.get("roster") else []
    deid = section_options(config, "deid", DeidOptions)
    return ReviewService(
        work=work,
        out=out,
        roster=roster,
        words=load_word_lists(deid.config_path(deid.word_lists)),
        options=section_options(config, "review", ReviewOptions),
    )
