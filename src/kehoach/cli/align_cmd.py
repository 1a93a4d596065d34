"""`kehoach align PARENT CHILD`: what a lower plan kept, adapted, added and left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kehoach.cli.app import app
from kehoach.cli.common import check_format, err_console
from kehoach.errors import KehoachError
from kehoach.model import Document
from kehoach.model.alignment import Alignment

FORMATS = ("table", "json", "html")
RELATION_LABELS = {"verbatim": "giữ nguyên", "adapted": "điều chỉnh", "added": "bổ sung"}
RELATION_STYLES = {"verbatim": "green", "adapted": "yellow", "added": "blue"}


def resolve_document(arg: str) -> Document:
    """The document named on the command line: a file path today.

    The store can extend this to ids and number_symbols (`39-KH/ĐUK`) by looking `arg`
    up before falling back to a path; callers only need a `Document` back.
    """
    from kehoach.pipeline import process_file

    path = Path(arg)
    if not path.is_file():
        raise KehoachError(f"Không tìm thấy tệp: {arg}", code="not_found", path=arg)
    return process_file(path)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(al: Alignment, console: Console) -> None:
    """Child unit by child unit, then omitted parent units, then coverage."""
    child_text = {u.id: u.text for u in al.units.get("child", [])}
    parent_text = {u.id: u.text for u in al.units.get("parent", [])}
    name = al.child.number_symbol or al.child.source or "văn bản cấp dưới"
    pname = al.parent.number_symbol or al.parent.source or "văn bản cấp trên"
    table = Table(title=f"{escape(str(name))} so với {escape(str(pname))}", show_lines=False)
    table.add_column("Mục", style="bold", no_wrap=True)
    table.add_column("Nội dung (cấp dưới)", overflow="fold", ratio=3)
    table.add_column("Quan hệ", no_wrap=True)
    table.add_column("Mục cấp trên", overflow="fold")
    table.add_column("Điểm", justify="right", no_wrap=True)
    for pair in al.pairs:
        style = RELATION_STYLES.get(pair.relation, "")
        label = RELATION_LABELS.get(pair.relation, pair.relation)
        table.add_row(
            escape(pair.child_id),
            escape(_short(child_text.get(pair.child_id, ""))),
            f"[{style}]{label}[/]",
            escape(", ".join(pair.parent_ids)) or "—",
            f"{pair.score:.2f}" if pair.parent_ids else "",
        )
    console.print(table)

    if al.omitted:
        omitted = Table(title=f"Mục cấp trên bị bỏ ({len(al.omitted)})")
        omitted.add_column("Mục", style="bold red", no_wrap=True)
        omitted.add_column("Nội dung (cấp trên)", overflow="fold")
        for pid in al.omitted:
            omitted.add_row(escape(pid), escape(_short(parent_text.get(pid, ""), 100)))
        console.print(omitted)
    else:
        console.print("[green]Không mục nào của văn bản cấp trên bị bỏ.[/]")

    cov = al.coverage
    rel = cov.relations
    console.print(
        f"[bold]Độ bao phủ:[/] {cov.overall:.0%} mục cấp trên được giữ hoặc điều chỉnh ({cov.kept}/{cov.parent_units})"
        f" — theo phần: " + ", ".join(f"{escape(sec)} {share:.0%}" for sec, share in cov.by_section.items())
    )
    console.print(
        f"[bold]Văn bản cấp dưới:[/] {rel.get('verbatim', 0)} giữ nguyên, {rel.get('adapted', 0)} điều chỉnh, "
        f"{rel.get('added', 0)} bổ sung; phần riêng {cov.child_own_share:.0%} số chữ."
    )
    for warning in al.warnings:
        console.print(f"[yellow]Lưu ý:[/] {escape(warning)}")


@app.command()
def align(
    parent: Annotated[str, typer.Argument(help="Văn bản cấp trên (tệp .txt, .pdf, .docx).")],
    child: Annotated[str, typer.Argument(help="Văn bản cấp dưới thực hiện văn bản cấp trên.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json | html")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Ghi kết quả ra tệp thay vì màn hình.")
    ] = None,
    annex: Annotated[
        bool, typer.Option("--annex", help="So sánh phụ lục (đề cương) thay vì phần chính.")
    ] = False,
) -> None:
    """So sánh văn bản cấp dưới với văn bản cấp trên: mục nào giữ nguyên, điều chỉnh, bổ sung, bị bỏ.

    Ví dụ: [bold]kehoach align kh-trung-uong.txt kh-huyen.txt --format html --out so-sanh.html[/]
    """
    from kehoach.align import align_documents

    check_format(format, FORMATS)
    try:
        parent_doc = resolve_document(parent)
        child_doc = resolve_document(child)
    except KehoachError as exc:
        err_console.print(f"[red]Lỗi[/] {escape(str(exc))} [dim]({exc.code})[/]")
        raise typer.Exit(1) from None
    alignment = align_documents(parent_doc, child_doc, annex=annex)

    if format == "json":
        text = json.dumps(alignment.to_public_dict(), ensure_ascii=False, indent=2) + "\n"
    elif format == "html":
        from kehoach.export.align_html import render_alignment_html

        text = render_alignment_html(alignment)
    else:
        if out is None:
            print_table(alignment, Console())
            return
        with out.open("w", encoding="utf-8") as fh:
            print_table(alignment, Console(file=fh, width=160, color_system=None))
        err_console.print(f"Đã ghi {escape(str(out))}")
        return
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        err_console.print(f"Đã ghi {escape(str(out))}")
