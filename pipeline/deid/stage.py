"""De-identification stage: text or a transcript in, identifiers replaced by tags, plus the ledger.

A whole transcript is analysed as one text (context across turns helps NER, and one spaCy pass is
faster than one per turn). Every original found anywhere is then also redacted wherever else it occurs,
and a name's words wherever they are said alone or spelt otherwise (as the leak gate looks for them),
so a name recognised in one sentence cannot survive in another.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache

from pipeline.deid.decisions.model import ReviewEdits, Span, apply_edits
from pipeline.deid.detect import Detection, detect
from pipeline.deid.leakgate import original_pattern
from pipeline.deid.ledger import LedgerEntry
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry
from pipeline.deid.tags import TagBook
from pipeline.deid.variants import NameIndex, VariantRules, letters, name_parts
from pipeline.deid.wordlists import zipf
from pipeline.document import Transcript, Turn, Word

log = logging.getLogger(__name__)

PROPAGATED = "propagated"
# rounds of propagation; each adds only spellings of names already found, so few are ever needed
MAX_ROUNDS = 8
REDACTED_SOURCE = "[redacted]"
TURN_SEPARATOR = "\n\n"


def _propagate(text: str, detections: list[Detection]) -> list[Detection]:
    """Add every other occurrence of each found original (everyday words only with their capitals)."""
    covered = bytearray(len(text))
    for d in detections:
        covered[d.start : d.end] = b"\x01" * (d.end - d.start)
    extra: list[Detection] = []
    for surface, d in {d.text.strip(): d for d in sorted(detections, key=lambda d: len(d.text))}.items():
        if len(re.sub(r"\W", "", surface)) < 3:
            continue
        for m in original_pattern(surface).finditer(text):
            if any(covered[m.start() : m.end()]):
                continue
            covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            extra.append(
                dataclasses.replace(d, start=m.start(), end=m.end(), text=m.group(0), recognizer=PROPAGATED)
            )
    return sorted(detections + extra, key=lambda d: d.start)


def _name_mentions(text: str, detections: list[Detection], rules: VariantRules) -> list[Detection]:
    """Add the words of found names said alone or written otherwise ("Tremb-Laine" beside a found
    "Tremblaine"), found as the leak gate finds them, so a long transcript is not refused at export for
    a writing the detector let by. Spelling variants ("Rayne" for "Reyes") are the gate's alone:
    redacted everywhere, they took ordinary capitalised words (precision on forms fell by 0.04)."""
    parts = [
        (part, d)
        for d in detections
        if d.label == "NAME"
        for part in name_parts(d.text.strip(), rules)
        if zipf(letters(part)) < rules.max_zipf
    ]
    if not parts:
        return detections
    covered = bytearray(len(text))
    for d in detections:
        covered[d.start : d.end] = b"\x01" * (d.end - d.start)
    extra = [
        dataclasses.replace(
            m.payloads[0], start=m.start, end=m.end, text=text[m.start : m.end], recognizer=PROPAGATED
        )
        for m in NameIndex(parts, rules).mentions(text)
        if m.exact and not any(covered[m.start : m.end])
    ]
    return sorted(detections + extra, key=lambda d: d.start)


def find_identifiers(
    text: str, options: DeidOptions, roster: list[RosterEntry] | None = None
) -> list[Detection]:
    rules, found = VariantRules.from_options(options), detect(text, options, roster)
    # a redacted spelling has words of its own the gate looks for ("mymer" of "super-mymer"): until
    # nothing new is found, each round's finds are propagated and their words looked for in turn
    for _ in range(MAX_ROUNDS):
        before = len(found)
        found = _name_mentions(text, _propagate(text, found), rules)
        if len(found) == before:
            break
    return found


def replace(text: str, detections: list[Detection], book: TagBook) -> tuple[str, list[LedgerEntry]]:
    """Replace each detection by its tag with presidio-anonymizer; ledger offsets are into ``text``.

    Tags are drawn from the book in reading order, so the first person mentioned is [NAME 1]; each
    detection then gets its own "replace" operator with that tag.
    """
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    tags = [book.tag(d.label, d.key) for d in detections]
    results = [RecognizerResult(f"{d.label}#{i}", d.start, d.end, d.score) for i, d in enumerate(detections)]
    operators = {
        r.entity_type: OperatorConfig("replace", {"new_value": tag})
        for r, tag in zip(results, tags, strict=True)
    }
    redacted = _anonymizer().anonymize(text=text, analyzer_results=results, operators=operators).text
    entries = [
        LedgerEntry(d.text, tag, d.label, d.start, d.end, round(d.score, 3), d.recognizer)
        for d, tag in zip(detections, tags, strict=True)
    ]
    return redacted, entries


@lru_cache(maxsize=1)
def _anonymizer():
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()


def redact_text(
    text: str, options: DeidOptions, book: TagBook, roster: list[RosterEntry] | None = None
) -> tuple[str, list[LedgerEntry], list[Detection]]:
    detections = find_identifiers(text, options, roster)
    redacted, entries = replace(text, detections, book)
    return redacted, entries, detections


def _word_offsets(turn: Turn) -> list[tuple[int, int]] | None:
    """Where each word's text sits in the turn's text, or None if the words do not spell the text."""
    offsets, cursor = [], 0
    for word in turn.words:
        at = turn.text.find(word.text, cursor)
        if at < 0:
            return None
        offsets.append((at, at + len(word.text)))
        cursor = at + len(word.text)
    return offsets


def _redact_words(turn: Turn, spans: list[tuple[int, int, str]]) -> list[Word]:
    """Words of a redacted turn: those inside a redaction become one word, the tag, with its times."""
    offsets = _word_offsets(turn)
    if offsets is None:
        return []  # cannot align: drop word timings rather than risk keeping an original in them
    words: list[Word] = []
    for start, end, tag in spans:
        inside = [i for i, (ws, we) in enumerate(offsets) if ws < end and start < we]
        if not inside:
            continue
        first, last = turn.words[inside[0]], turn.words[inside[-1]]
        probability = min(turn.words[i].probability for i in inside)
        for i in inside:
            offsets[i] = (-1, -1)
        words.append(Word(tag, first.start, last.end, probability))
    words += [w for w, (ws, _) in zip(turn.words, offsets, strict=True) if ws >= 0]
    return sorted(words, key=lambda w: w.start)


def _edited(
    transcript: Transcript, starts: list[int], detections: list[Detection], edits: ReviewEdits
) -> list[Detection]:
    """The detections after a privacy reviewer's decisions (see :mod:`pipeline.review.edits`).

    Detections are in the joined text's coordinates, decisions in turn coordinates: convert there and
    back. A reviewer's redaction gets the ``reviewer`` recognizer in the ledger.
    """
    texts = [turn.text for turn in transcript.turns]
    spans = []
    for d in detections:
        turn = max(i for i, base in enumerate(starts) if base <= d.start)
        base = starts[turn]
        spans.append(Span(turn, d.start - base, d.end - base, d.label, d.text, d.score, d.recognizer, d.key))
    applied = apply_edits(texts, spans, edits)
    for stale in applied.stale:
        log.warning(
            "review decision %s at turn %s no longer matches the transcript; applied wherever its text is",
            stale.action,
            stale.turn,
        )
    return [
        Detection(
            starts[s.turn] + s.start, starts[s.turn] + s.end, s.category, s.score, s.recognizer, s.text, s.key
        )
        for s in applied.spans
    ]


def deidentify(
    transcript: Transcript,
    options: DeidOptions,
    book: TagBook,
    roster: list[RosterEntry] | None = None,
    edits: ReviewEdits | None = None,
) -> tuple[Transcript, list[LedgerEntry]]:
    """A de-identified copy of ``transcript`` and the ledger (offsets per turn).

    ``edits`` are a privacy reviewer's decisions on this transcript (``pipeline.review.edits.load_edits``),
    applied after detection and propagation, before the replacement: they take effect at the next run.
    """
    starts, cursor = [], 0
    for turn in transcript.turns:
        starts.append(cursor)
        cursor += len(turn.text) + len(TURN_SEPARATOR)
    joined = TURN_SEPARATOR.join(turn.text for turn in transcript.turns)
    detections = find_identifiers(joined, options, roster)
    if edits:
        detections = _edited(transcript, starts, detections, edits)
    turns, ledger = [], []
    for index, (turn, base) in enumerate(zip(transcript.turns, starts, strict=True)):
        local = [
            dataclasses.replace(d, start=d.start - base, end=d.end - base)
            for d in detections
            if base <= d.start < base + len(turn.text)
        ]
        text, entries = replace(turn.text, local, book)
        ledger += [dataclasses.replace(e, turn=index) for e in entries]
        spans = [(e.start, e.end, e.tag) for e in entries]
        words = _redact_words(turn, spans) if spans else list(turn.words)
        turns.append(dataclasses.replace(turn, text=text, words=words))
    removals = [dataclasses.replace(r, text=_mask_known(r.text, ledger)) for r in transcript.removals]
    result = dataclasses.replace(
        transcript,
        # the recording's file name often carries the participant's name; the private copy keeps it
        source=REDACTED_SOURCE,
        turns=turns,
        removals=removals,
        settings={**transcript.settings, "deid": options.as_dict()},
    )
    return result, ledger


def _mask_known(text: str, ledger: list[LedgerEntry]) -> str:
    """Replace originals found elsewhere in the transcript (e.g. in a logged stutter) by their tags."""
    for entry in sorted(ledger, key=lambda e: len(e.original), reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(entry.original)}(?!\w)", entry.tag, text, flags=re.IGNORECASE)
    return text
