"""`kehoach parse` and `kehoach schema`: one file in, the structured document out."""

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
from kehoach.cli.common import (
    OcrOption,
    PageProgress,
    QuietOption,
    check_format,
    check_ocr,
    console,
    err_console,
    expand_paths,
    load_documents,
    print_tree,
)
from kehoach.errors import KehoachError
from kehoach.model import Document

FORMATS = ("json", "md", "tree")


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Tệp .txt, .pdf hoặc .docx cần phân tích.")],
    format: Annotated[str, typer.Option("--format", "-f", help="json | md | tree")] = "json",
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Kèm toàn văn đã sửa và bản gốc (JSON).")
    ] = False,
    ocr: OcrOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Đọc, sửa lỗi trích xuất và phân tích văn bản thành dữ liệu có cấu trúc."""
    check_format(format, FORMATS)
    with PageProgress(quiet) as progress:
        results = load_documents(files, ocr=check_ocr(ocr), progress=progress)
    failed = False
    dumped = []
    for path, result in results:
        if isinstance(result, KehoachError):
            failed = True
            err_console.print(f"[red]Lỗi[/] {path}: {result.message} [dim]({result.code})[/]")
            continue
        if result.refusal:
            err_console.print(f"[yellow]Lưu ý[/] {path}: {result.refusal}")
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


SUMMARY_WIDE_FROM = 140
"""Below this many terminal columns (and without `--wide`) the summary folds type, number, date,
issuer and counts into one column, so it reads in an 80-column terminal."""


def _quality_cell(d: Document) -> str:
    return (
        f"{d.quality.score:.0%}"
        + (f" [yellow]kiểm tra: {escape(display.field_names(d.quality.check))}[/]" if d.quality.check else "")
        + (" [red]đáng ngờ[/]" if d.quality.doubts else "")
    )


def _short_title(d: Document, width: int) -> str:
    title = d.title or "—"
    return escape(title[:width] + ("…" if len(title) > width else ""))


def _summary_table(results: list, title: str, *, wide: bool) -> Table:
    table = Table(title=title, expand=not wide)  # narrow: the columns share the width by ratio
    table.add_column("Tệp", max_width=24 if wide else 16, overflow="fold")  # whole names: every file listed
    if wide:
        table.add_column("Loại")
        table.add_column("Cơ quan ban hành")
        table.add_column("Số, ký hiệu", no_wrap=True)
        table.add_column("Ngày", no_wrap=True)
        table.add_column("Trích yếu")
        for col in ("Mục", "Trích dẫn", "Nơi nhận", "Chất lượng"):
            table.add_column(col, justify="right")
    else:
        table.add_column("Văn bản", overflow="fold", ratio=4)
        table.add_column("Trích yếu", overflow="fold", ratio=3)
        table.add_column("Chất lượng", overflow="fold", ratio=2)
    blanks = [""] * (len(table.columns) - 2)
    for path, result in results:
        name = escape(path.name)
        if isinstance(result, KehoachError):
            table.add_row(name, f"[red]{escape(result.message)}[/] [dim]({result.code})[/]", *blanks)
            continue
        d = result
        if d.refusal:  # not an administrative document: its reason, no fields or quality to trust
            table.add_row(name, f"[yellow]{escape(d.refusal)}[/] [dim](not_a_plan)[/]", *blanks)
            continue
        n_nodes = sum(1 for n in d.nodes() if n.kind not in ("bullet", "plus"))
        counts = (n_nodes, len(d.references), len(d.recipients))
        if wide:
            table.add_row(
                name,
                escape(d.doc_type or "—"),
                escape(d.issuer or "—"),
                escape(d.number_symbol or "—"),
                display.date_short(d.date),
                _short_title(d, 48),
                *(str(c) for c in counts),
                _quality_cell(d),
            )
        else:
            head = " ".join(x for x in (d.doc_type, d.number_symbol) if x) or "—"
            table.add_row(
                name,
                f"[bold]{escape(head)}[/]\n{display.date_short(d.date)} · {escape(d.issuer or '—')}\n"
                f"[dim]{counts[0]} mục · {counts[1]} trích dẫn · {counts[2]} nơi nhận[/]",
                _short_title(d, 90),
                _quality_cell(d),
            )
    return table


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục.")],
    ocr: OcrOption = "auto",
    quiet: QuietOption = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Mỗi trường một cột, kể cả khi cửa sổ dòng lệnh hẹp.")
    ] = False,
) -> None:
    """Bảng tóm tắt: loại, số, ngày, cơ quan ban hành, trích yếu, số mục, trích dẫn, nơi nhận, chất lượng.

    Mọi tệp trong thư mục đều có một dòng: tệp không đọc được hiện lý do."""
    files = expand_paths(paths)
    with PageProgress(quiet) as progress:
        results = load_documents(files, ocr=check_ocr(ocr), progress=progress)
    failed = sum(1 for _, r in results if isinstance(r, KehoachError))
    refused = sum(1 for _, r in results if not isinstance(r, KehoachError) and r.refusal)
    title = f"{len(files)} tệp: {len(files) - failed - refused} đọc được, {failed} lỗi"
    title += f", {refused} không phải văn bản hành chính" if refused else ""
    console.print(_summary_table(results, title, wide=wide or console.width >= SUMMARY_WIDE_FROM))
