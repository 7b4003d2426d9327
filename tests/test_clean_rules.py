"""The verbatim rules, case by case: what goes and what stays (the study's default profile).

Each case is a little dialogue in speaker lines and the exact dialogue expected back. The wording is
this project's own, not the evaluation set's, so the rules are tested for what they are meant to do.
"""

from __future__ import annotations

import pytest

from pipeline.clean import CleanOptions, clean
from pipeline.speaker_lines import format_speaker_lines, parse_speaker_lines


def cleaned(text: str, profile: str = "verbatim") -> str:
    return format_speaker_lines(clean(parse_speaker_lines(text), CleanOptions(profile=profile)))


def lines(*rows: str) -> str:
    return "".join(f"{row}\n" for row in rows)


# (id, input lines, expected lines): the listener's backchannel goes and the split turn is joined again.
ENCOURAGERS_DROPPED = [
    ("mm-hmm", ["P: I moved here in the fall.", "I: Mm-hmm.", "P: It was a big change."],
     ["P: I moved here in the fall. It was a big change."]),
    ("uh huh spelled apart", ["P: We met weekly.", "I: Uh huh.", "P: Sometimes twice."],
     ["P: We met weekly. Sometimes twice."]),
    ("mhm and hmmm spellings", ["P: She paused.", "I: Mhm.", "P: Then she cried.", "I: Hmmm.", "P: Quietly."],
     ["P: She paused. Then she cried. Quietly."]),
    ("yeah, yeah", ["P: Nobody warned us about that.", "I: Yeah, yeah.", "P: We learned on the job."],
     ["P: Nobody warned us about that. We learned on the job."]),
    ("I see", ["P: My mentor was away that month.", "I: I see.", "P: So I handled it alone."],
     ["P: My mentor was away that month. So I handled it alone."]),
    ("right", ["P: The room had no windows.", "I: Right.", "P: Which made it feel smaller."],
     ["P: The room had no windows. Which made it feel smaller."]),
    ("okay", ["P: I wrote a note afterwards.", "I: Okay.", "P: Just for myself."],
     ["P: I wrote a note afterwards. Just for myself."]),
    ("sure", ["P: I wanted to do it properly.", "I: Sure.", "P: So I asked for help."],
     ["P: I wanted to do it properly. So I asked for help."]),
    ("wow", ["P: He drove four hours to each session.", "I: Wow.", "P: Every single week."],
     ["P: He drove four hours to each session. Every single week."]),
    ("oh, okay, mixed", ["P: I had switched programs.", "I: Oh, okay.", "P: In my second year."],
     ["P: I had switched programs. In my second year."]),
    ("participant backchannel inside a question",
     ["I: And when you heard that,", "P: Mm.", "I: what went through your mind?"],
     ["I: And when you heard that, what went through your mind?"]),
    ("after a tag question", ["P: It stays with you, you know?", "I: Yeah.", "P: Even now."],
     ["P: It stays with you, you know? Even now."]),
    ("after uptalk on an estimate",
     ["P: We met for a while, maybe three weeks?", "I: Mm.", "P: Then it ended."],
     ["P: We met for a while, maybe three weeks? Then it ended."]),
    ("after an estimate in digits", ["P: It lasted a while, 18 months?", "I: Yeah.", "P: About that."],
     ["P: It lasted a while, 18 months? About that."]),
    ("after hedged uptalk", ["P: It felt kind of freeing?", "I: Yeah.", "P: Strange to say."],
     ["P: It felt kind of freeing? Strange to say."]),
    ("after an estimate with a number", ["P: It lasted a while, two years?", "I: Yeah.", "P: Maybe more."],
     ["P: It lasted a while, two years? Maybe more."]),
    ("a sound after a statement said as a question",
     ["P: It was the first time I cried?", "I: Mm.", "P: In front of anyone."],
     ["P: It was the first time I cried? In front of anyone."]),
    ("after a relative clause with a question mark",
     ["P: Which was odd, since it was her idea?", "I: Mm-hmm.", "P: She insisted."],
     ["P: Which was odd, since it was her idea? She insisted."]),
    ("after a quoted question",
     ['P: She asked me, "Are you all right?"', "I: Mm-hmm.", "P: I said yes."],
     ['P: She asked me, "Are you all right?" I said yes.']),
    ("two in a row",
     ["P: First the call.", "I: Mm-hmm.", "P: Then the email.", "I: Right.", "P: Then nothing."],
     ["P: First the call. Then the email. Then nothing."]),
    ("labels kept as given", ["Participant: I froze.", "Interviewer: Uh-huh.", "Participant: Completely."],
     ["Participant: I froze. Completely."]),
]  # fmt: skip

# (id, input lines): everything here is content and comes back word for word.
ENCOURAGERS_KEPT = [
    ("yeah answering a question",
     ["I: Did she come back the next week?", "P: Yeah.", "I: What was that like?"]),
    ("right answering a declarative question",
     ["I: So that was your first client?", "P: Right.", "I: How did you prepare?"]),
    ("a word answering a statement said as a question",
     ["P: So this part is recorded?", "I: Yeah.", "P: Okay, good."]),
    ("an unpunctuated question answered", ["i: and did she come back", "p: yeah", "i: okay and then"]),
    ("participant's question addressed to the listener",
     ["P: You mean the second client?", "I: Mm-hmm.", "P: She was older."]),
    ("participant's real question answered", ["P: Does that make sense?", "I: Mm-hmm.", "P: Good, so then."]),
    ("okay opening a question in the same turn", ["P: That was all.", "I: Okay. So what did you do next?"]),
    ("okay opening the next question",
     ["P: That was all.", "I: Okay.", "I: What did you do next?", "P: I left."]),
    ("nothing after it", ["P: That was the end of it.", "I: Mm-hmm."]),
    ("nothing before it", ["I: Mm-hmm.", "P: So where was I."]),
    ("another speaker takes over", ["P1: I agree with her.", "I: Mm-hmm.", "P2: I don't."]),
    ("more than an encourager", ["P: We never spoke again.", "I: Right, that must have hurt.", "P: It did."]),
    ("too many words to be minimal",
     ["P: He left.", "I: Yeah, yeah, yeah, yeah, yeah, yeah, yeah.", "P: Without a word."]),
    ("the speaker keeps the floor after it", ["P: It was hard.", "I: Okay.", "I: Let's move on."]),
]  # fmt: skip


@pytest.mark.parametrize(("given", "expected"), [c[1:] for c in ENCOURAGERS_DROPPED],
                         ids=[c[0] for c in ENCOURAGERS_DROPPED])  # fmt: skip
def test_minimal_encouragers_are_dropped(given: list[str], expected: list[str]) -> None:
    assert cleaned(lines(*given)) == lines(*expected)


@pytest.mark.parametrize("given", [c[1] for c in ENCOURAGERS_KEPT], ids=[c[0] for c in ENCOURAGERS_KEPT])
def test_turns_that_take_the_floor_or_answer_are_kept(given: list[str]) -> None:
    assert cleaned(lines(*given)) == lines(*given)


# (id, participant's words, expected words): stutters go, nothing else changes.
STUTTERS_DROPPED = [
    ("cut-off repeats", "I- I- I was nervous.", "I was nervous."),
    ("plain double", "She handed me the the file.", "She handed me the file."),
    ("pronoun double", "We we talked for an hour.", "We talked for an hour."),
    ("broken-off possessive", "It was my- my- my supervisor.", "It was my supervisor."),
    ("fragment, no vowel", "And w- we just sat there.", "And we just sat there."),
    ("fragment th-", "Th- that was the point.", "That was the point."),
    ("fragment of a longer word", "I was nerv- nervous the whole time.", "I was nervous the whole time."),
    ("phrase repeat", "It- it was It was late.", "It was late."),
    ("broken-off phrase said again", "I wa- I was not ready.", "I was not ready."),
    ("stutter-prone word across a comma", "And I, I felt sick.", "And I felt sick."),
    ("em dash glued", "I—I didn't know.", "I didn't know."),
    ("fragment before a filler", "B- uh, but she stayed.", "Uh, but she stayed."),
    ("three copies", "The the the door was open.", "The door was open."),
    ("a double after a fragment of it", "We sat in- in in the hallway.", "We sat in the hallway."),
    ("inside quotes", "She said, “the the end.”", "She said, “the end.”"),
]

# (id, participant's words): emphasis, grammar, fillers and restarts are the participant's words.
STUTTER_LOOKALIKES_KEPT = [
    ("emphasis with commas", "No, no, no, that isn't it."),
    ("very, very", "It was very, very quiet."),
    ("emphatic words without commas", "It was really really hard, so so hard."),
    ("had had", "By then she had had three therapists."),
    ("that that", "I knew that that would be difficult."),
    ("fillers", "Um, I, uh, wasn't sure."),
    ("restart across a filler", "It was, uh, it was a strange week."),
    ("a clause ends on the word", "I loved it, it was my favourite."),
    ("adjective emphasis with a comma", "It was a long, long day."),
    ("whole word broken off", "I was like- she just looked at me."),
    ("suspended compound", "We saw two- and three-year-olds."),
    ("sentence between the copies", "I said it. It was done."),
    ("stutter-prone word across a sentence end", "It was for my sister and I. I was the oldest."),
    ("repeated filler", "It was um um hard to say."),
    ("different words", "She- he said no."),
]


@pytest.mark.parametrize(
    ("given", "expected"), [c[1:] for c in STUTTERS_DROPPED], ids=[c[0] for c in STUTTERS_DROPPED]
)
def test_stutters_are_dropped(given: str, expected: str) -> None:
    assert cleaned(f"P: {given}\n") == f"P: {expected}\n"


@pytest.mark.parametrize(
    "given", [c[1] for c in STUTTER_LOOKALIKES_KEPT], ids=[c[0] for c in STUTTER_LOOKALIKES_KEPT]
)
def test_repetitions_that_are_not_stutters_are_kept(given: str) -> None:
    assert cleaned(f"P: {given}\n") == f"P: {given}\n"
