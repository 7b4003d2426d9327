"""Participant codes: each recording's participant gets a code (P01, or an unguessable P7K2Q).

The study promises that "each participant was given a code number to protect confidentiality", so a code
must never move: a recording is identified by the sha256 of its audio, which survives renaming and moving
the file, and a recording that has a code keeps it on every rerun. Codes are never reused: entries are
never removed from a key, and the next sequential code follows the highest one ever issued.

This module is pure: a ``Key`` is an immutable value and ``assign_codes`` returns a new one.
``pipeline.keyfile`` is what stores it, encrypted, in the study's private work folder.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import AudioError, ConfigError, KeyFileError

SEQUENTIAL = "sequential"
RANDOM = "random"
# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand is not misread.
RANDOM_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 32**4 ≈ a million codes: guessing a participant's code is hopeless and collisions are rare retries.
MIN_RANDOM_LENGTH = 4
MAX_WIDTH = 12
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,15}")
KEY_FORMAT = "qualscribe.key"
KEY_VERSION = 1


@dataclass(frozen=True)
class CodesOptions:
    """The ``[codes]`` settings. ``width`` is the digits of a sequential code (zero-padded, more once
    the numbers outgrow it); ``random_length`` is the characters of a random code."""

    style: str = SEQUENTIAL
    prefix: str = "P"
    width: int = 2
    random_length: int = MIN_RANDOM_LENGTH

    def scheme(self) -> CodeScheme:
        """The form of code these settings ask for; a setting out of range is a ConfigError."""
        if self.style not in (SEQUENTIAL, RANDOM):
            raise ConfigError(f"setting [codes] style = {self.style!r}: use 'sequential' or 'random'")
        if not _PREFIX.fullmatch(self.prefix):
            raise ConfigError(
                f"setting [codes] prefix = {self.prefix!r}: use a letter followed by up to 15 letters, "
                "digits, '-' or '_'"
            )
        if self.style == SEQUENTIAL:
            if not 1 <= self.width <= MAX_WIDTH:
                raise ConfigError(f"setting [codes] width = {self.width}: use 1 to {MAX_WIDTH}")
            return CodeScheme(SEQUENTIAL, self.prefix, self.width)
        if not MIN_RANDOM_LENGTH <= self.random_length <= MAX_WIDTH:
            raise ConfigError(
                f"setting [codes] random_length = {self.random_length}: use {MIN_RANDOM_LENGTH} to "
                f"{MAX_WIDTH} (shorter random codes could be guessed)"
            )
        return CodeScheme(RANDOM, self.prefix, self.random_length)


@dataclass(frozen=True)
class CodeScheme:
    """The form of every code in one key, fixed when the key is created so a study's codes match."""

    style: str
    prefix: str
    width: int

    def describe(self) -> str:
        example = f"{1:0{self.width}d}" if self.style == SEQUENTIAL else "7K2Q9XMV4HTB"[: self.width]
        return f"{self.style} codes like {self.prefix}{example}"


@dataclass(frozen=True)
class Recording:
    """A recording to code: its audio sha256 (its identity), file name, and real name if known."""

    sha256: str
    file_name: str
    name: str | None = None


@dataclass(frozen=True)
class KeyEntry:
    """One line of the key: the only link from a code back to a person."""

    code: str
    name: str | None
    recording: str
    sha256: str
    assigned: str  # ISO date


@dataclass(frozen=True)
class Key:
    """Every code issued in a study, in the order issued."""

    scheme: CodeScheme
    entries: tuple[KeyEntry, ...] = ()

    def by_sha256(self, sha256: str) -> KeyEntry | None:
        return next((e for e in self.entries if e.sha256 == sha256), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": KEY_FORMAT,
            "version": KEY_VERSION,
            "scheme": asdict(self.scheme),
            "entries": [asdict(e) for e in self.entries],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Key:
        """Rebuild a key from its decrypted JSON form; anything unexpected is a KeyFileError."""
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT:
            raise KeyFileError("decrypted, but the contents are not a qualscribe key")
        if data.get("version") != KEY_VERSION:
            raise KeyFileError(
                f"key version {data.get('version')!r} is not supported by this release "
                f"(it reads version {KEY_VERSION})"
            )
        try:
            scheme = CodeScheme(**data["scheme"])
            entries = tuple(KeyEntry(**entry) for entry in data["entries"])
        except (KeyError, TypeError) as exc:
            raise KeyFileError(f"decrypted, but the key's contents are malformed: {exc}") from exc
        return cls(scheme, entries)


def new_key(options: CodesOptions) -> Key:
    """An empty key whose codes will take the form ``options`` ask for."""
    return Key(options.scheme())


def recording_from_path(path: Path, name: str | None = None) -> Recording:
    """Identify a recording by the sha256 of its bytes, so a renamed or moved file keeps its code."""
    from pipeline.audio import file_sha256  # numpy and friends only when a file is actually hashed

    if not path.is_file():
        raise AudioError(f"{path}: no such recording")
    try:
        digest = file_sha256(path)
    except OSError as exc:
        raise AudioError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return Recording(sha256=digest, file_name=path.name, name=name or None)


def assign_codes(
    key: Key,
    recordings: Iterable[Recording],
    options: CodesOptions | None = None,
    today: date | None = None,
) -> Key:
    """Return ``key`` with a code for every recording that has none; existing codes never change.

    New recordings are coded in file-name order, so a rerun on the same folder gives the same codes.
    ``options``, if given, must ask for the key's own form of code: switching form halfway through a
    study would leave it with two kinds of code, so that is a ConfigError rather than silently ignored.
    A real name fills in an entry that had none; a different name for an already-coded recording is a
    KeyFileError, since it means the roster and the key disagree about who is in that recording.
    """
    if options is not None and options.scheme() != key.scheme:
        raise ConfigError(
            f"the key file holds {key.scheme.describe()}, but the [codes] settings ask for "
            f"{options.scheme().describe()}; restore those settings or start a new key file"
        )
    stamp = (today or date.today()).isoformat()
    entries = list(key.entries)
    index = {e.sha256: i for i, e in enumerate(entries)}
    used = {e.code for e in entries}
    for rec in sorted(recordings, key=lambda r: (r.file_name, r.sha256)):
        if rec.sha256 in index:
            entries[index[rec.sha256]] = _with_name(entries[index[rec.sha256]], rec)
            continue
        code = _next_code(key.scheme, used)
        used.add(code)
        index[rec.sha256] = len(entries)
        entries.append(KeyEntry(code, rec.name, rec.file_name, rec.sha256, stamp))
    return replace(key, entries=tuple(entries))


def _with_name(entry: KeyEntry, rec: Recording) -> KeyEntry:
    if rec.name is None or rec.name == entry.name:
        return entry
    if entry.name is None:
        return replace(entry, name=rec.name)
    raise KeyFileError(
        f"{rec.file_name} already has code {entry.code} for another participant name; "
        "the key keeps the name it has (check the roster)"
    )


def _next_code(scheme: CodeScheme, used: set[str]) -> str:
    if scheme.style == SEQUENTIAL:
        numbers = [int(code[len(scheme.prefix) :]) for code in used if code[len(scheme.prefix) :].isdigit()]
        return f"{scheme.prefix}{max(numbers, default=0) + 1:0{scheme.width}d}"
    for _ in range(1000):
        code = scheme.prefix + "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(scheme.width))
        if code not in used:
            return code
    raise ConfigError(f"random codes of {scheme.width} characters are used up; start a key with more")
