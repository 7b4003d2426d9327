"""Write configs/month_names.txt: the names of the Gregorian months in every language the Unicode CLDR
covers (wide and abbreviated, as written in a date and standing alone), through Babel.

Dates in forms and letters are written in the writer's language ("9 Mac 2027", "Jänner 2027",
"14 มกราคม 2570"); a hand-kept list covers the few languages someone thought of. English names are
left out: the date recognizer reads those with their spoken forms. Read at run time from the file, not
from Babel, because going through Babel's 1,100 locales takes 1.6 s on this machine.

    .venv/bin/python bench/make_month_names.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel import Locale, __version__, localedata

TARGET = Path(__file__).resolve().parent.parent / "configs" / "month_names.txt"
HEADER = (
    "# Month names of the Gregorian calendar in every CLDR language but English, "
    "one per line, casefolded.\n"
    "# Source: Unicode CLDR through Babel {version} "
    "(bench/make_month_names.py writes this file; do not edit).\n"
    "# Licence: Unicode License v3 (CLDR data); Babel is BSD-3-Clause.\n"
)


def month_names() -> list[str]:
    names: set[str] = set()
    for identifier in localedata.locale_identifiers():
        if identifier == "en" or identifier.startswith("en_"):
            continue
        months = Locale.parse(identifier).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for name in months.get(context, {}).get(width, {}).values():
                    name = " ".join(name.casefold().split())
                    if sum(c.isalpha() for c in name) >= 3:  # "1-р сар" keeps; "m1" does not
                        names.add(name)
    return sorted(names)


def render() -> str:
    return HEADER.format(version=__version__) + "".join(f"{name}\n" for name in month_names())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not what CLDR gives")
    args = parser.parse_args()
    text = render()
    if args.check:
        return 0 if TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET}: {text.count(chr(10)) - 3} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
