"""`kehoach draft`: the implementing plan of a body, drafted from its parent plan."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from kehoach.cli.app import app
from kehoach.cli.common import console, err_console, read_or_exit
from kehoach.errors import KehoachError


@app.command()
def draft(
    parent: Annotated[Path, typer.Argument(help="Kế hoạch cấp trên (.txt, .pdf, .docx, .md).")],
    issuer: Annotated[
        str, typer.Option("--issuer", help="Cơ quan ban hành, vd. 'Ban Thường vụ Huyện ủy Đức Trọng'.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Tệp .docx kết quả.")],
    superior: Annotated[str | None, typer.Option("--superior", help="Cơ quan cấp trên in ở tiêu đề.")] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="Số văn bản (để trống nếu chưa cấp số).")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="Ngày ban hành YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Địa danh.")] = None,
    signer: Annotated[str | None, typer.Option("--signer", help="Họ tên người ký.")] = None,
    position: Annotated[
        str | None, typer.Option("--position", help="Chức vụ người ký, vd. 'PHÓ BÍ THƯ'.")
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", help="Quyền hạn ký, vd. 'T/M BAN THƯỜNG VỤ'.")
    ] = None,
    system: Annotated[
        str | None, typer.Option("--system", help="party | state (mặc định: theo cơ quan ban hành).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KEHOACH_DB",
            help="Kho có danh mục đơn vị (kehoach track-duties): đơn vị trực thuộc lấy từ đó.",
        ),
    ] = None,
) -> None:
    """Soạn dự thảo Kế hoạch thực hiện từ Kế hoạch cấp trên, đúng thể thức (.docx)."""
    from kehoach.draft import DraftSpec, draft_docx, units_source

    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        err_console.print(f"[red]Ngày không hợp lệ: {date}. Dùng dạng YYYY-MM-DD, vd. 2022-06-13.[/]")
        raise typer.Exit(2)
    if system not in (None, "party", "state"):
        err_console.print("[red]--system chỉ nhận party hoặc state.[/]")
        raise typer.Exit(2)
    doc = read_or_exit(parent)
    spec = DraftSpec(issuer=issuer, superior=superior, number=number, date=date, place=place, signer=signer,
                     position=position, authority=authority, system=system)  # fmt: skip
    if db:
        spec.units = _registry_units(db, issuer, superior)
    try:
        out.write_bytes(draft_docx(doc, spec))
    except OSError as exc:
        err_console.print(f"[red]Không ghi được tệp {out}: {exc.strerror}.[/]")
        raise typer.Exit(1) from None
    console.print(f"Đã soạn dự thảo {out} từ {doc.doc_type or 'văn bản'} {doc.number_symbol or parent.name}.")
    console.print(units_source(spec))


def _registry_units(db: str, issuer: str, superior: str | None) -> list[str]:
    from kehoach.store import open_store
    from kehoach.tracking.repo import Tracker

    try:
        store = open_store(db)
    except KehoachError as exc:
        err_console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(2) from None
    with store:
        return Tracker(store).units_below(issuer, superior)
