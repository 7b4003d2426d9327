"""One settings object for a run: configs/default.toml ← the study's qualscribe.toml ← command-line flags,
read once and fully validated before any audio is decoded.

A mistake is refused with one line that names the setting: an unknown section or key (listing the known
ones), a value of the wrong type, a value outside what the stage accepts (a category, a tag style, a
cleaning profile, an engine, a model that is not installed, a language the model cannot speak), or a
configuration file that does not load. Stages receive their own typed options from :class:`Settings`,
never the raw dictionary, so no stage can fall back to a default for a setting it did not understand.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.clean.options import CleanOptions
from pipeline.codes import CodesOptions
from pipeline.config import Config, load_config, section_options
from pipeline.deid.options import DeidOptions
from pipeline.diarize.options import DiarizeOptions
from pipeline.errors import ConfigError
from pipeline.export.options import ExportOptions
from pipeline.output_options import OutputOptions
from pipeline.review_options import ReviewOptions
from pipeline.run_options import RunOptions
from pipeline.speaker_lines import SpeakerLinesOptions
from pipeline.transcribe.options import TranscribeOptions


@dataclass(frozen=True)
class Settings:
    """Every section's options; a field's name is its TOML section."""

    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    deid: DeidOptions = field(default_factory=DeidOptions)
    codes: CodesOptions = field(default_factory=CodesOptions)
    export: ExportOptions = field(default_factory=ExportOptions)
    output: OutputOptions = field(default_factory=OutputOptions)
    run: RunOptions = field(default_factory=RunOptions)
    review: ReviewOptions = field(default_factory=ReviewOptions)
    speaker_lines: SpeakerLinesOptions = field(default_factory=SpeakerLinesOptions)

    def replace(self, **sections: Any) -> Settings:
        """A copy with some sections' options replaced (``transcribe=TranscribeOptions(...)``)."""
        return dataclasses.replace(self, **sections)

    def with_values(self, section: str, **values: Any) -> Settings:
        """A copy with some values of one section changed, validated like the file's."""
        current = getattr(self, section)
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **values)})


SECTIONS: dict[str, type] = typing.get_type_hints(Settings)
"""Section name → its options class."""


Check = bool | Iterable[str]
"""Which sections' values to check beyond their types: all (True), none (False), or those named."""


def from_config(config: Config, check: Check = True) -> Settings:
    """Validate a merged configuration into :class:`Settings`: every section, key and value.

    ``check`` runs the checks of what the values name (a known category, an installed model, loadable
    word lists and Presidio files): for every section, or only for the sections a command uses.
    """
    unknown = sorted(set(config) - set(SECTIONS))
    if unknown:
        raise ConfigError(
            f"unknown settings section [{unknown[0]}]; known sections: {', '.join(sorted(SECTIONS))}"
        )
    settings = Settings(**{name: section_options(config, name, cls) for name, cls in SECTIONS.items()})
    if check:
        from pipeline.settings.checks import check_settings

        check_settings(settings, None if check is True else check)
    return settings


def load_settings(
    study_file: Path | None = None, overrides: Config | None = None, check: Check = True
) -> Settings:
    """The defaults, a settings file (a study's qualscribe.toml or ``--config``) and flags, validated."""
    return from_config(load_config(study_file, overrides), check)


def study_settings(folder: Path, overrides: Config | None = None, check: Check = True) -> Settings:
    """A study folder's settings, its paths made absolute from the folder (see :mod:`pipeline.study`)."""
    from pipeline.study import study_config

    return from_config(study_config(folder, overrides), check)
