"""What the command groups share: consoles, printing an outline, reading files given on the
command line. No domain rule: reading is `kehoach.pipeline`'s, formats `store.consume`'s."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.tree import Tree

from kehoach.errors import KehoachError
from kehoach.model import Document, Node
from kehoach.pipeline import process_file
from kehoach.store.consume import SUPPORTED

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def _tree_label(node: Node) -> str:
    from rich.markup import escape

    text = node.text.split("\n")[0]
    if len(text) > 90:
        text = text[:87] + "…"
    style = {"section": "bold cyan", "item": "bold", "bullet": "dim", "plus": "dim"}.get(node.kind)
    label = f"[{style}]{escape(node.label)}[/]" if style else escape(node.label)
    return f"{label} {escape(text)}  [dim]#{node.id}[/]"


def _add(tree: Tree, node: Node) -> None:
    branch = tree.add(_tree_label(node))
    for child in node.children:
        _add(branch, child)


def print_tree(doc: Document) -> None:
    """The outline (and annex outlines) as an indented Rich tree."""
    title = f"{doc.doc_type or 'Văn bản'} {doc.number_symbol or '(chưa rõ số)'} — {doc.title or ''}"
    tree = Tree(f"[bold]{title}[/]")
    for node in doc.outline:
        _add(tree, node)
    for annex in doc.annexes:
        sub = tree.add(f"[bold magenta]{annex.title}[/]")
        for node in annex.outline:
            _add(sub, node)
    console.print(tree)


def load_documents(files: list[Path]) -> list[tuple[Path, Document | KehoachError]]:
    """Parse each file; a bad file yields its error instead of stopping the run."""
    out: list[tuple[Path, Document | KehoachError]] = []
    for f in files:
        try:
            out.append((f, process_file(f)))
        except KehoachError as exc:
            out.append((f, exc))
    return out


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders walked (sorted) for .txt/.pdf/.docx/.html files."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        else:
            out.append(p)
    return out
