"""The checker's corrections: applied to a raw transcript by its word timings, kept on disk with an audit
log, reported as no longer matching when the words moved, and the check status they lead to."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.corrections.apply import apply_corrections, matches
from pipeline.corrections.model import Correction, CorrectionError, WordRef, fingerprint
from pipeline.corrections.status import CHANGED, CHECKED, UNCHECKED, check_status, corrected_hash
from pipeline.corrections.store import CorrectionStore, load_check
from pipeline.document import Transcript, Turn, Word
from pipeline.layout import WorkLayout


def _turn(speaker: str, role: str, words: list[tuple[str, float, float]]) -> Turn:
    ws = [Word(t, a, b, 0.9) for t, a, b in words]
    return Turn(ws[0].start - 0.1, ws[-1].end + 0.1, " ".join(w.text for w in ws), speaker, role, None, ws)


RAW = Transcript(
    "a.flac", "0" * 64, 20.0, "faster-whisper", "tiny.en", "en",
    turns=[
        _turn("I", "interviewer", [("Who", 1.0, 1.2), ("helped", 1.2, 1.5), ("you?", 1.5, 1.9)]),
        _turn("P", "participant",
              [("My", 2.0, 2.2), ("superminer,", 2.2, 2.9), ("to-", 3.0, 3.2), ("Dr.", 3.3, 3.5)]),
        _turn("I", "interviewer", [("Uh-uh.", 4.0, 4.3)]),
        _turn("P", "participant", [("She", 5.0, 5.2), ("was", 5.2, 5.4), ("kind.", 5.4, 5.9)]),
    ],
)  # fmt: skip


def ref(turn: int, word: int) -> tuple[WordRef, ...]:
    return (WordRef.of(RAW.turns[turn].words[word]),)


def test_no_corrections_leave_the_transcript_exactly_as_it_was() -> None:
    assert apply_corrections(RAW, []).transcript == RAW


def test_words_are_replaced_deleted_and_inserted_at_their_times() -> None:
    result = apply_corrections(
        RAW,
        [
            Correction("replace", ref(1, 1), "supervisor, Danielle Reyes,"),
            Correction("delete", ref(1, 2)),
            Correction("insert", ref(3, 2), "very", at=5.4),
        ],
    )
    turns = result.transcript.turns
    assert turns[1].text == "My supervisor, Danielle Reyes, Dr."
    assert [w.text for w in turns[1].words][1:4] == ["supervisor,", "Danielle", "Reyes,"]
    assert turns[1].words[1].start == 2.2 and turns[1].words[3].end == 2.9  # spread over the old word
    assert turns[1].start == RAW.turns[1].start and turns[1].end == RAW.turns[1].end
    assert turns[3].text == "She was very kind."
    assert turns[0] == RAW.turns[0]  # untouched turns pass unchanged
    assert not result.stale


def test_turns_change_speaker_split_merge_and_speakers_get_names() -> None:
    result = apply_corrections(
        RAW,
        [
            Correction("speaker", ref(2, 0), "P"),
            Correction("merge", ref(3, 0)),
            Correction("split", ref(1, 3)),
            Correction("name", (), "Interviewer", speaker="I"),
        ],
    )
    turns = result.transcript.turns
    assert [(t.speaker, t.role, t.text) for t in turns] == [
        ("Interviewer", "interviewer", "Who helped you?"),
        ("P", "participant", "My superminer, to-"),
        ("P", "participant", "Dr."),
        ("P", "participant", "Uh-uh. She was kind."),
    ]


def test_a_correction_whose_words_moved_no_longer_matches_and_is_not_applied() -> None:
    moved = replace(RAW, turns=[*RAW.turns[:1], replace(RAW.turns[1], words=[
        replace(w, start=w.start + 0.4, end=w.end + 0.4) for w in RAW.turns[1].words
    ]), *RAW.turns[2:]])  # fmt: skip
    fix = Correction("replace", ref(1, 1), "supervisor,")
    result = apply_corrections(moved, [fix])
    assert result.stale == [fix]
    assert "superminer," in result.transcript.turns[1].text
    assert not matches(moved, fix) and matches(RAW, fix)  # what the page checks before saving one
    assert matches(RAW, Correction("insert", (), "Right.", at=0.5))


def _copies(n: int) -> Transcript:
    """RAW ``n`` times over, each copy 10 s after the one before: a long interview's many turns."""
    turns = [
        replace(t, start=t.start + 10 * k, end=t.end + 10 * k,
                words=[replace(w, start=w.start + 10 * k, end=w.end + 10 * k) for w in t.words])
        for k in range(n) for t in RAW.turns
    ]  # fmt: skip
    return replace(RAW, turns=turns, duration=10.0 * n)


def test_corrections_all_over_a_long_transcript_each_land_in_their_own_turn() -> None:
    long = _copies(40)
    at = lambda k, t, w: (WordRef.of(long.turns[4 * k + t].words[w]),)  # noqa: E731
    fixes = [Correction("replace", at(k, 1, 1), f"supervisor{k},") for k in range(40)]
    fixes += [Correction("split", at(k, 1, 3)) for k in range(0, 40, 2)]
    fixes += [Correction("merge", at(k, 3, 0)) for k in range(1, 40, 2)]
    fixes += [Correction("delete", at(k, 1, 2)) for k in range(40)]
    result = apply_corrections(long, fixes)
    assert not result.stale
    texts = [t.text for t in result.transcript.turns]
    assert len(texts) == 4 * 40 + 20 - 20
    for k in range(40):
        assert f"My supervisor{k}, Dr." in texts or f"My supervisor{k}," in texts, k
        assert sum(f"supervisor{k}," in t for t in texts) == 1
    assert texts[:5] == ["Who helped you?", "My supervisor0,", "Dr.", "Uh-uh.", "She was kind."]
    assert texts[5:8] == ["Who helped you?", "My supervisor1, Dr.", "Uh-uh. She was kind."]


def test_the_corrected_transcript_shares_no_word_with_the_raw_one() -> None:
    """A later stage may change the corrected words; the raw transcript must stay as recognised."""
    for corrections in ([], [Correction("delete", ref(1, 2))]):
        result = apply_corrections(RAW, corrections)
        for turn in result.transcript.turns:
            for word in turn.words:
                word.text = word.text.upper()
        assert RAW.turns[1].words[1].text == "superminer,"
        assert RAW.turns[0].words[0].text == "Who"


def test_a_malformed_correction_is_refused() -> None:
    with pytest.raises(CorrectionError):
        Correction("replace", (), "x")
    with pytest.raises(CorrectionError):
        Correction("recolour", ref(0, 0))
    with pytest.raises(CorrectionError):
        Correction.from_dict({"action": "delete", "words": [[1, "x"]]})


def test_the_store_saves_privately_audits_and_replaces_on_the_same_target(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    first = Correction("replace", ref(1, 1), "supervisor,", checker="Ann")
    second = Correction("replace", ref(1, 1), "supervisor, Danielle,", checker="Ann")
    store.correct("P01", first)
    assert store.correct("P01", second) == first
    store.dismiss("P01", "word:4.0:4.3:Uh-uh.", "Ann")
    mine = load_check(tmp_path, "P01")
    assert mine.corrections == [second] and "word:4.0:4.3:Uh-uh." in mine.dismissed
    layout = WorkLayout(tmp_path)
    assert stat.S_IMODE(layout.corrections.stat().st_mode) == 0o600
    assert stat.S_IMODE(layout.review.stat().st_mode) == 0o700
    events = [json.loads(line)["event"] for line in layout.audit.read_text().splitlines()]
    assert events == ["correct", "correct", "dismiss"]
    assert fingerprint([first]) != fingerprint([second])
    store.undo("P01", 0, "Ann")
    assert load_check(tmp_path, "P01").corrections == []


def test_the_check_status_is_unchecked_checked_or_changed_since(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    assert check_status(None, RAW) == UNCHECKED
    record = store.check("P01", "Ann", corrected_hash(RAW))
    assert check_status(record, RAW) == CHECKED
    later = apply_corrections(RAW, [Correction("delete", ref(1, 2))]).transcript
    assert check_status(record, later) == CHANGED
