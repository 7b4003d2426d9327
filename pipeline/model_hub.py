"""The Whisper models `qualscribe models fetch NAME` can fetch, and the hub repositories they come from.

Plain data, imported by the resolver (pipeline.models, which finds a fetched model by name) and by the
fetch (pipeline.model_fetch) alike, so neither imports the other's dependencies.
"""

from __future__ import annotations

# The CTranslate2 repositories faster-whisper itself downloads from (faster_whisper.utils._MODELS; a test
# keeps the two equal). Only `qualscribe models fetch NAME` reads them; aliases share one folder.
HUB_REPOS = {
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "tiny": "Systran/faster-whisper-tiny",
    "base.en": "Systran/faster-whisper-base.en",
    "base": "Systran/faster-whisper-base",
    "small.en": "Systran/faster-whisper-small.en",
    "small": "Systran/faster-whisper-small",
    "medium.en": "Systran/faster-whisper-medium.en",
    "medium": "Systran/faster-whisper-medium",
    "large-v1": "Systran/faster-whisper-large-v1",
    "large-v2": "Systran/faster-whisper-large-v2",
    "large-v3": "Systran/faster-whisper-large-v3",
    "distil-large-v2": "Systran/faster-distil-whisper-large-v2",
    "distil-medium.en": "Systran/faster-distil-whisper-medium.en",
    "distil-small.en": "Systran/faster-distil-whisper-small.en",
    "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
    "distil-large-v3.5": "distil-whisper/distil-large-v3.5-ct2",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}
HUB_ALIASES = {"large": "large-v3", "turbo": "large-v3-turbo"}


def hub_name(name: str) -> str | None:
    """The canonical name of a model `qualscribe models fetch` can fetch ("turbo" → "large-v3-turbo")."""
    name = HUB_ALIASES.get(name, name)
    return name if name in HUB_REPOS else None
