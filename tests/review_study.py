"""A small study for the review tests, made by the real de-identification stage (Presidio, spaCy) from
written turns instead of audio, laid out as `qualscribe run` lays out a study: work/<stem>/clean.json,
ledger.json, recording.json, the tag book, and out/<code>.json."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pipeline.config import load_config, section_options
from pipeline.deid.decisions.store import load_edits
from pipeline.deid.ledger import save_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry
from pipeline.deid.stage import deidentify
from pipeline.deid.tags import TagBook
from pipeline.document import Transcript, Turn

INTERVIEWS = {
    "P01": [
        ("I", "interviewer", "Where did you do your clinical training?"),
        (
            "P",
            "participant",
            "At Riverside Counseling Center, a community clinic in Fresno, by the old mill.",
        ),
        ("I", "interviewer", "Who supported you?"),
        (
            "P",
            "participant",
            "My supervisor, Dr. Danielle Reyes. We met in a coffee shop every week.",
        ),
    ],
    "P02": [
        ("I", "interviewer", "Tell me about your placement."),
        (
            "P",
            "participant",
            "I was in Sheboygan, then at a community clinic near the old mill. Sheboygan is small.",
        ),
        ("I", "interviewer", "Who else was there?"),
        ("P", "participant", "There were 3 of us in room 214, and yolanda came too."),
    ],
}
ROSTER = [RosterEntry("Danielle Reyes", "NAME"), RosterEntry("Riverside Counseling Center", "ORG")]


def _transcript(stem: str, n: int, turns: list[tuple[str, str, str]]) -> Transcript:
    return Transcript(
        source=f"/study/recordings/{stem}.flac",
        sha256=f"{n:064x}",
        duration=10.0 * len(turns),
        engine="faster-whisper",
        model="tiny.en",
        language="en",
        turns=[
            Turn(i * 10.0, i * 10.0 + 8, text, speaker, role) for i, (speaker, role, text) in enumerate(turns)
        ],
    )


def make_study(root: Path, interviews: dict = INTERVIEWS) -> Path:
    """Write the study and run de-identification once; returns the study folder."""
    for n, (code, turns) in enumerate(interviews.items(), start=1):
        folder = root / "work" / f"interview{n}"
        folder.mkdir(parents=True, exist_ok=True)
        clean = _transcript(folder.name, n, turns)
        (folder / "clean.json").write_text(clean.to_json())
        record = {"code": code, "source": clean.source, "sha256": clean.sha256}
        (folder / "recording.json").write_text(json.dumps(record))
    rerun(root)
    return root


def rerun(root: Path) -> None:
    """De-identify every transcript again with the review's decisions, as the next `qualscribe run`
    does: the ledger, the tag book and out/<code>.json are rewritten."""
    options = section_options(load_config(), "deid", DeidOptions)
    work, out = root / "work", root / "out"
    out.mkdir(exist_ok=True)
    book = TagBook.load(work / "tags.json")
    for folder in sorted(p for p in work.iterdir() if (p / "recording.json").exists()):
        code = json.loads((folder / "recording.json").read_text())["code"]
        clean = Transcript.from_json((folder / "clean.json").read_text())
        shareable, ledger = deidentify(clean, options, book, ROSTER, edits=load_edits(work, code))
        save_ledger(folder / "ledger.json", clean.source, ledger)
        turns = [
            dataclasses.replace(t, speaker=code) if t.role == "participant" else t for t in shareable.turns
        ]
        (out / f"{code}.json").write_text(dataclasses.replace(shareable, source=code, turns=turns).to_json())
    book.save(work / "tags.json")


def look_at_every_flag(client, code: str, reviewer: str = "Ann") -> int:
    """Dismiss each open privacy flag of ``code`` through the page's API, as a reviewer who looked at
    each and found nothing to change (approval needs it); returns how many there were."""
    view = client.get(f"/api/transcripts/{code}").json()
    flags = [i["flag"] for i in view["items"] if i.get("flag") and not i["dismissed"]]
    for flag in flags:
        response = client.post(f"/api/transcripts/{code}/dismiss", json={"id": flag, "reviewer": reviewer})
        assert response.status_code == 200, response.text
    return len(flags)


def dismiss_every_flag(service, code: str, person: str = "Ann") -> int:
    """The same through the service itself (no server): every privacy flag and every check flag of
    ``code`` looked at and dismissed, as approval requires; returns how many there were."""
    view = service.transcript(code)
    privacy = [i["flag"] for i in view["items"] if i.get("flag") and not i["dismissed"]]
    for flag in privacy:
        service.dismiss(code, {"id": flag, "reviewer": person})
    check = [f.id for f in service.check.open_flags(code)]
    for flag in check:
        service.check.dismiss(code, {"flag": flag, "checker": person, "reviewer": person})
    return len(privacy) + len(check)
