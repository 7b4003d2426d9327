"""People by what surrounds them and by the world names gazetteer, where spaCy's small model is weak.

- A cue before a name: "a guy named Teréz", "my client wazir", "her husband, Jens", "Hi Flora",
  "Kind regards, Ada Prażuch". The cue words are in configs/deid_words.toml; after a cue even a
  lower-case word is a name unless it is an ordinary word ("my client was …").
- An addressed name at the start of a sentence: "Claude, I said, …".
- A capitalised word the world names gazetteer knows (names-dataset, 105 countries) that is rare as an
  English word, and a known given name followed by a capitalised word ("Sancak Dumanlı").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.deid.casing import after_determiner, uncased_line
from pipeline.deid.gazetteers import first_rank, surname_rank
from pipeline.deid.recognizers.base import (
    CAP_WORD,
    RegexRecognizer,
    alternation,
    cased_view,
    sentence_initial,
)
from pipeline.deid.recognizers.peoples import a_people
from pipeline.deid.wordlists import MONTHS, WEEKDAYS, WordLists, zipf

# an English word at least this common is an everyday word after a cue ("my client was …")
CUE_MAX_ZIPF = 4.5
# a capitalised word this rare in English that the gazetteer ranks is a name anywhere in a sentence
NAME_MAX_ZIPF = 3.5
# ranks (1 = most common in some country) good enough to trust a gazetteer entry on its own
GIVEN_MAX_RANK = 5_000
SURNAME_MAX_RANK = 8_000
# a given name this popular somewhere is a name mid-sentence even if English uses it ("Carol", "Sarah")
# unless English uses it a lot ("Grace" 4.6, "Mark" 5.1, "Will" 6.5)
POPULAR_RANK = 1_000
POPULAR_MAX_ZIPF = 4.55
# a word this rare is unknown to English: after a cue, or written with letters English lacks in
# lower-case text, it is a name ("my cousin albína hanúseková", "so víťazoslav ran the group")
UNKNOWN_MAX_ZIPF = 1.0
# a given name this popular somewhere and this rare in English is a name in lower-case text too
LOWER_GIVEN_RANK = 500
LOWER_GIVEN_MAX_ZIPF = 2.5
# ... and one of a country's hundred commonest given names a little commoner in English ("mathias"
# 3.1), unless a determiner makes it a noun ("the lorry", "a serene")
LOWER_TOP_RANK = 100
LOWER_TOP_MAX_ZIPF = 3.3
_PARTICLE = (
    r"(?:van|von|de|der|den|del|della|di|da|dos|das|du|la|le|ten|ter|bin|binti|al|el|ibn|Ó|Ní|Mac|St\.)"
)
_NAME_SEQ = rf"{CAP_WORD}(?:\s+(?:{_PARTICLE}\s+)*{CAP_WORD}){{0,2}}"
_LOWER_WORD = r"[^\W\d_][^\W\d_'’-]*"
# a cued name's words may be hyphenated ("mohammad-reza"); up to four of them ("nguyễn thị thu trang")
_CUED_WORD = rf"{_LOWER_WORD}(?:-{_LOWER_WORD})*"
# lower-case particles inside a name in a line without casing ("joost van der heijden")
_LOWER_PARTICLES = frozenset((
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "ten", "ter", "bin",
    "binti", "al", "el", "ibn", "thị", "văn", "te",
))  # fmt: skip


def known_name(word: str) -> bool:
    """A given name or surname that some country ranks well."""
    given, surname = first_rank(word), surname_rank(word)
    return (given is not None and given <= GIVEN_MAX_RANK) or (
        surname is not None and surname <= SURNAME_MAX_RANK
    )


def _ordinary(word: str, words: WordLists) -> bool:
    lowered = word.lower().rstrip(".")
    return (
        lowered in words.framing
        or lowered in words.allow
        or lowered in MONTHS
        or lowered in WEEKDAYS
        or lowered in words.not_places
    )


def _contraction(text: str, start: int, end: int) -> bool:
    """The word at ``text[start:end]`` is the head of a common contraction ("couldn't", "she'll")."""
    tail = re.match(r"['’][a-z]+", text[end : end + 4])
    return bool(tail) and zipf(text[start:end] + "'" + tail.group(0)[1:]) >= CUE_MAX_ZIPF


_POSSESSIVES = frozenset({"my", "our", "your", "his", "her", "their"})
_PRONOUN_CONTRACTION = re.compile(r"(?i)(?:she|he|it|that|there|what|who|we|they|you|i)['’]")


def function_word(word: str) -> bool:
    """An English function word ("And", "My", "The") that no country gives as a popular name; "Will"
    and "May" are both."""
    return word.lower() in STOP_WORDS and (first_rank(word) or POPULAR_RANK + 1) > POPULAR_RANK


class CuedNameRecognizer(RegexRecognizer):
    """A name after a word that announces one: named, called, my client, her husband, Hi, Regards."""

    ENTITY = "NAME"

    def __init__(self, words: WordLists) -> None:
        super().__init__(words)
        cues = alternation(words.name_cues)
        relations = alternation(words.relations)
        greet = alternation(words.greetings)
        honour = alternation(words.honorifics)
        # "my foreman, zé", "my nani, kamla devi": any role before a comma names the one who has it
        self.pattern = re.compile(
            rf"(?:\b(?:{cues})|\b(?:my|her|his|their|our|your)\s+(?:(?:{_LOWER_WORD}\s+)?(?:{relations})"
            rf"(?:\s+(?:there|then)|(?P<verb>\s+(?:was|is)))?(?:\s*,)?"
            rf"|(?P<role>{_LOWER_WORD})\s*,)|(?<![\w.])(?:{honour})(?=\s)"
            rf"|(?:^|(?<=[.!?]\s)|(?<=\n))(?:{greet})\s*,?)"
            rf"\s+(?:(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+)?(?P<name>{_CUED_WORD}(?:\s+{_CUED_WORD}){{0,3}})",
            re.IGNORECASE | re.MULTILINE,
        )

    def judge(self, match: re.Match[str], text: str):
        if match.group("role") and match.group("role").lower() in STOP_WORDS:
            return None  # "I saw her for, gosh, …": no role, a preposition
        if match.group("verb") and not uncased_line(text, match.start()):
            return None  # "my partner is Tamil": with capitals, spaCy reads "my boss was Ann Smith"
        parts = match.group("name").split()
        taken: list[str] = []
        particles: list[str] = []  # kept only if a name word follows them
        offset = match.start("name")
        for i, part in enumerate(parts):
            at = text.index(part, offset)
            offset = at + len(part)
            if _contraction(text, at, offset):
                break  # "my mother couldn't fly": a verb, not a name
            if taken and part in _LOWER_PARTICLES and uncased_line(text, at):
                particles.append(part)
                continue
            capitalised = part[0].isupper()
            # in a line without capitals a popular given name is one in lower case too ("named kevin")
            written_as_name = capitalised or (
                uncased_line(text, at) and part.lower() not in STOP_WORDS and not a_people(part)
            )  # "her husband is german, jens": a people's name is no given name in lower case
            popular = written_as_name and (first_rank(part) or POPULAR_RANK + 1) <= POPULAR_RANK
            if _ordinary(part, self.words) or (
                zipf(part) >= CUE_MAX_ZIPF and not (popular and zipf(part) < 5.0)
            ):
                break
            if i and not (
                capitalised
                or (known_name(part) and zipf(part) < NAME_MAX_ZIPF)
                or zipf(part) < UNKNOWN_MAX_ZIPF
            ):
                break
            if not capitalised and zipf(part) >= NAME_MAX_ZIPF and not known_name(part):
                break
            if not capitalised and not uncased_line(text, at):
                break  # where the line has capitals, so has a name: "My wife rang the council"
            taken += [*particles, part]
            particles = []
        if not taken:
            return None
        start = match.start("name")
        return start, start + len(" ".join(taken)), 0.7, self.ENTITY


class AddressedNameRecognizer(RegexRecognizer):
    """A name alone at the start of a sentence or message, followed by a comma or a dash ("Claude, I …"),
    or a known given name asking something without one, as messages do ("Stephen are you coming?")."""

    ENTITY = "NAME"
    pattern = re.compile(
        rf"(?:^|(?<=[.!?:]\s)|(?<=[.!?]\s\s))(?P<name>{_NAME_SEQ})"
        rf"(?=\s*(?:,|\s-\s|:\s)|(?P<asked>\s+(?:are|can|could|did|do|will|would|have|were)\s+you\b))",
        re.M,
    )

    def judge(self, match: re.Match[str], text: str):
        name = match.group("name")
        parts = name.split()
        opener = (len(parts) > 1 and parts[0].lower() in _POSSESSIVES) or _PRONOUN_CONTRACTION.match(parts[0])
        if any(_ordinary(p, self.words) for p in parts) or function_word(parts[0]) or opener:
            return None  # "My NMC PIN, uh, …", "She's Zimbabwean, …": a determiner or a pronoun
        if len(parts) == 1 and zipf(name) >= NAME_MAX_ZIPF and not (known_name(name) and zipf(name) < 5.0):
            return None  # "So, …", "Honestly, …"
        if text[match.end() : match.end() + 2].startswith(":") and len(parts) == 1:
            return None  # a form label ("Patient: …") is the field recognizer's
        if match.group("asked") and (first_rank(parts[0]) or GIVEN_MAX_RANK + 1) > GIVEN_MAX_RANK:
            return None  # without a comma ("Stephen are you …") only a known given name is addressed
        return match.start("name"), match.end("name"), 0.6, self.ENTITY


class WorldNameRecognizer(RegexRecognizer):
    """Capitalised names the world names gazetteer knows, also in text written in capitals."""

    ENTITY = "NAME"
    pattern = re.compile(rf"(?<![\w'’-]){_NAME_SEQ}(?![\w'’-])")

    def analyze(self, text, entities, nlp_artifacts=None):
        return super().analyze(cased_view(text, self.words.allow), entities, nlp_artifacts)

    def judge(self, match: re.Match[str], text: str):
        parts = match.group(0).split()
        if any(_ordinary(p, self.words) for p in parts):
            return None
        names = [p for p in parts if p[0].isupper()]
        initial = sentence_initial(text, match.start())
        rare = [zipf(p) < NAME_MAX_ZIPF for p in names]
        known = [known_name(p) for p in names]
        if len(names) >= 2 and known[0] and (rare[-1] or known[-1]) and zipf(names[0]) < 5.0:
            return match.start(), match.end(), 0.55, self.ENTITY  # "Franz Roskoth", "Sancak Dumanlı"
        word = parts[0]
        if "-" in word and all(surname_rank(p) is not None for p in word.split("-")):
            return match.start(), match.start() + len(word), 0.6, self.ENTITY  # "Adams-Pham"
        popular = (first_rank(word) or GIVEN_MAX_RANK) <= POPULAR_RANK and zipf(word) < POPULAR_MAX_ZIPF
        if ((known[0] and rare[0]) or popular) and (not initial or (len(parts) == 1 and zipf(word) < 2.5)):
            return match.start(), match.start() + len(word), 0.5, self.ENTITY
        return None


class LowerNameRecognizer(RegexRecognizer):
    """In a paragraph without capitals, a name English does not use: a word with letters English does
    not write that English does not know ("víťazoslav", "şamxal"), or a given name some country ranks
    high that is rare as English ("françoise", "mathias"). Speech recognisers write names so in lower
    case, where spaCy, trained on edited text, passes them by. Known towns are the place recognizers'."""

    ENTITY = "NAME"
    pattern = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][^\W\d_]{2,}(?![\w'’-])")

    def judge(self, match: re.Match[str], text: str):
        from pipeline.deid.spans import known_place

        word = match.group(0)
        common = zipf(word)
        foreign = not word.isascii() and common < UNKNOWN_MAX_ZIPF and len(word) >= 4
        rank = first_rank(word) or LOWER_GIVEN_RANK + 1
        given = rank <= LOWER_GIVEN_RANK and common < LOWER_GIVEN_MAX_ZIPF
        if rank <= LOWER_TOP_RANK and common < LOWER_TOP_MAX_ZIPF:
            given = given or not after_determiner(text, match.start())
        if not (foreign or given) or not word.islower() or _ordinary(word, self.words):
            return None
        if known_place(word) or not uncased_line(text, match.start()):
            return None
        return match.start(), match.end(), 0.4, self.ENTITY


# a speaker's given name this popular somewhere, and this rare as English ("Tariq", "Priyanka",
# "zara"; not "Will" or "Mark"), labels a line of a chat or a message thread
CHAT_GIVEN_RANK = 2_000
CHAT_MAX_ZIPF = 4.0


class ChatSpeakerRecognizer(RegexRecognizer):
    """The name that labels a line of a chat export or a message thread: "Tariq: which airport",
    "zara: omg", "Rui 10:04 — ok". Role words ("Mum:", "Me:") and form labels are no names."""

    ENTITY = "NAME"
    pattern = re.compile(
        r"^[ \t]*(?P<name>[^\W\d_][\w'’-]{1,24}(?:[ \t][^\W\d_][\w'’-]{1,24})?)"
        r"(?=[ \t]*(?::[ \t]+\S|[ \t]+\d{1,2}:\d{2}\b))",
        re.MULTILINE,
    )

    def judge(self, match: re.Match[str], text: str):
        start = match.start("name")
        taken: list[tuple[int, int]] = []
        for part in re.finditer(r"\S+", match.group("name")):
            word = part.group(0)
            if _ordinary(word, self.words) or zipf(word) >= CHAT_MAX_ZIPF:
                continue  # "Mama Neema": the kinship word stays, the name after it goes
            if (first_rank(word) or CHAT_GIVEN_RANK + 1) <= CHAT_GIVEN_RANK or taken:
                taken.append((start + part.start(), start + part.end()))
        if not taken:
            return None
        return taken[0][0], taken[-1][1], 0.6, self.ENTITY
