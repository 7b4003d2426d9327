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
# right before a shorter run: "Same phone: 74 78 88", "case no. 48213" (local numbers, short IDs)
_DIRECT_CUE = re.compile(
    r"\b(?:phone|tel|telephone|cell|mobile|mob|fax|whatsapp|call\s+(?:me|him|her|them|us)\s+(?:at|on)|"
    r"id|no|nr|ref|reference|mrn|passport|account|member|student|customer|case|file|policy)"
    r"(?:\s+(?:number|no|nr|num))?\W{0,3}$",
    re.IGNORECASE,
)
# the fewest digits a number needs after such a cue
CUED_MIN_DIGITS = 5
# the last digits of a card, an account or a social-security number, and short numbers after a word
# that only ever precedes an identifier: "Visa ending 0932", "Karta **** 4417", "SSN (last 4): 4821",
# "invoice #2291", "Adm. No.: 4471", "collar 11873", "my badge number is 44 1207"
SHORT_ID_CUE = re.compile(
    r"(?:\b(?:ending|ends)(?:\s+in)?|\*{3,}|\b[xX]{3,}|\blast\s+(?:4|four)(?:\s+digits)?\)?|#"
    r"|\b(?:adm|admission|invoice|estimate|collar|badge|ssn|student|member|membership|patient|employee"
    r"|staff|payroll|customer|client|case|file)(?:\.?\s*(?:number|no|nr|num|id)\.?(?:\s+(?:is|was))?)?)"
    r"\W{0,3}$",
    re.IGNORECASE,
)
SHORT_ID_MIN_DIGITS = 3
# a price after some words: the line of a receipt or an invoice ("2 CORNETTO CREMA   2,60")
PRICE_AFTER = re.compile(r"[ \t]+(?:[$€£]\s?)?\d{1,6}[.,]\d{2}(?!\d)")
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
    r"(?<![\w.,+/-])(?:\+\s?|00)?(?:\(\s?\+?\d{1,5}\s?\)[\s-]?)?\d+"
    # groups apart by spaces, dots, dashes, slashes, a bracketed code, or a letter ("12 150385 M 041")
    r"(?:(?:[ .\-/]|\s?\(\d+\)\s?|\s-\s|\s(?-i:[A-Z])\s)\d+)*"
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?!\w|[,.]\d)",
    re.IGNORECASE,
)
_PLATE = re.compile(r"[A-Z]{2}\d{2}\s[A-Z]{3}")
_CODE = re.compile(
    # IBANs in groups of four, whether or not their check digits add up: "DE44 8605 5592 1090 0012 34"
    # (first, so that "DE44" alone does not take the place)
    r"(?<![\w-])[A-Z]{2}\d{2}(?:\s[A-Z0-9]{4}){2,7}(?:\s[A-Z0-9]{1,3})?(?![\w-])"
    # British number plates: "KX19 TBV"
    r"|(?<![\w-])[A-Z]{2}\d{2}\s[A-Z]{3}(?![\w-])"
    r"|(?<![\w/-])(?=[A-Z0-9/-]*\d)(?=[A-Z0-9/-]*[A-Z])[A-Z0-9]{1,6}(?:[-/]?[A-Z0-9]+){1,4}(?![\w/-])"
    # letters and digits in spaced groups, as national insurance and passport numbers are written:
    # "ZZ 804756 T", "QQ 12 34 56 C", "AB 123456"
    r"|(?<![\w-])[A-Z]{1,3}(?:\s\d{2,6}){1,4}(?:\s[A-Z]{1,2})?(?![\w-])"
    # short codes of letters and digits mixed ("K7Q2XM"), taken after a word for a reference
    r"|(?<![\w-])(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{5,12}(?![\w-])"
)


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
        if _YEAR_RANGE.match(span) or _DATE_SHAPE.match(span):
            return None
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            return None
        if SHORT_ID_MIN_DIGITS <= digits < 7 and SHORT_ID_CUE.search(before):
            return start, end, 0.7, "ID"
        if digits < 7:
            cue = _DIRECT_CUE.search(before)
            if digits < CUED_MIN_DIGITS or cue is None:
                return None
            phone = re.match(r"(?i)(?:phone|tel|cell|mob|fax|whats|call)", cue.group(0))
            return start, end, 0.7, "PHONE" if phone else "ID"
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
        mixed = bool(re.search(r"\d[A-Z]+\d|[A-Z]\d+[A-Z]", span)) and _digits(span) >= 2
        # a booking or transaction code: long enough alone ("SGH7K2LQ9P"), else after its cue
        cued = _ID_CUE.search(text[max(0, match.start() - 30) : match.start()])
        if mixed and 2 <= letters <= 12 and " " not in span and (len(span) >= 8 or cued):
            return match.start(), match.end(), 0.65, self.ENTITY
        if _PLATE.fullmatch(span):
            return match.start(), match.end(), 0.65, self.ENTITY
        if _digits(span) < 4 or len(span) < 7 or letters > 12 or re.fullmatch(r"[A-Z]+-\d{1,3}", span):
            return None
        if " " in span and _digits(span) < 6:
            return None  # "Room B 12 14", "Ward C 2019": spaced codes need an ID's length
        return match.start(), match.end(), 0.7, self.ENTITY


# Postcodes next to a town or a street: "S6 7LJ", "1111YW", "27-097", "H-1669", "731 70", "43915-0008".
POSTCODE = re.compile(
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d"  # Canada
    r"|[A-Z]\d{2}\s?[A-Z\d]{4}"  # Ireland
    r"|(?:[A-Z]{1,2}-)?\d{2,5}(?:[ -]\d{2,4})?(?:\s?[A-Z]{2})?)"
)
