"""Organisations and addresses in scripts that run words together or have no capitals.

Chinese, Japanese and Korean name an institution by its kind at the end ("さくら歯科クリニック",
"한빛치과", "강릉중앙시장") and write an address from the province down to the house number without a
space ("浙江省义乌市稠城街道工人西路58号", "長野県諏訪郡富士見町富士見3345-2", "전라남도 순천시 중앙로
112"); Arabic puts the kind first ("فندق الواحة", the Oasis Hotel). No capital marks these names, so
their shapes do:

- a word of Han, kana or Hangul letters that ends in an institution's kind, with at least two letters
  of name before it, standing alone between spaces or punctuation (a clause of running Chinese prose
  that ends in "医院" holds function characters, and is left);
- an address of two or more administrative units (省, 市, 県, 区, 도, 시, 구 …) that ends in a number,
  after a space, punctuation or a verb of place ("已放在", "送達");
- an Arabic kind word and the word after it, and a second with the article ("مستشفى الملك فهد").
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer

_CJK = r"\u3040-\u30ff\u4e00-\u9fff\u3005"
_HANGUL = r"\uac00-\ud7a3"
_KINDS = (
    "クリニック|歯科|病院|医院|診療所|薬局|大学|大學|学校|學校|高校|中学|小学|幼稚園|保育園|会社|公司|銀行|银行"
    "|商店|市場|市场|酒店|飯店|饭店|ホテル|旅館|神社|教会|寺"
)
_HANGUL_KINDS = "병원|의원|치과|한의원|약국|학교|대학교|대학|은행|시장|교회|회사|센터|호텔|어린이집|유치원"
# Korean particles after a name ("한빛치과에서"): the name ends before them
_PARTICLE = "(?:에서|에|의|은|는|이|가|을|를|으로|로|와|앞|까지)?"
# characters of running Chinese or Japanese prose, never of an institution's name
_FUNCTION = re.compile(r"[的了在是我你他她去到和已请您把被从に を は が で と へ も の]")
_ADMIN = "省|市|県|縣|县|区|區|郡|町|村|鎮|镇|街道|里"
_ADDRESS = re.compile(
    rf"(?:〒\s?\d{{3}}-\d{{4}}\s*)?(?:(?<![{_CJK}])|(?<=[在至到達达于於往]))"
    rf"(?:[{_CJK}]{{2,4}}?(?:{_ADMIN})){{2,}}[{_CJK}]{{0,10}}?"
    rf"(?:[0-9０-９一二三四五六七八九十百]+(?:段|巷|弄|之)?)+(?:[-−‐][0-9]+)*(?:号|號|番地|番|丁目)?"
    rf"(?:[0-9]+(?:幢|栋|棟|单元|單元|室|樓|楼|F))*"
    rf"|(?:[{_HANGUL}]+(?:도|시|군|구|읍|면|동)\s+){{1,4}}[{_HANGUL}0-9]+(?:로|길)\s*\d+(?:-\d+)?"
    rf"(?:,?\s*\d+층)?"
)
_ARABIC_KINDS = "فندق|مستشفى|مستوصف|شركة|مدرسة|جامعة|بنك|مطعم|مصنع|مكتب|صيدلية|مؤسسة|جمعية|مركز"
_ARABIC_WORD = r"[\u0621-\u064a\u066e-\u06d3]+"


class ScriptOrgRecognizer(RegexRecognizer):
    """An institution named before its kind in Chinese, Japanese or Korean, or after it in Arabic."""

    ENTITY = "ORG"
    pattern = re.compile(
        rf"(?<![{_CJK}])(?P<cjk>[{_CJK}]{{2,10}}?(?:{_KINDS}))(?![{_CJK}])"
        rf"|(?<![{_HANGUL}])(?P<hangul>[{_HANGUL}]{{2,8}}?(?:{_HANGUL_KINDS})){_PARTICLE}(?![{_HANGUL}])"
        rf"|(?<![\u0600-\u06ff])(?P<arabic>(?:{_ARABIC_KINDS})\s+{_ARABIC_WORD}(?:\s+ال{_ARABIC_WORD})?)"
    )

    def judge(self, match: re.Match[str], text: str):
        kind = next(k for k, v in match.groupdict().items() if v)
        start, end = match.span(kind)
        name = match.group(kind)
        if kind == "cjk" and _FUNCTION.search(name):
            return None  # a clause of prose: "我去了医院"
        if kind == "hangul" and re.fullmatch(rf"(?:{_HANGUL_KINDS})+", name):
            return None  # kinds alone: "대학병원"
        return start, end, 0.5, self.ENTITY


class ScriptAddressRecognizer(RegexRecognizer):
    """An address of Chinese, Japanese or Korean administrative units down to the house number."""

    ENTITY = "ADDRESS"
    pattern = _ADDRESS

    def judge(self, match: re.Match[str], text: str):
        return match.start(), match.end(), 0.6, self.ENTITY
