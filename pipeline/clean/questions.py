"""Does a turn end with a question, and would a short reply to it be an answer?

This is what separates "I: Did you tell her? / P: Yeah." (an answer, kept) from a backchannel. An
interviewer's question mark always asks: asking is their job (an unknown speaker is treated the same
way, to be safe), and so does their unpunctuated sentence that opens like a question ("and how did it
go"). A participant's question mark often asks nothing: a tag ("it was hard, you know?"), uptalk on an
estimate ("maybe a minute?"), a quoted question ("she said, 'Are you okay?'"); after those the
interviewer's "mm" is only a backchannel. A participant's sentence that is a question in form ("does
that make sense?", "you mean the client?") asks. What is left, a statement with a question mark ("it
was freeing?"), is uptalk or a request to confirm: a word ("Yeah.") may answer it, a sound ("Mm.") does
not. The word lists behind each test are in configs/cleaning.toml.
"""

from __future__ import annotations

import re
from enum import Enum

from pipeline.clean.options import Lexicon
from pipeline.clean.tokens import key, tokenize_text

_SENTENCES = re.compile(r"(?<=[.!?…])\s+")
_CLAUSES = re.compile(r"[,;:—–]|\s-\s")
_QUOTE_CLOSERS = "\"'”’"


class Ask(Enum):
    """How a turn ends: with no question, a real question, or a statement said as a question."""

    NONE = "none"
    QUESTION = "question"
    CONFIRM = "confirm"


def question_kind(text: str, role: str, lexicon: Lexicon) -> Ask:
    """Classify how ``text`` (said by someone in ``role``) ends; see the module docstring."""
    stripped = text.rstrip().rstrip(")]").rstrip()
    if role != "participant":
        asked = stripped.rstrip(_QUOTE_CLOSERS).endswith("?") or _unpunctuated_question(stripped, lexicon)
        return Ask.QUESTION if asked else Ask.NONE
    if not stripped.rstrip(_QUOTE_CLOSERS).endswith("?"):
        return Ask.NONE
    if stripped[-1] in _QUOTE_CLOSERS:
        return Ask.NONE  # a question quoted from someone else
    sentence_text = _SENTENCES.split(stripped)[-1]
    sentence = _norms(sentence_text)
    clause = _norms(_CLAUSES.split(sentence_text)[-1])
    if not clause:
        return Ask.QUESTION
    if _is_tag(clause, lexicon) or _is_estimate(clause, lexicon):
        return Ask.NONE
    if _in_question_form(sentence, clause, lexicon):
        return Ask.QUESTION
    if _is_hedged(sentence, lexicon):
        return Ask.NONE
    return Ask.CONFIRM


def _unpunctuated_question(text: str, lexicon: Lexicon) -> bool:
    """An interviewer's question the recogniser left without "?" ("and how did that feel")."""
    if not text[-1:].isalnum():
        return False  # punctuated: "." ends a statement, "," is mid-sentence ("And when you heard that,")
    sentence = _norms(_SENTENCES.split(text)[-1])
    opening = _after_lead_ins(sentence, lexicon)
    return bool(opening) and opening[0] in lexicon.interrogatives


def answers(kind: Ask, reply: str, lexicon: Lexicon) -> bool:
    """Would ``reply`` answer a turn that ends as ``kind``? Sounds answer questions but not uptalk."""
    if kind is Ask.QUESTION:
        return True
    if kind is Ask.NONE:
        return False
    return not _only_sounds([key(t.norm) for t in tokenize_text(reply) if t.norm], lexicon)


def _only_sounds(keys: list[str], lexicon: Lexicon) -> bool:
    """True when the reply is nothing but backchannel sounds ("Mm.", "Mm-hmm, mm-hmm.", "Uh huh.")."""
    i = 0
    while i < len(keys):
        pair = tuple(keys[i : i + 2])
        if len(pair) == 2 and pair in lexicon.backchannel_sounds:
            i += 2
        elif (keys[i],) in lexicon.backchannel_sounds:
            i += 1
        else:
            return False
    return bool(keys)


def _norms(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize_text(text) if t.norm)


def _after_lead_ins(words: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """Skip "so", "and", "um", "I mean" ... before the words that decide the sentence's form."""
    stripped = True
    while stripped and words:
        stripped = False
        for lead in lexicon.lead_ins:
            if words[: len(lead)] == lead:
                words, stripped = words[len(lead) :], True
                break
    return words


def _in_question_form(sentence: tuple[str, ...], clause: tuple[str, ...], lexicon: Lexicon) -> bool:
    opening = _after_lead_ins(sentence, lexicon)
    if opening and opening[0] in lexicon.interrogatives and opening[0] not in lexicon.relative_openers:
        return True
    clause_opening = _after_lead_ins(clause, lexicon)
    if clause_opening and clause_opening[0] in lexicon.interrogatives:
        return True
    return bool(set(clause) & lexicon.wh_words) or bool(set(sentence) & lexicon.addressee_words)


def _is_tag(clause: tuple[str, ...], lexicon: Lexicon) -> bool:
    if clause in lexicon.question_tags:
        return True
    return any(
        tag[0] == "or" and len(clause) > len(tag) and clause[-len(tag) :] == tag
        for tag in lexicon.question_tags
        if tag
    )


def _is_estimate(clause: tuple[str, ...], lexicon: Lexicon) -> bool:
    if clause[0][:1].isdigit():
        return True
    return any(clause[: len(opener)] == opener for opener in lexicon.estimate_openers)


def _is_hedged(sentence: tuple[str, ...], lexicon: Lexicon) -> bool:
    return any(
        sentence[i : i + len(hedge)] == hedge for hedge in lexicon.uptalk_hedges for i in range(len(sentence))
    )
