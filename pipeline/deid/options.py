"""Options of the de-identification stage ([deid] in the configuration)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.resources import data_dir

ALL_CATEGORIES = ("NAME", "PLACE", "ORG", "DATE", "PHONE", "EMAIL", "URL", "ID", "ADDRESS")


@dataclass(frozen=True)
class DeidOptions:
    categories: list[str] = field(default_factory=lambda: list(ALL_CATEGORIES))
    tag_style: str = "numbered"
    plain_categories: list[str] = field(
        default_factory=lambda: ["DATE", "PHONE", "EMAIL", "URL", "ID", "ADDRESS"]
    )
    min_score: float = 0.35
    roster_fuzzy_threshold: int = 85
    # spelling variants of a known name (pipeline.deid.variants; comments in configs/default.toml)
    variant_similarity: int = 60
    variant_max_zipf: float = 4.3
    variant_initial_max_zipf: float = 3.0
    variant_min_letters: int = 4
    nlp_config: str = "presidio/nlp.yaml"
    recognizers_config: str = "presidio/recognizers.yaml"
    analyzer_config: str = "presidio/analyzer.yaml"
    word_lists: str = "deid_words.toml"
    recase_max_zipf: float = 5.0
    rare_max_zipf: float = 4.0

    def config_path(self, name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else data_dir("configs") / path

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
