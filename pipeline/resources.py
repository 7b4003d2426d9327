"""Where the project's data folders (configs/, models/) are, in a checkout and in an installed wheel.

In a source checkout (and an editable install) they sit beside the package; a wheel carries copies under
pipeline/_data/ (see pyproject's force-include).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``configs`` or ``models`` that ships with this installation."""
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"qualscribe installation is incomplete: no {name}/ folder found")
