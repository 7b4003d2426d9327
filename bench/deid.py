"""De-identification benchmark: speed on a 10,000-word transcript and the scores on the marked sets.

The transcript is built from the unmarked text of shared/eval/deid_dev.txt and tests/data/deid_extra.txt,
repeated as interview paragraphs until it has the requested number of words. "Cold" includes building
the analyzer (spaCy, gazetteers); "warm" is a second run in the same process, which is what every
transcript after the first in a batch costs.

    .venv/bin/python bench/deid.py [--words 10000]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config, section_options  # noqa: E402
from pipeline.deid.options import DeidOptions  # noqa: E402
from pipeline.deid.stage import redact_text  # noqa: E402
from pipeline.deid.tags import TagBook  # noqa: E402
from tests.scoring import score_deid  # noqa: E402

MARKED = [ROOT.parent / "shared" / "eval" / "deid_dev.txt", ROOT / "tests" / "data" / "deid_extra.txt"]


def unmarked_paragraphs(path: Path) -> list[str]:
    body = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("#"))
    return [
        re.sub(r"\{\{[A-Z]+\|(.+?)\}\}", r"\1", p).strip() for p in re.split(r"\n\s*\n", body) if p.strip()
    ]


def build_transcript(words: int) -> str:
    paragraphs = [p for path in MARKED if path.is_file() for p in unmarked_paragraphs(path)]
    out, count, i = [], 0, 0
    while count < words:
        paragraph = paragraphs[i % len(paragraphs)]
        out.append(f"{'IP'[i % 2]}: {paragraph}")
        count += len(paragraph.split())
        i += 1
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=10_000)
    args = parser.parse_args()
    options = section_options(load_config(), "deid", DeidOptions)
    text = build_transcript(args.words)
    n_words = len(text.split())
    for run in ("cold", "warm"):
        began = time.perf_counter()
        _, ledger, _ = redact_text(text, options, TagBook())
        seconds = time.perf_counter() - began
        print(
            f"{run}: {n_words} words in {seconds:.2f} s = {n_words / seconds:,.0f} words/s, "
            f"{len(ledger)} redactions"
        )
    for path in MARKED:
        if path.is_file():
            figures, _ = score_deid(path)
            print(f"{path.name}: " + " ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
