"""Stutters: cut-off fragments and involuntary immediate repeats, within one turn.

A stutter is told from a deliberate repetition by the transcript's own marks, not by meaning:

- a fragment is a word the speaker broke off ("w-", "th-", "she-") and then restarted: the next word
  begins with it, or it has no vowel and so cannot be a word at all. A broken-off whole word followed by
  something else ("I was like- she said") is a false start, which the verbatim profile keeps;
- a repeat is the same word or short phrase said twice with nothing between ("the the", "I I", "it was
  it was"), or a phrase broken off and said again ("I wa- I was"). A comma between the copies is how
  transcribers write emphasis ("no, no, no", "very, very") and restarts ("it was, uh, it was"), so such
  repeats stay, except for words that cannot end a clause ("I, I thought"). Grammatical doubles ("had
  had", "that that") and emphatic words always stay.

Each rule marks token indices in a shared ``removed`` map (index → rule name), so later rules see the
sentence as the earlier ones left it ("my- my- my client": the fragments go first, nothing else).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.clean.options import Lexicon
from pipeline.clean.tokens import Token

_VOWELS = frozenset("aeiouy")


def mark_fragments(tokens: Sequence[Token], removed: dict[int, str], lexicon: Lexicon) -> None:
    """Mark cut-off fragments that the speaker restarts, and letter clusters that are no word."""
    for i, token in enumerate(tokens):
        if i in removed or not token.cut or not token.norm or token.norm in lexicon.fillers:
            continue
        following = next_word(tokens, i, removed, lexicon)
        restarted = following is not None and following.norm.startswith(token.norm)
        if restarted or _no_word(token.norm):
            removed[i] = "stutter-fragment"


def mark_repeats(
    tokens: Sequence[Token],
    removed: dict[int, str],
    lexicon: Lexicon,
    max_words: int,
    rule: str = "stutter-repeat",
    across_commas: bool = False,
) -> None:
    """Mark all but one copy of each immediately repeated word or phrase (up to ``max_words`` long).

    ``across_commas`` also takes copies separated by a comma (the clean profile's restarts, "it was, it
    was"); emphasis and grammatical doubles are kept either way.
    """
    while True:
        alive = [i for i in range(len(tokens)) if i not in removed]
        found = _first_repeat(tokens, alive, lexicon, max_words, across_commas)
        if found is None:
            return
        for i in found:
            removed[i] = rule


def next_word(tokens: Sequence[Token], i: int, removed: dict[int, str], lexicon: Lexicon) -> Token | None:
    """The next token still in the turn that is a word and not a filler ("th- uh, the" → "the")."""
    for j in range(i + 1, len(tokens)):
        if j not in removed and tokens[j].norm and tokens[j].norm not in lexicon.fillers:
            return tokens[j]
    return None


def _no_word(norm: str) -> bool:
    """Letters without a vowel ("w", "th", "str") are a broken-off sound, not a word."""
    return norm.isalpha() and len(norm) <= 4 and not (set(norm) & _VOWELS)


def _first_repeat(
    tokens: Sequence[Token], alive: list[int], lexicon: Lexicon, max_words: int, across_commas: bool
) -> list[int] | None:
    """Indices of the copy to drop of the first repeat found, or None."""
    for p in range(len(alive)):
        for n in range(1, max_words + 1):
            if p + 2 * n > len(alive):
                break
            first, second = alive[p : p + n], alive[p + n : p + 2 * n]
            if _is_stutter(tokens, first, second, lexicon, across_commas):
                return _copy_to_drop(tokens, first, second)
    return None


def _is_stutter(
    tokens: Sequence[Token], first: list[int], second: list[int], lexicon: Lexicon, across_commas: bool
) -> bool:
    a = [tokens[i] for i in first]
    b = [tokens[i] for i in second]
    norms = [t.norm for t in a]
    if not all(norms) or not _same_phrase(a, b):
        return False
    if all(n in lexicon.fillers for n in norms):
        return False  # "um, um" is hesitation, not a stutter
    if any(t.boundary for t in a[:-1] + b[:-1]):
        return False  # punctuation inside a copy: not one phrase said twice
    if any(t.cut for t in a + b) or _after_fragment(tokens, first):
        return True  # a broken-off copy is a stutter whatever the word ("in- in in the house")
    if tuple(norms * 2) in lexicon.doubles or all(n in lexicon.emphatic for n in norms):
        return False
    gap = a[-1].boundary
    if not gap:
        return True
    if gap not in {",", ";"}:
        return False  # a sentence ends between the copies
    return across_commas or (len(norms) == 1 and norms[0] in lexicon.stutter_prone)


def _after_fragment(tokens: Sequence[Token], first: list[int]) -> bool:
    """The copies follow a broken-off start of the same word: the whole run is one stutter."""
    before = tokens[first[0] - 1] if first[0] > 0 else None
    return (
        before is not None
        and before.cut
        and bool(before.norm)
        and tokens[first[0]].norm.startswith(before.norm)
    )


def _same_phrase(a: list[Token], b: list[Token]) -> bool:
    """Equal word for word; a broken-off last word counts if the other copy's word begins with it."""
    if [t.norm for t in a[:-1]] != [t.norm for t in b[:-1]]:
        return False
    last, other = a[-1], b[-1]
    return last.norm == other.norm or (last.cut and other.norm.startswith(last.norm))


def _copy_to_drop(tokens: Sequence[Token], first: list[int], second: list[int]) -> list[int]:
    """Drop the earlier copy, unless only the later one is broken off ("I I- thought" keeps "I")."""
    if any(tokens[i].cut for i in second) and not any(tokens[i].cut for i in first):
        return second
    return first
