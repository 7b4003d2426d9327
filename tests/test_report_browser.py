"""The study report in real Chromium (Debian's, driven by Playwright as tests/test_review_browser.py
does): it opens from the file alone, draws its charts, asks for nothing from elsewhere, and the table
it shows is the CSV's. A screenshot goes to $QUALSCRIBE_SCREENSHOTS (else the test's folder)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from pipeline.report import REPORT_CSV, REPORT_HTML
from tests.media_study import media_study
from tests.test_review_browser import CHROMIUM, CHROMIUM_ARGS, _require_browser

pytestmark = pytest.mark.slow


def test_the_report_opens_in_chromium_with_its_charts_and_the_csvs_numbers(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    study = media_study(tmp_path_factory)
    expected = list(csv.DictReader(io.StringIO((study / "out" / REPORT_CSV).read_text())))
    shots = Path(os.environ.get("QUALSCRIBE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((study / "out" / REPORT_HTML).as_uri())
            charts = page.locator("[data-chart] svg")
            assert charts.count() == 4  # durations, balance, redactions, P01's timeline
            for i in range(charts.count()):
                box = charts.nth(i).bounding_box()
                assert box and box["width"] > 300 and box["height"] > 50  # drawn, not empty
            assert page.locator("[data-chart=balance] text", has_text="participant").count() >= 1
            shown = page.eval_on_selector_all(
                "#figures tbody tr",
                "rows => rows.map(r => Object.fromEntries("
                "[...r.querySelectorAll('td')].map(c => [c.dataset.field, c.textContent])))",
            )
            assert shown == [{k: v for k, v in row.items()} for row in expected]
            assert "1 interview of" in page.locator("#methods").inner_text()
            page.screenshot(path=str(shots / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [(study / "out" / REPORT_HTML).as_uri()]  # the page alone, nothing else
