"""No part of the package imports one that imports it back: the layers stay layers.

A cycle between two subpackages (once ``deid`` and ``review``: the stage imported the page's decisions,
the page imported the stage) means neither can be read, tested or replaced alone, and it is how a web
page's code ends up under a de-identification stage. The check reads the source with :mod:`ast` rather
than importing it, so it sees imports inside functions too (the lazy ones a run never reaches in a test)
and needs none of the heavy dependencies.

A node is what sits directly under ``pipeline``: ``pipeline.deid.decisions.store`` is ``deid``,
``pipeline.layout`` is ``layout``, ``pipeline.cli.run`` is ``cli``; ``pipeline/__init__.py`` is
``pipeline``. Only edges between different nodes count.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# an edge, and where it comes from: (importing node, imported node) → ["path:line", ...]
Edges = dict[tuple[str, str], list[str]]


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    """The dotted name of a source file under ``root`` (the package folder), and whether it is a package."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every module an AST imports (absolute dotted names, relative ones resolved), with its line.

    ``from a import b`` yields ``a.b`` as well as ``a``: ``b`` may be a submodule, and :func:`_node`
    decides whether it is one.
    """
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names if alias.name != "*"]
    return found


def _node(name: str, root: Path) -> str | None:
    """The node an imported module belongs to, or None if it is outside the package."""
    parts = name.split(".")
    if parts[0] != root.name:
        return None
    if len(parts) == 1:
        return root.name
    child = parts[1]
    if (root / f"{child}.py").is_file() or (root / child).is_dir():
        return child
    return root.name  # a name defined in the package's __init__.py


def import_graph(root: Path) -> Edges:
    """The edges between the package's nodes, each with the import lines that make it."""
    edges: Edges = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        module, is_package = _module_name(path, root)
        source = _node(module, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line in _imported(tree, module, is_package):
            target = _node(name, root)
            if target is not None and target != source and source is not None:
                place = f"{path.relative_to(root.parent)}:{line}"
                if place not in edges[(source, target)]:
                    edges[(source, target)].append(place)
    return dict(edges)


def strongly_connected(nodes: set[str], edges: Edges) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one node: each holds at least one cycle."""
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(succ[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return sorted(found)


def a_cycle(component: list[str], edges: Edges) -> list[str]:
    """One concrete cycle through a component's first node, by breadth-first search: ``a, b, ..., a``."""
    start = component[0]
    inside = set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for a, b in sorted(edges):
            if a != v or b not in inside:
                continue
            if b == start:
                return [*paths[v], start]
            if b not in paths:
                paths[b] = [*paths[v], b]
                queue.append(b)
    raise AssertionError(f"no cycle through {start} in {component}")  # a component always has one


def describe_cycles(root: Path) -> list[str]:
    """Every cycle of the package's import graph, one per component, with the imports that close it."""
    edges = import_graph(root)
    nodes = {n for edge in edges for n in edge}
    report = []
    for component in strongly_connected(nodes, edges):
        cycle = a_cycle(component, edges)
        lines = [" -> ".join(cycle) + f"   (component: {', '.join(component)})"]
        for a, b in pairwise(cycle):
            lines.append(f"    {a} -> {b}: {', '.join(edges[(a, b)][:3])}")
        report.append("\n".join(lines))
    return report


def test_the_package_has_no_import_cycles() -> None:
    cycles = describe_cycles(PACKAGE)
    assert not cycles, "import cycles between parts of pipeline:\n" + "\n".join(cycles)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # module level, absolute, both directions
        (
            {"a/__init__.py": "", "a/x.py": "from pkg.b import y\n", "b/y.py": "import pkg.a.x\n"},
            ["a -> b -> a"],
        ),
        # inside a function, relative imports from a subpackage's module and from a package's __init__
        (
            {
                "a/__init__.py": "from . import x\n",
                "a/x.py": "def f():\n    from ..b.y import g\n",
                "b/__init__.py": "",
                "b/y.py": "def g():\n    from ..a import x\n",
            },
            ["a -> b -> a"],
        ),
        # `from pkg import module` names the module's node; a longer cycle through three nodes
        (
            {"a.py": "from pkg import b\n", "b.py": "from pkg.c import z\n", "c/z.py": "import pkg.a\n"},
            ["a -> b -> c -> a"],
        ),
        # no cycle: a layering, and imports inside one node, and imports from outside the package
        (
            {"a/x.py": "from pkg.a import y\nimport json\n", "a/y.py": "from pkg.b import z\n", "b/z.py": ""},
            [],
        ),
    ],
)
def test_the_check_finds_cycles(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    root = _write(tmp_path / "pkg", files)
    found = [c.splitlines()[0].split("   ")[0] for c in describe_cycles(root)]
    assert found == expected
