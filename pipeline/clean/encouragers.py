"""Minimal encouragers: a listener's short backchannel that does not take the floor.

Whether "Yeah." is an encourager is not a property of the word but of where it sits, so this rule looks
at the turn structure around it. A turn is dropped only when all of these hold:

- it is short and made only of encourager phrases ("mm-hmm", "right", "yeah, yeah", "I see");
- the other speaker holds the floor: the same other speaker talks right before and right after it (or,
  with word timings, it falls inside that speaker's turn). So an interviewer's "Okay." followed by their
  own next question ("I: Okay." / "I: And what happened then?") stays: it opens that question;
- it answers nothing: the other speaker's talk before it does not end with a question that it would
  answer (see questions.py);
- with word timings, it is also brief, and overlaps the other speaker or sits in a short silence.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.clean.options import CleanOptions, Lexicon
from pipeline.clean.questions import answers, question_kind
from pipeline.clean.tokens import key, tokenize_turn
from pipeline.document import Turn


def encourager_turns(turns: Sequence[Turn], lexicon: Lexicon, options: CleanOptions) -> set[int]:
    """Indices of the turns that are minimal encouragers, judged on the turns as given."""
    return {i for i in range(len(turns)) if _is_minimal_encourager(turns, i, lexicon, options)}


def looks_like_encourager(turn: Turn, lexicon: Lexicon, max_words: int) -> bool:
    """True when the turn's words are all encourager phrases and there are at most ``max_words``."""
    keys = [key(t.norm) for t in tokenize_turn(turn) if t.norm]
    if not keys or len(keys) > max_words:
        return False
    longest = max((len(p) for p in lexicon.encouragers), default=0)
    covered = [True] + [False] * len(keys)  # covered[j]: keys[:j] split into phrases
    for j in range(len(keys)):
        if covered[j]:
            for n in range(1, min(longest, len(keys) - j) + 1):
                if tuple(keys[j : j + n]) in lexicon.encouragers:
                    covered[j + n] = True
    return covered[-1]


def _is_minimal_encourager(turns: Sequence[Turn], i: int, lexicon: Lexicon, options: CleanOptions) -> bool:
    turn = turns[i]
    if not turn.speaker or not looks_like_encourager(turn, lexicon, options.encourager_max_words):
        return False
    before = _neighbour(turns, i, -1, lexicon, options)
    after = _neighbour(turns, i, +1, lexicon, options)
    if before is None:
        return False
    inside = _timed(turn, before) and _span(before)[0] <= _span(turn)[0] <= _span(turn)[1] <= _span(before)[1]
    held = after is not None and after.speaker == before.speaker
    if not (inside or held):
        return False
    if answers(question_kind(_said_before(before, turn), before.role, lexicon), turn.text, lexicon):
        return False
    if _timed(turn, before):
        return _brief_and_close(turn, before, after if held else None, options)
    return True


def _neighbour(
    turns: Sequence[Turn], i: int, step: int, lexicon: Lexicon, options: CleanOptions
) -> Turn | None:
    """The nearest turn of another speaker, looking past more encouragers by the same listener."""
    j = i + step
    while 0 <= j < len(turns):
        other = turns[j]
        if other.speaker != turns[i].speaker:
            return other
        if not looks_like_encourager(other, lexicon, options.encourager_max_words):
            return None  # the listener said more than an encourager: they have the floor
        j += step
    return None


def _said_before(other: Turn, turn: Turn) -> str:
    """The other speaker's words up to the encourager: with timings, only those spoken before it."""
    if not _timed(turn, other):
        return other.text
    start = _span(turn)[0]
    return " ".join(w.text.strip() for w in other.words if w.start < start)


def _timed(*turns: Turn) -> bool:
    return all(turn.words for turn in turns)


def _span(turn: Turn) -> tuple[float, float]:
    return (turn.words[0].start, turn.words[-1].end) if turn.words else (turn.start, turn.end)


def _brief_and_close(turn: Turn, before: Turn, after: Turn | None, options: CleanOptions) -> bool:
    """With timings: short, and overlapping the other speaker or leaving only short silences around it."""
    start, end = _span(turn)
    if end - start > options.encourager_max_seconds:
        return False
    gap_before = start - _span(before)[1]
    gap_after = _span(after)[0] - end if after is not None and after.words else None
    if gap_before < 0 or (gap_after is not None and gap_after < 0):
        return True  # overlaps the other speaker's talk
    return gap_before <= options.encourager_max_gap and (
        gap_after is None or gap_after <= options.encourager_max_gap
    )
