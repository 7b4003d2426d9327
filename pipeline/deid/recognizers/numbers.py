"""Written numbers that identify: phone numbers in any national grouping, ID numbers and codes, postcodes.

A run of seven or more digits, grouped by spaces, dots, dashes, slashes or parentheses ("+41 65 739 42 33",
"(091) 5000806", "0150-008 06", "756.8452.3096.12"), is a phone number or an ID unless it is clearly
something else: a year range ("1998-2004"), a date, money ("€1 250 000"), a count with thousands
separators. Codes of capitals and digits ("XE-3959493", "DBSTTR04E42H289E") are IDs.
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer

_PHONE_CUE = re.compile(
    r"\b(?:call|called|calling|phone|tel|telephone|cell|mobile|mob|number|text|texted|reach|dial|fax|"
    r"line|whatsapp|contact|on)\W*$",
    re.IGNORECASE,
)
_ID_CUE = re.compile(
    r"\b(?:id|no|nr|ref|reference|record|mrn|chart|file|case|account|member|student|passport|licen[cs]e|"
    r"policy|ssn|insurance|customer|order|booking|invoice|tax|national|personal|code)\b[^\n]{0,20}$",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:usd|eur|gbp|chf|sek|nok|dkk|pln|czk|kr|rs)\.?)\s*$", re.I)
_MONEY_AFTER = re.compile(
    r"^\s*(?:[$€£¥₹]|(?:dollars|euros?|pounds|francs|kronor|kroner|zloty|crowns|rupees|usd|eur|gbp|chf)\b)",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"^(?:1[89]|20)\d\d\s*[-–/]\s*(?:(?:1[89]|20)\d\d)$")
_DATE_SHAPE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d|(?:19|20)\d\d[./-]\d{1,2}[./-]\d{1,2})$"
)
_DIGIT_RUN = re.compile(
    r"(?<![\w.,+/-])(?:\+\s?|00)?(?:\(\s?\+?\d{1,5}\s?\)[\s-]?)?\d+(?:(?:[ .\-/]|\s?\(\d+\)\s?|\s-\s)\d+)*"
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?!\w|[,.]\d)",
    re.IGNORECASE,
)
_CODE = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,6}(?:-?[A-Z0-9]+){1,4}(?![\w-])")


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


class DigitRunRecognizer(RegexRecognizer):
    """Seven or more digits in one group or several: a phone number or an ID."""

    ENTITY = "PHONE"
    pattern = _DIGIT_RUN

    def judge(self, match: re.Match[str], text: str):
        span = match.group(0).rstrip(" .-/")
        start, end = match.start(), match.start() + len(span)
        digits = _digits(span)
        before, after = text[max(0, start - 40) : start], text[end : end + 12]
        if digits < 7 or _YEAR_RANGE.match(span) or _DATE_SHAPE.match(span):
            return None
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            return None
        if span.startswith(("+", "(")) or _PHONE_CUE.search(before):
            return start, end, 0.8, "PHONE"
        if _ID_CUE.search(before):
            return start, end, 0.8, "ID"
        grouped = bool(re.search(r"[ .\-/()]", span))
        return start, end, 0.7, "PHONE" if grouped and digits <= 13 else "ID"


class CodeRecognizer(RegexRecognizer):
    """A code of capitals and digits with four digits or more: "XE-3959493", "BDRVNN28M71F348I"."""

    ENTITY = "ID"
    pattern = _CODE

    def judge(self, match: re.Match[str], text: str):
        span = match.group(0)
        letters = sum(c.isalpha() for c in span)
        if _digits(span) < 4 or len(span) < 7 or letters > 12 or re.fullmatch(r"[A-Z]+-\d{1,3}", span):
            return None
        return match.start(), match.end(), 0.7, self.ENTITY


# Postcodes next to a town or a street: "S6 7LJ", "1111YW", "27-097", "H-1669", "731 70", "43915-0008".
POSTCODE = re.compile(
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d"  # Canada
    r"|[A-Z]\d{2}\s?[A-Z\d]{4}"  # Ireland
    r"|(?:[A-Z]{1,2}-)?\d{2,5}(?:[ -]\d{2,4})?(?:\s?[A-Z]{2})?)"
)
