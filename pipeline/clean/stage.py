"""The cleaning stage: turns in, turns without what the profile removes out, with a log of every removal.

Decisions are made on the input as given (an encourager is judged by the turns around it before any
merging), then the output is built in one pass: removed words are logged, each turn's text is rebuilt
from what is kept, and the two turns an encourager had split are joined again, so the participant's
answer reads as the one turn it was.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Sequence
from dataclasses import replace

from pipeline.clean.encouragers import encourager_turns
from pipeline.clean.fillers import mark_false_starts, mark_fillers
from pipeline.clean.options import CleanOptions, Lexicon, load_lexicon
from pipeline.clean.pauses import add_pause_marks
from pipeline.clean.render import render
from pipeline.clean.stutters import mark_fragments, mark_repeats
from pipeline.clean.tokens import Token, tokenize_turn
from pipeline.document import Removal, Transcript, Turn

log = logging.getLogger(__name__)
STAGE = "clean"


def clean(transcript: Transcript, options: CleanOptions, lexicon: Lexicon | None = None) -> Transcript:
    """Return a new transcript cleaned by ``options.profile``; the input is left untouched.

    ``lexicon`` defaults to the word lists named by ``options.wordlists``; tests pass their own.
    """
    lexicon = lexicon if lexicon is not None else load_lexicon(options.wordlists)
    rules = lexicon.rules(options.profile)
    turns = transcript.turns
    dropped = encourager_turns(turns, lexicon, options) if "encourager" in rules else set()
    removals: list[Removal] = []
    out: list[Turn] = []
    rejoin = False  # a removed turn sits between the last output turn and the next one
    for index, turn in enumerate(turns):
        if index in dropped:
            removals.append(_turn_removal(turn, index))
            rejoin = True
            continue
        tokens = tokenize_turn(turn)
        removed = token_removals(tokens, rules, lexicon, options)
        removals.extend(_token_removals(tokens, removed, turn, index))
        kept = _rebuilt(turn, tokens, removed)
        if kept is None:
            rejoin = True
            continue
        if rejoin and out and kept.speaker and out[-1].speaker == kept.speaker:
            out[-1] = _joined(out[-1], kept)
        else:
            out.append(kept)
        rejoin = False
    if options.pauses:
        out = add_pause_marks(out, options.pause_threshold, options.pause_mark)
    log.info("clean (%s): %d removal(s), %d → %d turns", options.profile, len(removals), len(turns), len(out))
    settings = copy.deepcopy(transcript.settings)
    settings[STAGE] = {**options.as_dict(), "rules": sorted(rules), "wordlists_sha256": lexicon.sha256}
    return replace(
        transcript,
        turns=out,
        settings=settings,
        removals=[*copy.deepcopy(transcript.removals), *removals],
    )


def token_removals(
    tokens: Sequence[Token], rules: frozenset[str], lexicon: Lexicon, options: CleanOptions
) -> dict[int, str]:
    """Which tokens of one turn the rules remove (index → rule). Order matters: see stutters.py."""
    removed: dict[int, str] = {}
    if "filler" in rules:
        mark_fillers(tokens, removed, lexicon)
    if "stutter-fragment" in rules:
        mark_fragments(tokens, removed, lexicon)
    if "stutter-repeat" in rules:
        mark_repeats(tokens, removed, lexicon, options.repeat_max_words)
    if "false-start" in rules:
        mark_false_starts(tokens, removed, lexicon, options.repeat_max_words)
    return removed


def _turn_removal(turn: Turn, index: int) -> Removal:
    start, end = (turn.words[0].start, turn.words[-1].end) if turn.words else (None, None)
    return Removal(STAGE, "encourager", turn.text.strip(), turn.speaker, index, start, end)


def _token_removals(
    tokens: Sequence[Token], removed: dict[int, str], turn: Turn, index: int
) -> list[Removal]:
    """One log entry per run of neighbouring tokens removed by the same rule ("I- I-" is one entry)."""
    runs: list[list[int]] = []
    for i in sorted(removed):
        if runs and runs[-1][-1] == i - 1 and removed[i - 1] == removed[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [_run_removal([tokens[i] for i in run], removed[run[0]], turn, index) for run in runs]


def _run_removal(run: list[Token], rule: str, turn: Turn, index: int) -> Removal:
    text = " ".join(t.text for t in run)
    return Removal(STAGE, rule, text, turn.speaker, index, run[0].start, run[-1].end)


def _rebuilt(turn: Turn, tokens: Sequence[Token], removed: dict[int, str]) -> Turn | None:
    """The turn without its removed tokens (a copy even when nothing went), or None if nothing is left."""
    if not removed:
        return copy.deepcopy(turn)
    kept = [t for i, t in enumerate(tokens) if i not in removed]
    if not kept:
        return None
    words = [copy.copy(w) for t in kept for w in t.words]
    start, end = (words[0].start, words[-1].end) if words else (turn.start, turn.end)
    return replace(turn, text=render(tokens, removed), start=start, end=end, words=words)


def _joined(first: Turn, second: Turn) -> Turn:
    """One turn from two of the same speaker that a removed turn had split."""
    return replace(
        first,
        text=f"{first.text.rstrip()} {second.text.lstrip()}".strip(),
        start=min(first.start, second.start),
        end=max(first.end, second.end),
        channel=first.channel if first.channel == second.channel else None,
        words=[*first.words, *second.words],
    )
