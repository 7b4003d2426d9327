"""The cleaning stage: "transcribed verbatim (other than minimal encouragers, silences, or stutters)".

``clean(transcript, options)`` returns a new transcript without what the profile removes, every removal
logged in ``transcript.removals``. One job per module:

    options.py      [clean] settings, the word lists file and its profiles
    tokens.py       words as the rules see them (bare word, cut-off, punctuation after, times)
    questions.py    does a turn end with a question that a short reply would answer?
    encouragers.py  which turns are minimal encouragers (turn structure and timing)
    stutters.py     cut-off fragments and involuntary repeats within a turn
    fillers.py      fillers and false starts (the clean profile only)
    render.py       a turn's text rebuilt from the words kept
    pauses.py       optional "(pause 3 s)" marks from word timings
    stage.py        the stage function: decide, log, rebuild, rejoin split turns
"""

from pipeline.clean.options import KNOWN_RULES, CleanOptions, Lexicon, WordLists, load_lexicon
from pipeline.clean.stage import clean

__all__ = ["KNOWN_RULES", "CleanOptions", "Lexicon", "WordLists", "clean", "load_lexicon"]
