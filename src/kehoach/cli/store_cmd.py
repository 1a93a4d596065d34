"""`kehoach ingest`, `ls`, `show`, `search`, `stats`, `reindex`, `failures`: the store from the
command line.

Only presentation lives here; every query is a `kehoach.store.Store` method.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kehoach import display
from kehoach.cli.app import app
from kehoach.cli.common import (
    STAGE_LABELS,
    OcrOption,
    QuietOption,
    check_format,
    check_ocr,
    console,
    err_console,
)
from kehoach.errors import KehoachError

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="KEHOACH_DB",
        help="URL cơ sở dữ liệu hoặc đường dẫn tệp SQLite (mặc định: kehoach.db).",
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table | json")]
IssuerOption = Annotated[
    str | None, typer.Option("--issuer", help="Cơ quan ban hành (có dấu hay không đều được).")
]
YearOption = Annotated[int | None, typer.Option("--year", help="Năm ban hành.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="Loại văn bản: 'Kế hoạch' hoặc ký hiệu 'KH'.")]
LEVEL_LABELS = {"central": "Trung ương", "province": "Tỉnh", "district": "Huyện", "grassroots": "Cơ sở"}


def _open(db: str | None) -> Any:
    from kehoach.store import open_store

    try:
        return open_store(db)
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/]")
        raise typer.Exit(2) from exc


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _filters(issuer: str | None, year: int | None, doc_type: str | None, **more: Any) -> dict[str, Any]:
    values = {"issuer": issuer, "year": year, "type": doc_type, **more}
    return {k: v for k, v in values.items() if v not in (None, "", False)}


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


class FilePageBars:
    """The page bars of the files being read under the ingest bar: one per file, at most `slots`
    (one per worker: each reads its files one after the other, so a file over the count is
    the oldest one, already read); a file's bar goes when its outcome comes."""

    def __init__(self, progress: Progress, slots: int) -> None:
        self.progress, self.slots = progress, max(1, slots)
        self.tasks: dict[str, Any] = {}  # path → Rich task, oldest first

    def update(self, path: str, done: int, total: int, stage: str) -> None:
        if path not in self.tasks:
            while len(self.tasks) >= self.slots:
                self.finish(next(iter(self.tasks)))
            self.tasks[path] = self.progress.add_task("", total=total, unit="trang", mb="", counts="")
        label = f"  {escape(Path(path).name)}: {STAGE_LABELS.get(stage, stage)}"
        self.progress.update(self.tasks[path], total=total, completed=done, description=label)
        if done in (1, total):  # drawn now at a stage's first and last page, whatever the timer
            self.progress.refresh()

    def finish(self, path: str) -> None:
        task = self.tasks.pop(path, None)
        if task is not None:
            self.progress.remove_task(task)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục (duyệt cả thư mục con).")],
    db: DbOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Số tiến trình phân tích (mặc định: số nhân CPU).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Lưu cả tệp không phải văn bản hành chính (loại “other”, kèm cảnh báo)."
        ),
    ] = False,
    ocr: OcrOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Nạp văn bản vào kho: phân tích song song, mỗi văn bản một giao dịch, bỏ qua văn bản đã có.

    Tệp lỗi được ghi lại cùng lý do và liệt kê ở cuối (mã thoát 1 nếu có tệp lỗi). Tiến độ (tệp,
    và từng trang của các tệp đang đọc, ở mọi tiến trình) hiện trên stderr khi chạy ở terminal.
    """
    from kehoach.store import ProgressEvent

    store = _open(db)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"),
        TextColumn("{task.fields[mb]}"),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
        disable=quiet or not err_console.is_terminal,
    )
    task = progress.add_task("[bold]Nạp văn bản", total=None, unit="tệp", mb="", counts="")
    bars = FilePageBars(progress, slots=jobs or os.cpu_count() or 1)

    def on_progress(ev: ProgressEvent) -> None:
        progress.update(
            task, total=ev.files_total, completed=ev.files_done,
            mb=f"{ev.bytes_done / 1e6:.1f}/{ev.bytes_total / 1e6:.1f} MB",
            counts=f"[green]{ev.stored} mới[/] · [yellow]{ev.skipped} bỏ qua[/] · [red]{ev.failed} lỗi[/]",
        )  # fmt: skip
        if ev.outcome is not None:
            bars.finish(ev.outcome.path)

    with progress:
        from kehoach.pipeline import process_file_forced

        parse = process_file_forced if force else None
        if check_ocr(ocr) != "auto":
            import functools

            from kehoach.pipeline import process_file

            parse = functools.partial(process_file_forced if force else process_file, ocr=ocr)
        report = store.ingest_paths(
            paths,
            jobs=jobs,
            on_progress=on_progress,
            parse=parse,
            on_page=None if progress.disable else bars.update,
        )
    rate = len(report.files) / report.elapsed if report.elapsed else 0.0
    console.print(
        f"Đã lưu [green]{len(report.stored)}[/], bỏ qua [yellow]{len(report.skipped)}[/] (đã có), "
        f"lỗi [red]{len(report.failed)}[/] — {len(report.files)} tệp trong {report.elapsed:.1f} giây "
        f"({rate:.0f} tệp/giây). Lượt nạp #{report.run_id}."
    )
    versions = [f for f in report.stored if f.previous_id]
    for f in versions:
        console.print(
            f"[cyan]Phiên bản mới[/] {escape(f.path)}: ID {f.document_id} (thay ID {f.previous_id})."
        )
    dups = [f for f in report.stored if f.near_duplicates]
    if dups:
        table = Table(title="Gần trùng với văn bản đã có", title_justify="left")
        table.add_column("Tệp", overflow="fold")
        table.add_column("ID", justify="right")
        table.add_column("Gần trùng với (ID: độ giống)")
        for f in dups:
            table.add_row(
                escape(f.path), str(f.document_id), ", ".join(f"{i}: {s:.0%}" for i, s in f.near_duplicates)
            )
        console.print(table)
    if report.failed:
        console.print(f"[bold red]{len(report.failed)} tệp không nạp được:[/]")
        for f in report.failed:
            console.print(
                f"  [red]✗[/] {escape(f.path)} — {escape(f.message or '')} [dim]({f.code})[/]", soft_wrap=True
            )
    if report.interrupted:
        err_console.print("[yellow]Đã dừng giữa chừng: các văn bản đã lưu vẫn còn nguyên.[/]")
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


@app.command(name="ls")
def list_cmd(
    db: DbOption = None,
    issuer: IssuerOption = None,
    year: YearOption = None,
    doc_type: TypeOption = None,
    level: Annotated[
        str | None, typer.Option("--level", help="central | province | district | grassroots")
    ] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Cả các phiên bản cũ.")] = False,
    sort: Annotated[
        str, typer.Option("--sort", help="-date | date | id | -id | issuer | number | title")
    ] = "-date",
    limit: Annotated[int, typer.Option("--limit", "-n", help="Số văn bản mỗi trang.")] = 100,
    page: Annotated[int, typer.Option("--page", help="Trang.")] = 1,
    format: FormatOption = "table",
) -> None:
    """Liệt kê văn bản trong kho (lọc theo cơ quan ban hành, năm, loại)."""
    check_format(format, ("table", "json"))
    store = _open(db)
    try:
        result = store.list_documents(
            _filters(issuer, year, doc_type, level=level, all_versions=all_versions),
            sort=sort,
            page=page,
            page_size=limit,
        )
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/]")
        raise typer.Exit(2) from exc
    if format == "json":
        _dump([item.model_dump(mode="json", exclude={"content_hash"}) for item in result.items])
        return
    table = Table(
        title=f"{result.total} văn bản"
        + (f" (trang {result.page})" if result.total > len(result.items) else "")
    )
    for col, kw in (("ID", {"justify": "right"}), ("Số, ký hiệu", {}), ("Ngày", {}), ("Cơ quan ban hành", {}),
                    ("Cấp", {}), ("Trích yếu", {}), ("Tệp", {"style": "dim"})):  # fmt: skip
        table.add_column(col, overflow="fold", **kw)
    for d in result.items:
        number = escape(d.number_symbol or "—") + ("" if d.is_current else f" [dim](bản {d.version}, cũ)[/]")
        table.add_row(
            str(d.id), number, d.date or "—", escape(d.issuer or "—"), LEVEL_LABELS.get(d.level or "", "—"),
            escape(_short(d.title, 70)), escape(Path(d.source_path).name if d.source_path else "—"),
        )  # fmt: skip
    console.print(table)


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="ID trong kho hoặc số, ký hiệu (vd. 39-KH/ĐUK).")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json | md | tree")] = "json",
    with_text: Annotated[bool, typer.Option("--with-text", help="Kèm toàn văn (JSON).")] = False,
) -> None:
    """Hiện một văn bản trong kho: dữ liệu đầy đủ (JSON), Markdown hoặc cây đề mục."""
    check_format(format, ("json", "md", "tree"))
    store = _open(db)
    try:
        stored = store.get_document(key)
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/]")
        raise typer.Exit(2) from exc
    if stored is None:
        err_console.print(f"[red]Không có văn bản {escape(key)} trong kho.[/]")
        raise typer.Exit(1)
    if format == "json":
        data = stored.document.to_public_dict(with_text=with_text)
        data["store"] = {
            **stored.summary.model_dump(mode="json"),
            "created_at": stored.created_at.isoformat() if stored.created_at else None,
            "versions": [v.model_dump(mode="json", include={"id", "version", "is_current", "content_hash"})
                         for v in stored.versions],
            "near_duplicates": [n.model_dump(mode="json") for n in stored.near_duplicates],
            "cited_by": [c.model_dump(mode="json") for c in stored.cited_by],
        }  # fmt: skip
        _dump(data)
    elif format == "md":
        from kehoach.export.markdown import to_markdown

        sys.stdout.write(to_markdown(stored.document))
    else:
        from kehoach.cli.common import print_tree

        print_tree(stored.document)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Từ khóa: có dấu hay không dấu; "cụm từ"; xay*; 40-KH/TU.')],
    db: DbOption = None,
    issuer: IssuerOption = None,
    year: YearOption = None,
    doc_type: TypeOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Số kết quả tối đa.")] = 20,
    format: FormatOption = "table",
) -> None:
    """Tìm văn bản theo nội dung (đ/d, kiểu bỏ dấu uỷ/ủy, hoa thường không phân biệt).

    Các từ gõ liền nhau được xếp trước khi đứng liền nhau trong văn bản, rồi gần nhau, rồi cùng một mục;
    gõ có dấu thì văn bản viết đúng dấu đứng trước ([bold]trọng[/] trước [bold]trong[/]); [bold]UBND[/] tìm cả
    [bold]Ủy ban nhân dân[/]. Cụm từ trong ngoặc kép khớp đúng thứ tự; [bold]xay*[/] khớp tiền tố;
    [bold]a OR b[/] một trong hai; một số hiệu ([bold]40-KH/TU[/]) tìm cả văn bản đó và các văn bản trích dẫn nó.
    """
    check_format(format, ("table", "json"))
    store = _open(db)
    try:
        results = store.search(query, _filters(issuer, year, doc_type), limit=limit)
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/]")
        raise typer.Exit(2) from exc
    if format == "json":
        _dump([h.model_dump(mode="json", exclude={"snippet_html"}) for h in results.hits])
        return
    if not results.hits:
        console.print(f"Không tìm thấy văn bản nào cho “{escape(query)}”.")
        return
    count = f"{results.total}" if results.total_exact else f"Hơn {results.total}"
    shown = f" (hiện {len(results.hits)})" if results.total > len(results.hits) else ""
    table = Table(title=f"{count} văn bản khớp “{escape(query)}”{shown}")
    for col in ("ID", "Số, ký hiệu", "Cơ quan ban hành", "Mục", "Điểm", "Đoạn khớp"):
        table.add_column(col, overflow="fold", justify="right" if col in {"ID", "Điểm"} else "left")
    for h in results.hits:
        snippet = h.marked("\x00", "\x01")
        snippet = escape(snippet).replace("\x00", "[bold yellow]").replace("\x01", "[/]")
        note = {"self": " [green](chính văn bản)[/]", "cites": " [cyan](trích dẫn)[/]"}.get(h.match, "")
        table.add_row(str(h.document.id), escape(h.document.number_symbol or "—") + note,
                      escape(_short(h.document.issuer, 40) or "—"), escape(display.node_place(h.node_id)),
                      f"{h.score:.3g}", snippet)  # fmt: skip
    console.print(table)


@app.command()
def stats(db: DbOption = None, format: FormatOption = "table") -> None:
    """Thống kê kho: số văn bản theo cấp, cơ quan ban hành, năm, loại."""
    check_format(format, ("table", "json"))
    s = _open(db).stats()
    if format == "json":
        _dump(s.model_dump(mode="json"))
        return
    console.print(
        f"{s.current} văn bản hiện hành ({s.documents} kể cả phiên bản cũ), {s.nodes} đề mục, "
        f"{s.citations} trích dẫn, {s.near_duplicate_links} cặp gần trùng, {s.failures} tệp lỗi."
    )
    for title, counts, labels in (("Theo cấp", s.by_level, LEVEL_LABELS), ("Theo năm", s.by_year, {}),
                                  ("Theo loại", s.by_type, {}), ("Theo cơ quan ban hành", s.by_issuer, {})):  # fmt: skip
        table = Table(title=title, title_justify="left")
        table.add_column("")
        table.add_column("Số văn bản", justify="right")
        for k, n in counts.items():
            table.add_row(escape(labels.get(k, k) or "(chưa rõ)"), str(n))
        console.print(table)


@app.command()
def reindex(db: DbOption = None) -> None:
    """Dựng lại chỉ mục tìm kiếm (tantivy, bên cạnh kho) từ dữ liệu trong kho.

    Chỉ mục tự cập nhật theo kho trước mỗi lần tìm; lệnh này dựng lại toàn bộ, ví dụ sau khi
    chép kho sang máy khác hoặc khi nghi chỉ mục hỏng."""
    import time

    store = _open(db)
    start = time.perf_counter()
    try:
        n = store.reindex()
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/]")
        raise typer.Exit(1) from None
    finally:
        store.close()
    console.print(f"Đã dựng lại chỉ mục tìm kiếm: {n} văn bản, {time.perf_counter() - start:.1f} giây.")


@app.command()
def failures(
    db: DbOption = None,
    run: Annotated[int | None, typer.Option("--run", help="Chỉ lượt nạp này.")] = None,
    format: FormatOption = "table",
) -> None:
    """Các tệp không nạp được và lý do."""
    check_format(format, ("table", "json"))
    items = _open(db).failures(run_id=run)
    if format == "json":
        _dump([f.model_dump(mode="json") for f in items])
        return
    table = Table(title=f"{len(items)} tệp lỗi")
    for col in ("Lượt", "Tệp", "Lý do", "Mã"):
        table.add_column(col, overflow="fold")
    for f in items:
        table.add_row(str(f.run_id or "—"), escape(f.path), escape(f.message), f.code)
    console.print(table)
