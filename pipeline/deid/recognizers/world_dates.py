"""Dates written with a month's name in any language the Unicode CLDR knows: "9 Mac 2027", "Jänner 2027",
"15 Novemba 2026", "14 มกราคม 2570", "1 באפריל", "դեկտեמբերի 20".

Forms and letters are written in their writer's language, and a hand-kept list of month names covers
only the languages someone thought of; configs/month_names.txt holds every CLDR language's (see
bench/make_month_names.py). A month's name counts only beside a number: a day before or after it, or a
year of four digits (any calendar's: the Thai year 2570, the Ethiopian 2019). Many short names are
also English words ("mac", "set", "mar"): those count only in a whole date, day, month and year, which
ordinary English never writes ("3 mac 2020" is no phrase). English month names are the date
recognizer's, with their spoken forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.wordlists import zipf
from pipeline.resources import data_dir

# a month name this common as an English word needs a day and a year around it
ENGLISH_WORD_ZIPF = 2.5
# one word of a month's name: anything up to a space, a digit or punctuation that ends a word
_TOKEN = r"[^\s\d,;:!?()\[\]{}\"«»„“”/\\|–—-]+"
# a number, also one written onto a word's prefix ("ngo-15", "מ-1"), not the end of a range or a code
_NUMBER = re.compile(r"(?<![\w.,/])(?<!\d-)\d{1,4}(?!\d)")
_WORDS_AFTER = re.compile(
    rf"(?:\.|er|º|ª)?\s*(?:de\s+|ngo-|ka-|kwi-|-)?(?P<words>{_TOKEN}(?:\s{_TOKEN}){{0,2}})"
)
_WORDS_BEFORE = re.compile(rf"(?P<words>{_TOKEN}(?:\s{_TOKEN}){{0,2}})\s+$")
_YEAR_AFTER = re.compile(r",?\s*(?:de\s+|del\s+)?\d{4}(?!\d)")
_DAY_AFTER = re.compile(r"\s+\d{1,2}(?!\d)\.?")
# prefixes written onto a month's name: Hebrew "in" (ב), "from" (מ), "to" (ל)
_PREFIXES = ("ב", "מ", "ל")


@lru_cache(maxsize=1)
def month_names() -> frozenset[str]:
    path = data_dir("configs") / "month_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _month_at_start(words: str) -> str | None:
    """The longest month name that ``words`` open with (up to three words), as written."""
    parts = words.split()
    for count in range(min(3, len(parts)), 0, -1):
        candidate = " ".join(parts[:count])
        for form in (candidate, *(candidate[1:] for p in _PREFIXES if candidate.startswith(p))):
            if form.casefold() in month_names() or form.casefold().rstrip(".") in month_names():
                return candidate
    return None


def _month_at_end(words: str) -> str | None:
    parts = words.split()
    for count in range(min(3, len(parts)), 0, -1):
        candidate = " ".join(parts[-count:])
        if candidate.casefold() in month_names():
            return candidate
    return None


def _whole_date_needed(month: str) -> bool:
    return zipf(month.casefold().rstrip(".")) >= ENGLISH_WORD_ZIPF


class WorldDateRecognizer(RegexRecognizer):
    """A date with a month's name in any CLDR language (see the module's docstring)."""

    ENTITY = "DATE"
    pattern = _NUMBER

    def judge(self, match: re.Match[str], text: str):
        number = match.group(0)
        return self._month_after(match, text, number) or self._month_before(match, text, number)

    def _month_after(self, match: re.Match[str], text: str, number: str):
        """A day or a year, then the month: "9 Mac 2027", "2027. március 5"."""
        after = _WORDS_AFTER.match(text, match.end())
        month = after and _month_at_start(after.group("words"))
        if not month:
            return None
        month_end = after.start("words") + len(month)
        if len(number) == 4:  # a year first: a day must follow the month
            day = _DAY_AFTER.match(text, month_end)
            return (match.start(), day.end(), 0.8, self.ENTITY) if day else None
        if int(number) > 31:
            return None
        year = _YEAR_AFTER.match(text, month_end)
        if not year and _whole_date_needed(month):
            return None
        return match.start(), year.end() if year else month_end, 0.8, self.ENTITY

    def _month_before(self, match: re.Match[str], text: str, number: str):
        """The month, then a day or a year: "Jänner 2027", "դեկտեմբերի 20"."""
        before = _WORDS_BEFORE.search(text, max(0, match.start() - 40), match.start())
        month = before and _month_at_end(before.group("words"))
        if not month or (len(number) != 4 and not 1 <= int(number) <= 31):
            return None
        start = before.end("words") - len(month)  # the words are one space apart, as month is
        year = _YEAR_AFTER.match(text, match.end()) if len(number) <= 2 else None
        if not year and _whole_date_needed(month):
            return None
        return start, year.end() if year else match.end(), 0.8, self.ENTITY
