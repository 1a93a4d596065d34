"""`kehoach parse` and `kehoach schema`: one file in, the structured document out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from kehoach.cli import app
from kehoach.errors import KehoachError
from kehoach.model import Document, Node

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

FORMATS = ("json", "md", "tree")


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
    from kehoach.pipeline import process_file

    out: list[tuple[Path, Document | KehoachError]] = []
    for f in files:
        try:
            out.append((f, process_file(f)))
        except KehoachError as exc:
            out.append((f, exc))
    return out


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Tệp .txt, .pdf hoặc .docx cần phân tích.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json | md | tree")] = "json",
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Kèm toàn văn đã sửa và bản gốc (JSON).")
    ] = False,
) -> None:
    """Đọc, sửa lỗi trích xuất và phân tích văn bản thành dữ liệu có cấu trúc."""
    if format not in FORMATS:
        err_console.print(f"[red]Định dạng không hỗ trợ: {format}. Chọn một trong: {', '.join(FORMATS)}.[/]")
        raise typer.Exit(2)
    results = load_documents(files)
    failed = False
    dumped = []
    for path, result in results:
        if isinstance(result, KehoachError):
            failed = True
            err_console.print(f"[red]Lỗi[/] {path}: {result.message} [dim]({result.code})[/]")
            continue
        if format == "json":
            dumped.append(result.to_public_dict(with_text=with_text))
        elif format == "md":
            from kehoach.export.markdown import to_markdown

            sys.stdout.write(to_markdown(result))
        else:
            print_tree(result)
    if format == "json" and dumped:
        payload = dumped[0] if len(files) == 1 else dumped
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """In JSON Schema của mô hình Document."""
    sys.stdout.write(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục.")],
) -> None:
    """Bảng tóm tắt: cơ quan ban hành, số, ngày, trích yếu, số mục, trích dẫn, nơi nhận."""
    files = expand_paths(paths)
    table = Table(title=f"{len(files)} văn bản", show_lines=False)
    table.add_column("Tệp", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("Cơ quan ban hành")
    table.add_column("Số, ký hiệu", no_wrap=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Trích yếu")
    for col in ("Mục", "Trích dẫn", "Nơi nhận", "Chất lượng"):
        table.add_column(col, justify="right")
    for path, result in load_documents(files):
        if isinstance(result, KehoachError):
            table.add_row(path.name, f"[red]{result.message}[/]", "", "", "", "", "", "", "")
            continue
        d = result
        n_nodes = sum(1 for n in d.nodes() if n.kind not in ("bullet", "plus"))
        title = (d.title or "")[:48] + ("…" if d.title and len(d.title) > 48 else "")
        table.add_row(
            path.name[:16],
            d.issuer or "—",
            d.number_symbol or "—",
            d.date or "—",
            title,
            str(n_nodes),
            str(len(d.references)),
            str(len(d.recipients)),
            f"{d.quality.score:.0%}",
        )
    console.print(table)


SUFFIXES = {".txt", ".pdf", ".docx", ".html", ".htm"}


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders walked (sorted) for .txt/.pdf/.docx/.html files."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out
