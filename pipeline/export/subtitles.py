"""SRT and WebVTT for media-synchronised coding: every turn in cues short enough to read while listening.

A two-minute answer as one cue is a wall of text on screen for two minutes, so each turn is cut into cues
within ``CueLimits`` (lines, characters per line, seconds), preferring a cut after a sentence or a clause
ends. A cue never spans two turns and never splits a word or a redaction tag ("[NAME 1]" is one unit),
so the cues of a turn read back give the turn's text word for word. Cue times come from the word timings
when the turn has them (the de-identification stage keeps each tag as one timed word); a turn without
them shares its time out by characters. A turn's first cue starts and its last cue ends with the turn,
whose edges the speakers stage moved to the detected speech.

Speakers: WebVTT carries the speaker as a voice tag (``<v P01>``) on every cue, which players and QDA
tools show as the speaker rather than as text. SRT has no speaker field, so the label leads the text of
every cue (``P01: …``), not only a turn's first: QDA tools import each cue as a segment of its own, and a
segment from the middle of a long answer must still say who is speaking. The label counts toward the
width of the cue's first line, since it is shown there.

Cues come out in time order and never overlap: where turns overlap in time, a cue that starts inside the
previous cue cuts that one short, or, if that would leave it no time, starts when it ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from itertools import accumulate, pairwise

from pipeline.document import Transcript, Turn, Word
from pipeline.export.options import CueLimits
from pipeline.export.registry import ExportContext, register
from pipeline.export.timefmt import millis

# A unit of text never split between cues or lines: non-space characters, with whole redaction tags
_UNIT = re.compile(r"(?:\[[A-Z]+(?: \d+)?\]|\S)+")
# A cue must end after it starts: one that would have no time gets this much (seconds)
MIN_CUE_SECONDS = 0.1
_SENTENCE_END = tuple(".?!…")
_CLAUSE_END = tuple(",;:—–")
_CLOSERS = "\"')]’”"
# Costs of cutting a turn into cues: each cue, a cut after a clause end and a cut mid-phrase (a cut after
# a sentence end is free), and the square of a cue's empty share of its room, so that cues are even
_CUE_COST = 1.0
_CLAUSE_BREAK = 1.0
_WORD_BREAK = 4.0
_EMPTINESS = 0.5


@dataclass(frozen=True)
class Cue:
    """One subtitle: its time, the speaker label, and its text already broken into lines."""

    start: float
    end: float
    speaker: str
    lines: tuple[str, ...]


def _key(text: str) -> str:
    """What a text unit and a recognised word are compared by: letters and digits, and a tag's brackets."""
    return "".join(c for c in text.casefold() if c.isalnum() or c in "[]")


def _word_times(texts: list[str], words: list[Word]) -> list[tuple[float, float] | None]:
    """Each text unit's time from the words it aligns with.

    The turn's text and its words need not split the same way ("Mm-hmm." may be the words "Mm" and
    "-hmm.", a tag may carry the "'s" of the name it replaced), so units and words are aligned as
    sequences first and the stretches where they differ character by character; a unit no word
    character matched (a dash, say) gets None and is timed from its neighbours.
    """
    times: list[tuple[float, float] | None] = [None] * len(texts)

    def claim(i: int, word: Word) -> None:
        known = times[i]
        times[i] = (
            (word.start, word.end) if known is None else (min(known[0], word.start), max(known[1], word.end))
        )

    unit_keys, word_keys = [_key(t) for t in texts], [_key(w.text) for w in words]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, unit_keys, word_keys, autojunk=False).get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                claim(i, words[j])
        elif op == "replace":
            unit_owner = [i for i in range(i1, i2) for _ in unit_keys[i]]
            word_owner = [j for j in range(j1, j2) for _ in word_keys[j]]
            chars = SequenceMatcher(
                None, "".join(unit_keys[i1:i2]), "".join(word_keys[j1:j2]), autojunk=False
            )
            for a, b, size in chars.get_matching_blocks():
                for k in range(size):
                    claim(unit_owner[a + k], words[word_owner[b + k]])
    return times


def _unit_times(turn: Turn, texts: list[str]) -> list[tuple[float, float]]:
    """Start and end of every unit, in order, within the turn; untimed units share the gaps by length."""
    start, end = turn.start, max(turn.end, turn.start)
    known = _word_times(texts, turn.words) if turn.words else [None] * len(texts)
    times: list[tuple[float, float]] = []
    i = 0
    while i < len(texts):
        span = known[i]
        if span is not None:
            begin = min(max(span[0], times[-1][0] if times else start), end)
            times.append((begin, min(max(span[1], begin), end)))
            i += 1
            continue
        j = next((k for k in range(i, len(texts)) if known[k] is not None), len(texts))
        left = times[-1][1] if times else start
        following = known[j] if j < len(texts) else None
        right = min(max(following[0] if following else end, left), end)
        weights = list(accumulate(len(texts[k]) + 1 for k in range(i, j)))
        times += pairwise([left] + [left + (right - left) * w / weights[-1] for w in weights])
        i = j
    times[0] = (start, times[0][1])
    times[-1] = (times[-1][0], end)
    return times


def _greedy_lines(texts: list[str], width: int, label: int) -> int:
    """How many lines ``texts`` need at ``width`` (filling each line: the fewest possible), the first
    line shortened by ``label``; a unit longer than a line has a line of its own."""
    lines, used, empty = 1, label, True
    for text in texts:
        if not empty and used + 1 + len(text) > width:
            lines, used = lines + 1, len(text)
        else:
            used += len(text) + (0 if empty else 1)
        empty = False
    return lines


def _layout(texts: list[str], width: int, label: int) -> tuple[str, ...]:
    """The fewest lines, balanced: of the ways to break into that many lines within ``width`` (a unit
    longer than that alone on its line), the one with the shortest longest line, and of equals the one
    with the longer line last, as subtitles are usually set."""
    count = _greedy_lines(texts, width, label)
    ends = [0, *accumulate(len(t) + 1 for t in texts)]

    def size(a: int, b: int) -> int:
        return ends[b] - ends[a] - 1 + (label if a == 0 else 0)

    best: dict[tuple[int, int], tuple[int, int]] = {(0, 0): (0, 0)}
    for line in range(1, count + 1):
        for b in range(line, len(texts) + 1):
            for a in range(line - 1, b):
                if (line - 1, a) in best and (b - a == 1 or size(a, b) <= width):
                    longest = max(best[line - 1, a][0], size(a, b))
                    if (line, b) not in best or longest < best[line, b][0]:
                        best[line, b] = (longest, a)
    breaks, b = [], len(texts)
    for line in range(count, 0, -1):
        a = best[line, b][1]
        breaks.append(" ".join(texts[a:b]))
        b = a
    return tuple(reversed(breaks))


def _fits(texts: list[str], seconds: float, limits: CueLimits, label: int) -> bool:
    return seconds <= limits.max_seconds and _greedy_lines(texts, limits.max_chars, label) <= limits.max_lines


def _break_cost(text: str) -> float:
    """What ending a cue after ``text`` costs: nothing after a sentence, a little after a clause."""
    text = text.rstrip(_CLOSERS)
    return (
        0.0 if text.endswith(_SENTENCE_END) else _CLAUSE_BREAK if text.endswith(_CLAUSE_END) else _WORD_BREAK
    )


def _cue_starts(
    texts: list[str], times: list[tuple[float, float]], limits: CueLimits, label: int
) -> list[int]:
    """Where the turn's cues start: the cheapest way to cut it into cues that fit (dynamic programming
    over cut points), so a cue ends at a sentence or clause end where one is near, cues are as few as
    can be, and they are about evenly full rather than one full cue and a stray word."""
    capacity = max(limits.max_lines * limits.max_chars - label, 1)
    best = [0.0] + [float("inf")] * len(texts)
    back = [0] * (len(texts) + 1)
    for j in range(1, len(texts) + 1):
        last = 0.0 if j == len(texts) else _break_cost(texts[j - 1])
        for i in range(j - 1, -1, -1):
            if i < j - 1 and not _fits(texts[i:j], times[j - 1][1] - times[i][0], limits, label):
                break  # one unit more in front cannot make it fit
            empty = max(0.0, 1.0 - (sum(len(t) + 1 for t in texts[i:j]) - 1) / capacity)
            cost = best[i] + _CUE_COST + last + _EMPTINESS * empty * empty
            if cost < best[j]:
                best[j], back[j] = cost, i
    starts, j = [], len(texts)
    while j > 0:
        j = back[j]
        starts.append(j)
    return starts[::-1]


def turn_cues(turn: Turn, limits: CueLimits, label: int = 0) -> list[Cue]:
    """The cues of one turn; ``label`` is the width the speaker label takes on a cue's first line."""
    texts = _UNIT.findall(turn.text.replace("-->", "->"))  # "-->" in a cue's text would read as timing
    if not texts:
        return []
    times = _unit_times(turn, texts)
    starts = _cue_starts(texts, times, limits, label)
    cues = []
    for i, j in zip(starts, [*starts[1:], len(texts)], strict=True):
        lines = _layout(texts[i:j], limits.max_chars, label)
        cues.append(Cue(times[i][0], times[j - 1][1], turn.speaker, lines))
    return cues


def _in_order(cues: list[Cue]) -> list[Cue]:
    """Cues sorted by start, none overlapping the one before it, each at least MIN_CUE_SECONDS long."""
    placed: list[Cue] = []
    for cue in sorted(cues, key=lambda c: c.start):
        start = cue.start
        if placed and start < placed[-1].end:
            previous = placed[-1]
            if start - previous.start >= MIN_CUE_SECONDS:
                placed[-1] = replace(previous, end=start)
            else:
                start = previous.end
        placed.append(replace(cue, start=start, end=max(cue.end, start + MIN_CUE_SECONDS)))
    return placed


def transcript_cues(transcript: Transcript, limits: CueLimits, labelled: bool) -> list[Cue]:
    """Every turn's cues in time order; ``labelled``: the label is part of the text (SRT), so it takes
    room on the first line."""
    cues = [
        cue
        for turn in transcript.turns
        for cue in turn_cues(turn, limits, len(_label(turn.speaker)) if labelled else 0)
    ]
    return _in_order(cues)


def _label(speaker: str) -> str:
    return f"{speaker}: " if speaker else ""


@register("srt", ".srt", "SubRip subtitles, readable cues, the speaker label leading each cue's text")
def write_srt(transcript: Transcript, context: ExportContext) -> str:
    blocks = []
    for number, cue in enumerate(transcript_cues(transcript, context.cues, labelled=True), start=1):
        text = _label(cue.speaker) + "\n".join(cue.lines)
        blocks.append(f"{number}\n{millis(cue.start, ',')} --> {millis(cue.end, ',')}\n{text}\n")
    return "\n".join(blocks)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@register("vtt", ".vtt", "WebVTT subtitles, readable cues, each with a <v Speaker> voice tag")
def write_vtt(transcript: Transcript, context: ExportContext) -> str:
    blocks = ["WEBVTT\n"]
    for cue in transcript_cues(transcript, context.cues, labelled=False):
        voice = f"<v {_escape(cue.speaker)}>" if cue.speaker else ""
        text = voice + "\n".join(_escape(line) for line in cue.lines)
        blocks.append(f"{millis(cue.start)} --> {millis(cue.end)}\n{text}\n")
    return "\n".join(blocks)
