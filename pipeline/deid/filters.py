"""Which finds are kept: the rules that hold precision up without giving away recall.

- the allow-list, states and countries, form labels, greetings and titles alone are never identifiers;
- spaCy on lower-case words ("the university clinic") is a kind, not a name, unless a word is a name;
- an ordinary English word after an article, alone or with lower-case adjectives ("the Green", "the
  old Mill"), is a common noun phrase, not a person's or a place's name. Speech recognisers and writers
  capitalise such words mid-phrase, and a surname gazetteer knows many of them ("Mill", "Green");
  a person noun in between ("the guy Mill") says the opposite, and such finds stay;
- a guess inside what a shape recognizer found for a category the study keeps ("Counseling" in
  "Riverside Counseling Center" with ORG turned off) is a word of that name, not a person or place.
"""

from __future__ import annotations

import re

from pipeline.deid.foreign import (
    PARTICLES,
    foreign_line,
    foreign_word,
    known,
    language_in_context,
    unread_script,
)
from pipeline.deid.recognizers.fields import FieldRecognizer
from pipeline.deid.recognizers.numbers import PRICE_AFTER
from pipeline.deid.roster import ROSTER_RECOGNIZER
from pipeline.deid.wordlists import WordLists, first_names, surnames, zipf

# a word at least this common (Zipf scale) is an everyday word, not a name ("clinic" 4.2, "okafor" 2.6)
COMMON_WORD_ZIPF = 3.5
# after an article, a capitalised word at least this common is taken as an ordinary noun ("mill" 4.4,
# "green" 5.0)
ARTICLE_WORD_ZIPF = 4.0
_ARTICLE_PHRASE = re.compile(r"(?:^|(?<=\W))(?i:the|a|an)[ \t]+((?:[a-z][a-z'’-]*[ \t]+){0,2})$")

# Recognizers that guess a category from context or word lists; the others match the shape of their
# category ("… Psychiatric Center", "Dr. …", "… dot com") and so know it better.
GUESSING = frozenset(
    {
        "SpacyRecognizer",
        "GazetteerNameRecognizer",
        "GazetteerPlaceRecognizer",
        "RareProperNounRecognizer",
        "WorldNameRecognizer",
        "AddressedNameRecognizer",
        "LowerPlaceRecognizer",
        "LowerSurnameRecognizer",
    }
)


def after_article(text: str, start: int, words: WordLists) -> int | None:
    """How many lower-case words stand between ``text[start:]`` and an article before it ("the " 0,
    "the old " 1), or None: at most two, of the same noun phrase (no person nouns, relations or
    function words: not "the guy ", "the client " or "the package for ")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    m = _ARTICLE_PHRASE.search(text[max(0, start - 40) : start])
    if m is None:
        return None
    between = [w.lower() for w in m.group(1).split()]
    if any(w in words.person_nouns or w in words.framing or w in STOP_WORDS for w in between):
        return None
    return len(between)


# A vocal sound, not a word: what Whisper writes for backchannels and hesitations ("Uh-uh.", "Mhm",
# "Hmm", "Mm-hmm", "Huh", "Uh-oh", "Erm"). Its spellings are endless ("Uhhh", "Mmm-hmm"), so they are
# matched by shape: one or two letters of a sound (u, m, h, a, o, e, r, n), repeated.
_SOUND = re.compile(r"(?:[nh]?u+h*|h*u+h+|u+m+|m+|h+m+|m+h+m+|a+h+|o+h+|e+r+m*|h+)", re.IGNORECASE)


def vocal_sound(surface: str) -> bool:
    """Whether a detection is made of vocal sounds only; no name, place or organisation is."""
    parts = [p for p in re.split(r"[\s\-,.!?…]+", surface) if p]
    return bool(parts) and all(_SOUND.fullmatch(part) for part in parts)


def _common_noun_phrase(surface: str) -> bool:
    tokens = re.findall(r"[^\W\d_]+", surface.lower())
    return bool(tokens) and all(zipf(t) >= ARTICLE_WORD_ZIPF for t in tokens)


_REGION_AFTER = re.compile(r",[ \t]+([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})")


def before_region(text: str, detection, words: WordLists) -> bool:
    """A place followed by the state, region or country it lies in ("Mobile, Alabama", "Reading,
    Pennsylvania"): a town, even when its name is an everyday word or a form label."""
    if detection.label != "PLACE" or detection.text.lower() in words.not_places:
        return False  # "Alabama, USA": the region itself stays
    found = _REGION_AFTER.match(text, detection.end)
    if not found:
        return False
    parts = found.group(1).split()
    return any(" ".join(parts[:n]).lower().rstrip(".") in words.not_places for n in range(len(parts), 0, -1))


def keep(detection, words: WordLists, article: int | None = None, cased_line: bool = False) -> bool:
    """Whether a find of a recognizer counts (``article``: see :func:`after_article`; ``cased_line``:
    the find's line has capitals and a capital "I", so names there would be capitalised)."""
    if detection.recognizer == ROSTER_RECOGNIZER:
        return True
    surface = detection.text.strip().lower()
    if not re.search(r"[^\W_]", surface) or surface in words.allow or vocal_sound(surface):
        return False
    if (
        detection.label in ("PLACE", "ORG", "NAME")
        and (surface in words.not_places or surface.removeprefix("the ") in words.not_places)
        and not (detection.label == "NAME" and detection.recognizer == FieldRecognizer.__name__)
    ):
        return False  # a region, unless a name field says it is a name ("Last name: Washington")
    if surface.rstrip(".:") in words.framing:
        return False  # a form label, greeting, title or relation alone: "Tel.", "Dear", "Mr"
    if detection.recognizer == "SpacyRecognizer" and detection.text == surface and cased_line:
        return False  # lower-case words in edited text are no name: "la mudanza el sábado"
    if detection.recognizer == "SpacyRecognizer" and detection.text == surface:
        # spaCy on lower-case words: "the university clinic" is a kind, not a name. Keep it only if
        # some word is a known first name or surname, or too rare to be an everyday word.
        tokens = re.findall(r"[a-z]+", surface)
        if not any(t in first_names() or t in surnames() or zipf(t) < COMMON_WORD_ZIPF for t in tokens):
            return False
    if detection.label == "NAME" and len(surface) < 2:
        return False
    if (
        detection.recognizer in GUESSING
        and detection.label == "NAME"
        and detection.text == surface
        and article == 0
    ):
        return False  # "the lorry", "a grace": a lower-case word right after an article is a noun
    # "the Green", "the old Mill": a guessed name after an article, or a guessed place or organisation
    # after an article and an adjective (not "the Milwaukee office"), made of everyday words only
    return not (
        detection.recognizer in GUESSING
        and article is not None
        and (detection.label == "NAME" or (detection.label in ("PLACE", "ORG") and article > 0))
        and _common_noun_phrase(surface)
    )


_LABEL_AFTER = re.compile(r"[ \t]*:(?:[ \t]|$)")


def form_label(text: str, detection) -> bool:
    """A guessed single word opening a line or a field and followed by a colon is a form's label in
    some language ("Teljesítés:", "Adresas:"), not an identifier, unless a names gazetteer knows it
    ("Ingrid: ok")."""
    from pipeline.deid.gazetteers import first_rank, surname_rank

    words = re.findall(r"[^\W\d_]+", detection.text)
    if detection.recognizer not in GUESSING or not words or len(words) > 4:
        return False
    if len(words) > 1 and "/" not in detection.text:
        return False  # one word, or labels in two languages: "Osoite / Address:"
    line_start = text.rfind("\n", 0, detection.start) + 1
    before = text[line_start : detection.start].rstrip(" \t")
    if (before and before[-1] not in ".;|") or not _LABEL_AFTER.match(text, detection.end):
        return False
    return all(first_rank(w) is None and surname_rank(w) is None for w in words)


def inside_kept(detection, kept_spans: list[tuple[int, int]]) -> bool:
    """A guess that lies within a span a shape recognizer found for a category the study keeps."""
    return detection.recognizer in GUESSING and any(
        s <= detection.start and detection.end <= e for s, e in kept_spans
    )


def _inside_kept_name(text: str, detection, *kept: frozenset[str]) -> bool:
    """The guess is a word of a longer phrase that is kept: "Minas" of "Minas Gerais"."""
    before = re.search(r"([^\W\d_][\w'’-]*)\s+$", text[max(0, detection.start - 30) : detection.start])
    after = re.match(r"\s+([^\W\d_][\w'’-]*)", text[detection.end : detection.end + 30])
    phrases = []
    if before:
        phrases.append(f"{before.group(1)} {detection.text}")
    if after:
        phrases.append(f"{detection.text} {after.group(1)}")
    return any(p.lower() in words for p in phrases for words in kept)


_ACRONYM = re.compile(r"[A-Z]{2,4}")
_KIND_BEFORE = re.compile(r"(?i)\b(?:(?P<the>the)|a|an|my|our|your|his|her|their)\s+$")


def _acronym_kind(text: str, detection) -> bool:
    """An acronym after "a" or a possessive ("a GP", "my FTO"), or after "the" and before a lower-case
    noun it qualifies ("the TPS papers"), names a kind; "at UCC" and "the union, the CSN," do not."""
    before = _KIND_BEFORE.search(text[max(0, detection.start - 8) : detection.start])
    if before is None:
        return False
    return not before.group("the") or bool(re.match(r" [a-z]", text[detection.end : detection.end + 2]))


_POSSESSIVE_BEFORE = re.compile(r"(?i)\b(?:my|our|your|his|her|their)[ \t-]+$")
_PERSON_AFTER = re.compile(r",[ \t]+(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Doctor|Professor)\b|[A-Z][a-z])")


def _role_before_person(text: str, detection) -> bool:
    """One word after "my" and before the person it describes, named after a comma ("my Mentor, Dr.
    Okafor", "our Foreman, Jaroslav"): a role, however Whisper capitalised or misheard it."""
    if not re.fullmatch(r"[^\W\d_]+", detection.text):
        return False
    before = _POSSESSIVE_BEFORE.search(text[max(0, detection.start - 8) : detection.start])
    return before is not None and bool(_PERSON_AFTER.match(text, detection.end))


def unsure_guess(text: str, detection, words: WordLists, cased_line: bool) -> bool:
    """A guess that the text around it does not support: a word of a kept longer name ("Minas" of
    "Minas Gerais": the study's states, regions and countries), or of a greeting ("Kia" of "Kia ora");
    a role before the person it describes ("my Mentor, Dr. Okafor"); a language's name used as one
    (see :func:`language_in_context`); an everyday word of the
    paragraph's other language (see :func:`foreign_word`); a product before its
    price ("KAAS JONG BELEGEN  6,49"); in a cased line of another language, a phrase with lower-case
    words that spaCy's English model took for a name ("Bewerbung als Pflegefachkraft"), unless a
    gazetteer knows one of its words."""
    if detection.recognizer not in GUESSING:
        return False
    if _role_before_person(text, detection):
        return True
    if PRICE_AFTER.match(text, detection.end) or _inside_kept_name(
        text, detection, words.not_places, words.framing
    ):
        return True
    if language_in_context(text, detection) or foreign_word(text, detection) or unread_script(detection):
        return True
    if (
        detection.label in ("ORG", "NAME")
        and _ACRONYM.fullmatch(detection.text)
        and _acronym_kind(text, detection)
    ):
        return True  # an acronym used as a kind: "a GP", "my FTO", "the TPS papers"
    if not cased_line or not foreign_line(text, detection.start):
        return False  # in lower-case speech, names are lower-case words too ("over in lieto")
    words = re.findall(r"[^\W\d_]+", detection.text)
    if not any(w.islower() and w not in PARTICLES for w in words):
        return False  # capitalised words are a name in any language ("Kronans Apotek"): kept
    words = [w for w in words if w[0].isupper()]  # "su" and "las" are surnames somewhere too
    return not any(known(w) for w in words)
