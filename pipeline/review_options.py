"""The [review] settings: what the privacy review page flags for a look.

Its own module (like output_options) so that the settings can be validated without importing the page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewOptions:
    # a redaction scored below this is flagged for a look (spaCy's names score 0.85, the roster 1.0)
    low_confidence: float = 0.6
    # a word next to a redaction is flagged as a possible miss when capitalised or this rare as an
    # ordinary word (Zipf scale: "clinic" 4.2, "okafor" 2.6); so is a capitalised word that opens a
    # sentence
    rare_max_zipf: float = 3.5
    # this many spelled-out number words in a row ("six oh eight") are flagged like digits
    number_words: int = 3
    # the transcript check: a word the recogniser gave a probability below this is flagged as uncertain
    # (tiny.en on the sample interview: 12 of 166 words below 0.5, among them "practice" 0.12)
    low_probability: float = 0.5
    # detected speech at least this long (seconds) that no word covers is flagged as a skipped passage
    gap_min_seconds: float = 1.0
    # a word whose middle is further than this (seconds) outside every speech region is flagged as a
    # word in silence (a likely hallucination); Whisper's word edges are often a few tenths off
    silence_margin: float = 0.3
