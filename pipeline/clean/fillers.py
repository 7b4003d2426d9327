"""What the clean profile removes on top of the verbatim rules: fillers and false starts.

The study's rule keeps both ("verbatim other than minimal encouragers, silences, or stutters"); a
readable quote for a paper often drops them. Fillers are words from the list ("um", "uh"); false starts
are words the speaker broke off and abandoned ("I was go- I went"), and phrases restarted after a comma
or a filler ("it was, uh, it was good").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.clean.options import Lexicon
from pipeline.clean.stutters import mark_repeats, next_word
from pipeline.clean.tokens import Token


def mark_fillers(tokens: Sequence[Token], removed: dict[int, str], lexicon: Lexicon) -> None:
    for i, token in enumerate(tokens):
        if i not in removed and token.norm in lexicon.fillers and not token.cut:
            removed[i] = "filler"


def mark_false_starts(
    tokens: Sequence[Token], removed: dict[int, str], lexicon: Lexicon, max_words: int
) -> None:
    """Mark abandoned broken-off words and restarted phrases.

    A broken-off word before "and"/"or" is a suspended compound ("two- and three-year-olds") and stays.
    """
    for i, token in enumerate(tokens):
        if i in removed or not token.cut or not token.norm:
            continue
        following = next_word(tokens, i, removed, lexicon)
        if following is None or following.norm not in lexicon.suspended_joiners:
            removed[i] = "false-start"
    mark_repeats(tokens, removed, lexicon, max_words, rule="false-start", across_commas=True)
