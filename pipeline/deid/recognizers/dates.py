"""Specific calendar dates, written or spoken: "October 3rd", "the twenty-third of April", "2/14",
"March 14, 2016", "January of 2015".

Only dates that pin down a day, or a month of a given year, identify anything. Years alone, weekdays,
seasons, holidays and durations are left alone, which is why spaCy's broad DATE label is not used.
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer

_MONTH = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?"
    r"|sep(?:t(?:ember)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)


def _words(text: str) -> list[str]:
    return text.split()


_ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth"
)
_CARDINAL_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty"
)
_UNIT_WORD = "(?:" + "|".join(_CARDINAL_WORDS[:9] + _ORDINAL_WORDS[:9]) + ")"
_DAY_WORD = rf"(?:(?:twenty|thirty)[\s-]{_UNIT_WORD}|{'|'.join(_ORDINAL_WORDS + _CARDINAL_WORDS)})"
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|re|º|ª)?|{_DAY_WORD})"
_SPOKEN_YEAR = (
    r"(?:(?:nineteen|twenty)[\s-](?:oh[\s-])?(?:(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine)"
    r"|two\s+thousand(?:\s+and)?(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]\w+)?))?)"
)
_YEAR = rf"(?:(?:19|20)\d\d|'\d\d|{_SPOKEN_YEAR})"
# a month said as its ordinal, and a year said as its last two digits ("eighty-four")
_MONTH_ORDINAL = "(?:" + "|".join(_ORDINAL_WORDS[:12]) + ")"
_TWO_DIGIT_YEAR = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six"
    r"|seven|eight|nine))?(?![\w-])"
)
# month names of the languages whose dates forms and letters most often carry, in the forms a date
# uses (Polish and Finnish in the genitive/partitive: "12 marca 2020", "3. maaliskuuta 2021")
_FOREIGN_MONTH = (
    "(?:"
    + "|".join(
        _words(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
            "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
            "diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre janeiro "
            "fevereiro março maio junho julho setembro outubro dezembro januar februar märz juni juli "
            "oktober dezember januari februari maart mei augustus desember stycznia lutego marca kwietnia "
            "maja czerwca lipca sierpnia września października listopada grudnia tammikuuta helmikuuta "
            "maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta "
            "marraskuuta joulukuuta ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım "
            "aralık január február március április május június július augusztus szeptember október "
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
            "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga "
            "prosinca ledna února března dubna května června července srpna září října listopadu "
            "prosince ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie "
            "decembrie maret agustus ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου "
            "αυγούστου σεπτεμβρίου οκτωβρίου νοεμβρίου δεκεμβρίου marts maj augusti jun jul avgust "
            "ionawr chwefror mawrth ebrill mehefin gorffennaf awst medi hydref tachwedd rhagfyr "
            "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر "
            "enero pebrero marso abril hunyo hulyo setyembre nobyembre disyembre"
        )
    )
    + ")"
)

_RANGE_START = r"\d{1,2}\.?\s*(?:-|–|al|a|au|bis|do|til)\s*"

_DATE = re.compile(
    r"(?<![\w/])(?:"
    # a month and a spoken year, before a day is tried: "September twenty eighteen" (not the 20th),
    # "October two thousand and eleven"
    rf"(?P<mys>{_MONTH},?\s+(?:of\s+)?{_SPOKEN_YEAR})(?!,?\s+{_YEAR}|[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)|"
    # March 14, 2016 / October 3rd / March fourteenth / March the 3rd
    rf"(?P<md>{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+(?:of\s+)?{_YEAR})?)"
    # a day and a month both as ordinals: "the twelfth of the seventh, eighty-four"
    rf"|(?P<oo>(?:the\s+)?{_DAY_WORD}\s+of\s+the\s+{_MONTH_ORDINAL}(?:,?\s+{_YEAR}|,?\s+{_TWO_DIGIT_YEAR})?)"
    # the twenty-third of April (2016) / 14th of March / 3 March 2016
    rf"|(?:the\s+)?(?P<dm>(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s*(?:-|–|to)\s*)?{_DAY}\.?(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?)"
    # January of 2015 / March 2016
    rf"|(?P<my>{_MONTH},?\s+(?:of\s+)?{_YEAR})"
    # 2/14, 2/14/2016, 2-14-16, 2016-02-14
    # a day, a month of another language and a year: "3 mars 2026", "12 de marzo de 2019", "5. Mai 2020"
    # a range before it: "8 al 11 de diciembre de 2025", "14.–21. srpnja 2026"; without a year only
    # after a day in digits: "le 12 mars", "с 1 марта"
    rf"|(?P<foreign>(?:{_RANGE_START})?(?:\d{{1,2}}(?:er|re)?\.?\s+(?:de\s+)?)?{_FOREIGN_MONTH}(?:\s+de)?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d\.\s+{_FOREIGN_MONTH}\s+\d{{1,2}}\.?"
    rf"|(?:{_RANGE_START})?\d{{1,2}}\.?\s+(?:de\s+)?{_FOREIGN_MONTH}(?!\s+(?:de\s+)?\d)"
    rf"|{_FOREIGN_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d\d)"
    # 14-Jan-2026, 03-Mar-25
    rf"|(?P<abbr>\d{{1,2}}-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)-(?:19|20)?\d\d)"
    r"|(?P<num>\d{1,2}\.\s\d{1,2}\.\s(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}-\d{1,2}-\d{2,4}|\d{1,2}\.\d{1,2}\.(?:19|20)\d\d"
    r"|(?:19|20)\d\d[-./]\d\d[-./]\d\d)"
    r")(?![\w/])",
    re.IGNORECASE,
)


# words before a date of day and month only ("until 23/03", "am 24/7"? no: "open 24/7" has none)
_DATE_CUE = re.compile(
    r"(?i)\b(?:on|by|until|till|from|since|dated?|due|am|le|el|il|op|den|dnia|tarihinde"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday)\.?,?\s+$"
)


def _numeric_date_is_plausible(text: str, following: str, before: str = "") -> bool:
    parts = [int(p) for p in re.split(r"[/.-]", text) if p]
    if len(parts) == 2 and (parts[0] < parts[1] <= 4 or re.match(r"\s+of\b", following)):
        return False  # a fraction: "1/2", "3/4", "1/3 of them"
    if len(parts) == 2 and parts[1] > 1900:  # a month of a year: "valid thru 12/2027"
        return 1 <= parts[0] <= 12
    if len(parts) == 3 and parts[0] > 1900:  # 2016-02-14, 2026.02.20
        return 1 <= parts[1] <= 12 and 1 <= parts[2] <= 31
    if "." in text:  # 25.09.2019: day first, as everywhere dots are used
        return 1 <= parts[0] <= 31 and 1 <= parts[1] <= 12
    # month first (US), or day first as most of the world writes a full date ("15/03/2026"; "24/7" is
    # no date)
    day_first = (len(parts) == 3 or _DATE_CUE.search(before)) and 1 <= parts[0] <= 31 and 1 <= parts[1] <= 12
    return (1 <= parts[0] <= 12 and 1 <= parts[1] <= 31) or day_first


class SpecificDateRecognizer(RegexRecognizer):
    """A day of a month, or a month of a year, written or spoken."""

    ENTITY = "DATE"
    pattern = _DATE

    def judge(self, match: re.Match[str], text: str):
        kind = next(name for name, value in match.groupdict().items() if value)
        start, end = match.span(kind)
        surface = match.group(kind)
        if kind == "num":
            plausible = _numeric_date_is_plausible(
                surface, text[end : end + 5], text[max(0, start - 12) : start]
            )
            return (start, end, 0.6, self.ENTITY) if plausible else None
        if kind == "dm" and (article := re.search(r"(?i)\bthe\s+$", text[:start])):
            start = article.start()  # "the twenty-third of April" is one spoken date
        # "may" is a month only when capitalised ("May 3rd"), never the modal verb ("you may two…")
        if re.match(r"may\b", surface, re.IGNORECASE) and not surface.startswith("May"):
            return None
        # "in March two people left": a bare cardinal word after a month is rarely a day, unless a year
        # follows ("March two, twenty sixteen")
        if (
            kind == "md"
            and re.match(rf"{_MONTH}\s+(?:{'|'.join(_CARDINAL_WORDS[:9])})\b", surface, re.IGNORECASE)
            and not re.search(r",?\s+(?:of\s+)?" + _YEAR, surface[len(surface.split()[0]) :], re.I)
        ):
            return None
        return start, end, 0.85, self.ENTITY


class CjkDateRecognizer(RegexRecognizer):
    """A date as Chinese, Japanese and Korean write it: "2025年11月8日", "2025년 11월 8일". Those scripts
    run words together, so no word boundary is asked for around it."""

    ENTITY = "DATE"
    pattern = re.compile(
        r"(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|년\s*\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?)"
        # a day of a month without its year: "3月8日", "3월 12일"
        r"|(?<!\d)\d{1,2}\s*(?:月\s*\d{1,2}\s*日|월\s*\d{1,2}\s*일)"
    )
