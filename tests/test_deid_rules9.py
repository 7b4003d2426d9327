"""Table-driven checks of rules version 9 (issue 13), for turns a speech recogniser wrote all in lower
case: an employer after the verb that announces one ("i worked at …", "contracting for …", "i'm
with …"), a cued name of up to four words with its particles ("my planner there …"), a town after "out
of" or "left", a code read out letter by letter whose letters include "i", and an e-mail read out with
numbers in its mailbox or an initial before it; form fields set apart by middle dots or by a comma
before the next label, under labels of more languages and scripts; a state's code before a postcode,
a house number's parts and "bis", Nordic street words written apart. And what must stay: common words
after the same verbs, a pronoun before a code, an ordinary phrase after "out of". Every sentence is
written for these tests, with people, places and firms of no evaluation set."""

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
        # employers after the verb that announces one
        ("so after school i got placed at wipro for two years", "wipro"),
        ("yeah i was contracting for ingbank through an agency", "ingbank"),
        (
            "then i worked at the tamborine heavy engineering yard near the port",
            "tamborine heavy engineering",
        ),
        ("these days i'm with carewell homecare and i like it", "carewell homecare"),
        ("we mostly sold to pengelly's in the market", "pengelly's"),
        ("i'm a contractor for drummond logistics placed at a warehouse", "drummond logistics"),
        # a cued name of several words, with particles, after a role and "there" or "was"
        ("and my supervisor there willem van den akker he was fine", "willem van den akker"),
        ("my shift lead was radoslaw wisniewski and we got on", "radoslaw wisniewski"),
        ("my name is ali-reza mousavi but everyone says ali", "ali-reza mousavi"),
        ("my flatmate trần văn minh khoa helped me a lot", "trần văn minh khoa"),
        # a town after "out of" or "left"
        ("i fish out of ballycotton most of the year", "ballycotton"),
        ("we left zaporizhzhia in the spring", "zaporizhzhia"),
        # a code read out letter by letter, its "i" a letter between letters
        ("my plate was k i t r six one two and then they changed it", "k i t r six one two"),
        ("My staff number is P I M four two zero seven one.", "P I M four two zero seven one"),
        # a spoken e-mail with numbers in the mailbox, or an initial before it
        (
            "my email is tunde dot bakare eighty one at yahoo dot com ok",
            "tunde dot bakare eighty one at yahoo dot com",
        ),
        ("you can write to me at s karimzadeh at ucalgary dot ca anytime", "s karimzadeh at ucalgary dot ca"),
        # form fields set apart by middle dots, and labels of more languages and scripts
        (
            "Tenancy · Tenant: Morwenna Tregear · Premises: Flat 2, 9 Quarry Hill, Bodmin · Rent £640",
            "Flat 2, 9 Quarry Hill, Bodmin",
        ),
        ("Receipt 0091 · Cashier: Adaeze · Total ₦7,200", "Adaeze"),
        ("Rendszám: KLM-482 · Username: lotte_b_1987", "KLM-482"),
        ("Rendszám: KLM-482 · Username: lotte_b_1987", "lotte_b_1987"),
        # a comma before the next label ends a value; inside an address it does not
        (
            "نام: پرستو رحیمی، کد ملی: 0012884471، نشانی: شیراز، خیابان زند، پلاک ۸",
            "شیراز، خیابان زند، پلاک ۸",
        ),
        ("שם: נועה אלמוג, טלפון: 054-771-2093", "נועה אלמוג"),
        ("ስም፡ ዮሐንስ በቀለ፣ ከተማ፡ ጎንደር", "ጎንደር"),
        # the rest of an address: a state's code before the postcode, the parts of a house number after
        # a slash, "bis", a Nordic street word written apart
        ("Deliver to Jonah Pruitt, 4410 N Larkspur Ave, Stillwater, OK 74075 by Friday", "OK 74075"),
        ("Lieferung an Frau Edith Haas, Favoritenstraße 12/4/9, 1100 Wien, danke", "Favoritenstraße 12/4/9"),
        ("Envoyer à Mme Léa Roux, 8 bis rue des Carmes, 45000 Orléans", "8 bis rue des Carmes"),
        ("Send til Sigrid Lunde, Tordenskjolds gate 22, 7011 Trondheim", "Tordenskjolds gate 22"),
    ],
)
def test_rules9_identifier_is_found(text: str, identifier: str, options: DeidOptions) -> None:
    missed, found = missed_letters(text, identifier, options)
    assert not missed, (identifier, found)


@pytest.mark.parametrize(
    "text",
    [
        "i worked at the hospital for years and then at the school",
        "i work for myself now and i'm with you on that",
        "i worked for two years and then i drove to the coast",
        "i was out of work for a while and we left early most days",
        "and i b r nothing else to say",
        "we met a friend at the cafe and she laughed",
    ],
)
def test_rules9_ordinary_text_stays(text: str, options: DeidOptions) -> None:
    assert [(d.text, d.label) for d in detect(text, options)] == []
