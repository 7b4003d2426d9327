"""Merge the words of a two-channel call, transcribed channel by channel, into speaker turns by time.

Each channel's words are first grouped into utterances (words closer than ``utterance_gap``), so that one
party's sentence is never shredded word by word by the other party's simultaneous talk. An utterance that
starts while the other party is mid-utterance (an encourager such as "mm-hmm", or an interruption) cuts
that utterance at its start time: the words before it, the interjection, and the rest follow each other
in time order as separate turns. Consecutive pieces of the same channel become one turn.

Only the other party's real speech cuts a turn: an utterance shorter than ``min_seconds`` or recognised
with a mean word probability below ``min_probability`` (a breath, line noise, a hallucinated "you" in
the other channel's bleed) follows the turn it fell into instead, so a question stays one turn unless
the other party really speaks inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.document import Turn, Word


@dataclass
class _Piece:
    channel: int
    words: list[Word]

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end


def utterances(words: Sequence[Word], gap: float) -> list[list[Word]]:
    """Split time-ordered ``words`` wherever the silence between two words exceeds ``gap`` seconds."""
    groups: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.start, w.end)):
        if groups and word.start - groups[-1][-1].end <= gap:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def _cut(utterance: list[Word], channel: int, cut_times: list[float]) -> list[_Piece]:
    """Cut an utterance before its first word that starts at or after each of ``cut_times``."""
    pieces: list[_Piece] = []
    current: list[Word] = []
    times = iter(sorted(cut_times))
    cut = next(times, None)
    for word in utterance:
        while cut is not None and word.start >= cut:
            if current:
                pieces.append(_Piece(channel, current))
                current = []
            cut = next(times, None)
        current.append(word)
    if current:
        pieces.append(_Piece(channel, current))
    return pieces


# Whisper's words carry no leading space when they continue the previous word: a cut-off mark ("I-"),
# the rest of a hyphenated word ("Mm" "-hmm."), punctuation. Joining them back without a space gives the
# recogniser's own segment text ("I- I- I thought"), which the cleaning stage's stutter rules expect.
_ATTACHED = tuple("-,.?!:;…)]}%")


def join_words(words: Sequence[Word]) -> str:
    """The text of ``words`` as the recogniser wrote it: spaces between words, none before a continuation."""
    text = ""
    for word in words:
        if word.text:
            text += word.text if not text or word.text.startswith(_ATTACHED) else " " + word.text
    return text


def turn_from_words(words: list[Word], channel: int | None = None) -> Turn:
    """A turn spanning ``words``, its text joined as the recogniser wrote it."""
    return Turn(
        start=words[0].start,
        end=words[-1].end,
        text=join_words(words),
        channel=channel,
        words=list(words),
    )


def really_speaks(group: Sequence[Word], min_seconds: float, min_probability: float) -> bool:
    """Is this utterance talk that may cut the other party's turn, rather than a breath or noise?"""
    probability = sum(w.probability for w in group) / len(group)
    return group[-1].end - group[0].start >= min_seconds and probability >= min_probability


def merge_channels(
    channel_words: Sequence[Sequence[Word]],
    gap: float,
    min_seconds: float = 0.0,
    min_probability: float = 0.0,
) -> list[Turn]:
    """Turns in time order from per-channel word lists; each turn's ``channel`` is its list's index."""
    per_channel = [utterances(words, gap) for words in channel_words]
    pieces: list[_Piece] = []
    for channel, groups in enumerate(per_channel):
        other_starts = [
            group[0].start
            for other, other_groups in enumerate(per_channel)
            if other != channel
            for group in other_groups
            if really_speaks(group, min_seconds, min_probability)
        ]
        for group in groups:
            inside = [t for t in other_starts if group[0].start < t < group[-1].end]
            pieces.extend(_cut(group, channel, inside))
    pieces.sort(key=lambda p: (p.start, p.end, p.channel))
    turns: list[Turn] = []
    run: list[Word] = []
    run_channel: int | None = None
    for piece in pieces:
        if run and piece.channel != run_channel:
            turns.append(turn_from_words(run, run_channel))
            run = []
        run_channel = piece.channel
        run.extend(piece.words)
    if run:
        turns.append(turn_from_words(run, run_channel))
    return turns
