"""Social media and messenger handles written with their "@": "@velo_kolya", "(@mere.tk)".

A handle names its owner as surely as an e-mail address does, and forms and messages give them bare
("Telegram @…", "IG: @…"). An e-mail's "@" follows its local part, so a handle's "@" stands after a
space or punctuation. Chat writes "@home" and "@everyone" as words; an everyday English word without a
digit or underscore is left (wordfreq, Zipf 4 or more).
"""

from __future__ import annotations

import re

from pipeline.deid.recognizers.base import RegexRecognizer
from pipeline.deid.wordlists import zipf

EVERYDAY_ZIPF = 4.0
_HANDLE = re.compile(
    r"(?<![\w@.+-])@(?P<body>[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,29}[A-Za-z0-9_])?)(?![\w@]|\.[A-Za-z])"
)


class HandleRecognizer(RegexRecognizer):
    """A handle with its "@" (see the module's docstring)."""

    ENTITY = "URL"
    pattern = _HANDLE

    def judge(self, match: re.Match[str], text: str):
        body = match.group("body")
        if len(body) < 3 or (body.isalpha() and zipf(body.lower()) >= EVERYDAY_ZIPF):
            return None
        return match.start(), match.end(), 0.7, self.ENTITY
