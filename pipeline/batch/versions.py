"""Versions of the code and data that decide a stage's result, for its cache key.

A result cached by an older release must not survive an upgrade that changes it: each stage's key holds
its own version (bumped with its code) and the versions of the packages its result comes from.
"""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache


@lru_cache(maxsize=64)
def package_version(distribution: str) -> str:
    """The installed version of ``distribution`` ("" when it is not installed)."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def package_versions(*distributions: str) -> dict[str, str]:
    return {name: package_version(name) for name in distributions}


@lru_cache(maxsize=16)
def module_distribution(module: str) -> str:
    """The distribution that installs the top-level ``module`` (e.g. a spaCy model's package)."""
    names = importlib.metadata.packages_distributions().get(module.split(".")[0], [])
    return names[0] if names else module
