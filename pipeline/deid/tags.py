"""Replacement tags that keep a transcript readable for coding: [NAME 1], [PLACE 2], [DATE].

A tag book gives the same entity the same tag everywhere in a study, so that "Danielle" in one
transcript and "Danielle" in the next are both [NAME 3], and a first name alone joins the full name it
belongs to ("Danielle" after "Danielle Reyes"). The book holds originals, so it lives only in the
study's private work folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.errors import DocumentError

TAGBOOK_FORMAT = "qualscribe.tagbook"


@dataclass
class TagBook:
    """Entity key → number, per category; numbers are never reused."""

    numbered: bool = True
    plain_categories: frozenset[str] = frozenset()
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)

    def tag(self, category: str, key: str) -> str:
        if not self.numbered or category in self.plain_categories:
            return f"[{category}]"
        entries = self.numbers.setdefault(category, {})
        number = entries.get(key) or self._same_person(category, key)
        if number is None:
            number = max(entries.values(), default=0) + 1
        entries[key] = number
        return f"[{category} {number}]"

    def _same_person(self, category: str, key: str) -> int | None:
        """A one-word name that is the first or last word of exactly one known full name joins it."""
        if category != "NAME" or " " in key:
            return None
        matches = {
            n
            for known, n in self.numbers.get("NAME", {}).items()
            if " " in known and key in (known.split()[0], known.split()[-1])
        }
        return matches.pop() if len(matches) == 1 else None

    def to_json(self) -> str:
        return (
            json.dumps(
                {"format": TAGBOOK_FORMAT, "version": 1, "numbers": self.numbers},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )

    def save(self, path: Path) -> None:
        write_text_atomic(path, self.to_json())

    @classmethod
    def load(
        cls, path: Path, numbered: bool = True, plain_categories: frozenset[str] = frozenset()
    ) -> TagBook:
        book = cls(numbered=numbered, plain_categories=plain_categories)
        if not path.exists():
            return book
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DocumentError(f"cannot read tag book {path}: {exc}") from exc
        if data.get("format") != TAGBOOK_FORMAT:
            raise DocumentError(f"{path} is not a qualscribe tag book")
        book.numbers = {c: {k: int(v) for k, v in entries.items()} for c, entries in data["numbers"].items()}
        return book
