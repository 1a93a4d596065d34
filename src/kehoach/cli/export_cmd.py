"""`kehoach export`: a document as JSON, Markdown, Akoma Ntoso XML, DOCX or printable HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.app import app
from kehoach.cli.common import check_format, err_console, read_or_exit

FORMATS = ("json", "md", "akn", "docx", "html")


@app.command()
def export(
    doc: Annotated[Path, typer.Argument(help="Tệp văn bản (.txt, .pdf, .docx, .md).")],
    format: Annotated[str, typer.Option("--format", "-f", help="json | md | akn | docx | html")] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Tệp kết quả (mặc định: in ra màn hình).")
    ] = None,
) -> None:
    """Xuất văn bản đã phân tích: JSON, Markdown, Akoma Ntoso 3.0, DOCX theo thể thức, HTML để in."""
    from kehoach.export import formats

    check_format(format, FORMATS)
    if format == "docx" and out is None:
        err_console.print("[red]Định dạng docx cần --out TỆP.docx.[/]")
        raise typer.Exit(2)
    document = read_or_exit(doc)
    data = formats.render(document, format)
    if out is not None:
        out.write_bytes(data)
        err_console.print(f"Đã ghi {out} ({len(data)} byte).")
    else:
        sys.stdout.write(data.decode("utf-8"))
