"""Table-driven checks of rules version 12 (issue 13): a date with a month's name in any language the
Unicode CLDR knows, beside a day or a year; a name after a title or greeting in Hebrew, Thai, Tamil,
Amharic and Nepali; a handle with its "@". And what must stay: English words that are also some
language's month (a "Mac", a "set") without a whole date around them, a greeting to everyone, a Thai
role noun built on a title's syllables, a Tamil word that opens like a title, "@home" in a chat. Every
sentence is written for these tests, with people and dates of no evaluation set."""

from __future__ import annotations

import pytest

from pipeline.deid.detect import detect
from pipeline.deid.options import DeidOptions
from tests.deid_cases import default_options, missed_letters


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return default_options()


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        # month names of languages no hand list had, around a day or a year
        ("Der Termin ist am 3. Jänner 2028 in der Praxis.", "3. Jänner 2028"),
        ("Mkutano utafanyika tarehe 12 Machi 2028 ofisini.", "12 Machi 2028"),
        ("Temu janji anda pada 21 Ogos 2028, jam 9 pagi.", "21 Ogos 2028"),
        ("Kohtumine on 12. märts 2028 kell 10.", "12. märts 2028"),
        ("นัดตรวจวันที่ 3 มีนาคม 2571 เวลา 10.00 น.", "3 มีนาคม 2571"),
        ("התור שלך נקבע ל-9 במאי בשעה 10:00", "9 במאי"),
        ("Հանդիպումը մարտի 14-ին է։", "մարտի 14"),
        ("Η συνάντηση: Ιούνιος 2028, στην Αθήνα.", "Ιούνιος 2028"),
        # a whole date makes even an English word a month
        ("Tarikh lahir: 9 Mac 1988", "9 Mac 1988"),
        # handles with their "@"
        ("Пишите в телеграм @kolya_velo88 или звоните", "@kolya_velo88"),
        ("Nuevo socio (IG: @meretipene), bienvenida", "@meretipene"),
        # names after titles and greetings
        ("שלום דני, התור שלך מחר", "דני"),
        ('התור לד"ר לוי נקבע', "לוי"),
        ("ผู้ป่วย: นายสมชาย ใจดี", "สมชาย ใจดี"),
        ("แพทย์: พญ.วิไล สุขใจ", "วิไล สุขใจ"),
        ("நோயாளி: திரு. முருகன் ராஜா", "முருகன் ராஜா"),
        ("ተሳፋሪ፦ አቶ ተስፋዬ በቀለ", "ተስፋዬ በቀለ"),
        ("श्री हरि प्रसादज्यू, तपाईंको पत्र आयो", "हरि प्रसाद"),
    ],
)
def test_rules12_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "he bought a mac 2019 model and it still works",
        "we set 5 goals for the team",
        "she has 2 pro accounts and a mac",
        "see you @home later, love to @everyone",
        "שלום לכולם, תודה רבה",
        "นายจ้าง ไม่จ่ายเงินเดือน",
        "திருமணம் அடுத்த மாதம்",
    ],
)
def test_rules12_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []


def test_month_names_are_what_cldr_gives() -> None:
    """configs/month_names.txt is generated; a hand edit or a Babel upgrade shows here."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "bench" / "make_month_names.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0
