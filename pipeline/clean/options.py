"""Options of the cleaning stage ([clean] in the configuration) and its word lists (configs/cleaning.toml).

The thresholds live in the layered configuration like every stage's; the word lists and the profiles
(which rules each profile applies) live in their own file because a study tunes them as a set, and
because they are language- and study-specific policy, not code.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.clean.tokens import key, make_token
from pipeline.config import read_settings_file, section_options
from pipeline.errors import ConfigError
from pipeline.resources import data_dir

# The rules the stage knows, by the name profiles use and the removal log records.
TURN_RULES = ("encourager",)
TOKEN_RULES = ("stutter-fragment", "stutter-repeat", "filler", "false-start")
KNOWN_RULES = TURN_RULES + TOKEN_RULES


@dataclass(frozen=True)
class CleanOptions:
    """The [clean] settings; echoed into each cleaned transcript's ``settings["clean"]``."""

    profile: str = "verbatim"
    wordlists: str = "cleaning.toml"
    pauses: bool = False
    pause_threshold: float = 2.0
    pause_mark: str = "(pause {seconds} s)"
    encourager_max_words: int = 6
    encourager_max_seconds: float = 2.5
    encourager_max_gap: float = 1.5
    repeat_max_words: int = 3

    def __post_init__(self) -> None:
        """Reject values no run could use, when the settings are read rather than mid-transcript."""
        for name in ("pause_threshold", "encourager_max_seconds", "encourager_max_gap"):
            if getattr(self, name) < 0:
                raise ConfigError(f"setting [clean] {name} must not be negative")
        for name in ("encourager_max_words", "repeat_max_words"):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting [clean] {name} must be at least 1")
        try:
            self.pause_mark.format(seconds=3)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                f"setting [clean] pause_mark = {self.pause_mark!r} may only use {{seconds}}"
            ) from exc

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WordLists:
    """The [words] section of the word lists file, as written there (see configs/cleaning.toml)."""

    encouragers: list[str] = field(default_factory=list)
    fillers: list[str] = field(default_factory=list)
    doubles: list[str] = field(default_factory=list)
    emphatic: list[str] = field(default_factory=list)
    stutter_prone: list[str] = field(default_factory=list)
    suspended_joiners: list[str] = field(default_factory=list)
    interrogatives: list[str] = field(default_factory=list)
    wh_words: list[str] = field(default_factory=list)
    addressee_words: list[str] = field(default_factory=list)
    lead_ins: list[str] = field(default_factory=list)
    relative_openers: list[str] = field(default_factory=list)
    backchannel_sounds: list[str] = field(default_factory=list)
    question_tags: list[str] = field(default_factory=list)
    uptalk_hedges: list[str] = field(default_factory=list)
    estimate_openers: list[str] = field(default_factory=list)


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase from a list as the rules compare it: the ``norm`` of each of its words."""
    return tuple(token.norm for token in map(make_token, phrase.split()) if token.norm)


def _flat(phrases: list[str]) -> frozenset[str]:
    return frozenset(w for p in phrases for w in _words(p))


def _keyed(phrases: list[str]) -> frozenset[tuple[str, ...]]:
    """Interjection phrases as tuples of spelling-tolerant keys ("Mm-hmm" and "Mhm" alike)."""
    return frozenset(tuple(map(key, _words(p))) for p in phrases if _words(p))


@dataclass(frozen=True)
class Lexicon:
    """Word lists prepared for matching, plus the profiles; built from a file or by hand in tests."""

    encouragers: frozenset[tuple[str, ...]]  # phrases as tuples of ``key``s
    fillers: frozenset[str]
    doubles: frozenset[tuple[str, ...]]
    emphatic: frozenset[str]
    stutter_prone: frozenset[str]
    suspended_joiners: frozenset[str]
    interrogatives: frozenset[str]
    wh_words: frozenset[str]
    addressee_words: frozenset[str]
    lead_ins: frozenset[tuple[str, ...]]
    relative_openers: frozenset[str]
    backchannel_sounds: frozenset[tuple[str, ...]]  # phrases as tuples of ``key``s, like encouragers
    question_tags: frozenset[tuple[str, ...]]
    uptalk_hedges: frozenset[tuple[str, ...]]
    estimate_openers: frozenset[tuple[str, ...]]
    profiles: dict[str, tuple[str, ...]]
    sha256: str = ""

    @classmethod
    def from_lists(cls, words: WordLists, profiles: dict[str, list[str]], sha256: str = "") -> Lexicon:
        """Normalise the lists once and check every profile names only known rules."""
        for name, rules in profiles.items():
            unknown = sorted(set(rules) - set(KNOWN_RULES))
            if unknown:
                raise ConfigError(
                    f"cleaning profile {name!r} names unknown rule(s) {', '.join(unknown)}; "
                    f"known rules: {', '.join(KNOWN_RULES)}"
                )
        return cls(
            encouragers=_keyed(words.encouragers),
            fillers=_flat(words.fillers),
            doubles=frozenset(_words(p) for p in words.doubles),
            emphatic=_flat(words.emphatic),
            stutter_prone=_flat(words.stutter_prone),
            suspended_joiners=_flat(words.suspended_joiners),
            interrogatives=_flat(words.interrogatives),
            wh_words=_flat(words.wh_words),
            addressee_words=_flat(words.addressee_words),
            lead_ins=frozenset(_words(p) for p in words.lead_ins if _words(p)),
            relative_openers=_flat(words.relative_openers),
            backchannel_sounds=_keyed(words.backchannel_sounds),
            question_tags=frozenset(_words(p) for p in words.question_tags),
            uptalk_hedges=frozenset(_words(p) for p in words.uptalk_hedges if _words(p)),
            estimate_openers=frozenset(_words(p) for p in words.estimate_openers if _words(p)),
            profiles={name: tuple(rules) for name, rules in profiles.items()},
            sha256=sha256,
        )

    def rules(self, profile: str) -> frozenset[str]:
        """The rules of ``profile``; an unknown profile is a settings error naming the known ones."""
        if profile not in self.profiles:
            raise ConfigError(
                f"unknown cleaning profile {profile!r}; known profiles: {', '.join(sorted(self.profiles))}"
            )
        return frozenset(self.profiles[profile])


def wordlists_path(name: str) -> Path:
    """Resolve ``[clean] wordlists``: a file shipped in configs/, else a path as given."""
    path = Path(name)
    if not path.is_absolute() and (data_dir("configs") / path).is_file():
        return data_dir("configs") / path
    return path


@lru_cache(maxsize=8)
def load_lexicon(name: str) -> Lexicon:
    """Read and validate a word lists file once per process (the CLI and tests clean many texts)."""
    path = wordlists_path(name)
    raw = read_settings_file(path)
    profiles = raw.get("profiles", {})
    if not profiles or not all(isinstance(v, list) for v in profiles.values()):
        raise ConfigError(f"{path}: [profiles] must map each profile name to a list of rules")
    unknown = sorted(set(raw) - {"profiles", "words"})
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)}; known: profiles, words")
    words = section_options(raw, "words", WordLists)
    for name, values in asdict(words).items():
        if not all(isinstance(v, str) for v in values):
            raise ConfigError(f"{path}: [words] {name} must be a list of strings")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Lexicon.from_lists(words, profiles, sha256=sha)
