"""Find identifiers in text: Presidio and qualscribe's recognizers, then the rules that keep over-redaction
down (allow-list, states and countries, titles outside names) and the merge of overlapping finds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.deid.address_chain import address_parts
from pipeline.deid.casing import uncased_line
from pipeline.deid.engine import build_analyzer
from pipeline.deid.filters import (
    GUESSING,
    after_article,
    before_region,
    form_label,
    inside_kept,
    keep,
    unsure_guess,
)
from pipeline.deid.options import DeidOptions
from pipeline.deid.recognizers.roster import RosterRecognizer
from pipeline.deid.roster import ROSTER_RECOGNIZER, RosterEntry, normalise_key
from pipeline.deid.spans import (
    pieces,
    postcodes,
    split_org_place,
    spoken_house_number,
    whole_words,
    worth_keeping,
)
from pipeline.deid.variants import VariantRules
from pipeline.deid.wordlists import WordLists, first_names, load_word_lists, place_names, surnames

# Presidio's entity names → the study's categories
ENTITY_LABELS = {
    "PERSON": "NAME",
    "NAME": "NAME",
    "LOCATION": "PLACE",
    "PLACE": "PLACE",
    "ORGANIZATION": "ORG",
    "ORG": "ORG",
    "DATE": "DATE",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "PHONE": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
    "URL": "URL",
    "ADDRESS": "ADDRESS",
    "ID": "ID",
    "US_SSN": "ID",
    "US_PASSPORT": "ID",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "IP_ADDRESS": "ID",
    "MEDICAL_LICENSE": "ID",
    # peoples and languages (spaCy NORP, LANGUAGE): no category of the study, so a span to keep
    "NRP": "NRP",
}
# When finds overlap, the merged span takes the label of the most specific kind.
_PRIORITY = {
    "EMAIL": 9,
    "URL": 8,
    "PHONE": 8,
    "ID": 7,
    "ADDRESS": 7,
    "DATE": 6,
    "ORG": 5,
    "NAME": 4,
    "PLACE": 3,
}


@dataclass(frozen=True)
class Detection:
    """One identifier found in a text: character offsets, category, and why it was found."""

    start: int
    end: int
    label: str
    score: float
    recognizer: str
    text: str
    key: str  # what identifies the entity across mentions (roster entry, or the normalised text)


def _trim(text: str, start: int, end: int, label: str, words: WordLists) -> tuple[int, int]:
    """Strip surrounding punctuation, a leading article, a title before a name, and possessive 's."""
    span = text[start:end]
    quotes = " ,;:!?\"'“”‘’"
    lead = len(span) - len(span.lstrip(quotes + "./|" + ("" if ")" in span else "(")))
    start += lead
    span = span[lead:]
    span_r = span.rstrip(quotes + ("" if "(" in span else ")"))
    if span_r.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$|\.[a-z]{2,}\.?$|^St\.$", span_r):
        span_r = span_r[:-1]
    end = start + len(span_r)
    span = span_r
    if label in ("NAME", "PLACE", "ORG") and (article := re.match(r"(?i)the\s+", span)):
        start += article.end()
        span = span[article.end() :]
    if label in ("NAME", "ORG", "PLACE"):
        # framing words spaCy took in: "Applicant Gabriella Vigliotti", "Hi Flora"; not a kind word
        # before its number, which is the name ("School No. 27")
        while (
            (lead := re.match(r"([^\W\d_]+)\.?,?\s+(?=\S)", span))
            and lead.group(1).lower() in words.framing
            and not re.match(r"(?:No\.|Nr\.|#|№)?\s*\d", span[lead.end() :])
        ):
            start += lead.end()
            span = span[lead.end() :]
    if label == "NAME":
        for title in sorted(words.titles, key=len, reverse=True):
            if re.match(rf"(?i){re.escape(title)}\s+\S", span):
                start += len(title)
                span = span[len(title) :]
                lead = len(span) - len(span.lstrip())
                start, span = start + lead, span[lead:]
                break
        if possessive := re.search(r"['’]s$", span):
            end -= len(span) - possessive.start()
    return start, end


def _respecting(text: str, start: int, end: int, label: str, words: WordLists) -> list[tuple[int, int, str]]:
    """The trimmed parts of one find that respect the text (see :mod:`pipeline.deid.spans`)."""
    out = []
    for n, (s, e) in enumerate(pieces(text, start, end)):
        s, e = _trim(text, s, e, label, words)
        if e > s:
            s, e = whole_words(text, s, e)
        if e <= s or (n and not worth_keeping(text[s:e])):
            continue
        split = split_org_place(text, s, e) if label == "ORG" else None
        out += split or [(s, e, label)]
    return out


def _postcodes(text: str, detections: list[Detection]) -> list[Detection]:
    """Postcodes beside a found town or street: "66907 Greiz", "Oslo 0669"."""
    out = []
    for d in detections:
        if d.label in ("PLACE", "ADDRESS"):
            for s, e in postcodes(text, d.start, d.end):
                out.append(
                    Detection(s, e, "ADDRESS", 0.6, "PostcodeRule", text[s:e], normalise_key(text[s:e]))
                )
    return out


def _with_house_number(text: str, d: Detection) -> Detection:
    """An address with the house number read aloud before it (see :func:`spoken_house_number`)."""
    start = spoken_house_number(text, d.start) if d.label == "ADDRESS" else d.start
    return d if start == d.start else Detection(start, d.end, d.label, d.score, d.recognizer, "", d.key)


# "at The Golden Spoon": a capital "The" after a word in lower case or a comma is the name's own (a
# sentence's first "The" is only the article, and in a line in title case every word has a capital)
_NAMES_THE = re.compile(r"(?:(?P<word>[^\W\d_]+)|,)[ \t](?P<the>The)[ \t]+$")


def _with_the(text: str, d: Detection) -> Detection:
    the = _NAMES_THE.search(text, max(0, d.start - 40), d.start) if d.label in ("ORG", "PLACE") else None
    if the is None or (the.group("word") and not the.group("word").islower()):
        return d
    return Detection(the.start("the"), d.end, d.label, d.score, d.recognizer, "", d.key)


def _address_part(text: str, start: int, end: int) -> Detection:
    """A unit or area in the chain of a found address (see :mod:`pipeline.deid.address_chain`)."""
    surface = text[start:end]
    return Detection(start, end, "ADDRESS", 0.5, "AddressChainRule", surface, normalise_key(surface))


def _relabel(surface: str, label: str, recognizer: str) -> str:
    """spaCy's small model often mixes up unfamiliar first names and towns ("paired with Yolanda",
    "moved to Sheboygan"); the gazetteers settle single words that are only one of the two."""
    word = surface.lower()
    if recognizer != "SpacyRecognizer":
        return label
    is_name, is_place = word in first_names() or word in surnames(), word in place_names()
    if label == "PLACE" and is_name and not is_place:
        return "NAME"
    if label == "NAME" and is_place and not is_name:
        return "PLACE"
    return label


def _evidence(d: Detection) -> tuple[bool, int, bool, float, int]:
    """Which of two overlapping finds names the merged span: the roster, then the longer span (the
    whole "St. Luke's Hospital" over spaCy's "St. Luke's"), then a recognizer that matched the shape of
    its category, then the surer one, then the more specific kind."""
    return (
        d.recognizer == ROSTER_RECOGNIZER,
        d.end - d.start,
        d.recognizer not in GUESSING,
        d.score,
        _PRIORITY.get(d.label, 0),
    )


def _merge(detections: list[Detection]) -> list[Detection]:
    merged: list[Detection] = []
    for d in sorted(detections, key=lambda d: (d.start, -d.end)):
        if merged and d.start < merged[-1].end:
            last = merged[-1]
            best = max((last, d), key=_evidence)
            start, end = last.start, max(last.end, d.end)
            merged[-1] = Detection(
                start,
                end,
                best.label,
                max(last.score, d.score),
                best.recognizer,
                "",
                best.key if best.end - best.start == end - start else "",
            )
        else:
            merged.append(d)
    return merged


def _chunks(text: str) -> list[tuple[int, str]]:
    """Lines (a speaker turn or a paragraph each) with their offsets. Presidio's context step walks the
    whole spaCy document once per finding, so one long document costs quadratic time; lines do not."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            out.append((offset, line))
        offset += len(line)
    return out


def _analyze_chunks(analyzer, text: str, min_score: float, ad_hoc) -> list[tuple[int, list]]:
    from presidio_analyzer import BatchAnalyzerEngine

    chunks = _chunks(text)
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
    results = batch.analyze_iterator(
        [chunk for _, chunk in chunks],
        language="en",
        batch_size=256,
        score_threshold=min_score,
        ad_hoc_recognizers=ad_hoc,
    )
    return [(offset, found) for (offset, _), found in zip(chunks, results, strict=True)]


def detect(text: str, options: DeidOptions, roster: list[RosterEntry] | None = None) -> list[Detection]:
    """Every identifier in ``text`` of the configured categories, merged, in order of position."""
    analyzer = build_analyzer(options)
    words = load_word_lists(options.config_path(options.word_lists))
    rules = VariantRules.from_options(options)
    ad_hoc = [RosterRecognizer(roster, options.roster_fuzzy_threshold, rules)] if roster else None
    results = []
    for offset, chunk_results in _analyze_chunks(analyzer, text, options.min_score, ad_hoc):
        for result in chunk_results:  # Presidio's results, made for this call: shift them in place
            result.start += offset
            result.end += offset
            results.append(result)
    found, kept_spans = [], []
    for result in results:
        label = ENTITY_LABELS.get(result.entity_type)
        if label is None:
            continue
        recognizer = (result.recognition_metadata or {}).get("recognizer_name", "")
        for start, end, piece_label in _respecting(text, result.start, result.end, label, words):
            if piece_label not in options.categories:
                if recognizer not in GUESSING:
                    kept_spans.append((start, end))
                continue
            roster_key = (result.recognition_metadata or {}).get("roster_key")
            key = roster_key or normalise_key(text[start:end])
            piece_label = _relabel(text[start:end], piece_label, recognizer)
            detection = Detection(start, end, piece_label, result.score, recognizer, text[start:end], key)
            article, cased = after_article(text, start, words), not uncased_line(text, start)
            if before_region(text, detection, words) or (
                keep(detection, words, article, cased)
                and not (form_label(text, detection) or unsure_guess(text, detection, words, cased))
            ):
                found.append(detection)
    found = [d for d in found if not inside_kept(d, kept_spans)]
    merged = _merge([_with_the(text, d) for d in found])
    if "ADDRESS" in options.categories:
        merged = _merge(merged + _postcodes(text, merged))
        merged = _merge([_with_house_number(text, d) for d in merged])
        parts = address_parts(text, [(d.start, d.end, d.label) for d in merged], words)
        merged = _merge(merged + [_address_part(text, s, e) for s, e in parts])
    return [
        d
        if d.text
        else Detection(
            d.start,
            d.end,
            d.label,
            d.score,
            d.recognizer,
            text[d.start : d.end],
            d.key or normalise_key(text[d.start : d.end]),
        )
        for d in merged
    ]
