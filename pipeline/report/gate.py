"""The report's leak gate, built from the private work folder alone (no passphrase needed).

The same identifiers as the export's gate (pipeline.batch.stages.export.gate): every ledger original of
every recording, every roster entry, and what links back to a recording (its sha256, file name and
stem), with the spelling variants of names. The participant codes come from each ``recording.json``
rather than the key file, so ``qualscribe report`` works without the passphrase.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.deid.leakgate import KnownIdentifier, LeakGate
from pipeline.deid.ledger import load_ledger
from pipeline.deid.options import DeidOptions
from pipeline.deid.roster import RosterEntry
from pipeline.deid.variants import VariantRules
from pipeline.deid.wordlists import zipf
from pipeline.layout import WorkLayout

ORDINARY_WORD_ZIPF = 3.0  # as the export's gate: a stem this common as a word names no one
# an SVG path's geometry as matplotlib writes it: commands (one letter each, never two together),
# numbers and white space. Drawn from numbers, it holds no word, and it is most of an hour's timeline
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_GEOMETRY = re.compile(rf'(?<= d=")(?:[MLHVCSQTAZmlhvcsqtaz](?![A-Za-z])|{_NUMBER}|[,\s])*+(?=")')


def _links(identity: dict, codes: set[str]) -> list[KnownIdentifier]:
    source = Path(str(identity.get("source", "")))
    links = [KnownIdentifier(str(identity.get("sha256", "")), "[the recording's sha256]")]
    if source.name:
        links.append(KnownIdentifier(source.name, "[the recording's file name]"))
    stem = source.stem
    if stem and stem not in codes and not (stem.isalpha() and zipf(stem.lower()) >= ORDINARY_WORD_ZIPF):
        links.append(KnownIdentifier(stem, "[the recording's file name]"))
    return links


def report_gate(layout: WorkLayout, roster: list[RosterEntry], deid: DeidOptions) -> LeakGate:
    """Every identifier the study knows, for checking the report before it is written."""
    known = [KnownIdentifier(r.value, f"[{r.category}]") for r in roster]
    identities = []
    for folder in layout.recordings():
        identities.append(json.loads(folder.identity.read_text(encoding="utf-8")))
        if folder.ledger.is_file():
            known += [KnownIdentifier(e.original, e.tag) for e in load_ledger(folder.ledger)]
    codes = {str(i.get("code", "")) for i in identities}
    for identity in identities:
        known += _links(identity, codes)
    return LeakGate(known, variants=VariantRules.from_options(deid))


def without_geometry(page: str) -> str:
    """The page as the gate reads it: every path's geometry blanked, its line breaks kept (the gate's
    message names a line). The ~100 bytes a drawn bar costs are numbers that can name no one, and
    reading them made checking an hour-long study's page take seconds."""
    return _GEOMETRY.sub(lambda m: "\n" * m.group(0).count("\n"), page)
