"""The transcript check in real Chromium, against the real server on a study made by the real pipeline
(tiny.en on the sample call): play from a word, correct a word to a roster name, give a turn to the other
speaker, mark it checked, restart the server and find both corrections, then run again and find them in
out/ (the name only as its tag). Also the audio route over real HTTP: Range, token and Host.
"""

from __future__ import annotations

import csv
import http.client
import re
import urllib.parse
from pathlib import Path

import pytest

from tests.call_study import call_study, run
from tests.test_review_browser import (
    _require_browser,
    _screenshot_dir,
    browser_page,
    review_server,
)

pytestmark = pytest.mark.slow
# [word index, start] of the longest word of the participant's first answer (turn 1)
LONGEST_WORD = """(() => {
  const words = check.view.turns[1].words;
  const k = words.reduce((best, w, i) => (w[0].length > words[best][0].length ? i : best), 0);
  return [k, words[k][1]];
})()"""
# [turn, word index, text] of the word heard for "supervisor": the one before "Dr."
BEFORE_DR = """(() => {
  const t = check.view.turns.findIndex((turn) => turn.words.some((w) => w[0] === "Dr."));
  const k = check.view.turns[t].words.findIndex((w) => w[0] === "Dr.") - 1;
  return [t, k, check.view.turns[t].words[k][0]];
})()"""


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's copy of the session's study of the sample call (P01) and its first 45 s (P02), made
    by `qualscribe init` and `run` (tests/call_study.py)."""
    _require_browser()
    return call_study(tmp_path_factory, "check")


def _get(url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path, headers={"Host": parts.netloc, **headers})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def test_the_audio_route_answers_ranges_and_only_to_the_page(study: Path) -> None:
    original = (study / "recordings" / "a_call.flac").read_bytes()
    with review_server(study) as url:
        base, token = url.split("?")[0], url.split("token=")[1]
        port = int(base.rsplit(":", 1)[1].strip("/"))
        cookie = {"Cookie": f"qualscribe_review_{port}={token}"}
        audio = base + "audio/P01"
        part = _get(audio, {**cookie, "Range": "bytes=1000-1999"})
        assert part.status == 206
        assert part.getheader("content-range") == f"bytes 1000-1999/{len(original)}"
        assert part.body == original[1000:2000]
        tail = _get(audio, {**cookie, "Range": "bytes=-10"})
        assert tail.status == 206 and tail.body == original[-10:]
        whole = _get(audio, cookie)
        assert whole.status == 200 and whole.body == original
        assert whole.getheader("accept-ranges") == "bytes"
        assert _get(audio, {"Range": "bytes=0-99"}).status == 403  # no token
        assert _get(audio, {**cookie, "Host": f"evil.example:{port}"}).status == 403
        assert _get(base + "audio/P99", cookie).status == 404
    assert not any(p.suffix in (".flac", ".wav") for p in (study / "out").iterdir()), "audio reached out/"


def test_check_corrections_survive_a_restart_and_reach_the_export(study: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with review_server(study) as url, browser_page() as page:
        page.goto(url)
        page.fill("#reviewer", "Ann Checker")
        page.locator("a.check-link").first.click()
        expect(page.locator(".toolbar h1")).to_have_text("P01")
        # what tiny.en hears differs with the CPU's arithmetic ("practice" or "practicum", "superminer" or
        # "super minor"), so the words are found in the page's own view of the transcript
        k, start = page.evaluate(LONGEST_WORD)
        page.locator(f'.check .w[data-t="1"][data-k="{k}"]').click()
        page.wait_for_function("!player().paused")
        at = page.evaluate("player().pause(), player().currentTime")
        assert start - 0.05 <= at < start + 1.0, (start, at)

        # a word heard wrong: the supervisor's name, which is in the roster
        t, k, wrong = page.evaluate(BEFORE_DR)
        page.locator(f'.check .w[data-t="{t}"][data-k="{k}"]').click()
        page.fill("#fix-text", "supervisor Danielle Reyes,")
        page.click("#replace")
        expect(page.locator(".check .w.fixed", has_text="Reyes,")).to_be_visible()
        # a turn given to the wrong speaker: the interviewer's question goes to the participant
        page.locator(".check .w", has_text="supported").click()
        page.locator("#cdetail select#turn-speaker").select_option("P")
        page.click("#move-speaker")
        turn = page.locator(".check .turn", has_text="Who supported you")
        expect(turn.locator(".who b")).to_have_text("P")
        expect(page.locator("#corrections li")).to_have_count(2)
        page.click("#mark-checked")
        expect(page.locator(".toolbar .pill")).to_have_text("checked")
        page.locator(".check .w", has_text="clinical").click()
        page.wait_for_timeout(700)  # playing: the spoken word is highlighted
        shot = _screenshot_dir(tmp_path) / "check-view.png"
        page.screenshot(path=str(shot))
        assert page.locator(".check .turns .w.now").count() == 1
        assert not page.errors

    with review_server(study) as url, browser_page() as page:
        page.goto(url)
        page.goto(url.split("?")[0] + "#/c/P01")
        expect(page.locator("#corrections li")).to_have_count(2)
        expect(page.locator(".check .turn", has_text="Who supported you").locator(".who b")).to_have_text("P")
        expect(page.locator(".check .w.fixed", has_text="Danielle")).to_be_visible()

    run(study)
    text = (study / "out" / "P01.txt").read_text()
    assert re.search(r"\] P01: Who supported you during that time\?", text), text
    assert "Danielle" not in text and "Reyes" not in text and f"{wrong} Dr." not in text
    assert re.search(r"supervisor \[NAME \d+\], Dr\. \[NAME \d+\]", text, re.IGNORECASE), text
    assert "Checked against the recording by Ann Checker on " in text
    rows = {r["file"]: r for r in csv.DictReader((study / "out" / "MANIFEST.csv").open())}
    assert rows["P01.txt"]["check"].startswith("checked: Ann Checker, ")
