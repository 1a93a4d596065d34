"""The import graph of `src/kehoach`: no cycle, no upward import (layers in docs/architecture.md).

Every import counts, at module level or inside a function; only `if TYPE_CHECKING:` blocks are
left out (they never run). A module may import its own layer and the layers below it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = SRC / "kehoach"

# Lowest first. A module belongs to the layer of its longest listed prefix.
LAYERS: list[tuple[str, ...]] = [
    (
        "kehoach.errors",
        "kehoach.vntext",
        "kehoach.mapped",
        "kehoach.model",
        "kehoach.procs",
        "kehoach.display",
    ),  # 0 words and records
    ("kehoach.patterns",),  # 1 the printed-text grammar
    (
        "kehoach.identity",
        "kehoach.levels",
        "kehoach.normalize",
        "kehoach.ingest",
    ),  # 2 keys, levels, repair, reading bytes
    (
        "kehoach.parse",
        "kehoach.refs",
        "kehoach.align",
        "kehoach.tracking",
        "kehoach.lint",
    ),  # 3 structure, citations, alignment, duties
    (
        "kehoach.pipeline",
        "kehoach.graph",
        "kehoach.export",
        "kehoach.testing",
        "kehoach.draft",
    ),  # 4 a file → Document
    ("kehoach.store",),  # 5 the store
    (
        "kehoach.cascade",
        "kehoach.scale",
        "kehoach.tracking.units",
        "kehoach.tracking.repo",
        "kehoach.tracking.report",
        "kehoach.tracking.view",
    ),  # 6 cascades (the coming issue 15); tracking data in the store: registry, activities, report
    ("kehoach.web", "kehoach.cli"),  # 7 faces: no domain rule
    ("kehoach",),  # 8 the front door (`kehoach/__init__.py`)
]

# Cycles allowed by name (none now); one that comes back fails `test_no_import_cycle`.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                skipped.update(id(n) for n in ast.walk(node))
    return skipped


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The kehoach modules `name` imports (anywhere in the file but `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kehoach")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base.split(".")[0] != "kehoach":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def layer_of(module: str) -> int:
    best, level = -1, None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), i
    if level is None:
        raise AssertionError(f"{module}: no layer; add it to LAYERS here and to docs/architecture.md")
    return level


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        layer_of(module)


def test_no_upward_import() -> None:
    upward = [
        f"{src} (layer {layer_of(src)}) imports {dst} (layer {layer_of(dst)})"
        for src, targets in sorted(_graph().items())
        for dst in sorted(targets)
        if dst != "kehoach" and layer_of(dst) > layer_of(src)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    cycles = [c for c in _cycles(_graph()) if frozenset(c) not in KNOWN_CYCLES]
    assert cycles == []


def test_known_cycles_are_still_there() -> None:
    """An allowed cycle that is gone must leave KNOWN_CYCLES (so that it cannot come back)."""
    present = {frozenset(c) for c in _cycles(_graph())}
    assert present >= KNOWN_CYCLES, KNOWN_CYCLES - present


def test_the_checker_sees_imports_inside_functions_and_cycles(tmp_path) -> None:
    """The walker itself: an import inside a function counts, TYPE_CHECKING ones do not."""
    pkg = tmp_path / "kehoach"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from kehoach import b\n")
    (pkg / "b.py").write_text("import kehoach.a\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kehoach import a\n"
    )
    modules = {_module_name_in(tmp_path, p): p for p in pkg.rglob("*.py")}
    graph = {n: _imports(n, p, modules) for n, p in modules.items()}
    assert graph["kehoach.a"] == {"kehoach.b"} and graph["kehoach.c"] == set()
    assert _cycles(graph) == [{"kehoach.a", "kehoach.b"}]


def _module_name_in(src: Path, path: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@pytest.mark.parametrize("face", ["kehoach.web", "kehoach.cli"])
def test_faces_import_no_parser_internals(face: str) -> None:
    """The web app and the CLI reach parsing, citations and matching only through the library's
    public functions (pipeline, graph, identity, store), never through parser internals."""
    internals = (
        "kehoach.parse.",
        "kehoach.refs.",
        "kehoach.normalize",
        "kehoach.patterns",
        "kehoach.ingest.",
    )
    bad = defaultdict(list)
    for src, targets in _graph().items():
        if src == face or src.startswith(face + "."):
            for dst in targets:
                if dst.startswith(internals):
                    bad[src].append(dst)
    assert dict(bad) == {}
