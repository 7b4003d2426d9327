"""Form fields: "Name: Ada Prażuch", "Town: KLIMMEN", "Employer: Wirth KG | Tel. 030 1234".

In forms and signatures the label says what its value is, whatever the value's origin or case. A label
from configs/deid_words.toml's ``[fields]`` is matched at a line start, after "|", ";", a middle dot
or bullet, an Arabic or Ethiopic comma, another script's full stop ("… পৌঁছাবে। ঠিকানা: …"), a comma
or a full stop and a space in a letter that runs its fields on ("…, ठेगाना: …", "… tedir. Adres: …"),
or after the three spaces or a tab that set fields side by side ("Street: …        Town: DERBY"); the
value runs to the end of the field. Values of people, organisations and places also end at a comma or
"(", which in a field starts what describes them ("Rosalia Iannucci (sister)"); any value ends at a
comma, full stop or space before another label ("…، کد ملی: …", "First name: Ada Last name: …"),
and after a single space a label opens a field only on a line that already has one. An ID's value
holds a digit or is one code of capitals: a payment's reference in words is the payer's note
("Reference: rent feb").
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.spans import SCRIPT_STOPS, pieces

_SHORT_VALUE = {"NAME", "ORG", "PLACE"}
# what sets fields apart on one line: "|", ";", the middle dots and bullets of receipts and labels
# ("Applicant: … · Current address: …"), and the Arabic and Ethiopic commas ("نام: …، کد ملی: …")
_ENDS = "|;·•"  # what ends a value on its own
_BETWEEN = _ENDS + "،፣"
_OPENERS = _BETWEEN + SCRIPT_STOPS  # what a label may follow on its line
_COLON = "[:：︰፡፦]"
_COLON_BEFORE = re.compile(rf"[^\W\d_]{_COLON}[ \t]*\S")  # an earlier field on the same line
# honorifics written after a name in Japanese and Korean ("山本 健太 様", "김서연 님"): outside the name
# an ID holds a digit, or is one code of capitals ("Booking ref: JXKQRT")
_CODE = re.compile(r"\d|^[A-Z]{5,}$")
_HONORIFIC_AFTER = re.compile(r"\s*(?:様|さま|さん|殿|御中|氏|님|씨|귀하)$")


class FieldRecognizer(RegexRecognizer):
    """The value of a labelled form field."""

    ENTITY = "NAME"

    def __init__(self, fields: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.supported_entities = sorted({category for _, category in fields} | {"NAME"})
        self._category = {label.lower(): category for label, category in fields}
        labels = "|".join(re.escape(label) for label, _ in sorted(fields, key=lambda f: -len(f[0])))
        self.pattern = re.compile(
            rf"(?:^|(?<=[{_OPENERS}])|(?<=[{_OPENERS}] )|(?<=[,.،] )|(?<=[ ]{{3}})|(?<=\t)"
            rf"|(?P<run_on>(?<=\S )))"
            rf"[ \t]*"
            rf"(?:[^\W\d_][^\n:/{_BETWEEN}]{{0,30}}/[ \t]*)?(?P<label>{labels})"
            # a comma, full stop or space before another label ends a value ("0074471290، نشانی: …",
            # "… חיפה. טלפון: …", "First name: Ada Last name: …"), where inside an address a comma does
            # not ("نشانی: تهران، خیابان …")
            rf"[ \t]*{_COLON}[ \t]*(?P<value>(?:(?!(?:[,.،፣][ \t]*|[ \t]+)(?:{labels})[ \t]*{_COLON})"
            rf"[^\n{_ENDS}])+)",
            re.IGNORECASE | re.MULTILINE,
        )

    def judge(self, match: re.Match[str], text: str):
        category = self._category.get(match.group("label").lower())
        if category is None:
            return None
        if match.group("run_on") is not None and not (
            match.group("label")[0].isupper()
            and _COLON_BEFORE.search(text, text.rfind("\n", 0, match.start()) + 1, match.start())
        ):
            return None  # after a single space, a capitalised label on a line of fields: "… Last name: …"
        value, start = match.group("value"), match.start("value")
        value = re.split(r"[ \t]{3,}|\t", value)[0]  # "Rosa Delgado    Preferred name: same": two fields
        if category in _SHORT_VALUE:
            value = re.split(r"\s*[,(،、፣]", value)[0]
        # a value is one sentence: "Ref: ticket SR-0099127. This is my fourth e-mail." ends at "SR-0099127"
        if sentences := pieces(value, 0, len(value)):
            value = value[: sentences[0][1]]
        value = _HONORIFIC_AFTER.sub("", value.rstrip(" .\t"))
        if not re.search(r"[^\W_]", value):  # a blank to fill in: "__.__.____"
            return None
        if category == "ID" and not _CODE.search(value):
            return None  # a payment's reference in words is the payer's note: "Reference: rent feb"
        return start, start + len(value), 0.75, category
