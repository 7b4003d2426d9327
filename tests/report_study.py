"""A study of many recordings for the report's test and benchmark: one real run's recording folder
copied under new codes, sources and hashes, each with an exported file in out/, so the report counts
every copy as its own recording without running the pipeline again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def copied_recordings(source: Path, work: Path, out: Path, count: int) -> list[str]:
    """Copy the recording folder ``source`` into ``work`` ``count`` times; the codes made, in order."""
    out.mkdir(parents=True, exist_ok=True)
    codes = []
    for i in range(1, count + 1):
        code, folder = f"P{i:02d}", work / f"rec{i:02d}"
        shutil.copytree(source, folder)
        identity = json.loads((folder / "recording.json").read_text())
        identity.update(code=code, source=f"/nowhere/rec{i:02d}.flac", sha256=f"{i:064x}")
        (folder / "recording.json").write_text(json.dumps(identity))
        stages = json.loads((folder / "stages.json").read_text())
        (out / f"{code}.txt").write_text("x")
        stages["stages"]["export"]["files"] = [str(out / f"{code}.txt")]
        stages["stages"].pop("media", None)
        (folder / "stages.json").write_text(json.dumps(stages))
        codes.append(code)
    return codes


def _shifted(item: dict, by: float, turns: int) -> dict:
    moved = {**item, "start": item["start"] + by, "end": item["end"] + by}
    if "words" in item:
        moved["words"] = [{**w, "start": w["start"] + by, "end": w["end"] + by} for w in item["words"]]
    if isinstance(item.get("turn"), int):
        moved["turn"] = item["turn"] + turns
    return moved


def lengthened(folder: Path, copies: int) -> None:
    """Make the folder's cleaned transcript and ledger ``copies`` times as long, the interview played
    again and again (turns, words, removals and redactions shifted in time and turn), so the report's
    benchmark draws timelines as busy as an hour-long interview's."""
    cleaned = json.loads((folder / "clean.json").read_text())
    ledger = json.loads((folder / "ledger.json").read_text())
    duration, count = cleaned["duration"], len(cleaned["turns"])
    turns, removals, entries = [], [], []
    for k in range(copies):
        turns += [_shifted(t, k * duration, 0) for t in cleaned["turns"]]
        removals += [_shifted(r, k * duration, k * count) for r in cleaned["removals"]]
        entries += [{**e, "turn": e["turn"] + k * count} for e in ledger["entries"]]
    cleaned.update(turns=turns, removals=removals, duration=duration * copies)
    ledger["entries"] = entries
    (folder / "clean.json").write_text(json.dumps(cleaned))
    (folder / "ledger.json").write_text(json.dumps(ledger))
