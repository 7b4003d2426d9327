"""Spelling variants of a known name, as speech recognition writes them: "Reyes" heard as "Rayne".

Whisper writes a name it does not know as a word or name that sounds like it, so one person in a
30-minute call became three tags. The roster recognizer, the tag book and the leak gate all ask the one
question answered here: is this word a variant of that name part? Two routes say yes:

- **spelling**: same first letter, letters at least ``spelling`` similar (rapidfuzz's ratio, 0-100;
  the roster's own fuzzy threshold), and the same sound key ("Danielle" ~ "Daniele", "Okafor" ~
  "Okafur");
- **sound**: the same sound key and sound skeletons at least ``similarity`` similar (normalised
  Levenshtein, 0-100), for a word that is not a common English word (Zipf below ``max_zipf``) — this is
  what ties "Rayne", "Reyne", "Reign" and "Reins" to "Reyes", none of which is close in letters.

The *sound key* is the first syllable's onset and vowel: the onset's consonants by jellyfish's Metaphone,
the vowel by its spelling class, with long-vowel digraphs apart from short vowels ("ey", "ay", "ai",
"eig" are one long A; "a" is another class), so "Reyes" (R-long A) is not "Ramos" (R-a) nor "Ryan"
(R-y). The *sound skeleton* adds the Metaphone consonants of the rest of the word ("Reyes" RAS, "Rayne"
RAN, "Reins" RANS, "Reynolds" RANLTS). Metaphone or Soundex alone do not tie "Reyes" (RYS, R200) to
"Rayne" (RN, R500): they drop the vowel, which is the part Whisper keeps.

Whether a word in running text is a name at all (capitals, sentence starts, spaCy) is the callers'
part; this module compares words only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.deid.casing import is_uncased
from pipeline.deid.wordlists import first_names, zipf

# Vowel spellings at the start of the first syllable's nucleus, longest first; a lookahead keeps
# "ei" apart: "Reign", "Reins" (long A) but "Reid", "Neil" (long E).
_NUCLEI: tuple[tuple[str, str], ...] = (
    (r"eigh", "A"),
    (r"eig", "A"),
    (r"ei(?=n)", "A"),
    (r"igh", "I"),
    (r"ey|ay|ai|ae", "A"),
    (r"ee|ea|ie|ei", "E"),
    (r"oo|ew|ue", "U"),
    (r"oa|oe|ow", "O"),
    (r"ou|oi|oy|au|aw", "W"),
    (r"[aeiou]", ""),  # a short vowel: its own letter, lower case
    (r"y", "I"),
)
_VOWELS = re.compile("|".join(f"({p})" for p, _ in _NUCLEI))


@dataclass(frozen=True)
class VariantRules:
    """The thresholds of variant matching ([deid] variant_* and roster_fuzzy_threshold)."""

    spelling: int = 85
    similarity: int = 60
    max_zipf: float = 4.3
    initial_max_zipf: float = 3.0
    min_letters: int = 4

    @classmethod
    def from_options(cls, options: Any) -> VariantRules:
        """The rules a :class:`~pipeline.deid.options.DeidOptions` configures."""
        return cls(
            spelling=options.roster_fuzzy_threshold,
            similarity=options.variant_similarity,
            max_zipf=options.variant_max_zipf,
            initial_max_zipf=options.variant_initial_max_zipf,
            min_letters=options.variant_min_letters,
        )


def letters(word: str) -> str:
    """The word's letters, lower case, accents off: "Pintér's" → "pinters"."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


@lru_cache(maxsize=65536)
def sound(word: str) -> tuple[str, str]:
    """(sound key, sound skeleton) of a word, both empty if it has no letters (see the module doc)."""
    import jellyfish

    plain = letters(word)
    found = _VOWELS.search(plain, 1 if plain[:1] == "y" else 0)
    if not plain or found is None:
        return plain.upper(), plain.upper()
    onset, nucleus, rest = plain[: found.start()], found.group(0), plain[found.end() :]
    vowel = _NUCLEI[(found.lastindex or 1) - 1][1] or nucleus
    # Metaphone reads a consonant by the letter after it ("ce" S, "ca" K): give it the vowel, then drop it
    head = re.sub("[AEIOU]", "", jellyfish.metaphone(onset + nucleus[0])) if onset else ""
    tail = re.sub("[AEIOU]", "", jellyfish.metaphone(rest)) if rest else ""
    key = head + vowel
    return key, key + tail


def _levenshtein(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return 100 * Levenshtein.normalized_similarity(a, b)


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def is_variant(word: str, name: str, rules: VariantRules) -> bool:
    """Whether ``word`` is a spelling variant of the name part ``name`` (not the same letters)."""
    a, b = letters(word), letters(name)
    if a == b or min(len(a), len(b)) < rules.min_letters:
        return False
    if sound(a)[0] != sound(b)[0]:
        return False
    return variant_score(a, b, rules) > 0


def variant_score(a: str, b: str, rules: VariantRules) -> float:
    """How close two different words of the same sound key are (0 = not variants); ``letters`` only.

    ``a`` is the word seen, ``b`` the known name: only the seen word must be rare as English."""
    if a[0] == b[0] and (ratio := _ratio(a, b)) >= rules.spelling:
        return ratio
    if a in first_names() and b in first_names():
        return 0  # two given names that only sound alike ("Dana", "Danielle") are two people
    similarity = _levenshtein(sound(a)[1], sound(b)[1])
    return similarity if similarity >= rules.similarity and zipf(a) < rules.max_zipf else 0


def name_parts(value: str, rules: VariantRules) -> list[str]:
    """The words of a name that can be said alone: "Quillon Abernathy-Voss" → Quillon, Abernathy-Voss,
    Abernathy, Voss (each with at least ``min_letters`` letters)."""
    parts: list[str] = []
    for word in value.split():
        pieces = [word, *word.split("-")] if "-" in word else [word]
        parts += [p for p in pieces if len(letters(p)) >= rules.min_letters and p not in parts]
    return parts


@dataclass(frozen=True)
class Mention:
    """A word of a text that is one of the known name parts, or a variant of one."""

    start: int
    end: int
    part: str
    exact: bool
    payloads: tuple[Any, ...]


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = frozenset('.!?:;"“”\n')


def _sentence_start(text: str, start: int) -> bool:
    """Whether a word at ``start`` opens a text, line, sentence, quote or speaker turn ("P: Reign…")."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


class NameIndex:
    """Name parts by sound key, each with what it stands for (a roster entry, a tag): a text is scanned
    word by word with one dictionary look-up each, not one comparison per name part."""

    def __init__(self, parts: list[tuple[str, Any]], rules: VariantRules) -> None:
        self.rules = rules
        self._exact: dict[str, list[Any]] = {}
        self._by_key: dict[str, set[str]] = {}
        for part, payload in parts:
            plain = letters(part)
            if len(plain) >= rules.min_letters:
                self._exact.setdefault(plain, []).append(payload)
                self._by_key.setdefault(sound(plain)[0], set()).add(plain)

    def lookup(self, word: str) -> tuple[str, bool, tuple[Any, ...]] | None:
        """The known part ``word`` is (exactly, or else its closest variant), or None."""
        plain = letters(word)
        if plain in self._exact:
            return plain, True, tuple(self._exact[plain])
        if len(plain) < self.rules.min_letters:
            return None
        scored = [(variant_score(plain, p, self.rules), p) for p in self._by_key.get(sound(plain)[0], ())]
        score, best = max(scored, default=(0.0, ""))
        return (best, False, tuple(self._exact[best])) if score > 0 else None

    def mentions(self, text: str, persons: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        """Words of ``text`` that are known parts or their variants *used as names*: capitalised, not
        a common word at a sentence start (where a capital says nothing), or inside one of ``persons``
        (spaCy's PERSON spans, which judge a lower-case word in context); in a lower-case line, where
        no word shows a capital, a variant rare as English (as at a sentence start)."""
        out = []
        for match in _WORD.finditer(text):
            start, word = match.start(), re.sub(r"['’]s$", "", match.group(0))
            if text[max(0, start - 1) : start] == "[":
                continue  # a tag's own word: "[NAME 1]"
            found = self.lookup(word)
            if found is None:
                continue
            part, exact, payloads = found
            end = start + len(word)
            if any(s <= start and end <= e for s, e in persons) or self._as_name(text, start, word, exact):
                out.append(Mention(start, end, part, exact, payloads))
        return out

    def _as_name(self, text: str, start: int, word: str, exact: bool) -> bool:
        """Whether the word's spelling and place say it is used as a name (see :meth:`mentions`)."""
        common = zipf(letters(word))
        if not word[:1].isupper():
            if exact:
                return common < self.rules.max_zipf  # a rare roster word in lower case: "reyes"
            # in a lower-case stretch no word has a capital to show: judge it as at a sentence start
            line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start) % (len(text) + 1)]
            return is_uncased(line) and common < self.rules.initial_max_zipf
        if not _sentence_start(text, start):
            return True
        return common < (self.rules.max_zipf if exact else self.rules.initial_max_zipf)
