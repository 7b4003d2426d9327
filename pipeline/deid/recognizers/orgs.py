"""Organisations named by their kind: "Marquette University", "St. Luke's Hospital",
"Center for Psychological Services", "Harbor View Counseling". Generic lower-case kinds ("the
university clinic", "a community clinic") do not match: only capitalised names do."""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer

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
