"""A town named with its state, province or country after a comma: "outside War, West Virginia",
"near Gimli, Manitoba", "from Ruse, Bulgaria".

The comma and the region say that the capitalised word before them is a place, whatever else the word
may be in English ("War", "Hope", "Normal"), so neither the gazetteers nor wordfreq are asked. A word
that opens a sentence is left ("Yes, Texas was hot"), and so is a region before another ("Ohio,
Kentucky"), and a list of languages ("Kannada, Tamil, Hindi"), which the region list also holds.
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer, sentence_initial
from pipeline.deid.regions import language_names
from pipeline.deid.wordlists import states_and_countries

_PATTERN = re.compile(
    rf"(?<![\w'’-])(?P<town>{CAP_WORD}(?:\s{CAP_WORD}){{0,2}}),\s(?=(?P<region>{CAP_WORD}(?:\s{CAP_WORD}){{0,2}}))"
)


def _language(words: str) -> bool:
    major, minor = language_names()
    return words.lower() in major or words.lower() in minor


def _region_at_start(words: str) -> bool:
    """True if ``words`` open with a state-sized region or a country, not a language ("Tamil, Hindi")."""
    parts = words.split()
    for n in range(len(parts), 0, -1):
        name = " ".join(parts[:n])
        if name.lower() in states_and_countries():
            return not _language(name)
    return False


class TownRegionRecognizer(RegexRecognizer):
    """A town before its region after a comma (see the module's docstring)."""

    ENTITY = "PLACE"
    pattern = _PATTERN

    def judge(self, match: re.Match[str], text: str):
        town = match.group("town")
        if (
            not _region_at_start(match.group("region"))
            or town.lower() in states_and_countries()
            or _language(town)
        ):
            return None
        start = match.start("town")
        words = town.split()
        while words and sentence_initial(text, start):  # "Then Gimli, Manitoba": drop the opener
            if len(words) == 1:
                return None
            start += len(words.pop(0)) + 1
        return start, match.start("town") + len(town), 0.5, self.ENTITY
