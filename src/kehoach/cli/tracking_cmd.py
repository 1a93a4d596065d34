"""`kehoach duties`: who must do what under a plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kehoach.cli.app import app
from kehoach.errors import KehoachError

console = Console()
err_console = Console(stderr=True, soft_wrap=True)
FORMATS = ("table", "json")


@app.command()
def duties(
    plan: Annotated[Path, typer.Argument(help="Tệp Kế hoạch (.txt, .pdf, .docx).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Liệt kê nhiệm vụ của từng đơn vị trong phần Tổ chức thực hiện và bảng phân công."""
    from kehoach.pipeline import process_file
    from kehoach.tracking.duties import extract_duties

    if format not in FORMATS:
        err_console.print(f"[red]Định dạng không hỗ trợ: {format}. Chọn một trong: {', '.join(FORMATS)}.[/]")
        raise typer.Exit(2)
    try:
        doc = process_file(plan)
    except KehoachError as exc:
        err_console.print(f"[red]Lỗi[/] {plan}: {exc.message} [dim]({exc.code})[/]")
        raise typer.Exit(1) from None
    entries = extract_duties(doc)
    if format == "json":
        sys.stdout.write(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return
    if not entries:
        console.print("[yellow]Không tìm thấy đơn vị nào được giao nhiệm vụ trong văn bản này.[/]")
        return
    table = Table(title=f"Phân công thực hiện — {doc.number_symbol or plan.name}")
    for col in ("Mục", "Đơn vị", "Vai trò", "Số nhiệm vụ", "Nhiệm vụ đầu tiên", "Thời hạn"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.node_id, e.unit, e.role or "", str(len(e.duties)), e.duties[0][:70], e.deadline or "")
    console.print(table)
