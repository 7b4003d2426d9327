"""The checker's corrections applied to the raw transcript: what the ``correct`` stage hands to cleaning.

The structure is settled first (turns split and merged, turns given to another speaker), on the raw
words, then the words themselves (replaced, deleted, inserted), then the speakers' names. A correction
whose words are no longer in the raw transcript (re-transcribed) is reported, not applied. A turn the
corrections leave as it was is passed on unchanged, edges and all, so that a transcript without
corrections comes out exactly as it went in.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from pipeline.corrections.model import (
    DELETE,
    INSERT,
    MERGE,
    NAME,
    REPLACE,
    SPEAKER,
    SPLIT,
    Correction,
    WordRef,
)
from pipeline.diarize.merge import join_words
from pipeline.document import Transcript, Turn, Word

Position = tuple[int, int]  # (raw turn index, word index in it)
# inserted words with no later word to end at take this long each (seconds)
INSERTED_WORD_SECONDS = 0.3


@dataclass
class CheckedWord:
    """A word of the corrected transcript: ``ref`` is the raw word it is (None if typed in), ``by`` the
    index of the correction that wrote it (None if as recognised)."""

    word: Word
    ref: WordRef | None = None
    by: int | None = None


@dataclass
class CheckedTurn:
    speaker: str
    role: str
    channel: int | None
    words: list[CheckedWord]
    positions: list[Position]
    changed: bool = False


@dataclass
class Corrected:
    """The corrected transcript, its turns word by word (for the page), and the stale corrections."""

    transcript: Transcript
    turns: list[CheckedTurn]
    stale: list[Correction] = field(default_factory=list)


def _index(raw: Transcript) -> dict[str, list[tuple[Position, Word]]]:
    found: dict[str, list[tuple[Position, Word]]] = {}
    for t, turn in enumerate(raw.turns):
        for w, word in enumerate(turn.words):
            found.setdefault(word.text, []).append(((t, w), word))
    return found


def _locate(index: dict[str, list[tuple[Position, Word]]], ref: WordRef) -> Position | None:
    return next((pos for pos, word in index.get(ref.text, []) if ref.matches(word)), None)


def _groups(raw: Transcript) -> list[list[Position]]:
    return [[(t, w) for w in range(len(turn.words))] for t, turn in enumerate(raw.turns)]


def _group_of(groups: list[list[Position]], pos: Position) -> int:
    """The group holding ``pos``: groups are consecutive runs of the raw positions, in order."""
    return bisect_right(groups, pos, key=lambda g: g[0]) - 1


def _restructure(
    raw: Transcript, corrections: list[Correction], where: dict[int, list[Position]]
) -> tuple[list[list[Position]], dict[int, str]]:
    """Turns as lists of raw word positions after the splits and merges, and speaker labels by group."""
    groups = [g for g in _groups(raw) if g] or [[]]
    speakers: dict[int, str] = {}
    heads: list[tuple[Position, str]] = []
    for i, c in enumerate(corrections):
        if i not in where:
            continue
        pos = where[i][0]
        g = _group_of(groups, pos)
        if c.action == SPLIT and groups[g][0] != pos:
            at = groups[g].index(pos)
            groups[g : g + 1] = [groups[g][:at], groups[g][at:]]
        elif c.action == MERGE and groups[g][0] == pos and g > 0:
            groups[g - 1 : g + 1] = [groups[g - 1] + groups[g]]
        elif c.action == SPEAKER:
            heads.append((pos, c.text))
    for pos, label in heads:
        speakers[_group_of(groups, pos)] = label
    return groups, speakers


def _spread(texts: list[str], start: float, end: float) -> list[Word]:
    """New words spread evenly over [start, end]: a checker's words are certain (probability 1)."""
    end = max(end, start)
    step = (end - start) / len(texts)
    return [
        Word(t, round(start + i * step, 3), round(start + (i + 1) * step, 3), 1.0)
        for i, t in enumerate(texts)
    ]


def _edit_words(turns: list[CheckedTurn], home: dict[WordRef, int], i: int, c: Correction) -> None:
    """Apply one located word correction (replace, delete, insert) to the checked turns; ``home`` is
    the turn each raw word is in (looking through every turn for each correction made hundreds of them
    on a long interview take seconds)."""
    refs = set(c.words)
    spots = [
        (t, k)
        for t in sorted({home[r] for r in refs if r in home})
        for k, w in enumerate(turns[t].words)
        if w.ref in refs
    ]
    if c.action in (REPLACE, DELETE):
        if not spots:
            return
        first, last = turns[spots[0][0]].words[spots[0][1]].word, turns[spots[-1][0]].words[spots[-1][1]].word
        new = (
            [CheckedWord(w, None, i) for w in _spread(c.text.split(), first.start, last.end)]
            if c.text
            else []
        )
        home, at = spots[0]
        for t, k in reversed(spots):
            del turns[t].words[k]
            turns[t].changed = True
        turns[home].words[at:at] = new
        return
    texts, at = c.text.split(), c.at or 0.0
    if spots:
        t, k = spots[0]
        anchor = turns[t].words[k].word
        k = k if at <= anchor.start else k + 1
    else:
        t, k = 0, 0
    following = (
        turns[t].words[k].word.start if k < len(turns[t].words) else at + INSERTED_WORD_SECONDS * len(texts)
    )
    turns[t].words[k:k] = [CheckedWord(w, None, i) for w in _spread(texts, at, following)]
    turns[t].changed = True


@dataclass
class _Ends:
    """The raw turns by their first and by their last word, made once and only if a turn changed: a
    rebuilt turn that starts (or ends) where a raw turn did keeps that turn's edge."""

    heads: dict[WordRef, Turn] | None = None
    tails: dict[WordRef, Turn] | None = None

    def edges(
        self, raw: Transcript, first: WordRef | None, last: WordRef | None, start: float, end: float
    ) -> tuple[float, float]:
        if self.heads is None or self.tails is None:
            self.heads = {WordRef.of(t.words[0]): t for t in raw.turns if t.words}
            self.tails = {WordRef.of(t.words[-1]): t for t in raw.turns if t.words}
        head, tail = self.heads.get(first) if first else None, self.tails.get(last) if last else None
        return (head.start if head else start), (tail.end if tail else end)


def _copy(word: Word) -> Word:
    """A word of the result, not shared with the raw transcript (a later stage may change it)."""
    return Word(word.text, word.start, word.end, word.probability)


def _shell(raw: Transcript) -> Transcript:
    """A copy of everything in ``raw`` but its turns, which :func:`_turn` copies word by word: a deep
    copy of a 90-minute transcript's words took most of the check page's time to open."""
    return copy.deepcopy(replace(raw, turns=[]))


def _turn(raw: Transcript, turn: CheckedTurn, ends: _Ends) -> Turn:
    """The document's turn: the raw one if nothing changed, else rebuilt from its words."""
    words = [_copy(w.word) for w in turn.words]
    first_raw = raw.turns[turn.positions[0][0]] if turn.positions else None
    if (
        not turn.changed
        and first_raw is not None
        and turn.positions == [(turn.positions[0][0], w) for w in range(len(first_raw.words))]
    ):
        return replace(first_raw, speaker=turn.speaker, role=turn.role, words=words)
    start, end = ends.edges(raw, turn.words[0].ref, turn.words[-1].ref, words[0].start, words[-1].end)
    return Turn(start, end, join_words(words), turn.speaker, turn.role, turn.channel, words)


def matches(raw: Transcript, correction: Correction) -> bool:
    """Whether every word ``correction`` names is in ``raw`` (what makes :func:`apply_corrections`
    report it stale), without applying anything: the page checks each new correction this way."""
    if not raw.turns or not all(t.words for t in raw.turns):
        return False
    index = _index(raw)
    return all(_locate(index, ref) is not None for ref in correction.words)


def apply_corrections(raw: Transcript, corrections: list[Correction]) -> Corrected:
    """The raw transcript with ``corrections`` (oldest first) applied, and those that no longer match."""
    if not raw.turns or not all(t.words for t in raw.turns):
        # no word timings (an imported transcript): nothing to key a correction to
        return Corrected(copy.deepcopy(raw), [], list(corrections))
    index = _index(raw)
    where: dict[int, list[Position]] = {}
    stale: list[Correction] = []
    for i, c in enumerate(corrections):
        found = [_locate(index, ref) for ref in c.words]
        if any(p is None for p in found):
            stale.append(c)
        elif c.action != NAME:
            where[i] = [p for p in found if p is not None]
    roles = {t.speaker: t.role for t in raw.turns if t.speaker}
    groups, speakers = _restructure(raw, corrections, where)
    turns = []
    for g, positions in enumerate(groups):
        head = raw.turns[positions[0][0]] if positions else Turn(0.0, 0.0, "")
        label = speakers.get(g, head.speaker)
        words = [CheckedWord(raw.turns[t].words[w], WordRef.of(raw.turns[t].words[w])) for t, w in positions]
        moved = label != head.speaker or any(t != positions[0][0] for t, _ in positions)
        turns.append(CheckedTurn(label, roles.get(label, head.role), head.channel, words, positions, moved))
    home = {w.ref: t for t, turn in enumerate(turns) for w in turn.words}
    for i, c in enumerate(corrections):
        if c.action in (REPLACE, DELETE, INSERT) and (i in where or (c.action == INSERT and not c.words)):
            _edit_words(turns, home, i, c)
    names = {c.speaker: c.text.strip() for c in corrections if c.action == NAME}
    turns = [t for t in turns if t.words]
    for t in turns:
        t.speaker = names.get(t.speaker, t.speaker)
    ends = _Ends()
    document = replace(_shell(raw), turns=[_turn(raw, t, ends) for t in turns])
    return Corrected(document, turns, stale)
