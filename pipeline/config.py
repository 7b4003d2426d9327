"""Layered configuration: configs/default.toml ← the study's qualscribe.toml ← command-line flags.

Each stage has an options dataclass; its section of the merged configuration is validated into that
dataclass before any audio is decoded, so a typo in a setting fails at once, naming the known keys.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import ConfigError
from pipeline.resources import data_dir

T = TypeVar("T")
Config = dict[str, dict[str, Any]]


def _read_toml(path: Path) -> Config:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def merge(base: Config, override: Config) -> Config:
    """Section-wise merge: keys in ``override`` replace those in ``base``; None values are ignored."""
    merged = {section: dict(values) for section, values in base.items()}
    for section, values in override.items():
        if not isinstance(values, dict):
            raise ConfigError(f"setting {section!r} must be a [section] table")
        merged.setdefault(section, {}).update({k: v for k, v in values.items() if v is not None})
    return merged


def load_config(study_file: Path | None = None, overrides: Config | None = None) -> Config:
    config = _read_toml(data_dir("configs") / "default.toml")
    if study_file is not None:
        config = merge(config, _read_toml(study_file))
    return merge(config, overrides or {})


def _accepts(hint: Any, value: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(arg, value) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(value, hint)


def section_options(config: Config, section: str, cls: type[T]) -> T:
    """Build the options dataclass ``cls`` from ``config[section]``, rejecting unknown or mistyped keys."""
    values = config.get(section, {})
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key, value in values.items():
        if key not in known:
            raise ConfigError(
                f"unknown setting [{section}] {key}; known settings: {', '.join(sorted(known))}"
            )
        if not _accepts(hints[key], value):
            raise ConfigError(f"setting [{section}] {key} = {value!r} has the wrong type")
    return cls(**values)


def read_settings_file(path: Path) -> Config:
    """Read one TOML settings file (e.g. a stage's word lists) with the same one-line errors as the rest."""
    return _read_toml(path)
