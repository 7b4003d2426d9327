"""SRT and WebVTT cues of readable length, read back with the real `srt` and `webvtt-py` readers: each
turn's cues give its text word for word, within the limits, in time order, never overlapping, timed by
the words where the turn has them."""

from __future__ import annotations

import dataclasses
import io
import random
import re
from datetime import date

import pytest
import srt
import webvtt

from pipeline.config import load_config, section_options
from pipeline.document import Transcript, Turn, Word
from pipeline.errors import ConfigError
from pipeline.export import ExportContext, ExportOptions, get_format
from pipeline.export.options import CueLimits
from tests.export_sample import TURNS, sample_transcript

Cue = tuple[float, float, str, str]  # start, end, speaker, text as read back
CONTEXT = ExportContext(study="Training Study", timestamps=True, exported=date(2026, 11, 25))
# what the writer must keep whole: a run of non-space characters, a redaction tag counted as one
UNIT = re.compile(r"(?:\[[A-Z]+(?: \d+)?\]|\S)+")

LONG_ANSWER = (
    "So I think the first thing was, um, that [NAME 1]'s supervisor at [ORG 1] really didn't get it. "
    "And I- I was like, okay, Mm-hmm. We met every Tuesday in [PLACE 2] and talked about the clients "
    "for an hour or so, which honestly helped more than anything else did — more than the classes, "
    "more than the readings, more than [NAME 2] and her forty-page handbook, if I'm honest about it."
)


def _timed(text: str, start: float, step: float = 0.4) -> tuple[list[Word], list[tuple[float, float] | None]]:
    """Word timings the way the pipeline leaves them, and each text unit's (start, end): a tag is one
    word (without the "'s" the text keeps), Whisper splits "Mm-hmm." into "Mm" and "-hmm.", and a dash
    is no word at all (None)."""
    words: list[Word] = []
    spans: list[tuple[float, float] | None] = []
    for unit in UNIT.findall(text):
        pieces = {"—": [], "Mm-hmm.": ["Mm", "-hmm."]}.get(
            unit, [unit.split("'")[0] if "[" in unit else unit]
        )
        for piece in pieces:
            words.append(Word(piece, round(start, 3), round(start + step * 0.8 / len(pieces), 3), 0.9))
            start += step / len(pieces)
        spans.append((words[-len(pieces)].start, words[-1].end) if pieces else None)
    return words, spans


def _timed_transcript() -> Transcript:
    question, _ = _timed("What was hard?", 29.7, 0.1)
    words, _ = _timed(LONG_ANSWER, 30.0)
    turns = [
        Turn(29.7, 30.0, "What was hard?", "I", "interviewer", words=question),
        Turn(30.0, words[-1].end + 0.3, LONG_ANSWER, "P01", "participant", words=words),
    ]
    return dataclasses.replace(sample_transcript(), turns=turns)


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def _srt_cues(transcript: Transcript, limits: CueLimits | None = None) -> list[Cue]:
    """(start, end, speaker, text) per cue; the label is on every cue and is stripped from the text."""
    context = dataclasses.replace(CONTEXT, cues=limits or CueLimits())
    cues = []
    for cue in srt.parse(get_format("srt").write(transcript, context)):
        speaker, text = cue.content.split(": ", 1)
        cues.append((cue.start.total_seconds(), cue.end.total_seconds(), speaker, text))
    return cues


def _vtt_cues(transcript: Transcript, limits: CueLimits | None = None) -> list[Cue]:
    context = dataclasses.replace(CONTEXT, cues=limits or CueLimits())
    captions = webvtt.from_buffer(io.StringIO(get_format("vtt").write(transcript, context))).captions
    unescape = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
    return [
        (
            _seconds(c.start),
            _seconds(c.end),
            c.voice,
            re.sub("&(lt|gt|amp);", lambda m: unescape[m[0]], c.text),
        )
        for c in captions
    ]


def _check_order(cues: list[Cue]) -> None:
    """Every cue ends after it starts, and none starts before the one before it has ended."""
    for (start, end, _, _), following in zip(cues, [*cues[1:], None], strict=True):
        assert end > start
        assert following is None or following[0] >= end


def _check_limits(cues: list[Cue], limits: CueLimits, label: bool) -> None:
    """At most max_lines lines of max_chars (label included; a longer unit alone on its line) and
    max_seconds, unless a cue is one unit; a redaction tag is never cut between lines or cues."""
    for start, end, speaker, text in cues:
        lines = text.split("\n")
        for index, line in enumerate(lines):
            width = len(line) + (len(speaker) + 2 if label and index == 0 else 0)
            assert width <= limits.max_chars or len(UNIT.findall(line)) == 1, (lines, limits)
        if len(UNIT.findall(text)) > 1:
            assert len(lines) <= limits.max_lines, (lines, limits)
            assert end - start <= limits.max_seconds + 1e-6
        assert not re.search(r"\[[A-Z]+$", text, re.M) and not re.match(r"\d+\]", text, re.M)


def _check_turns(transcript: Transcript, cues: list[Cue]) -> None:
    """Turn by turn (none overlapping): its cues give its text word for word, from its start to its end."""
    for turn in transcript.turns:
        mine = [c for c in cues if turn.start <= c[0] and c[1] <= max(turn.end, turn.start + 0.1) + 1e-3]
        assert [w for c in mine for w in c[3].split()] == turn.text.split()
        assert {c[2] for c in mine} == {turn.speaker}
        assert mine[0][0] == pytest.approx(turn.start, abs=1e-3)
        assert mine[-1][1] == pytest.approx(max(turn.end, turn.start + 0.1), abs=1e-3)
    assert sum(len(c[3].split()) for c in cues) == sum(len(t.text.split()) for t in transcript.turns)


def _check(transcript: Transcript, cues: list[Cue], limits: CueLimits, label: bool) -> None:
    _check_order(cues)
    _check_limits(cues, limits, label)
    _check_turns(transcript, cues)


def test_short_turns_stay_one_cue_with_the_turns_times() -> None:
    cues = _srt_cues(sample_transcript())
    assert [c[3] for c in cues if c[2] == "I"] == [
        "Can you tell me about your\nfirst year of clinical training?",
        "What changed?",
    ]
    assert (cues[0][0], cues[0][1]) == (0.0, 4.25)
    _check(sample_transcript(), cues, CueLimits(), label=True)


def test_srt_labels_every_cue_and_vtt_gives_every_cue_its_voice() -> None:
    transcript = _timed_transcript()
    srt_cues, vtt_cues = _srt_cues(transcript), _vtt_cues(transcript)
    assert len(srt_cues) >= 5 and len(vtt_cues) >= 5
    _check(transcript, srt_cues, CueLimits(), label=True)
    _check(transcript, vtt_cues, CueLimits(), label=False)
    assert [c[2] for c in vtt_cues] == ["I"] + ["P01"] * (len(vtt_cues) - 1)


def test_vtt_of_the_sample_escapes_and_reads_back() -> None:
    transcript = sample_transcript()
    cues = _vtt_cues(transcript)
    _check(transcript, cues, CueLimits(), label=False)
    assert [c[2] for c in cues][:2] == ["I", "P01"]
    assert cues[-1][1] == pytest.approx(TURNS[3][3])
    assert any('5 < 6 & "quotes"' in c[3] for c in cues)


def test_cues_follow_the_word_timings() -> None:
    """A cue starts with the first word of its first unit and ends with the last word of its last unit;
    a turn's first cue starts, and its last ends, with the turn."""
    transcript = _timed_transcript()
    turn = transcript.turns[1]
    _, spans = _timed(LONG_ANSWER, 30.0)
    cues = [c for c in _srt_cues(transcript) if c[2] == "P01"]
    position, checked = 0, 0
    for index, (start, end, _, text) in enumerate(cues):
        units = UNIT.findall(text)
        first, last = spans[position], spans[position + len(units) - 1]
        position += len(units)
        if index == 0:
            assert start == pytest.approx(turn.start, abs=1e-3)
        elif first is not None:  # a dash has no word: its time is shared out from its neighbours
            assert start == pytest.approx(first[0], abs=1e-3)
            checked += 1
        if index == len(cues) - 1:
            assert end == pytest.approx(turn.end, abs=1e-3)
        elif last is not None:
            assert end == pytest.approx(last[1], abs=1e-3)
            checked += 1
    assert position == len(spans) and checked >= 2 * (len(cues) - 1) - 2


def test_cues_end_where_a_sentence_or_clause_does() -> None:
    """Filling each cue up would cut "Then everything | changed"; the cut goes after the sentence, and
    a sentence too long for one cue is cut after a comma rather than mid-phrase."""
    text = (
        "I started the programme in the autumn of that year. Then everything changed for me, all at "
        "once, and none of my classes had prepared me for the first client I saw on my own."
    )
    transcript = dataclasses.replace(sample_transcript(), turns=[Turn(0.0, 12.0, text, "P01", "participant")])
    cues = _vtt_cues(transcript, CueLimits(2, 42, 60.0))
    assert [c[3].replace("\n", " ") for c in cues] == [
        "I started the programme in the autumn of that year.",
        "Then everything changed for me, all at once,",
        "and none of my classes had prepared me for the first client I saw on my own.",
    ]


def test_words_without_timings_share_the_turn_by_characters() -> None:
    text = "one two three four five six seven eight nine ten " * 6
    turn = Turn(100.0, 160.0, text.strip(), "P01", "participant")
    transcript = dataclasses.replace(sample_transcript(), turns=[turn])
    cues = _srt_cues(transcript)
    _check(transcript, cues, CueLimits(), label=True)
    # evenly spread text: each cue's share of the time is its share of the characters
    total = sum(len(c[3].replace("\n", " ")) + 1 for c in cues)
    for start, end, _, body in cues:
        assert end - start == pytest.approx(60.0 * (len(body) + 1) / total, rel=0.05)


@pytest.mark.parametrize(
    "limits",
    [
        CueLimits(),
        CueLimits(1, 20, 3.0),
        CueLimits(3, 60, 12.0),
        CueLimits(1, 5, 0.5),
        CueLimits(2, 16, 30.0),
    ],
)
def test_random_turns_keep_every_rule(limits: CueLimits) -> None:
    """Long and short turns, with and without words, of zero length, overlapping the other speaker's
    turn before them: every rule holds for any limits."""
    rng = random.Random(5)
    vocabulary = [
        "so",
        "I",
        "[NAME 1]",
        "[PLACE 12]'s",
        "supervisor,",
        "didn't.",
        "extraordinarily",
        "—",
        "Mm-hmm.",
    ]
    turns: list[Turn] = []
    clock = 0.0
    for index in range(40):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 60)))
        length = rng.choice([0.0, rng.uniform(0.5, 40.0)])
        start = clock - rng.choice([0.0, 0.0, 1.5])  # some turns overlap the one before ...
        if len(turns) > 1:
            start = max(start, turns[-2].end + 0.01)  # ... but never the same speaker's last turn
        start = round(max(start, 0.0), 3)
        words = _timed(text, start, step=length / len(UNIT.findall(text)))[0] if index % 3 else []
        turns.append(Turn(start, round(start + length, 3), text, ["I", "P01"][index % 2], "", words=words))
        clock = start + length + rng.uniform(0.0, 2.0)
    transcript = dataclasses.replace(sample_transcript(), turns=turns)
    for cues, label in ((_srt_cues(transcript, limits), True), (_vtt_cues(transcript, limits), False)):
        _check_order(cues)
        _check_limits(cues, limits, label)
        for speaker in ("I", "P01"):  # turns overlap, so word for word per speaker, in order
            said = [w for t in turns if t.speaker == speaker for w in t.text.split()]
            assert [w for c in cues if c[2] == speaker for w in c[3].split()] == said


def test_overlapping_turns_give_cues_in_order_without_overlap() -> None:
    """Talk over talk: the earlier cue is cut where the later starts; one that would be left with no time
    keeps its tenth of a second and the later cue waits for it."""
    turns = [
        Turn(10.0, 14.0, "I was going to say", "I", "interviewer"),
        Turn(12.0, 13.0, "Sorry, go on.", "P01", "participant"),
        Turn(12.0, 12.0, "Yes.", "I", "interviewer"),
    ]
    cues = _vtt_cues(dataclasses.replace(sample_transcript(), turns=turns))
    assert [(c[0], c[1], c[3]) for c in cues] == [
        (10.0, 12.0, "I was going to say"),
        (12.0, 13.0, "Sorry, go on."),
        (13.0, 13.1, "Yes."),
    ]


def test_limits_come_from_the_export_settings() -> None:
    assert section_options(load_config(), "export", ExportOptions).cues == CueLimits()
    config = load_config(
        overrides={"export": {"cue_max_lines": 1, "cue_max_chars": 30, "cue_max_seconds": 4}}
    )
    assert section_options(config, "export", ExportOptions).cues == CueLimits(1, 30, 4.0)
    for key, value in (("cue_max_lines", 0), ("cue_max_chars", -1), ("cue_max_seconds", 0)):
        with pytest.raises(ConfigError, match=rf"\[export\] {key}"):
            section_options(load_config(overrides={"export": {key: value}}), "export", ExportOptions)
    with pytest.raises(ConfigError, match="wrong type"):
        section_options(load_config(overrides={"export": {"cue_max_lines": 1.5}}), "export", ExportOptions)
