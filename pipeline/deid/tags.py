"""Replacement tags that keep a transcript readable for coding: [NAME 1], [PLACE 2], [DATE].

A tag book gives the same entity the same tag everywhere in a study, so that "Danielle" in one
transcript and "Danielle" in the next are both [NAME 3], a first name alone joins the full name it
belongs to ("Danielle" after "Danielle Reyes"), and so does a spelling variant of a known name
("Rayne" after "Reyes", see :mod:`pipeline.deid.variants`). The book holds originals, so it lives only in the
study's private work folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.deid.variants import VariantRules, is_variant
from pipeline.errors import DocumentError
from pipeline.private import write_private

TAGBOOK_FORMAT = "qualscribe.tagbook"


@dataclass
class TagBook:
    """Entity key → number, per category; numbers are never reused."""

    numbered: bool = True
    plain_categories: frozenset[str] = frozenset()
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    variants: VariantRules = field(default_factory=VariantRules)

    def tag(self, category: str, key: str) -> str:
        """The key's tag; a new key joins a known entity it is a part or a spelling variant of. A
        key once given a number keeps it, so a saved book gives the same tags as before."""
        if not self.numbered or category in self.plain_categories:
            return f"[{category}]"
        entries = self.numbers.setdefault(category, {})
        number = entries.get(key) or self._same_person(category, key) or self._variant_of(category, key)
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

    def _variant_of(self, category: str, key: str) -> int | None:
        """A name whose words are each the same as, or a spelling variant of, the words of exactly one
        known entity ("danielle rayne" ~ "danielle reyes"), or a one-word name that is a variant of
        one known name's first or last word ("reign" ~ "danielle reyes"), joins it."""
        if category != "NAME":
            return None
        words = key.split()
        matches = set()
        for known, number in self.numbers.get("NAME", {}).items():
            parts = known.split()
            if len(words) == 1 and len(parts) > 1:
                parts = [parts[0], parts[-1]]
                if any(is_variant(words[0], part, self.variants) for part in parts):
                    matches.add(number)
            elif len(parts) == len(words) and all(
                w == p or is_variant(w, p, self.variants) for w, p in zip(words, parts, strict=True)
            ):
                matches.add(number)
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
        """The tag book says which tag stands for whom (by a key of the original): private, 0600."""
        write_private(path, self.to_json())

    @classmethod
    def for_options(cls, options: Any, path: Path | None = None) -> TagBook:
        """The tag book the [deid] settings ask for (tag style, plain categories, variant rules), read
        from ``path`` when given."""
        return cls.load(
            path,
            numbered=options.tag_style == "numbered",
            plain_categories=frozenset(options.plain_categories),
            variants=VariantRules.from_options(options),
        )

    @classmethod
    def load(
        cls,
        path: Path | None,
        numbered: bool = True,
        plain_categories: frozenset[str] = frozenset(),
        variants: VariantRules | None = None,
    ) -> TagBook:
        book = cls(numbered=numbered, plain_categories=plain_categories, variants=variants or VariantRules())
        if path is None or not path.exists():
            return book
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DocumentError(f"cannot read tag book {path}: {exc}") from exc
        if data.get("format") != TAGBOOK_FORMAT:
            raise DocumentError(f"{path} is not a qualscribe tag book")
        book.numbers = {c: {k: int(v) for k, v in entries.items()} for c, entries in data["numbers"].items()}
        return book
