"""Employers in lines without casing, found by the words that announce one: "i worked at …".

Speech recognisers write some turns all in lower case, where an organisation has no capitals to give
it away; but the verb before it often says one follows: "i got placed at infosys", "i was contracting
for rabobank", "i drive for careem", "i'm with baptistcare", "we sold to bidgood's". After such a cue,
the words up to the next function word name an employer when one of them is rare in English (below
Zipf 3.5: "rabobank" 2.1, "bimbo" 2.9, "hyundai" 3.4) or a known town or name not common as a word
(below 4.0). "worked at the hospital", "work for myself" and "worked for years" stay: every word
there is common. Trailing common words are not the name ("the hyundai heavy industries yard"),
unless they are the trade words organisations end in ("lockwood systems", "van den bosch transport").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.deid.casing import uncased_line
from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.recognizers.lowercase import named
from pipeline.deid.wordlists import zipf

# after a cue, a word this rare in English makes the phrase a name (the cue is the evidence, so the
# bar is higher than lowercase.RARE_ZIPF's for phrases found by their kind alone)
EMPLOYER_RARE_ZIPF = 3.5
# a last word this common is not part of the name ("yard", "site"), unless it is a trade word
TRAILING_ZIPF = 4.5
_TRADE = frozenset((
    "systems", "services", "solutions", "transport", "transports", "logistics", "foods", "motors", "bank",
    "stores", "store", "industries", "international", "group", "holdings", "manpower", "maritime",
    "shipping", "farms", "homecare", "healthcare", "care", "security", "media", "technologies",
    "consulting", "construction", "engineering", "energy", "airlines", "airways", "insurance", "pharmacy",
    "bakery", "footwear", "textiles", "garments", "mills", "hotel", "hotels",
))  # fmt: skip
_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’]s)?"  # "bidgood's"
_VERB = (
    r"(?:work(?:s|ed|ing)?|job|jobs|placed|employed|hired|contract(?:s|ed|ing|or|ors)?|driv(?:e|es|ing|er)"
    r"|drove|sold|sell(?:s|ing)?|supply|supplied|supplying|volunteer(?:s|ed|ing)?|intern(?:ed|ing)?)"
)
_WITH = r"(?:i['’]?m|i\s+am|i\s+was|we\s+were|we['’]re|i['’]ve\s+been)\s+with"
_FILLER = r"(?:(?:um|uh|erm|er|like),?[ \t]+)?"
# an organisation's kind, then its name: "the union is sitratexval", "the cooperative is cooperativa
# minera …", "the company was called …" (a kind alone, "the company is big", has no rare word)
_KIND_IS = (
    r"(?:the|our|my|his|her|their)\s+(?:company|firm|employer|agency|cooperative|co-?op|union|factory"
    r"|plant|mine|club|charity|ngo|organi[sz]ation|business|shop|salon|restaurant|cafe|café|bar|pub|hotel"
    r"|clinic|hospital|school|college|church|mosque|temple|brand|label|page|channel|band|team)"
    r"\s+(?:is|was|['’]s)\s+(?:(?:called|named)\s+)?"
)


class LowerEmployerRecognizer(RegexRecognizer):
    """An employer after a verb that announces one, or after its kind and "is", in a line without
    casing: "i worked at kopalnia wujek", "contracting for rabobank", "i'm with baptistcare", "the union
    is sitratexval"."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![\w'’-])(?:{_VERB}\s+(?P<prep>at|for|by|to|with)\s+|{_WITH}\s+|{_KIND_IS}){_FILLER}(?:the\s+)?"
        rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"
    )

    def judge(self, match: re.Match[str], text: str):
        prep = match.group("prep")
        if prep == "to" and not match.group(0).startswith(("sold", "sell", "suppl")):
            return None  # "drove to …" goes to a place, the place recognizers' business
        if not uncased_line(text, match.start()):
            return None
        words = []
        for word in match.group("name").split():
            if word in STOP_WORDS or word in ("um", "uh", "like"):
                break
            words.append(word)
        while words and zipf(words[-1]) >= TRAILING_ZIPF and words[-1] not in _TRADE:
            words.pop()
        if not words or not named([re.sub(r"['’]s$", "", w) for w in words], EMPLOYER_RARE_ZIPF):
            return None
        return match.start("name"), _end_of(match, words), 0.45, self.ENTITY


def _end_of(match: re.Match[str], words: list[str]) -> int:
    """The end of the last kept word, whatever the spaces between the words."""
    at = match.start("name")
    for word in words:
        at = match.string.index(word, at) + len(word)
    return at
