"""`kehoach parse` and `kehoach schema`: one file in, the structured document out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục.")],
    ocr: OcrOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Bảng tóm tắt: cơ quan ban hành, số, ngày, trích yếu, số mục, trích dẫn, nơi nhận.

    Mọi tệp trong thư mục đều có một dòng: tệp không đọc được hiện lý do."""
    files = expand_paths(paths)
    with PageProgress(quiet) as progress:
        results = load_documents(files, ocr=check_ocr(ocr), progress=progress)
    failed = sum(1 for _, r in results if isinstance(r, KehoachError))
    refused = sum(1 for _, r in results if not isinstance(r, KehoachError) and r.refusal)
    title = f"{len(files)} tệp: {len(files) - failed - refused} đọc được, {failed} lỗi"
    table = Table(title=title + (f", {refused} không phải văn bản hành chính" if refused else ""))
    table.add_column("Tệp", max_width=24, overflow="fold")  # whole names: every file is listed
    table.add_column("Cơ quan ban hành")
    table.add_column("Số, ký hiệu", no_wrap=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Trích yếu")
    for col in ("Mục", "Trích dẫn", "Nơi nhận", "Chất lượng"):
        table.add_column(col, justify="right")
    for path, result in results:
        if isinstance(result, KehoachError):
            table.add_row(
                path.name, f"[red]{result.message}[/] [dim]({result.code})[/]", "", "", "", "", "", "", ""
            )
            continue
        d = result
        if d.refusal:  # not an administrative document: its reason, no fields or quality to trust
            table.add_row(
                path.name, f"[yellow]{d.refusal}[/] [dim](not_a_plan)[/]", "", "", "", "", "", "", ""
            )
            continue
        n_nodes = sum(1 for n in d.nodes() if n.kind not in ("bullet", "plus"))
        title = (d.title or "")[:48] + ("…" if d.title and len(d.title) > 48 else "")
        table.add_row(
            path.name,
            d.issuer or "—",
            d.number_symbol or "—",
            d.date or "—",
            title,
            str(n_nodes),
            str(len(d.references)),
            str(len(d.recipients)),
            f"{d.quality.score:.0%}"
            + (f" [yellow]kiểm tra: {', '.join(d.quality.check)}[/]" if d.quality.check else "")
            + (" [red]đáng ngờ[/]" if d.quality.doubts else ""),
        )
    console.print(table)
