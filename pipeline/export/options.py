"""The [export] settings; its own module so the command line reads it without importing any writer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExportOptions:
    """``formats`` are registry names (`qualscribe export --help` lists them); ``study`` heads each file."""

    formats: list[str] = field(default_factory=lambda: ["txt", "json"])
    study: str = ""
