"""The HTML importer on small real files: noScribe's anchored paragraphs and plain HTML paragraphs.

noScribe's layout is the one its source writes (see pipeline/importers/html_reader.py): a header with
the audio file's name, which must stay out, then one paragraph per speaker with timed anchors, and
overlapping speech marked "//S00: ..." inside another speaker's paragraph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.importers import read_transcript
from tests.test_importers import Expected, turns_of

NOSCRIBE_HEAD = (
    '<html><head><meta charset="UTF-8" /><meta name="audio_source" content="./Reyes.mp3" />'
    "<style>p { white-space: pre-wrap; }</style></head><body><div>"
    '<p style="font-weight: 600">Reyes interview</p>'
    '<p><span style="color: #909090">Transcribed with noScribe vers. 0.7<br />'
    "Audio file: ./Reyes.mp3</span></p>"
)
HTML_CASES = {
    "noscribe-overlap": (
        NOSCRIBE_HEAD + '<p><a name="ts_0_2000_">(2 seconds pause) </a></p>'
        '<p><a name="ts_2000_4000_S00">S00: <span style="color: #78909C">[00:00:02]</span> Where?</a></p>'
        '<p><a name="ts_4500_6000_S01">S01: <span>[00:00:04]</span> At a clinic,</a>'
        '<a name="ts_6000_6400_//S00"> //S00: Mm-hmm.</a>'
        '<a name="ts_6400_9000_S01">// far from home.</a><a name="ts_9000_9800_S01"> (..)</a></p>'
        '<p><a name="ts_10000_11000_S00">S00: <span>[00:00:10]</span> Go on.</a>'
        '<a name="ts_11000_11500_//S01"> //S01: Yes.//</a></p>'
        "</div></body></html>",
        [
            ("", 0.0, 2.0, "(2 seconds pause)"),
            ("S00", 2.0, 4.0, "Where?"),
            ("S01", 4.5, 6.0, "At a clinic,"),
            ("S00", 6.0, 6.4, "Mm-hmm."),
            ("S01", 6.4, 9.8, "far from home. (..)"),
            ("S00", 10.0, 11.0, "Go on."),
            ("S01", 11.0, 11.5, "Yes."),
        ],
    ),
    "noscribe-renamed-speaker": (
        NOSCRIBE_HEAD + '<p><a name="ts_1000_3000_S00">Interviewer: <span>[00:00:01]</span> Where?</a>'
        '<a name="ts_3000_3500_//S01"> //S01: Hm.</a><a name="ts_3500_5000_S00">// Then: anywhere?</a></p>'
        "</div></body></html>",
        [
            ("Interviewer", 1.0, 3.0, "Where?"),
            ("S01", 3.0, 3.5, "Hm."),
            ("Interviewer", 3.5, 5.0, "Then: anywhere?"),  # the main speaker again: no label
        ],
    ),
    "plain-paragraphs": (
        "<html><head><title>Reyes</title></head><body><h1>Interview 4</h1>"
        "<p>[00:00:03] <b>I:</b> Where were you placed?</p><p>P: At a clinic &amp; a school.<br>"
        "I: Which one first?</p><ul><li>P: The clinic.</li></ul></body></html>",
        [
            ("", 0.0, 3.0, "Interview 4"),
            ("I", 3.0, 3.0, "Where were you placed?"),
            ("P", 3.0, 3.0, "At a clinic & a school."),
            ("I", 3.0, 3.0, "Which one first?"),
            ("P", 3.0, 3.0, "The clinic."),
        ],
    ),
}


@pytest.mark.parametrize(("content", "expected"), HTML_CASES.values(), ids=HTML_CASES.keys())
def test_html_paragraphs(tmp_path: Path, content: str, expected: Expected) -> None:
    path = tmp_path / "transcript.html"
    path.write_text(content, encoding="utf-8")
    transcript = read_transcript(path)
    assert turns_of(transcript) == expected
    assert "Reyes" not in transcript.text and "noScribe" not in transcript.text  # the header stays out
