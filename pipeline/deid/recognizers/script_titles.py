"""Names after the title or greeting that forms and letters put before them, in scripts without capitals
that the other recognizers do not read: Hebrew ("שלום יוסי", "ד"ר כהן"), Thai ("นายสมชาย ใจดี",
"พญ.ศิริพร"), Tamil ("திரு. முருகன்"), Amharic ("አቶ ተስፋዬ", "ወ/ሮ አልማዝ") and Nepali ("श्री … ज्यू").

Hebrew names are ranked by the gazetteers, but wordfreq counts most of them as common words (names fill
the subtitles it learnt from), so a name is taken only after a title or a greeting, and must be ranked
(a given name among a country's 2,000 most popular, or a surname among 8,000); a ranked surname after
it joins. The gazetteers know few Thai, Tamil or Amharic names, so there the title alone decides, and
the title must be one that only stands before a name: Thai "นาย" also opens "นายจ้าง" (employer), so the
words it opens that name a role are left (_THAI_ROLES), and Tamil "திரு" only counts with its dot.
"""

from __future__ import annotations

import re

from pipeline.deid.gazetteers import first_rank, surname_rank
from pipeline.deid.recognizers.base import RegexRecognizer, alternation

_HEBREW = r"[\u05d0-\u05ea\u05f3\u05f4'\"]"
_HEBREW_WORD = rf"[\u05d0-\u05ea]{_HEBREW}*"
_THAI = r"[\u0e01-\u0e4e]+"
_TAMIL = r"[\u0b80-\u0bff]+"
_ETHIOPIC = r"[\u1200-\u137c]+"
_DEVANAGARI = r"[\u0900-\u0963\u0970-\u097f]+"
_HEBREW_CUES = ("שלום", "היי", "הי", 'ד"ר', 'לד"ר', "מר", "למר", "גב'", "לגב'", "פרופ'", 'עו"ד')
_THAI_TITLES = ("นางสาว", "นาง", "นาย", "ด.ช.", "ด.ญ.", "พญ.", "นพ.", "ดร.", "แพทย์หญิง", "เด็กชาย", "เด็กหญิง")
# role nouns that Thai builds on the same syllables as the titles: employer, mayor, broker, nurse, model
_THAI_ROLES = ("นายจ้าง", "นายก", "นายหน้า", "นายทุน", "นายอำเภอ", "นางพยาบาล", "นางแบบ", "นางฟ้า")
_TAMIL_TITLES = ("திரு.", "திருமதி", "செல்வி", "டாக்டர்", "Dr.")
_AMHARIC_TITLES = ("አቶ", "ወ/ሮ", "ወይዘሮ", "ወ/ሪት", "ወይዘሪት", "ዶ/ር")
_NEPALI_TITLES = ("श्री", "श्रीमती", "सुश्री")
# respect written onto a Nepali name ("… अधिकारीज्यू"), not part of it
_NEPALI_AFTER = ("ज्यू", "जी")


_PATTERN = re.compile(
    rf"(?<![\u05d0-\u05ea])(?:{alternation(_HEBREW_CUES)})\s+(?P<hebrew>{_HEBREW_WORD}(?:\s{_HEBREW_WORD})?)"
    rf"|(?<![\u0e01-\u0e4e])(?P<thai_all>(?:{alternation(_THAI_TITLES)})\s?(?P<thai>{_THAI}(?:\s{_THAI})?))"
    rf"|(?:{alternation(_TAMIL_TITLES)})\s*(?P<tamil>{_TAMIL}(?:\s{_TAMIL})?)"
    rf"|(?<![\u1200-\u137c/])(?:{alternation(_AMHARIC_TITLES)})\s+(?P<amharic>{_ETHIOPIC}(?:\s{_ETHIOPIC})?)"
    rf"|(?<![\u0900-\u097f])(?:{alternation(_NEPALI_TITLES)})\s+(?P<nepali>{_DEVANAGARI}(?:\s{_DEVANAGARI})?)"
)

GIVEN_RANK = 2000
SURNAME_RANK = 8000


def _ranked(word: str, given: bool) -> bool:
    if given and (first_rank(word) or GIVEN_RANK + 1) <= GIVEN_RANK:
        return True
    return (surname_rank(word) or SURNAME_RANK + 1) <= SURNAME_RANK


class TitledScriptNameRecognizer(RegexRecognizer):
    """A name after a title or greeting in Hebrew, Thai, Tamil, Amharic or Nepali (see the docstring)."""

    ENTITY = "NAME"
    pattern = _PATTERN

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k in ("hebrew", "thai", "tamil", "amharic", "nepali") if match.group(k))
        start, end = match.span(kind)
        words = match.group(kind).split()
        if kind == "hebrew":
            if not _ranked(words[0].rstrip(",'\""), given=True):
                return None
            if len(words) == 2 and not _ranked(words[1].rstrip(",'\""), given=False):
                end = start + len(words[0])
            end = start + len(text[start:end].rstrip(",'\""))
        elif kind == "thai" and match.group("thai_all").startswith(_THAI_ROLES):
            return None
        elif kind == "nepali":
            for suffix in _NEPALI_AFTER:
                if text[start:end].endswith(suffix) and end - len(suffix) > start:
                    end -= len(suffix)
                    break
        return start, end, 0.6, self.ENTITY
