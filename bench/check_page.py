"""How fast the check view opens a 90-minute transcript, in real Chromium against the real review server.

The issue's bound: a 90-minute transcript opens in under 2 s. The sample interview (a 65 s stereo call)
is repeated until ``--minutes`` long: the recording itself (FLAC, streamed through PyAV, so the page's
player gets a real 90-minute file), and its raw and cleaned transcripts, ledger and speech regions
shifted with it, so the density of words and of places to listen is the sample's. The study it starts
from is made by ``qualscribe run`` on the sample (``--study`` to reuse one).

Measured, from the navigation's start in the page (``performance.now()``):

- *ready*: every word of the transcript is in the page and laid out (two frames painted);
- *interactive*: the first place to listen has been selected with the Next button, its panel shown;
- the check payload's size and the server's time for it, the scroll frames over the whole transcript.

    .venv/bin/python bench/check_page.py [--minutes 90] [--study STUDY] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import http.client
import json
import math
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_review_browser import PASSPHRASE, browser_page, review_server  # noqa: E402

CODE = "P01"
STAGES = '["transcribe", "correct", "clean", "code", "deidentify", "export"]'

READY = """async (expected) => {
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  while (document.querySelectorAll(".check .w[data-t]").length < expected) await frame();
  await frame(); await frame();
  const ready = performance.now();
  document.querySelector("#next").click();
  while (!check.flag || !document.querySelector("#cdetail #dismiss")) await frame();
  await frame();
  return {ready, interactive: performance.now(), flags: check.view.flags.length};
}"""

SCROLL = """async () => {
  const pane = document.querySelector(".transcript");
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const steps = 120, gaps = [];
  let last = performance.now();
  for (let i = 1; i <= steps; i++) {
    pane.scrollTop = (pane.scrollHeight - pane.clientHeight) * i / steps;
    await frame();
    const t = performance.now(); gaps.push(t - last); last = t;
  }
  gaps.sort((a, b) => a - b);
  return {median: gaps[steps >> 1], worst: gaps[steps - 1]};
}"""

# one correction, as a checker makes it: the word of the first uncertain flag replaced, until drawn again
CORRECT = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const flag = check.view.flags.find((f) => f.kind === "uncertain word");
  document.querySelector(`.check .w[data-t="${flag.turn}"][data-k="${flag.word}"]`).click();
  player().pause();
  const began = performance.now();
  document.querySelector("#fix-text").value = "corrected";
  document.querySelector("#replace").click();
  while (!document.querySelector(".check .turns .w.fixed")) await frame();
  await frame();
  return performance.now() - began;
}"""


def base_study(folder: Path) -> Path:
    """A study made by the real pipeline (tiny.en) on the sample call, as the check browser test makes."""
    root = folder / "base"
    env = {**os.environ, "QUALSCRIBE_KEY_PASSPHRASE": PASSPHRASE}
    cli = [sys.executable, "-m", "pipeline"]
    subprocess.run(
        [*cli, "init", str(root), "--roster", str(ROOT / "sample_audio" / "roster.csv")],
        check=True,
        env=env,
        capture_output=True,
    )
    shutil.copy(ROOT / "sample_audio" / "interview.flac", root / "recordings" / "a_call.flac")
    with (root / "qualscribe.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[run]\nstages = {STAGES}\n")
    subprocess.run(
        [*cli, "run", str(root), "-m", "tiny.en", "--progress", "quiet"],
        check=True,
        env=env,
        capture_output=True,
    )
    return root


def long_recording(source: Path, copies: int, target: Path) -> float:
    """``source`` repeated ``copies`` times into a FLAC at ``target``, streamed; one copy's seconds."""
    import av

    from pipeline.media.codec import decode_native

    samples, rate = decode_native(source)
    layout = "stereo" if samples.shape[0] == 2 else "mono"
    with av.open(str(target), "w") as container:
        stream = container.add_stream("flac", rate=rate, layout=layout)
        resampler = av.AudioResampler(format="s16", layout=layout, rate=rate)
        for k in range(copies):
            for start in range(0, samples.shape[1], 4096):
                chunk = samples[:, start : start + 4096].copy()
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
                frame.sample_rate, frame.pts = rate, k * samples.shape[1] + start
                for out in resampler.resample(frame):
                    container.mux(stream.encode(out))
        container.mux(stream.encode(None))
    return samples.shape[1] / rate


def repeated(transcript, copies: int, step: float, source: Path, sha256: str):
    """The transcript ``copies`` times over, each copy's turns and words ``step`` seconds later."""
    turns = []
    for k in range(copies):
        for t in transcript.turns:
            words = [dataclasses.replace(w, start=w.start + k * step, end=w.end + k * step) for w in t.words]
            turns.append(dataclasses.replace(t, start=t.start + k * step, end=t.end + k * step, words=words))
    return dataclasses.replace(
        transcript, turns=turns, duration=step * copies, source=str(source), sha256=sha256
    )


def lengthen(base: Path, folder: Path, minutes: float) -> tuple[Path, int]:
    """A copy of the study whose one recording is ``minutes`` long; returns it and its word count."""
    from pipeline.audio import file_sha256
    from pipeline.deid.ledger import load_ledger, save_ledger
    from pipeline.document import load_transcript
    from pipeline.layout import WorkLayout
    from pipeline.private import write_private

    study = folder / "long"
    shutil.copytree(base, study, symlinks=True)
    rec = next(r for r in WorkLayout(study / "work").recordings() if r.raw.is_file())
    identity = json.loads(rec.identity.read_text(encoding="utf-8"))
    original = Path(identity["source"])
    step = long_recording(original, 1, folder / "probe.flac")
    copies = math.ceil(minutes * 60 / step)
    source = study / "recordings" / f"long_{minutes:g}min.flac"
    long_recording(original, copies, source)
    (study / "recordings" / original.name).unlink()
    sha = file_sha256(source)
    raw = repeated(load_transcript(rec.raw), copies, step, source, sha)
    write_private(rec.raw, raw.to_json())
    clean = load_transcript(rec.cleaned)
    write_private(rec.cleaned, repeated(clean, copies, step, source, sha).to_json())
    entries = load_ledger(rec.ledger)
    turns = len(clean.turns)
    save_ledger(
        rec.ledger,
        str(source),
        [
            dataclasses.replace(e, turn=None if e.turn is None else e.turn + k * turns)
            for k in range(copies)
            for e in entries
        ],
    )
    speech = json.loads(rec.speech.read_text(encoding="utf-8"))["regions"]
    regions = [[a + k * step, b + k * step] for k in range(copies) for a, b in speech]
    write_private(rec.speech, json.dumps({"sha256": sha, "regions": regions}) + "\n")
    write_private(rec.identity, json.dumps({**identity, "source": str(source), "sha256": sha}))
    return study, sum(len(t.words) for t in raw.turns)


def payload(url: str) -> tuple[int, float]:
    """The check view's JSON as the page gets it: its size in bytes and the server's seconds for it."""
    parts = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(parts.query)["token"][0]
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    began = time.monotonic()
    connection.request(
        "GET", f"/api/check/{CODE}", headers={"Cookie": f"qualscribe_review_{parts.port}={token}"}
    )
    response = connection.getresponse()
    body = response.read()
    seconds = time.monotonic() - began
    connection.close()
    assert response.status == 200, body[:200]
    return len(body), seconds


def in_browser(url: str, words: int) -> dict[str, float]:
    """Open the check view in a fresh document and time it (ms from the navigation's start), scroll
    through it, then make one correction."""
    with browser_page() as page:
        page.goto(url)  # the token becomes a cookie; the overview is what a checker opens first
        page.wait_for_selector("table.study")
        page.fill("#reviewer", "Bench Checker")
        page.goto("about:blank")
        page.goto(url.split("?")[0] + f"#/c/{CODE}", wait_until="commit")
        times = page.evaluate(READY, words)
        api = page.evaluate(
            f"performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/check/{CODE}'))"
            ".responseEnd"
        )
        scroll = page.evaluate(SCROLL)
        correction = page.evaluate(CORRECT)
        assert not page.errors, page.errors
    return {**times, "api": api, "correction": correction, **{f"scroll_{k}": v for k, v in scroll.items()}}


def profile(study: Path) -> None:
    """Where the server's time for the check payload goes (cProfile, top 15 by cumulative time)."""
    from pipeline.review.study import open_study

    service = open_study(study)
    profiler = cProfile.Profile()
    profiler.enable()
    body = json.dumps(service.check.view(CODE))
    profiler.disable()
    print(f"payload built in-process: {len(body) / 1e6:.2f} MB")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=90)
    parser.add_argument("--study", type=Path, help="a study made by `qualscribe run` on the sample call")
    parser.add_argument("--profile", action="store_true", help="profile the payload's building too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.study or base_study(Path(tmp))
        study, words = lengthen(base, Path(tmp), args.minutes)
        if args.profile:
            profile(study)
        with review_server(study) as url:
            size, seconds = payload(url)
            b = in_browser(url, words)
    print(
        f"{args.minutes:g} min, {words} words, {b['flags']:.0f} places to listen; "
        f"payload {size / 1e6:.2f} MB, built and sent by the server in {seconds * 1000:.0f} ms\n"
        f"check view: payload received {b['api']:.0f} ms, every word laid out {b['ready']:.0f} ms, "
        f"first flag selected {b['interactive']:.0f} ms after navigation (bound 2000 ms)\n"
        f"scrolling the whole transcript: median frame {b['scroll_median']:.0f} ms, "
        f"worst {b['scroll_worst']:.0f} ms; one correction saved and drawn again: {b['correction']:.0f} ms"
    )


if __name__ == "__main__":
    main()
