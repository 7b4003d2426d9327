"""Roles: which voice is the interviewer, which the participant(s), and the labels transcripts print.

In an interview the interviewer asks the questions and usually opens the call, so, unless a setting
names the interviewer, the voice with the most questions (a sentence ending in "?" or opening with a
question word such as "what" or "can you"), plus a bonus for speaking first, is the interviewer. Every
other voice is a participant: "P" when there is one, "P1", "P2", … in the order they are first heard.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Hashable, Sequence

from pipeline.diarize.options import AUTO, INTERVIEWER, PARTICIPANT, DiarizeOptions
from pipeline.document import Turn

log = logging.getLogger(__name__)

_SENTENCE = re.compile(r"[^.?!]+[.?!]*")


def count_questions(text: str, openers: Sequence[str], lead_words: Sequence[str] = ()) -> int:
    """Sentences of ``text`` that end in "?" or open with one of ``openers`` (whole words, any case),
    possibly after ``lead_words`` such as "and" or "okay, so"."""
    starts = "|".join(re.escape(o.lower().strip()) for o in openers if o.strip())
    leads = "|".join(re.escape(w.lower().strip()) for w in lead_words if w.strip())
    lead = rf"(?:(?:{leads})\W+)*" if leads else ""
    opener = re.compile(rf"\W*{lead}(?:{starts})\b") if starts else None
    count = 0
    for sentence in _SENTENCE.findall(text):
        sentence = sentence.strip()
        if sentence and (sentence.endswith("?") or (opener and opener.match(sentence.lower()))):
            count += 1
    return count


def choose_interviewer(
    turns: Sequence[Turn], keys: Sequence[Hashable], options: DiarizeOptions
) -> tuple[Hashable | None, dict[str, float]]:
    """The key of the interviewer's voice among ``keys`` (one per turn), and each voice's score.

    Scores are returned (by the voice's order of appearance, 1-based) so the transcript can say why.
    """
    voices = list(dict.fromkeys(keys))
    scores = {voice: 0.0 for voice in voices}
    for turn, key in zip(turns, keys, strict=True):
        scores[key] += count_questions(turn.text, options.question_openers, options.question_lead_words)
    if voices:
        scores[voices[0]] += options.first_speaker_weight
    report = {str(i + 1): scores[v] for i, v in enumerate(voices)}
    if options.interviewer != AUTO:
        number = int(options.interviewer)
        if number <= len(voices):
            return voices[number - 1], report
        log.warning(
            "setting interviewer = %d, but only %d voice(s) were found; choosing by questions",
            number,
            len(voices),
        )
    if len(voices) < 2:
        return None, report  # a lone voice is a participant unless a setting says otherwise
    return max(voices, key=lambda v: scores[v]), report


def label_turns(
    turns: Sequence[Turn], keys: Sequence[Hashable], interviewer: Hashable | None, options: DiarizeOptions
) -> None:
    """Set each turn's ``speaker`` label and ``role`` from its voice ``key``, in place."""
    participants = [k for k in dict.fromkeys(keys) if k != interviewer]
    labels: dict[Hashable, str] = {}
    if interviewer is not None:
        labels[interviewer] = options.interviewer_label
    for number, key in enumerate(participants, start=1):
        suffix = str(number) if len(participants) > 1 else ""
        labels[key] = f"{options.participant_label}{suffix}"
    for turn, key in zip(turns, keys, strict=True):
        turn.speaker = labels[key]
        turn.role = INTERVIEWER if key == interviewer else PARTICIPANT
