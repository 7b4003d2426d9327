"""Organisations named by their kind: "Marquette University", "St. Luke's Hospital",
"Center for Psychological Services", "Harbor View Counseling". Generic lower-case kinds ("the
university clinic", "a community clinic") do not match: only capitalised names do."""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import CAP_WORD, RegexRecognizer, alternation
from pipeline.deid.wordlists import WordLists, zipf

_CAP = r"(?:[A-Z][a-zA-Z'’.&-]*|[A-Z]{2,})"
_KIND = (
    r"(?:University|College|Hospital|Clinic|Center|Centre|Institute|School|Academy|Church|Cathedral"
    r"|Temple|Synagogue|Mosque|Counseling|Counselling|Health|Healthcare|Memorial|Foundation|Associates"
    r"|Group|Collective|Services|Prison|Penitentiary|Jail|Seminary|Ministries|Agency|Corporation|Company"
    r"|Inc\.?|LLC|Partners|Practice|Program|Shelter|Consortium|Network|Alliance|Society|Association"
    r"|Library|Museum|Medical|Behavioral|Psychiatric|Wellness|Recovery|Rehab|Rehabilitation)"
)
_LINK = r"(?:\s+(?:of|for|and|&|the|at|on|in)\s+|\s+)"
# "School No. 27", "Szkoła Podstawowa nr 3": a numbered school or hospital
_NUMBER_TAIL = r"(?:\s+(?:No\.?|Nr\.?|nr|№|#)\s*\d{1,4})"
_NUMBERED = rf"{_NUMBER_TAIL}?"
_ORG = re.compile(
    rf"(?<![\w'’-])(?:(?:St\.|Saint|Mount|Mt\.|Our\s+Lady\s+of)\s+)?(?:{_CAP}\s+){{1,4}}{_KIND}(?:{_LINK}(?!No\.|Nr\.){_CAP}){{0,3}}"
    rf"{_NUMBERED}(?![\w'’-])"
    rf"|(?<![\w'’-])(?:{_CAP}\s+)?School{_NUMBER_TAIL}(?![\w'’-])"
    rf"|(?<![\w'’-])(?:University|College|Center|Centre|Institute|School|Department|Hospital|Church|Bank)"
    rf"\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:{_LINK}{_CAP}){{0,4}}(?![\w'’-])"
)
_LEADING_NOISE = re.compile(r"^(?:The|A|An|And|But|So|At|In|Our(?!\s+Lady\b)|My|Her|His|Their)\s+")


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
        forms = alternation(words.legal_forms)
        # "Co." before a capitalised word is a county ("Fermoy, Co. Cork"), not "& Co."
        forms = forms.replace(r"Co\.", r"Co\.(?!\s+(?!Ltd|Limited|Inc|KG)[A-Z][a-z])")
        lower = alternation(_DISTINCT_LOWER)
        prefixes = alternation(words.legal_prefixes)
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


# kinds of institution in other languages: before the name ("Escuela Primaria Benito Juárez", "école
# saint-joseph", "Liceo Scientifico Galilei") or after it ("Kirkonkylän koulu", "Vestby skole")
_KIND_FIRST = (
    r"(?:école|ecole|collège|lycée|hôpital|clinique|université|escuela|colegio|liceo|instituto"
    r"|clínica|universidad|fundación|asociación|centro|hogar|escola|universidade|fundação|associação"
    r"|scuola|istituto|ospedale|università|klinik|universität|grundschule|szkoła|gimnazjum"
    r"|szpital|uniwersytet|škola|bolnica|okulu|hastanesi)"
)
_KIND_LAST = (
    r"(?:koulu|lukio|sairaala|yliopisto|skola|skolan|skole|skolen|sjukhus|sykehus|sygehus|universitet"
    r"|universitetet|schule|grundschule|klinik|krankenhaus|ziekenhuis|basisschool|hogeschool"
    r"|iskola|kórház|egyetem|okulu|lisesi|üniversitesi|hastanesi|bolnica|škola|szpital|gimnazjum)"
)
_NAME_PART = r"[^\W\d_][\w'’.-]*"
_NAME_LINK = r"(?:de|del|de la|des|du|di|della|do|da|dos|der|für|am|im)"


class ForeignKindOrgRecognizer(RegexRecognizer):
    """An institution named with a kind word of another language, in any casing: words after a kind
    word that English does not use are its name, not a sentence ("at école saint-joseph in …")."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-])(?i:{_KIND_FIRST})(?P<name>(?:\s+(?:{_NAME_LINK}\s+)?{_NAME_PART}){{1,4}}){_NUMBERED}(?![\w'’-])"
        rf"|(?<![\w'’-]){CAP_WORD}(?:\s+{CAP_WORD})?\s+(?i:{_KIND_LAST}){_NUMBERED}(?![\w'’-])"
    )

    def judge(self, match: re.Match[str], text: str):
        if match.group("name") is None:
            return match.start(), match.end(), 0.65, self.ENTITY
        # the word after the kind is its name unless a function word ("école in …"); the name runs on
        # while its words are rare in English or capitalised ("Primaria", "Benito")
        end = match.start("name")
        for n, word in enumerate(re.finditer(rf"\s+(?:{_NAME_LINK}\s+)?({_NAME_PART})", match.group("name"))):
            part = word.group(1)
            if zipf(part) >= (5.5 if n == 0 else 4.0) and not part[0].isupper():
                break
            end = match.start("name") + word.end()
        if end == match.start("name"):
            return None
        return match.start(), end, 0.65, self.ENTITY
