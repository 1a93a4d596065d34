"""`kehoach lint`: the mandatory elements of a document's format, present or not."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kehoach.cli.app import app
from kehoach.cli.common import check_format, console, read_or_exit

FORMATS = ("table", "json")
STATUS_VI = {
    "present": "[green]có[/]",
    "missing": "[red]thiếu[/]",
    "malformed": "[yellow]sai thể thức[/]",
    "not_applicable": "[dim]không áp dụng[/]",
}


@app.command()
def lint(
    file: Annotated[Path, typer.Argument(help="Tệp văn bản (.txt, .pdf, .docx, .md).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Kiểm tra các thành phần thể thức bắt buộc (HD 36-HD/VPTW hoặc NĐ 30/2020/NĐ-CP).

    Mã thoát 1 khi thiếu thành phần bắt buộc hoặc không đọc được tệp.
    """
    from kehoach.lint import lint_document

    check_format(format, FORMATS)
    doc = read_or_exit(file)
    report = lint_document(doc)
    if format == "json":
        out = {"file": str(file), **report.to_json()}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        system = (
            "văn bản Đảng (HD 36-HD/VPTW)" if report.system == "party" else "văn bản nhà nước (NĐ 30/2020)"
        )
        table = Table(title=f"Thể thức — {file.name}: {system}, {report.system_reason}")
        for col in ("Thành phần", "Bắt buộc", "Kết quả", "Giá trị / ghi chú", "Quy định"):
            table.add_column(col)
        for f in report.findings:
            detail = " — ".join(x for x in ((f.value or "")[:60], f.note or "") if x)
            table.add_row(f.label, "có" if f.mandatory else "", STATUS_VI[f.status], detail, f.rule)
        console.print(table)
        if report.ok:
            console.print("[green]Đủ các thành phần thể thức bắt buộc.[/]")
        else:
            missing = [f.label for f in report.findings if f.mandatory and f.status == "missing"]
            console.print(f"[red]Thiếu thành phần bắt buộc:[/] {', '.join(missing)}")
    if not report.ok:
        raise typer.Exit(1)
