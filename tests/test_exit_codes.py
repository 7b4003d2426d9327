"""The README's table of exit codes is the truth about the error classes, and the other way round.

Scripts branch on exit codes, so a code that is not documented, or documented but never returned, is a
bug. The error classes are found by walking ``QualscribeError.__subclasses__`` after importing every
module under pipeline/ that defines an ``...Error`` class (found by reading the source, so a new module
cannot hide one, and without importing the heavy stages).
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import defaultdict

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import QualscribeError
from tests.conftest import ROOT

ROW = re.compile(r"^\| (\d+) \| (.+) \|$")
NOT_ERRORS = {0, 1, 130}  # success, failed recordings (and the base class), interrupted


def readme_codes() -> dict[int, str]:
    """Code → meaning, from the table under ``## Exit codes`` in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Exit codes\n" in text, "README.md has no '## Exit codes' section"
    section = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    codes: dict[int, str] = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            assert int(match[1]) not in codes, f"exit code {match[1]} is in the table twice"
            codes[int(match[1])] = match[2]
    return codes


def _defines_an_error(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            names = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
            if any(name.endswith("Error") for name in names):
                return True
    return False


def error_classes() -> list[type[QualscribeError]]:
    """QualscribeError and every subclass of it in the package, parents before children."""
    package = ROOT / "pipeline"
    for path in sorted(package.rglob("*.py")):
        if _defines_an_error(path.read_text(encoding="utf-8")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    found: list[type[QualscribeError]] = []
    pending: list[type[QualscribeError]] = [QualscribeError]
    while pending:
        cls = pending.pop(0)
        if cls not in found:
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found


def owner(cls: type[QualscribeError]) -> type[QualscribeError]:
    """The class that sets ``cls``'s exit code (itself, or the ancestor it inherits the code from)."""
    return next(c for c in cls.__mro__ if "exit_code" in vars(c))  # type: ignore[return-value]


def test_the_table_lists_success_failure_and_interruption() -> None:
    codes = readme_codes()
    assert set(codes) >= NOT_ERRORS
    assert list(codes) == sorted(codes), "keep the table in order of code"


def test_every_error_class_has_its_code_in_the_table_under_its_name() -> None:
    codes = readme_codes()
    classes = error_classes()
    assert len(classes) > 10  # the walk found the package's classes, not just the base
    for cls in classes:
        assert cls.exit_code in codes, f"{cls.__name__} exits {cls.exit_code}, which README.md does not list"
        name = owner(cls).__name__
        assert f"`{name}`" in codes[cls.exit_code], f"README.md's row {cls.exit_code} does not name {name}"


def test_every_error_code_in_the_table_is_returned_by_some_class() -> None:
    returned = {cls.exit_code for cls in error_classes()}
    for code in set(readme_codes()) - NOT_ERRORS:
        assert code in returned, f"README.md lists exit code {code}, which no error class has"


def test_unrelated_classes_share_a_code_only_where_the_table_names_them_all() -> None:
    """A child inherits its parent's code (SpeakerLinesError is a DocumentError); two classes that each
    set the same code would make it ambiguous, unless the table says that code means both."""
    codes = readme_codes()
    owners: dict[int, set[type]] = defaultdict(set)
    for cls in error_classes():
        owners[cls.exit_code].add(owner(cls))
    for code, setters in owners.items():
        if len(setters) > 1:
            names = sorted(c.__name__ for c in setters)
            assert all(f"`{n}`" in codes[code] for n in names), f"{names} all exit {code}"


def test_a_usage_error_exits_2_as_the_table_says() -> None:
    """Code 2 is also the command-line parser's: a missing argument."""
    result = CliRunner().invoke(app, ["codes", "show"])
    assert result.exit_code == 2 and "Missing argument" in result.output
    assert "usage error" in readme_codes()[2]
