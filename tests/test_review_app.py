"""The review page's app in process (Starlette's test client): the guard, the views, the decisions,
approvals and their status across a rerun. Real de-identification makes the study (tests/review_study.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.deid.decisions.approval import APPROVED, CHANGED, PENDING, approved_codes, statuses
from pipeline.deid.decisions.store import read_audit
from pipeline.review.app import SCRIPTS, build_app, cookie_name
from pipeline.review.app import STATIC as SERVED
from pipeline.review.study import open_study
from tests.review_study import ROSTER, look_at_every_flag, rerun

TOKEN = "test-token-Zq3"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
STATIC = Path(__file__).resolve().parent.parent / "pipeline" / "review" / "static"


@pytest.fixture
def study(review_study: Path) -> Path:
    return review_study


def _client(study: Path, **kwargs) -> TestClient:
    service = open_study(study)
    service.roster = ROSTER
    return TestClient(build_app(service, TOKEN, PORT), base_url=BASE, follow_redirects=False, **kwargs)


@pytest.fixture
def client(study: Path) -> TestClient:
    c = _client(study)
    c.cookies.set(cookie_name(PORT), TOKEN)
    return c


def _find(view: dict, text: str, kind: str = "redaction") -> dict:
    return next(i for i in view["items"] if i["kind"] == kind and i["text"] == text)


def _decide(client: TestClient, code: str, item: dict, action: str, **extra) -> dict:
    body = {k: item[k] for k in ("turn", "start", "end", "text")}
    response = client.post(
        f"/api/transcripts/{code}/decisions", json={"action": action, "reviewer": "Ann", **body, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()


def _place(view: dict, turn: int, text: str) -> dict:
    at = view["turns"][turn]["text"].index(text)
    return {"turn": turn, "start": at, "end": at + len(text), "text": text}


# --- the guard ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/study", "/api/transcripts/P01", "/static/app.js"])
def test_requests_without_the_token_are_refused(study: Path, path: str) -> None:
    client = _client(study)
    assert client.get(path).status_code == 403
    assert client.get(path, params={"token": "wrong"}).status_code == 403
    client.cookies.set(cookie_name(PORT), "wrong")
    refused = client.get(path)
    assert refused.status_code == 403 and "token" in refused.text
    assert "Fresno" not in refused.text


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9999", "192.168.1.5"])
def test_requests_naming_another_host_are_refused_even_with_the_token(client: TestClient, host: str) -> None:
    response = client.get("/api/study", headers={"host": host})
    assert response.status_code == 403 and "Host" in response.text
    assert client.get("/api/study", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_the_token_url_sets_a_strict_cookie_and_leaves_the_address_bar(study: Path) -> None:
    client = _client(study)
    response = client.get("/", params={"token": TOKEN})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{cookie_name(PORT)}={TOKEN}") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    page = client.get("/")  # the client keeps the cookie, as a browser does
    assert page.status_code == 200 and "<title>Privacy review" in page.text


def test_changes_must_be_json_from_the_page_itself(client: TestClient) -> None:
    form = client.post("/api/transcripts/P01/approve", data={"reviewer": "Mallory"})
    assert form.status_code == 403
    foreign = client.post(
        "/api/transcripts/P01/approve",
        json={"reviewer": "Mallory"},
        headers={"origin": "http://evil.example"},
    )
    assert foreign.status_code == 403
    refused = client.post("/api/transcripts/P01/approve", json={"reviewer": "Ann"}, headers={"origin": BASE})
    assert refused.status_code == 409 and "flagged item(s) remain" in refused.json()["error"]
    assert look_at_every_flag(client, "P01") > 0
    assert client.get("/api/transcripts/P01").json()["open"] == 0
    own = client.post("/api/transcripts/P01/approve", json={"reviewer": "Ann"}, headers={"origin": BASE})
    assert own.status_code == 200 and own.json()["status"] == APPROVED


def test_the_page_loads_nothing_from_elsewhere_and_is_not_cached(client: TestClient) -> None:
    names = sorted(p.name for p in STATIC.iterdir())
    assert {"index.html", "app.js", "check.js", "style.css"} <= set(names)
    for name in names:
        text = (STATIC / name).read_text()
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE), name
        assert "@import" not in text and "url(" not in text
    response = client.get("/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/api/transcripts/P01").headers["cache-control"] == "no-store"
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    # a source file that exists beside the static folder is not served, by a plain or an encoded path
    assert (STATIC.parent / "service.py").is_file()
    assert client.get("/static/../../review/service.py").status_code == 404
    assert client.get("/static/..%2Fservice.py").status_code == 404


def test_every_script_and_style_of_the_page_is_served_in_the_order_it_loads(client: TestClient) -> None:
    """The page is split into scripts with one job each; one left out of the served list, or loaded in
    the wrong order (app.js starts the page and needs the others), would break the page."""
    index = client.get("/").text
    scripts = re.findall(r'<script src="/static/([\w.]+)" defer></script>', index)
    assert scripts == list(SCRIPTS) and scripts[0] == "page.js" and scripts[-1] == "app.js"
    styles = re.findall(r'<link rel="stylesheet" href="/static/([\w.]+)">', index)
    on_disk = {p.name for p in STATIC.iterdir() if p.suffix in (".js", ".css")}
    assert set(scripts) | set(styles) == on_disk == set(SERVED)
    for name in on_disk:
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and response.content == (STATIC / name).read_bytes(), name
        assert response.headers["content-type"] == SERVED[name]
        assert "'self'" in response.headers["content-security-policy"]
    assert client.get("/static/index.html").status_code == 404  # only through /


# --- views --------------------------------------------------------------------------------------------


def test_the_overview_lists_each_transcript_with_counts_and_status(client: TestClient) -> None:
    study = client.get("/api/study").json()
    rows = {t["code"]: t for t in study["transcripts"]}
    assert list(rows) == ["P01", "P02"]
    assert rows["P01"]["counts"] == {"NAME": 1, "ORG": 1, "PLACE": 1}
    assert rows["P02"]["counts"] == {"PLACE": 2}
    assert rows["P01"]["status"] == PENDING and rows["P01"]["approval"] is None
    assert {"low_confidence", "misses", "kept", "redactions"} <= set(rows["P01"])


def test_the_transcript_view_has_the_text_redactions_and_originals(client: TestClient) -> None:
    view = client.get("/api/transcripts/P01").json()
    assert view["turns"][1]["text"].startswith("At Riverside Counseling Center, a community clinic in Fresno")
    fresno = _find(view, "Fresno")
    assert fresno["category"] == "PLACE" and fresno["tag"] == "[PLACE 1]"
    assert view["turns"][1]["text"][fresno["start"] : fresno["end"]] == "Fresno"
    assert _find(view, "Danielle Reyes")["recognizer"] == "RosterRecognizer"
    assert client.get("/api/transcripts/P99").status_code == 404


# --- decisions ----------------------------------------------------------------------------------------


def test_a_decision_is_saved_at_once_audited_and_kept_across_a_restart(
    study: Path, client: TestClient
) -> None:
    view = client.get("/api/transcripts/P01").json()
    after = _decide(client, "P01", _find(view, "Fresno"), "unredact", category="PLACE")
    assert _find(after, "Fresno", "kept")["decision"]["reviewer"] == "Ann"
    assert not any(i["kind"] == "redaction" and i["text"] == "Fresno" for i in after["items"])
    saved = json.loads((study / "work" / "review" / "decisions.json").read_text())
    assert saved["transcripts"]["P01"]["decisions"][0] | {"time": ""} == {
        "action": "unredact",
        "text": "Fresno",
        "category": "PLACE",
        "turn": 1,
        "start": fresno_start(view),
        "end": fresno_start(view) + 6,
        "reviewer": "Ann",
        "time": "",
    }
    [entry] = read_audit(study / "work")
    assert (entry["reviewer"], entry["event"], entry["code"]) == ("Ann", "decide", "P01")
    assert entry["decision"]["text"] == "Fresno" and entry["time"]
    # a new server on the same study (a restart) shows the decision
    again = _client(study)
    again.cookies.set(cookie_name(PORT), TOKEN)
    assert _find(again.get("/api/transcripts/P01").json(), "Fresno", "kept")


def fresno_start(view: dict) -> int:
    return view["turns"][1]["text"].index("Fresno")


def test_a_selected_span_redacted_study_wide_reaches_every_transcript(
    study: Path, client: TestClient
) -> None:
    view = client.get("/api/transcripts/P01").json()
    after = _decide(client, "P01", _place(view, 1, "old mill"), "redact", category="PLACE", study_wide=True)
    added = [i for i in after["items"] if i["kind"] == "redaction" and i["text"] == "old mill"]
    assert len(added) == 1 and added[0]["recognizer"] == "reviewer" and added[0]["decision"]["study_wide"]
    other = client.get("/api/transcripts/P02").json()
    assert _find(other, "old mill")["category"] == "PLACE"
    # and the next run's export carries it, in both transcripts
    rerun(study)
    for code in ("P01", "P02"):
        text = json.loads((study / "out" / f"{code}.json").read_text())
        assert "old mill" not in " ".join(t["text"] for t in text["turns"])


def test_a_category_change_and_its_undo(client: TestClient) -> None:
    view = client.get("/api/transcripts/P01").json()
    after = _decide(client, "P01", _find(view, "Fresno"), "category", category="ORG")
    changed = _find(after, "Fresno")
    assert changed["category"] == "ORG" and changed["was"] == "PLACE"
    undo = client.post("/api/transcripts/P01/undo", json={**changed["decision"], "reviewer": "Ann"})
    assert undo.status_code == 200
    assert _find(undo.json(), "Fresno")["category"] == "PLACE"
    assert (
        client.post("/api/transcripts/P01/undo", json={**changed["decision"], "reviewer": "Ann"}).status_code
        == 400
    )


def test_unredacting_a_roster_entry_is_refused(client: TestClient) -> None:
    view = client.get("/api/transcripts/P01").json()
    item = _find(view, "Danielle Reyes")
    body = {k: item[k] for k in ("turn", "start", "end", "text")}
    response = client.post(
        "/api/transcripts/P01/decisions", json={"action": "unredact", "reviewer": "Ann", **body}
    )
    assert response.status_code == 409 and "roster" in response.json()["error"]


def test_unredacting_one_of_two_occurrences_is_refused_study_wide_is_not(client: TestClient) -> None:
    view = client.get("/api/transcripts/P02").json()
    first, _ = (i for i in view["items"] if i["text"] == "Sheboygan")
    body = {k: first[k] for k in ("turn", "start", "end", "text")}
    refused = client.post(
        "/api/transcripts/P02/decisions", json={"action": "unredact", "reviewer": "Ann", **body}
    )
    assert refused.status_code == 409 and "every occurrence" in refused.json()["error"]
    kept = _decide(client, "P02", first, "unredact", study_wide=True)
    assert len([i for i in kept["items"] if i["text"] == "Sheboygan" and i["kind"] == "kept"]) == 2


def test_unredacting_a_reviewers_redaction_replaces_or_points_to_its_undo(client: TestClient) -> None:
    view = client.get("/api/transcripts/P01").json()
    spot = _place(view, 1, "old mill")
    added = _decide(client, "P01", spot, "redact", category="PLACE")
    assert _find(added, "old mill")["recognizer"] == "reviewer"
    # the same span: the newer decision replaces the older
    kept = _decide(client, "P01", spot, "unredact")
    assert [d["action"] for d in kept["decisions"]] == ["unredact"] and _find(kept, "old mill", "kept")
    # a study-wide redaction cannot be lifted at one place: the page says to undo it
    _decide(client, "P01", spot, "redact", category="PLACE", study_wide=True)
    refused = client.post(
        "/api/transcripts/P01/decisions", json={"action": "unredact", "reviewer": "Ann", **spot}
    )
    assert refused.status_code == 409 and "undo" in refused.json()["error"]


@pytest.mark.parametrize(
    "change",
    [
        {"reviewer": ""},
        {"text": "Fresnx"},
        {"start": -1},
        {"turn": 99},
        {"category": "PERSON", "action": "redact"},
    ],
)
def test_a_malformed_decision_is_refused_and_not_saved(study: Path, client: TestClient, change: dict) -> None:
    view = client.get("/api/transcripts/P01").json()
    item = _find(view, "Fresno")
    body = {"action": "unredact", "reviewer": "Ann", **{k: item[k] for k in ("turn", "start", "end", "text")}}
    response = client.post("/api/transcripts/P01/decisions", json={**body, **change})
    assert response.status_code == 400 and response.json()["error"]
    assert not (study / "work" / "review" / "decisions.json").exists()


# --- approval -----------------------------------------------------------------------------------------


def test_approval_holds_across_a_rerun_that_applies_the_decisions(study: Path, client: TestClient) -> None:
    work = study / "work"
    view = client.get("/api/transcripts/P01").json()
    _decide(client, "P01", _find(view, "Fresno"), "unredact", category="PLACE")
    _decide(client, "P01", _place(view, 1, "community clinic"), "redact", category="ORG", study_wide=True)
    look_at_every_flag(client, "P01")
    approved = client.post("/api/transcripts/P01/approve", json={"reviewer": "Ann"}).json()
    assert approved["status"] == APPROVED and approved["approval"]["reviewer"] == "Ann"
    assert statuses(work) == {"P01": APPROVED, "P02": PENDING}
    # the next run applies the decisions: out/P01.json and the ledger change, the approved text does not
    before = (study / "out" / "P01.json").read_text()
    rerun(study)
    assert (study / "out" / "P01.json").read_text() != before
    assert approved_codes(work) == {"P01"}
    # a new decision that changes the text does
    view = client.get("/api/transcripts/P01").json()
    _decide(client, "P01", _place(view, 3, "coffee shop"), "redact", category="ORG")
    assert statuses(work)["P01"] == CHANGED
    assert client.get("/api/study").json()["transcripts"][0]["status"] == CHANGED
    assert approved_codes(work) == set()


def test_a_study_wide_decision_changes_only_the_transcripts_it_touches(
    study: Path, client: TestClient
) -> None:
    for code in ("P01", "P02"):
        look_at_every_flag(client, code)
        client.post(f"/api/transcripts/{code}/approve", json={"reviewer": "Ann"})
    view = client.get("/api/transcripts/P01").json()
    _decide(client, "P01", _place(view, 3, "coffee shop"), "redact", category="ORG", study_wide=True)
    assert statuses(study / "work") == {"P01": CHANGED, "P02": APPROVED}
    events = [e["event"] for e in read_audit(study / "work") if e["event"] != "dismiss"]
    assert events == ["approve", "approve", "decide"]


# --- flags, moved text, the command ---------------------------------------------------------------------


def test_a_low_scored_redaction_is_flagged_and_counted(study: Path, client: TestClient) -> None:
    ledger_path = study / "work" / "interview1" / "ledger.json"
    ledger = json.loads(ledger_path.read_text())
    for entry in ledger["entries"]:
        if entry["original"] == "Fresno":
            entry["score"] = 0.4  # as a guessing recognizer scores a weak find
    ledger_path.write_text(json.dumps(ledger))
    view = client.get("/api/transcripts/P01").json()
    assert _find(view, "Fresno")["low"] and not _find(view, "Danielle Reyes")["low"]
    assert view["low_confidence"] == 1


def test_a_decision_follows_its_text_when_a_rerun_moves_it_and_is_stale_when_it_is_gone(
    study: Path, client: TestClient
) -> None:
    view = client.get("/api/transcripts/P01").json()
    _decide(client, "P01", _place(view, 3, "coffee shop"), "redact", category="ORG")
    clean_path = study / "work" / "interview1" / "clean.json"
    clean = json.loads(clean_path.read_text())
    clean["turns"][3]["text"] = "Well, " + clean["turns"][3]["text"]  # a re-transcription moved it
    clean_path.write_text(json.dumps(clean))
    moved = client.get("/api/transcripts/P01").json()
    shop = _find(moved, "coffee shop")
    assert (shop["turn"], shop["start"]) == (3, view["turns"][3]["text"].index("coffee shop") + 6)
    assert moved["stale"] == []
    clean["turns"][3]["text"] = clean["turns"][3]["text"].replace("coffee shop", "diner")
    clean_path.write_text(json.dumps(clean))
    gone = client.get("/api/transcripts/P01").json()
    assert [d["text"] for d in gone["stale"]] == ["coffee shop"]


def test_the_review_command_needs_a_processed_study(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["review", str(tmp_path / "nowhere"), "--no-browser"])
    assert result.exit_code == 5 and "not a study folder" in result.stderr
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["review", str(tmp_path / "empty"), "--no-browser"])
    assert result.exit_code == 5 and "run `qualscribe run`" in result.stderr
