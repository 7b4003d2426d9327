"""HTML transcripts: noScribe's own format, and plain HTML paragraphs of "Label: text".

What noScribe writes (read from its source, noScribe/main.py and utils.py, 2026): a header (a bold
title paragraph and a grey "Transcribed with noScribe ... Audio file: ..." paragraph), then one ``<p>``
per speaker change. Every recogniser segment in it is an ``<a name="ts_START_END_SPEAKER">`` anchor,
times in milliseconds; the first segment of a paragraph reads "S01: [00:00:12] ...", with the time in
a grey span. Overlapping speech stays in the paragraph: its anchors' speaker is "//S02", its text
opens with "//S02:", and the main speaker's return opens with "//". Pauses are anchors too ("(..)",
"(12 seconds pause)"), a leading one without a speaker.

Read here: each run of a paragraph's anchors with one speaker is a turn, timed by the anchors, so an
overlapping "//S00: Genau." becomes its own turn between the two parts of the answer, as a stereo
recording's encourager does. The label in the text wins over the anchor's (noScribe's editor lets a
user rename "S01" to "Interviewer" in the text). The header, everything before the first timed
paragraph, is not transcript text, and it names the audio file, so it is not read. Without speaker
detection noScribe writes one paragraph of speakerless anchors, which becomes one turn. HTML without
noScribe's anchors is read paragraph by paragraph (``p``, ``li``, headings, ``<br>`` lines) like a DOCX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipeline.document import Transcript, Turn
from pipeline.importers.common import decode, make_transcript, make_turn, read_bytes, split_paragraph
from pipeline.importers.paragraphs import Paragraph, turns_from_paragraphs
from pipeline.speaker_lines import SpeakerLinesOptions

_ANCHOR = re.compile(r"^ts_(\d+)_(\d+)_(.*)$")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "td", "th"}
_SKIPPED = {"head", "script", "style", "title", "template"}
_SPACE = re.compile(r"\s+")


@dataclass
class _Segment:
    """Text of one noScribe anchor (``anchor`` is its parsed name), or text outside any (None)."""

    anchor: tuple[float, float, str] | None
    text: str = ""


@dataclass
class _Block:
    segments: list[_Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _SPACE.sub(" ", "".join(s.text for s in self.segments)).strip()

    @property
    def timed(self) -> bool:
        return any(s.anchor for s in self.segments)


class _Blocks(HTMLParser):
    """The body's paragraphs, each as its anchors' texts; ``<br>`` ends a paragraph like a block does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = [_Block()]
        self._skipping = 0
        self._anchor: tuple[float, float, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS or tag == "br":
            self.blocks.append(_Block())
        elif tag == "a":
            match = _ANCHOR.match(dict(attrs).get("name") or "")
            if match:
                self._anchor = (int(match[1]) / 1000, int(match[2]) / 1000, match[3])
                self.blocks[-1].segments.append(_Segment(self._anchor))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.blocks.append(_Block())
        elif tag == "a":
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        segments = self.blocks[-1].segments
        if not segments or segments[-1].anchor != self._anchor:
            segments.append(_Segment(self._anchor))
        segments[-1].text += data


def read_html(path: Path, options: SpeakerLinesOptions) -> Transcript:
    """The turns of an HTML transcript: noScribe's if it has its timed anchors, else its paragraphs."""
    data = read_bytes(path)
    parser = _Blocks()
    parser.feed(decode(data, path))
    parser.close()
    blocks = [block for block in parser.blocks if block.text]
    if any(block.timed for block in blocks):
        first = next(i for i, block in enumerate(blocks) if block.timed)
        turns = [turn for block in blocks[first:] for turn in _noscribe_turns(block, options)]
        kind = "noscribe-html"
    else:
        turns = turns_from_paragraphs((Paragraph(block.text) for block in blocks), options)
        kind = "html"
    return make_transcript(path, data, turns, kind)


def _noscribe_turns(block: _Block, options: SpeakerLinesOptions) -> list[Turn]:
    """A noScribe paragraph's turns: one per run of anchors with one speaker, "//" overlaps their own."""
    groups: list[list[_Segment]] = []
    for segment in block.segments:
        same = groups and (segment.anchor is None or _speaker(groups[-1]) == segment.anchor[2])
        if same:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    turns, names = [], {}  # names: anchor speaker → the label the text gives it ("S01" → "Interviewer")
    for index, group in enumerate(groups):
        raw = _speaker(group)
        text = _SPACE.sub(" ", "".join(s.text for s in group)).strip()
        text = text.removeprefix("//").removesuffix("//").strip()
        label, _, rest = split_paragraph(text)
        if index and not raw.startswith("//"):
            label, rest = None, text  # the main speaker again after an overlap: its text has no label
        timed = [s.anchor for s in group if s.anchor]
        start, end = (timed[0][0], timed[-1][1]) if timed else (0.0, 0.0)
        bare = raw.lstrip("/")
        if label and bare:
            names[bare] = label
        turns.append(make_turn(options, rest, label or names.get(bare, bare), start, end))
    return turns


def _speaker(group: list[_Segment]) -> str:
    """The raw anchor speaker of a run of segments ("S01", "//S02", "" for none)."""
    return next((s.anchor[2] for s in group if s.anchor), "")
