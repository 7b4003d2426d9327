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
