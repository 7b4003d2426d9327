"""The leak gate: nothing is written to the shareable output if it still contains a known identifier.

Known identifiers are every roster entry and every original in the ledgers. A hit refuses the write and
says which tag's original was found and where, without printing the original itself (the message may
end up in a log that is shared). An original that is also an everyday word ("Hope", "Will") is matched
with its capital only, so the word "hope" in a participant's answer does not block the transcript.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import write_text_atomic
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
    def __init__(self, identifiers: Iterable[KnownIdentifier]) -> None:
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        seen: set[str] = set()
        for ident in identifiers:
            text = ident.text.strip()
            if len(re.sub(r"\W", "", text)) < 2 or text.lower() in seen:
                continue
            seen.add(text.lower())
            self._patterns.append((original_pattern(text), ident.tag))

    def check(self, text: str, destination: str) -> None:
        for pattern, tag in self._patterns:
            if match := pattern.search(text):
                line = text.count("\n", 0, match.start()) + 1
                raise LeakError(
                    f"refusing to write {destination}: line {line} still contains the original of {tag}"
                )

    def write(self, path: Path, text: str) -> None:
        """Check, then write atomically: a refused file is not written at all, not even in part."""
        self.check(text, str(path))
        write_text_atomic(path, text)
