"""The review page in a real browser: Debian's headless Chromium driven by Playwright, against the real
server (`qualscribe review` in a subprocess) on a study made by the real pipeline (`qualscribe run`).

Open the study, un-redact a span, redact text selected with the mouse study-wide, approve, restart the
server, and find the decisions kept, then reflected in a fresh run's export and in an --approved-only
qdpx. Chromium comes from Debian (`make browser`); Playwright never downloads a browser here. Without
it the test is skipped locally and fails on CI (CI=true). A screenshot of the transcript view is saved
in $QUALSCRIBE_SCREENSHOTS (else the test's temporary folder).
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import subprocess
import threading
import urllib.parse
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.review.app import cookie_name
from tests.call_study import QUALSCRIBE, call_study, qualscribe, run
from tests.review_study import make_study

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("QUALSCRIBE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# without the networking flags Chromium tries to reach Google's services and stalls on an offline machine
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}  # a laptop


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append("Debian's chromium (make browser)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright's Python package (the dev extra)")
    if missing:
        reason = "the review page's browser test needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's copy of the session's study of the sample call and its first 45 s, two interviews
    made by `qualscribe init` and `run` (tests/call_study.py)."""
    _require_browser()
    return call_study(tmp_path_factory, "browser")


@contextmanager
def review_server(study: Path) -> Iterator[str]:
    """`qualscribe review STUDY --no-browser` in a subprocess; yields the URL it prints (with the token)."""
    proc = subprocess.Popen(
        [*QUALSCRIBE, "review", str(study), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            pytest.fail(f"qualscribe review printed no URL: {proc.stderr.read() if proc.poll() else ''}")
        match = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", first)
        assert match, first
        yield match.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _status(url: str, host: str | None = None, cookie: str | None = None) -> int:
    """The status of one GET, redirects not followed, with the Host and Cookie headers given."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Host": host or parts.netloc, **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    try:
        return connection.getresponse().status
    finally:
        connection.close()


@contextmanager
def browser_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(15_000)
            page.errors, page.requests = [], []
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: page.requests.append(r.url))
            yield page
        finally:
            browser.close()


SELECT_TEXT = """(needle) => {
  for (const node of document.querySelectorAll("p.text .src")) {
    const at = node.textContent.indexOf(needle);
    if (at < 0) continue;
    node.scrollIntoView({block: "center"});
    const range = document.createRange();
    range.setStart(node.firstChild, at);
    range.setEnd(node.firstChild, at + needle.length);
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return {x1: first.left + 2, y1: first.top + first.height / 2,
            x2: last.right - 2, y2: last.top + last.height / 2};
  }
  return null;
}"""


def _drag_select(page, needle: str) -> None:
    """Select ``needle`` in the transcript as a reviewer does: press, drag across it, release."""
    box = page.evaluate(SELECT_TEXT, needle)
    assert box, f"{needle!r} is not plain text on the page"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def _dismiss_every_check_flag(page, base: str, code: str) -> None:
    """In the check view, dismiss each open place to listen (as a checker who heard them all), then back."""
    page.goto(f"{base}#/c/{code}")
    page.wait_for_selector(".check #remaining")
    while page.evaluate("check.view.open") > 0:
        flag = page.evaluate("check.view.flags.find((f) => !f.dismissed).id")
        page.evaluate("(id) => focusFlag(id)", flag)
        page.click("#dismiss")
        page.wait_for_function("(id) => check.view.flags.find((f) => f.id === id).dismissed", arg=flag)
    page.goto(f"{base}#/t/{code}")
    page.wait_for_selector(".toolbar h1")


def _screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("QUALSCRIBE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_review_decisions_survive_a_restart_and_reach_the_next_export(study: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with review_server(study) as url, browser_page() as page:
        base = url.split("?")[0]
        page.goto(url)
        rows = page.locator("table.study tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("pending")
        page.fill("#reviewer", "Ann Reviewer")
        page.get_by_role("link", name="P01", exact=True).click()
        expect(page.locator(".toolbar h1")).to_have_text("P01")

        # a false positive: the town is not identifying at this study's level of detail
        page.locator("mark.red", has_text="Fresno").click()
        expect(page.locator("#detail .quote")).to_have_text("Fresno")
        page.click("#unredact")
        expect(page.locator(".item.kept", has_text="Fresno")).to_be_visible()
        expect(page.locator("mark.red", has_text="Fresno")).to_have_count(0)

        # a miss: select the words with the mouse, redact them as an organisation, everywhere
        _drag_select(page, "community clinic")
        expect(page.locator("#detail .quote")).to_have_text("community clinic")
        page.select_option("#category", "ORG")
        page.check("#study-wide")
        page.click("#redact")
        expect(page.locator("mark.red.cat-ORG", has_text="community clinic")).to_be_visible()
        expect(page.locator(".decisions li")).to_have_count(2)

        # approval means every flag was looked at: refused while the check view's flags are open
        expect(page.locator("#remaining")).to_contain_text("still to decide or dismiss")
        page.click("#approve")
        expect(page.locator("#toast")).to_contain_text("flagged item(s) remain")
        _dismiss_every_check_flag(page, base, "P01")
        expect(page.locator("#remaining")).to_have_text("Every flagged item has been looked at.")
        page.click("#approve")
        expect(page.locator(".toolbar .pill")).to_have_text("approved")
        expect(page.locator(".side")).to_contain_text("Approved by Ann Reviewer")
        page.locator("mark.red", has_text="Danielle Reyes").click()
        page.wait_for_timeout(400)  # the toast fades
        shot = _screenshot_dir(tmp_path) / "review-transcript.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        assert not page.errors
        assert all(u.startswith(base) for u in page.requests), "the page loaded something from elsewhere"

    # a restart: a new token (the old one is refused), the same decisions
    with review_server(study) as url, browser_page() as page:
        old = _status(url.replace(url.split("token=")[1], "stale-token"))
        assert old == 403
        page.goto(url)
        rows = page.locator("table.study tbody tr")
        expect(rows.nth(0)).to_contain_text("approved")
        expect(rows.nth(1)).to_contain_text("pending")
        page.get_by_role("link", name="P02", exact=True).click()
        expect(page.locator("mark.red.cat-ORG", has_text="community clinic")).to_be_visible()  # study-wide
        page.goto(url.split("?")[0] + "#/t/P01")
        expect(page.locator(".item.kept", has_text="Fresno")).to_be_visible()
        expect(page.locator(".toolbar .pill")).to_have_text("approved")

    # the next run applies the decisions; what was approved is still what is exported
    run(study)
    p01 = (study / "out" / "P01.txt").read_text()
    p02 = (study / "out" / "P02.txt").read_text()
    assert "Fresno" in p01
    assert "community clinic" not in p01 and "community clinic" not in p02
    assert re.search(r"which is a \[ORG \d+\] in Fresno", p01)
    with review_server(study) as url, browser_page() as page:
        page.goto(url)
        expect(page.locator("table.study tbody tr").nth(0)).to_contain_text("approved")
    coding = tmp_path / "coding"
    result = qualscribe(
        "export",
        str(study / "out" / "P01.json"),
        str(study / "out" / "P02.json"),
        "-f",
        "qdpx",
        "--work",
        str(study / "work"),
        "-o",
        str(coding),
        "--study",
        "browser",
    )
    assert "left out P02 (not approved: pending)" in result.stderr
    with zipfile.ZipFile(coding / "browser.qdpx") as archive:
        qde = archive.read("project.qde").decode()
        sources = [archive.read(n).decode() for n in archive.namelist() if n.startswith("sources/")]
    assert 'name="P01"' in qde and 'name="P02"' not in qde
    assert len(sources) == 1 and "Fresno" in sources[0] and "community clinic" not in sources[0]


def test_the_real_server_refuses_no_token_and_foreign_hosts(study: Path) -> None:
    with review_server(study) as url:
        base, token = url.split("?")[0], url.split("token=")[1]
        port = base.rsplit(":", 1)[1].strip("/")
        cookie = f"{cookie_name(int(port))}={token}"
        assert _status(base + "api/study") == 403
        assert _status(f"{base}api/study?token=wrong") == 403
        assert _status(base + "api/study", cookie=f"{cookie_name(int(port))}=wrong") == 403
        assert _status(url) == 303  # the token URL: to the page, with the token in a cookie
        assert _status(base + "api/study", cookie=cookie) == 200
        assert _status(base + "api/study", host=f"evil.example:{port}", cookie=cookie) == 403
        assert _status(base + "api/study", host="attacker.test", cookie=cookie) == 403
        assert _status(base + "api/study", host=f"localhost:{port}", cookie=cookie) == 200


def test_keyboard_moves_from_flag_to_flag_and_redacts(tmp_path: Path) -> None:
    _require_browser()
    from playwright.sync_api import expect

    study = make_study(tmp_path / "study")
    with review_server(study) as url, browser_page() as page:
        page.goto(url)
        page.fill("#reviewer", "Ann Reviewer")
        page.get_by_role("link", name="P02", exact=True).click()
        expect(page.locator("#flagpos")).to_have_text("– of 3 flagged")
        page.locator(".turns").click(position={"x": 5, "y": 5})  # focus leaves the name field
        seen = []
        for _ in range(4):
            page.keyboard.press("n")
            seen.append(page.locator(".item.current").inner_text())
        assert [s.split("\n")[0].rstrip("?") for s in seen] == ["3", "214", "yolanda", "3"]
        page.keyboard.press("p")  # back from the first flag: round to the last
        expect(page.locator(".item.current")).to_contain_text("yolanda")
        expect(page.locator("#detail h2")).to_have_text("Possible miss")
        page.keyboard.press("r")  # redact the focused miss (as NAME, the default)
        expect(page.locator("mark.red.cat-NAME", has_text="yolanda")).to_be_visible()
        expect(page.locator("#flagpos")).to_have_text("– of 2 flagged")
