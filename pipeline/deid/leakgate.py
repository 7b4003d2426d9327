"""The leak gate: nothing is written to the shareable output if it still contains a known identifier.

Known identifiers are every roster entry and every original in the ledgers. A hit refuses the write and
says which tag's original was found and where, without printing the original itself (the message may
end up in a log that is shared). An original that is also an everyday word ("Hope", "Will") is matched
with its capital only, so the word "hope" in a participant's answer does not block the transcript.
A name's words are also looked for alone and as spelling variants, used as names (capitalised).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.deid.variants import NameIndex, VariantRules, letters, name_parts
from pipeline.deid.wordlists import zipf
from pipeline.errors import LeakError

EVERYDAY_WORD_ZIPF = 4.5


@dataclass(frozen=True)
class KnownIdentifier:
    text: str
    tag: str


def original_pattern(text: str) -> re.Pattern[str]:
    """Whole-word matches of an original: any case, or only as written if it is an everyday word."""
    everyday = " " not in text and zipf(text.lower()) >= EVERYDAY_WORD_ZIPF
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", 0 if everyday else re.IGNORECASE)


class LeakGate:
    """Exact originals (any case, everyday words with their capital), and the words of a name (a tag
    "[NAME…]") said alone or misspelt as a name ("Rayne" for "Reyes", see :mod:`pipeline.deid.variants`);
    only name words rare as English are checked alone, so "Will" of "Will Turner" is not refused
    everywhere. ``variants`` defaults to the [deid] defaults."""

    def __init__(self, identifiers: Iterable[KnownIdentifier], variants: VariantRules | None = None) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        seen: set[str] = set()
        parts: list[tuple[str, str]] = []
        rules = variants or VariantRules()
        for ident in identifiers:
            text = ident.text.strip()
            if ident.tag.startswith("[NAME"):
                parts += [
                    (p, ident.tag) for p in name_parts(text, rules) if zipf(letters(p)) < rules.max_zipf
                ]
            if len(re.sub(r"\W", "", text)) < 2 or text.lower() in seen:
                continue
            seen.add(text.lower())
            self._patterns.append((original_pattern(text), ident.tag))
        self._names = NameIndex(parts, rules)

    def check(self, text: str, destination: str) -> None:
        for pattern, tag in self._patterns:
            if match := pattern.search(text):
                line = text.count("\n", 0, match.start()) + 1
                raise LeakError(
                    f"refusing to write {destination}: line {line} still contains the original of {tag}"
                )
        for mention in self._names.mentions(text):
            line = text.count("\n", 0, mention.start) + 1
            what = "a word" if mention.exact else "a spelling variant of a word"
            raise LeakError(
                f"refusing to write {destination}: line {line} still contains {what} of the original "
                f"of {mention.payloads[0]}"
            )

    def write(self, path: Path, text: str) -> None:
        """Check, then write atomically: a refused file is not written at all, not even in part."""
        self.check(text, str(path))
        write_text_atomic(path, text)
