"""`kehoach refs` and `kehoach graph`: the documents a plan cites, and the citation graph of a set."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kehoach import display
from kehoach.cli.app import app
from kehoach.cli.common import check_format, console, err_console, expand_paths, load_documents
from kehoach.errors import KehoachError
from kehoach.graph import CitationGraph, build_graph
from kehoach.model import Document, Reference

RELATION_LABELS = {
    "implements": "thực hiện",
    "based_on": "căn cứ",
    "mentions": "nhắc đến",
    "self": "chính văn bản này",
}
REFS_FORMATS = ("table", "json")
GRAPH_FORMATS = ("json", "graphml", "dot")
CITED_BY_FORMATS = ("table", "json")


def _documents(paths: list[Path]) -> tuple[list[tuple[Path, Document]], bool]:
    """Parsed documents, and whether some file failed (each failure reported on one line)."""
    docs: list[tuple[Path, Document]] = []
    failed = False
    for path, result in load_documents(paths):
        if isinstance(result, KehoachError):
            failed = True
            err_console.print(
                f"[red]Lỗi[/] {escape(str(path))}: {escape(result.message)} [dim]({result.code})[/]"
            )
        else:
            docs.append((path, result))
    return docs, failed


def _cited(ref: Reference) -> str:
    """What the citation names, for a table cell."""
    if ref.kind == "named":
        return ref.title or ref.key
    if ref.kind == "incomplete":
        return f"… {ref.symbol or ''} (chưa điền số)"
    if ref.kind == "partial":
        return f"{ref.number} (thiếu ký hiệu)"
    return ref.number_symbol or ref.key


def _doc_type(ref: Reference) -> str:
    if ref.doc_type:
        return ref.doc_type
    return "Quyết định/Quy định?" if ref.doc_type_ambiguous else "—"


WIDE_FROM = 120
"""Below this many terminal columns (and without `--wide`) the table leaves out the key and the
context and puts type and number in one column, so it reads in an 80-column terminal."""


def _refs_table(path: Path, doc: Document, *, wide: bool = True) -> Table:
    own = f" — {doc.number_symbol}" if doc.number_symbol else ""
    cited = [r for r in doc.references if not r.programme]
    table = Table(title=f"Trích dẫn trong {escape(path.name)}{escape(own)}: {len(cited)} văn bản")
    if not wide:
        table.add_column("Văn bản", overflow="fold", ratio=2)
        table.add_column("Ngày", no_wrap=True)
        table.add_column("Cơ quan ban hành", overflow="fold", ratio=2)
        table.add_column("Quan hệ")
        table.add_column("Lần", justify="right")
        for ref in cited:
            relation = RELATION_LABELS.get(ref.relation, ref.relation)
            table.add_row(
                escape(f"{_doc_type(ref)} {_cited(ref)}"),
                display.date_short(ref.date),
                escape(ref.issuer or "—"),
                f"[bold]{relation}[/]" if ref.relation == "implements" else relation,
                str(ref.count),
            )
        return table
    table.add_column("Loại")
    table.add_column("Số, ký hiệu", overflow="fold", min_width=10)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Cơ quan ban hành")
    table.add_column("Khóa", no_wrap=True)
    table.add_column("Quan hệ")
    table.add_column("Số lần", justify="right")
    table.add_column("Ngữ cảnh (lần đầu)", ratio=1)
    for ref in cited:
        context = ref.context
        relation = RELATION_LABELS.get(ref.relation, ref.relation)
        if ref.relation == "implements":
            relation = f"[bold]{relation}[/]"
        table.add_row(
            escape(_doc_type(ref)),
            escape(_cited(ref)),
            display.date_short(ref.date),
            escape(ref.issuer or "—"),
            escape(ref.term or "—"),
            relation,
            str(ref.count),
            escape(context),
        )
    return table


def _programmes_table(doc: Document) -> Table:
    """Programmes, projects … the text names without a number: policies named, not documents cited."""
    named = [r for r in doc.references if r.programme]
    table = Table(title=f"Chương trình, đề án … được nêu tên (không có số, ký hiệu): {len(named)}")
    table.add_column("Loại")
    table.add_column("Tên", overflow="fold", ratio=1)
    table.add_column("Quan hệ")
    table.add_column("Số lần", justify="right")
    for ref in named:
        table.add_row(
            escape(_doc_type(ref)),
            escape(ref.title or ref.key),
            RELATION_LABELS.get(ref.relation, ref.relation),
            str(ref.count),
        )
    return table


def _refs_payload(path: Path, doc: Document) -> dict:
    return {
        "file": str(path),
        "number_symbol": doc.number_symbol,
        "references": [r.model_dump(mode="json") for r in doc.references],
    }


@app.command()
def refs(
    files: Annotated[list[Path], typer.Argument(help="Tệp .txt, .pdf hoặc .docx.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    wide: Annotated[
        bool, typer.Option("--wide", help="Đủ các cột (khóa, ngữ cảnh) kể cả khi cửa sổ dòng lệnh hẹp.")
    ] = False,
) -> None:
    """Liệt kê các văn bản được trích dẫn trong mỗi tệp: loại, số ký hiệu, ngày, cơ quan, quan hệ, số lần."""
    check_format(format, REFS_FORMATS)
    docs, failed = _documents(files)
    if format == "json":
        payload = [_refs_payload(p, d) for p, d in docs]
        if payload:
            out = payload[0] if len(files) == 1 else payload
            sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        for path, doc in docs:
            if any(not r.programme for r in doc.references):
                console.print(_refs_table(path, doc, wide=wide or console.width >= WIDE_FROM))
            else:
                console.print(f"{escape(path.name)}: không tìm thấy trích dẫn nào.")
            if any(r.programme for r in doc.references):
                console.print(_programmes_table(doc))
    if failed:
        raise typer.Exit(1)


@app.command()
def graph(
    paths: Annotated[
        list[Path], typer.Argument(help="Tệp hoặc thư mục (đọc mọi tệp .txt, .pdf, .docx bên trong).")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="json | graphml | dot (mặc định json); với --cited-by: table | json"
        ),
    ] = None,
    cited_by: Annotated[
        str | None,
        typer.Option(
            "--cited-by",
            help="Chỉ liệt kê các văn bản trích dẫn văn bản này, vd. 40-KH/TU hoặc 40-KH/TU@2022.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi ra tệp thay vì màn hình.")
    ] = None,
) -> None:
    """Đồ thị trích dẫn của một tập văn bản: mỗi văn bản một nút (văn bản ngoài tập được đánh dấu), mỗi trích dẫn một cạnh."""
    allowed = CITED_BY_FORMATS if cited_by is not None else GRAPH_FORMATS
    format = format or allowed[0]
    check_format(format, allowed)
    files = expand_paths(paths)
    if not files:
        err_console.print("[red]Không tìm thấy tệp .txt, .pdf hoặc .docx nào.[/]")
        raise typer.Exit(2)
    with err_console.status(f"Đang đọc {len(files)} tệp…"):
        docs, failed = _documents(files)
    g = build_graph(d for _, d in docs)
    if cited_by is not None:
        _print_cited_by(g, cited_by, format)
    else:
        text = {"json": g.to_json, "graphml": g.to_graphml, "dot": g.to_dot}[format]()
        if output:
            output.write_text(text, encoding="utf-8")
            missing = len(g.missing())
            err_console.print(
                f"Đã ghi {escape(str(output))}: {len(g.nodes) - missing} văn bản trong tập, "
                f"{missing} văn bản chỉ được trích dẫn, {len(g.edges)} trích dẫn."
            )
        else:
            sys.stdout.write(text)
    if failed:
        raise typer.Exit(1)


def _print_cited_by(g: CitationGraph, key: str, format: str) -> None:
    targets = g.resolve(key)
    if not targets:
        err_console.print(f"Không có văn bản nào trong tập trích dẫn {escape(key)}.")
        if format == "json":
            sys.stdout.write("[]\n")
        return
    edges = g.cited_by(key)
    if format == "json":
        rows = [
            {
                "source": e.source,
                "path": g.nodes[e.source].path,
                "target": e.target,
                "relation": e.relation,
                "count": e.count,
            }
            for e in edges
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    names = ", ".join(g.nodes[t].label for t in targets)
    table = Table(title=f"Các văn bản trích dẫn {escape(names)}: {len(edges)}")
    for col in ("Văn bản", "Tệp", "Quan hệ", "Số lần"):
        table.add_column(col, overflow="fold")
    for e in edges:
        node = g.nodes[e.source]
        table.add_row(
            escape(node.number_symbol or node.id),
            escape(Path(node.path).name if node.path else "—"),
            RELATION_LABELS.get(e.relation, e.relation),
            str(e.count),
        )
    console.print(table)
