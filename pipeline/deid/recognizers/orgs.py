"""Organisations named by their kind: "Marquette University", "St. Luke's Hospital",
"Center for Psychological Services", "Harbor View Counseling". Generic lower-case kinds ("the
university clinic", "a community clinic") do not match: only capitalised names do."""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer
from pipeline.deid.wordlists import MONTHS, WEEKDAYS, WordLists, zipf

_CAP = r"(?:[A-Z][a-zA-Z'’.&-]*|[A-Z]{2,})"
_KIND = (
    r"(?:University|College|Hospital|Clinic|Center|Centre|Institute|School|Academy|Church|Cathedral"
    r"|Temple|Synagogue|Mosque|Counseling|Counselling|Health|Healthcare|Memorial|Foundation|Associates"
    r"|Group|Collective|Services|Prison|Penitentiary|Jail|Seminary|Ministries|Agency|Corporation|Company"
    r"|Inc\.?|LLC|Partners|Practice|Program|Shelter|Consortium|Network|Alliance|Society|Association"
    r"|Library|Museum|Medical|Behavioral|Psychiatric|Wellness|Recovery|Rehab|Rehabilitation)"
)
_LINK = r"(?:\s+(?:of|for|and|&|the|at|on|in)\s+|\s+)"
_ORG = re.compile(
    rf"(?<![\w'’-])(?:(?:St\.|Saint|Mount|Mt\.)\s+)?(?:{_CAP}\s+){{1,4}}{_KIND}(?:{_LINK}{_CAP}){{0,3}}(?![\w'’-])"
    rf"|(?<![\w'’-])(?:University|College|Center|Centre|Institute|School|Department|Hospital|Church|Bank)"
    rf"\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:{_LINK}{_CAP}){{0,4}}(?![\w'’-])"
)
_LEADING_NOISE = re.compile(r"^(?:The|A|An|And|But|So|At|In|Our|My|Her|His|Their)\s+")


class OrgPatternRecognizer(RegexRecognizer):
    """A capitalised name ending in (or starting with) a kind of organisation."""

    ENTITY = "ORG"
    pattern = _ORG

    def judge(self, match: re.Match[str], text: str):
        span = match.group(0)
        start = match.start()
        while noise := _LEADING_NOISE.match(span):
            span, start = span[noise.end() :], start + noise.end()
        if not re.search(rf"\b{_KIND}\b", span) and not re.match(
            r"(University|College|Center|Centre|Institute|School|Department|Hospital|Church|Bank)\b", span
        ):
            return None
        # trailing function words picked up by the optional links
        span = re.sub(r"(?:\s+(?:of|for|and|&|the|at|on|in))+$", "", span)
        if len(span.split()) < 2:
            return None
        return start, start + len(span), 0.7, self.ENTITY


_JOIN = r"(?:\s*,\s*|\s+(?:and|&|und|et|e|és|i|y|og|och|en|a|ve)\s+|\s+|-)"
# lower-case legal forms that cannot be ordinary words, for transcripts in lower case
_DISTINCT_LOWER = {
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sarl",
    "s.a.r.l.",
    "s.a.",
    "s.l.",
    "oy",
    "oyj",
    "ab",
    "asa",
    "aps",
    "a/s",
    "bv",
    "b.v.",
    "nv",
    "n.v.",
    "s.r.o.",
    "sp. z o.o.",
    "zrt.",
    "kft.",
    "lda.",
    "ltda.",
    "s/a",
    "s.p.a.",
    "spa",
    "s.r.l.",
    "srl",
    "s.c.",
    "s.c.p",
    "pty",
    "llp",
}


class LegalFormRecognizer(RegexRecognizer):
    """A company by its legal form: "Davin LLC", "Harding, Hutchinson and Holland PLC", "Pintér Zrt.",
    "PT Santoso", and in lower-case transcripts "hernandez llc"."""

    ENTITY = "ORG"

    def __init__(self, words: WordLists) -> None:
        super().__init__()
        forms = "|".join(re.escape(f) for f in sorted(words.legal_forms, key=len, reverse=True))
        lower = "|".join(re.escape(f) for f in sorted(_DISTINCT_LOWER, key=len, reverse=True))
        prefixes = "|".join(re.escape(p) for p in sorted(words.legal_prefixes, key=len, reverse=True))
        name = rf"(?:{CAP_WORD}|{CAP_WORD}\.|[A-Z]{{2,}}|&)"
        self.pattern = re.compile(
            rf"(?<![\w'’-])(?:"
            rf"(?P<cap>(?:(?:de|da|van|von|di|del|la|le)\s+)?{name}(?:{_JOIN}{name}){{0,4}}"
            rf"(?:\s*,?\s+(?:{forms})(?![\w'’-])){{1,3}})"
            rf"|(?P<pre>(?:{prefixes})\s+{name}(?:\s+{name}){{0,3}})"
            rf"|(?P<low>(?:[a-zà-ÿ][\w'’-]*\s+){{1,2}}(?:{lower}))"
            rf")(?![\w'’-])"
        )

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k, v in match.groupdict().items() if v)
        span, start = match.group(0), match.start()
        while noise := _LEADING_NOISE.match(span):
            span, start = span[noise.end() :], start + noise.end()
        if kind == "low":
            first = span.split()[0]
            if zipf(first) >= 4.5 and len(span.split()) > 2:
                span, start = span[len(first) + 1 :], start + len(first) + 1
            if zipf(span.split()[0]) >= 4.5:
                return None  # "the inc", "my ltd"
        if len(span.split()) < 2 and not re.search(r"\w[-&]\w", span):
            return None
        return start, start + len(span), 0.75, self.ENTITY


# the "and" of a firm's name in the languages of the legal forms
_AND = r"(?:and|&|og|och|und|y|e|et|i|és|en|a|ve)"


class SurnameFirmRecognizer(RegexRecognizer):
    """A firm named by its partners: "Harding, Hutchinson and Holland", "Landry, Valenzuela & Johnson"."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-]){CAP_WORD}(?:\s*,\s*{CAP_WORD})+\s*,?\s+(?P<and>{_AND})\s+{CAP_WORD}(?![\w'’-])"
    )

    def __init__(self, words: WordLists | None = None) -> None:
        super().__init__()
        self.words = words

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.gazetteers import surname_rank

        parts = re.findall(r"[^\W\d_][\w'’-]*", match.group(0))
        parts = [p for p in parts if p != match.group("and")]
        ordinary = self.words.framing | self.words.allow | self.words.not_places if self.words else set()
        if any(p.lower() in ordinary or p.lower() in MONTHS or p.lower() in WEEKDAYS for p in parts):
            return None  # "Monday, Tuesday and Friday", "Mom, Dad and Grandma", "Canada, Peru and Chile"
        if sum(surname_rank(p) is not None for p in parts) < 2:
            return None
        return match.start(), match.end(), 0.7, self.ENTITY


# legal forms written in Chinese and Japanese characters, which end or begin a company's name there
_CJK = r"[\u3040-\u30ff\u3400-\u9fff]"
_CJK_FORM = (
    r"(?:株式会社|有限会社|合同会社|合資会社|合名会社|股份有限公司|有限责任公司|有限公司|公司|集团|集團)"
)


class CjkLegalFormRecognizer(RegexRecognizer):
    """A company written in Chinese or Japanese characters with its legal form: "山下建設株式会社",
    "有限会社加藤農林", "九方网络有限公司"."""

    ENTITY = "ORG"
    pattern = re.compile(rf"{_CJK}*{_CJK_FORM}{_CJK}*")

    def judge(self, match: re.Match[str], text: str):
        if len(match.group(0)) < 3:
            return None
        return match.start(), match.end(), 0.75, self.ENTITY
