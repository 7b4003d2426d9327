"""Names in scripts without capitals, found by how messages address people, with no label or
honorific beside them: a salutation before the name in Arabic, Persian and Urdu ("عزيزتي …", "محترم
…") or in Hindi and Bengali ("प्रिय …", "প্রিয় …"), a Korean name written whole ("김민지 고객님") or called
("지수야").

The gazetteers rank Arabic-script and Hangul names, so there a name must be one of theirs: an
Arabic-script word after a salutation must be a ranked given name or surname (the definite article
"ال" makes it a noun: "عزيزي العميل", dear customer). They know no Devanagari or Bengali names, and
wordfreq cannot tell "ग्राहक" (customer) from a name, so after those salutations only a run of two
words or more up to the comma is taken: a given name with a surname, perhaps after a word of address.

A Korean name written whole is a family name's syllable and a given name the gazetteers rank in two
syllables (Korean names are mostly so). A Sino-Korean word can look the same ("구성원", member), so the
word must also be rare in Korean (wordfreq, Zipf below 3.3): common words are, a private person's name
is not.
"""

from __future__ import annotations

import re

from pipeline.deid.gazetteers import first_rank, surname_rank
from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.scripts import script_zipf

_ARABIC_LETTERS = r"\u0621-\u064a\u066e-\u06d3"
_INDIC_WORD = r"[\u0900-\u0963\u0966-\u097f\u0980-\u09e3\u09f0-\u09ff]+"
_HANGUL = r"\uac00-\ud7a3"
_ARABIC_SALUTATIONS = (
    "عزيزي", "عزيزتي", "أخي", "أختي", "الأخ", "الأخت", "محترم", "محترمہ", "محترمه", "جناب", "جنابِ",
    "عزیزم", "عزیز", "برادر", "خواهر", "پیارے", "پیاری",
)  # fmt: skip
_INDIC_SALUTATIONS = ("प्रिय", "आदरणीय", "प्रिये", "প্রিয়", "প্রিয়", "শ্রদ্ধেয়", "শ্রদ্ধেয়", "জনাব")
# the family names that open most Korean names, by syllable
_KOREAN_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함"
    "변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉"
)
# a ranked given name this popular; a whole Korean name this rare as a word
KOREAN_GIVEN_RANK = 1000
KOREAN_NAME_MAX_ZIPF = 3.3
# Korean particles written onto a name ("김민지가", "김민지에게")
_KOREAN_PARTICLES = r"(?:에게|한테|께서|께|이|가|은|는|을|를|의|도|와|과|랑)"

_PATTERN = re.compile(
    rf"(?<![{_ARABIC_LETTERS}])(?:{'|'.join(_ARABIC_SALUTATIONS)})\s+"
    rf"(?P<arabic>[{_ARABIC_LETTERS}]+(?:\s[{_ARABIC_LETTERS}]+){{0,2}})"
    rf"|(?<![\u0900-\u09ff])(?:{'|'.join(_INDIC_SALUTATIONS)})\s+(?P<indic>{_INDIC_WORD}(?:\s{_INDIC_WORD}){{1,2}})"
    rf"(?=\s*[,،!]|\s*$)"
    # a name called ("지수야") before one written whole, which would take its three syllables
    rf"|(?<![{_HANGUL}])(?P<called>[{_HANGUL}]{{2}})(?=[아야][\s,!.?])"
    rf"|(?<![{_HANGUL}])(?P<korean>[{_HANGUL}]{{3}})(?={_KOREAN_PARTICLES}?(?![{_HANGUL}]))",
    re.MULTILINE,
)


# words of respect or kinship written after a name in Urdu and Persian ("عمران صاحب", "زینب باجی")
_AFTER_NAME = frozenset({"صاحب", "صاحبہ", "بھائی", "باجی", "جی", "جان", "خانم", "آقا"})
# and in Hindi and Bengali ("रीना वर्मा जी", "করিম সাহেব")
_INDIC_AFTER_NAME = frozenset(
    {"जी", "साहब", "साहेब", "भाई", "दीदी", "बहन", "জি", "সাহেব", "ভাই", "দা", "দি", "আপা"}
)


def _arabic_name(word: str) -> bool:
    if word.startswith("ال") or word in _AFTER_NAME:
        return False
    return (first_rank(word) or 5001) <= 5000 or (surname_rank(word) or 8001) <= 8000


def _given(word: str) -> bool:
    return (first_rank(word) or KOREAN_GIVEN_RANK + 1) <= KOREAN_GIVEN_RANK


class AddressedScriptNameRecognizer(RegexRecognizer):
    """A name as messages address people in scripts without capitals (see the module's docstring)."""

    ENTITY = "NAME"
    pattern = _PATTERN

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k, v in match.groupdict().items() if v)
        start, end = match.span(kind)
        name = match.group(kind)
        if kind == "arabic":
            words = []
            for word in name.split():
                if not _arabic_name(word):
                    break
                words.append(word)
            if not words:
                return None
            end = start + len(" ".join(words))
        elif kind == "indic":
            words = name.split()
            while words and words[-1] in _INDIC_AFTER_NAME:
                words.pop()
            if len(words) < 2:
                return None
            end = start + len(" ".join(words))
        elif kind == "korean":
            rare = script_zipf(name) < KOREAN_NAME_MAX_ZIPF
            if name[0] not in _KOREAN_SURNAMES or not _given(name[1:]) or not rare:
                return None
        elif kind == "called" and not _given(name):
            return None
        return start, end, 0.5, self.ENTITY
