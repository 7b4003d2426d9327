"""Fill de-identification templates with Faker data, in the shared scorer's ``{{LABEL|text}}`` format.

Shared by bench/make_deid_set.py (the tuning set) and its held-out templates. Each slot of a template
(``{first}``, ``{city}``, ``{phone}`` …) is replaced by a fresh value from the item's locale and marked
with its label; everything else in the template is ordinary text that must survive de-identification.
A rendering then turns an item into what speech recognition or a hurried writer produces: digits as
words, "at" and "dot" in e-mail addresses, all lower case, place names in capitals.
"""

from __future__ import annotations

import random
import re

from faker import Faker

# Latin-script locales (Faker's names, towns, streets, companies and phone formats per country)
LOCALES = [
    "en_US",
    "en_GB",
    "en_IE",
    "en_AU",
    "en_IN",
    "en_CA",
    "de_DE",
    "de_CH",
    "fr_FR",
    "fr_CH",
    "nl_NL",
    "nl_BE",
    "sv_SE",
    "no_NO",
    "da_DK",
    "fi_FI",
    "pl_PL",
    "cs_CZ",
    "hu_HU",
    "ro_RO",
    "it_IT",
    "es_ES",
    "es_MX",
    "pt_BR",
    "pt_PT",
    "tr_TR",
    "id_ID",
]
# Scripts Faker writes in kanji/hanzi: only their romanised names are used, with en_US places.
ROMANISED = ("ja_JP", "zh_CN")

LABELS = {
    "first": "NAME",
    "last": "NAME",
    "full": "NAME",
    "city": "PLACE",
    "street": "ADDRESS",
    "address": "ADDRESS",
    "postcode": "ADDRESS",
    "company": "ORG",
    "phone": "PHONE",
    "email": "EMAIL",
    "url": "URL",
    "id": "ID",
    "date": "DATE",
}
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def _ordinal(day: int) -> str:
    if day <= 20:
        return _ORDINALS[day - 1]
    tens = "twenty" if day < 30 else "thirty"
    return tens if day % 10 == 0 else f"{tens}-{_ORDINALS[day % 10 - 1]}"


def _date(fake: Faker, rng: random.Random, spoken: bool) -> str:
    d = fake.date_between(start_date="-30y", end_date="today")
    if spoken:
        return f"the {_ordinal(d.day)} of {_MONTHS[d.month - 1]}"
    return rng.choice(
        [
            f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
            f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
            f"{d.day:02d}.{d.month:02d}.{d.year}",
            d.isoformat(),
            f"{d.month}/{d.day}/{d.year}",
        ]
    )


def _identifier(fake: Faker, rng: random.Random) -> str:
    choices = [lambda: fake.bothify("########"), lambda: fake.bothify("??-#######").upper()]
    if hasattr(fake, "ssn"):
        choices.append(fake.ssn)
    value = str(rng.choice(choices)())
    return value if re.search(r"\d{3}", value) else fake.bothify("#########")


def _company(fake: Faker) -> str:
    """A company name of two words or more: Faker sometimes gives a bare surname, which is a name."""
    for _ in range(10):
        name = fake.company()
        if len(name.split()) > 1:
            return name
    return name


def _names(fake: Faker, locale: str) -> tuple[str, str]:
    if locale in ROMANISED:
        return fake.first_romanized_name(), fake.last_romanized_name()
    return fake.first_name(), fake.last_name()


def values(fake: Faker, place_fake: Faker, locale: str, rng: random.Random, spoken: bool) -> dict[str, str]:
    """One value per slot, all from ``locale`` (places from ``place_fake``)."""
    first, last = _names(fake, locale)
    return {
        "first": first,
        "last": last,
        "full": f"{first} {last}",
        "city": place_fake.city(),
        "street": place_fake.street_name(),
        "address": place_fake.street_address().replace("\n", ", "),
        "postcode": place_fake.postcode(),
        "company": _company(place_fake),
        "phone": place_fake.phone_number(),
        "email": fake.email(),
        "url": fake.url().removeprefix("https://").removeprefix("http://").rstrip("/"),
        "id": _identifier(fake, rng),
        "date": _date(fake, rng, spoken),
    }


def speak_digits(text: str, rng: random.Random) -> str:
    """Digits as words, the way a speaker reads a number out: "0150-008" → "oh one five oh, oh oh eight"."""

    def group(match: re.Match[str]) -> str:
        zero = rng.choice(["oh", "zero"])
        return " ".join(zero if c == "0" else _DIGITS[int(c)] for c in match.group(0))

    spoken = re.sub(r"\d+", group, text)
    spoken = re.sub(r"\s*[-./]\s*|\s*\(\s*|\s*\)\s*", ", ", spoken).replace("+", "plus ")
    return re.sub(r"^,\s*|,\s*$", "", re.sub(r"(,\s*)+", ", ", spoken)).strip()


def speak_address(email: str) -> str:
    """ "k.reyes@gmail.com" → "k dot reyes at gmail dot com"."""
    return email.replace("@", " at ").replace(".", " dot ").replace("_", " underscore ")


def render(slot: str, value: str, spoken: bool, rng: random.Random) -> str:
    if not spoken:
        return value
    if slot in ("phone", "id"):
        return speak_digits(value, rng)
    if slot in ("email", "url"):
        return speak_address(value)
    return value


def fill(template: str, vals: dict[str, str], spoken: bool, rng: random.Random) -> str:
    """``template`` with each slot replaced by its marked value."""

    def slot(match: re.Match[str]) -> str:
        name = match.group(1)
        return "{{" + LABELS[name] + "|" + render(name, vals[name], spoken, rng) + "}}"

    return re.sub(r"\{(\w+)\}", slot, template)


def restore_labels(item: str) -> str:
    return re.sub(r"\{\{([a-z]+)\|", lambda m: "{{" + m.group(1).upper() + "|", item)


def caps_places(item: str) -> str:
    return re.sub(r"\{\{PLACE\|(.+?)\}\}", lambda m: "{{PLACE|" + m.group(1).upper() + "}}", item)


def generate(
    templates: dict[str, list[str]], n: int, seed: int, locales: tuple[str, ...] = LOCALES
) -> list[str]:
    """``n`` marked items from ``templates`` (style → list), each with a random locale and rendering.

    Styles ending in "spoken" get digits as words and spoken e-mails; a share of interview items is in
    lower case, a share of form items has places in capitals.
    """
    rng = random.Random(seed)
    fakers: dict[str, Faker] = {}
    out = []
    pool = list(locales) + list(ROMANISED)
    for i in range(n):
        style = list(templates)[i % len(templates)]
        locale = rng.choice(pool)
        fake = fakers.setdefault(locale, Faker(locale))
        place_fake = fakers.setdefault("en_US", Faker("en_US")) if locale in ROMANISED else fake
        fake.seed_instance(rng.randrange(1 << 30))
        spoken = style.endswith("spoken")
        item = fill(rng.choice(templates[style]), values(fake, place_fake, locale, rng, spoken), spoken, rng)
        if style.endswith("spoken") and rng.random() < 0.5:
            item = restore_labels(item.lower())
        elif style.startswith("form") and rng.random() < 0.3:
            item = caps_places(item)
        out.append(item)
    return out
