"""Names in scripts without capitals, found by the honorific that every letter and message puts beside
them: after the name in Chinese, Japanese and Korean ("王秀英女士", "佐藤 美咲 様", "김지훈님") and in
Hindi ("सुनीता शर्मा जी"); before it in Arabic, Persian, Thai, Greek and Cyrillic ("السيد/ محمود عبد
الفتاح", "خانم مریم رضایی", "คุณสมศักดิ์", "Κυρία Ελένη Παπαδοπούλου").
Neither spaCy's English model nor the capitalised-word gazetteers can see these.

A role noun takes the same honorific ("保護者様", the guardian; "간호사님", the nurse; "お客様"): a
name is two to four Han characters or two to four Hangul syllables, the word before the honorific
(not a kana-written word), and not a noun of a person's role, which these languages build with a few
closing characters (者, 員, 客; 사, 장, 생, 자, 원, 님).
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer

_HAN = r"\u4e00-\u9fff"
_HANGUL = r"\uac00-\ud7a3"
_ARABIC = r"\u0600-\u06ff"
_ARABIC_LETTER = r"\u0621-\u064a\u066e-\u06d3"  # letters only: not the Arabic comma "،"
_DEVANAGARI = r"\u0900-\u097f"
_THAI = r"\u0e00-\u0e7f"
_CAP = r"[Α-ΩΆ-ΏА-ЯЁЄІЇҐ][^\W\d_]+"
# the characters that close a Chinese, Japanese or Korean noun of a role, not a name
_ROLE_END = frozenset("者員客師生長様方皆사장생자원님객머버")
_AFTER_HAN = "女士|先生|小姐|様|さん|さま|くん|ちゃん|殿"
_NAME = re.compile(
    # Chinese and Japanese: family name, an optional space, given name; then the honorific
    rf"(?P<han>(?<![{_HAN}])[{_HAN}]{{2,4}}(?:[ \u3000][{_HAN}]{{1,3}})?)(?=[ \u3000]?(?:{_AFTER_HAN}))"
    rf"|(?P<hangul>(?<![{_HANGUL}])[{_HANGUL}]{{2,4}})(?=\s?(?:님|씨))"
    rf"|(?P<hindi>(?<![{_DEVANAGARI}])[{_DEVANAGARI}]+(?:\s[{_DEVANAGARI}]+)?)(?=\sजी(?![{_DEVANAGARI}]))"
    rf"|(?:السيدة|السيد|الأستاذة|الأستاذ|خانم|آقای|سرکار)(?![{_ARABIC}])\s*/?\s*(?P<arabic>[{_ARABIC_LETTER}]+(?:\s[{_ARABIC_LETTER}]+){{0,3}})"
    rf"|คุณ(?P<thai>[{_THAI}]+(?:\s[{_THAI}]+)?)"
    # Greek and Cyrillic letters' forms of address: "Κυρία Ελένη Παπαδοπούλου", "Уважаемая Анна Петровна"
    rf"|(?:Κυρία|Κύριε|Κύριος|Κα\.|κ\.|Уважаемый|Уважаемая|Шановний|Шановна|господин|госпожа|пан|пані)"
    rf"\s+(?P<cap>{_CAP}(?:\s+{_CAP}){{0,2}})"
)
# words of Hindi letters that open them, not names: "dear", "respected"
_HINDI_OPENERS = frozenset({"प्रिय", "आदरणीय", "श्री", "श्रीमती", "सुश्री"})


class HonorificScriptNameRecognizer(RegexRecognizer):
    """A name beside the honorific of a script without capitals (see the module's docstring)."""

    ENTITY = "NAME"
    pattern = _NAME

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k, v in match.groupdict().items() if v)
        start, end = match.span(kind)
        name = match.group(kind)
        if kind in ("han", "hangul") and name[-1] in _ROLE_END:
            return None  # a noun of a role ("保護者様"); the pattern asks for two letters at least
        if kind == "hindi":
            words = name.split()
            if words[0] in _HINDI_OPENERS:
                if len(words) == 1:
                    return None
                start += len(words[0]) + 1
        return start, end, 0.6, self.ENTITY
