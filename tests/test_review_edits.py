"""A privacy reviewer's decisions reach the export through ``deidentify(..., edits=...)``: real Presidio."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import load_config, section_options
from pipeline.deid.decisions.errors import ReviewError
from pipeline.deid.decisions.model import (
    CATEGORY,
    REDACT,
    REVIEWER,
    UNREDACT,
    Decision,
    ReviewEdits,
    Span,
    apply_edits,
)
from pipeline.deid.decisions.store import DecisionStore, load_edits, read_audit
from pipeline.deid.options import DeidOptions
from pipeline.deid.stage import deidentify
from pipeline.deid.tags import TagBook
from pipeline.document import Transcript, Turn

TURNS = [
    "Where did you train?",
    "I did my practicum at a community clinic in Fresno, near the old mill by the river.",
    "And where did you live?",
    "The old mill, yes. Later I went back to Fresno. Old mill was where I walked, past the old millstone.",
]


@pytest.fixture(scope="module")
def options() -> DeidOptions:
    return section_options(load_config(), "deid", DeidOptions)


def _transcript(turns: list[str] = TURNS) -> Transcript:
    return Transcript(
        "rec.flac",
        "0" * 64,
        30.0,
        "e",
        "m",
        "en",
        turns=[Turn(i * 5.0, i * 5.0 + 4, text, "IP"[i % 2]) for i, text in enumerate(turns)],
    )


def _run(options: DeidOptions, edits: ReviewEdits | None = None, turns: list[str] = TURNS):
    shareable, ledger = deidentify(_transcript(turns), options, TagBook(), edits=edits)
    return [t.text for t in shareable.turns], ledger


def test_without_edits_the_detector_decides(options: DeidOptions) -> None:
    texts, ledger = _run(options)
    assert "Fresno" not in " ".join(texts)
    assert "old mill" in texts[1]  # a local landmark the detector cannot know: a miss for the reviewer
    assert {e.original for e in ledger} >= {"Fresno"}


def test_unredact_one_span_leaves_the_other_detections(options: DeidOptions) -> None:
    at = TURNS[1].index("Fresno")
    # un-redacting one of two occurrences would leave the gate to refuse: un-redact study-wide instead
    edits = ReviewEdits((Decision(UNREDACT, "Fresno", "PLACE"),))
    texts, ledger = _run(options, edits)
    assert "Fresno" in texts[1] and "Fresno" in texts[3]
    assert "Fresno" not in {e.original for e in ledger}
    # the per-span form drops only the detection at its offsets
    one = ReviewEdits((Decision(UNREDACT, "Fresno", "PLACE", 1, at, at + 6),))
    texts, ledger = _run(options, one)
    assert "Fresno" in texts[1] and "Fresno" not in texts[3]


def test_study_wide_redaction_is_whole_word_in_any_case(options: DeidOptions) -> None:
    edits = ReviewEdits((Decision(REDACT, "old mill", "PLACE"),))
    texts, ledger = _run(options, edits)
    assert texts[1].endswith("near the [PLACE 2] by the river.")
    assert texts[3] == (
        "The [PLACE 2], yes. Later I went back to [PLACE 1]. [PLACE 2] was where I walked, "
        "past the old millstone."
    )  # any case, whole words only
    mill = [e for e in ledger if e.original.lower() == "old mill"]
    assert len(mill) == 3 and {e.recognizer for e in mill} == {REVIEWER}


def test_span_redaction_covers_the_same_text_elsewhere_in_the_transcript(options: DeidOptions) -> None:
    at = TURNS[1].index("old mill")
    edits = ReviewEdits((Decision(REDACT, "old mill", "PLACE", 1, at, at + 8),))
    texts, _ = _run(options, edits)
    assert texts[1].endswith("near the [PLACE 2] by the river.")
    # and elsewhere in this transcript, matched as the leak gate matches originals (else it would refuse
    # the file): a phrase in any case, whole words only
    assert (
        texts[3].startswith("The [PLACE 2], yes.")
        and "[PLACE 2] was where I walked, past the old millstone" in texts[3]
    )


def test_category_change_gives_a_tag_of_the_new_category(options: DeidOptions) -> None:
    at = TURNS[1].index("Fresno")
    edits = ReviewEdits((Decision(CATEGORY, "Fresno", "ORG", 1, at, at + 6),))
    texts, _ = _run(options, edits)
    assert "[ORG 1]" in texts[1]
    assert "[PLACE 1]" in texts[3]  # the other occurrence keeps the detector's category
    edits = ReviewEdits((Decision(CATEGORY, "fresno", "ORG"),))
    texts, _ = _run(options, edits)
    assert "[ORG 1]" in texts[1] and "[ORG 1]" in texts[3]


def test_moved_text_is_found_and_vanished_text_is_reported_stale() -> None:
    texts = ["Hello there.", "I met Bobo at the clinic."]
    moved = ["Hello there.", "Well, I first met Bobo at the clinic."]
    made = Decision(REDACT, "Bobo", "NAME", 1, texts[1].index("Bobo"), texts[1].index("Bobo") + 4)
    applied = apply_edits(moved, [], ReviewEdits((made,)))
    assert not applied.stale
    assert [(s.turn, moved[s.turn][s.start : s.end]) for s in applied.spans] == [(1, "Bobo")]
    unredact = Decision(UNREDACT, "Fresno", "PLACE", 1, 6, 12)
    gone = apply_edits(["Hi.", "I met Alex there."], [], ReviewEdits((unredact,)))
    assert gone.stale == [unredact]


def test_stale_redaction_is_still_made_wherever_its_text_is() -> None:
    decision = Decision(REDACT, "Bobo", "NAME", 5, 0, 4)  # its turn no longer exists
    applied = apply_edits(["bobo said hi", "and Bobo left"], [], ReviewEdits((decision,)))
    assert applied.stale == [decision]
    assert [(s.turn, s.start) for s in applied.spans] == [(0, 0), (1, 4)]


def test_a_redaction_overlapping_a_detection_absorbs_it() -> None:
    texts = ["My supervisor Dr. Danielle Reyes helped."]
    detected = Span(0, 18, 32, "NAME", "Danielle Reyes", 1.0, "RosterRecognizer", "danielle reyes")
    edits = ReviewEdits((Decision(REDACT, "Dr. Danielle", "NAME", 0, 14, 26),))
    applied = apply_edits(texts, [detected], edits)
    assert [(s.start, s.end, s.key) for s in applied.spans] == [(14, 32, "danielle reyes")]


def test_applying_edits_to_their_own_result_changes_nothing() -> None:
    texts = ["Bobo and Fresno.", "Then Fresno again, and Dr. Danielle Reyes."]
    spans = [
        Span(0, 9, 15, "PLACE", "Fresno", 0.85, "SpacyRecognizer", "fresno"),
        Span(1, 5, 11, "PLACE", "Fresno", 0.85, "propagated", "fresno"),
        Span(1, 27, 41, "NAME", "Danielle Reyes", 1.0, "RosterRecognizer", "danielle reyes"),
    ]
    edits = ReviewEdits(
        (
            Decision(UNREDACT, "Fresno", "PLACE", 0, 9, 15),
            Decision(REDACT, "bobo", "NAME"),
            Decision(REDACT, "Dr. Danielle", "NAME", 1, 23, 35),
            Decision(CATEGORY, "Fresno", "ORG", 1, 5, 11),
        )
    )
    once = apply_edits(texts, spans, edits)
    twice = apply_edits(texts, once.spans, edits)
    assert twice.spans == once.spans
    assert [(u.turn, u.text) for u, _ in once.unredacted] == [(0, "Fresno")]
    assert [(u.turn, u.text) for u, _ in twice.unredacted] == [(0, "Fresno")]


def test_fingerprint_is_about_what_the_edits_do() -> None:
    a = Decision(REDACT, "Bobo", "NAME", reviewer="Ann", time="2026-01-01T00:00:00+00:00")
    b = Decision(UNREDACT, "Fresno", "PLACE", 1, 3, 9, reviewer="Ann")
    assert ReviewEdits((a, b)).fingerprint() == ReviewEdits((b, a)).fingerprint()
    same_by_someone_else = Decision(REDACT, "Bobo", "NAME", reviewer="Ben", time="2027-01-01T00:00:00+00:00")
    assert ReviewEdits((same_by_someone_else, b)).fingerprint() == ReviewEdits((a, b)).fingerprint()
    assert (
        ReviewEdits((Decision(REDACT, "Bobo", "PLACE"), b)).fingerprint() != ReviewEdits((a, b)).fingerprint()
    )
    assert ReviewEdits().fingerprint() != ReviewEdits((a,)).fingerprint()
    assert not ReviewEdits()


def test_load_edits_reads_the_study_decisions_of_one_code(tmp_path: Path) -> None:
    work = tmp_path / "work"
    assert load_edits(work, "P01") == ReviewEdits()
    store = DecisionStore(work)
    own = Decision(UNREDACT, "Fresno", "PLACE", 1, 3, 9, reviewer="Ann")
    study = Decision(REDACT, "Bobo", "NAME", reviewer="Ann")
    store.decide("P01", own)
    store.decide("P02", study)
    assert set(load_edits(work, "P01").decisions) == {own, study}
    assert set(load_edits(work, "P02").decisions) == {study}
    # a newer decision on the same target replaces the older one; undo removes it
    again = Decision(REDACT, "Fresno", "ORG", 1, 3, 9, reviewer="Ben")
    assert store.decide("P01", again) == own
    assert set(load_edits(work, "P01").decisions) == {again, study}
    assert store.undo("P01", again, "Ben") == again
    assert set(load_edits(work, "P01").decisions) == {study}
    events = [(e["reviewer"], e["event"], e["code"]) for e in read_audit(work)]
    assert events == [
        ("Ann", "decide", "P01"),
        ("Ann", "decide", "P02"),
        ("Ben", "decide", "P01"),
        ("Ben", "undo", "P01"),
    ]
    assert (work / "review").stat().st_mode & 0o777 == 0o700
    assert (work / "review" / "decisions.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[1, 2]",
        '{"format": "something else"}',
        '{"format": "qualscribe.review", "study": [{"x": 1}]}',
    ],
)
def test_a_damaged_decisions_file_is_a_review_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "decisions.json").write_text(content)
    with pytest.raises(ReviewError, match=r"decisions\.json"):
        load_edits(tmp_path, "P01")


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "delete", "text": "x"},
        {"action": REDACT, "text": "x", "category": "PERSON"},
        {"action": REDACT, "text": " ", "category": "NAME"},
        {"action": UNREDACT, "text": "x", "turn": 1},
        {"action": UNREDACT, "text": "x", "turn": 1, "start": 5, "end": 5},
    ],
)
def test_malformed_decisions_are_refused(fields: dict) -> None:
    with pytest.raises(ReviewError):
        Decision(**fields)


def test_decisions_round_trip_through_json() -> None:
    d = Decision(CATEGORY, "Fresno", "ORG", 1, 3, 9, reviewer="Ann", time="t")
    assert Decision.from_dict(json.loads(json.dumps(d.to_dict()))) == d
