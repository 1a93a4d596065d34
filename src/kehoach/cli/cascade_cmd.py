"""`kehoach cascade PATH...`: which document implements which; `kehoach synth`: generated cascades."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kehoach.cli.app import app
from kehoach.cli.common import check_format, err_console

FORMATS = ("tree", "json", "dot", "graphml")
ENGINES = ("local", "spark")


@app.command()
def cascade(
    paths: Annotated[list[str] | None, typer.Argument(help="Tệp hoặc thư mục văn bản")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Đọc văn bản từ kho (URL SQLite/PostgreSQL)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="tree | json | dot | graphml")] = "tree",
    engine: Annotated[str, typer.Option("--engine", help="local | spark")] = "local",
    master: Annotated[str, typer.Option("--master", help="Spark master (mặc định local[2])")] = "local[2]",
    text_only: Annotated[
        bool, typer.Option("--text-only", help="Bỏ qua trích dẫn, chỉ dựa vào văn bản (để đo)")
    ] = False,
    no_align: Annotated[
        bool, typer.Option("--no-align", help="Không chạy bộ so khớp (nhanh hơn, độ bao phủ ước lượng)")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Số tiến trình đọc tệp và so văn bản (kho lớn)")
    ] = 1,
    save: Annotated[
        bool, typer.Option("--save", help="Lưu chuỗi vào kho (--db) để ứng dụng web đọc lại, không dựng lại")
    ] = False,
) -> None:
    """Dựng lại chuỗi văn bản: văn bản nào thực hiện văn bản nào (trích dẫn trước, văn bản sau)."""
    from kehoach.cascade import CascadeOptions, collect_paths, profiles_from_files
    from kehoach.cascade.engine import build_cascade
    from kehoach.cascade.export import to_dot, to_graphml, to_tree

    check_format(fmt, FORMATS)
    if engine not in ENGINES:
        err_console.print(f"[red]Bộ máy không hỗ trợ: {escape(engine)} (chọn: {', '.join(ENGINES)})[/red]")
        raise typer.Exit(2)
    if not paths and not db:
        err_console.print("[red]Cần ít nhất một tệp, thư mục, hoặc --db[/red]")
        raise typer.Exit(2)
    if save and (not db or paths):
        err_console.print("[red]--save lưu chuỗi của các văn bản trong kho: cần --db và không kèm tệp[/red]")
        raise typer.Exit(2)
    options = CascadeOptions(use_citations=not text_only, align=not no_align, workers=workers)
    overrides = []
    profiles = []
    failed: list[tuple[str, str]] = []
    files: list[str] = []
    if paths:
        files, bad = collect_paths(paths)
        failed += bad
        if engine == "local":
            profiles, unreadable = profiles_from_files(files, keep_units=options.align, workers=workers)
            failed += unreadable
    if db:
        from kehoach.cascade.stored import load_overrides, profiles_from_store

        try:
            stored, unreadable = profiles_from_store(db, start=len(profiles), keep_units=options.align)
            overrides = load_overrides(db)
        except Exception as exc:  # noqa: BLE001 - a store that cannot be opened: say so, in Vietnamese
            from kehoach.errors import KehoachError
            from kehoach.store.engine import db_reason, shown_url

            why = exc.message if isinstance(exc, KehoachError) else db_reason(exc)
            err_console.print(f"[red]Không mở được kho {escape(shown_url(db))}: {escape(why)}[/red]")
            raise typer.Exit(1) from exc
        profiles += stored
        failed += unreadable
    if engine == "spark":
        from kehoach.scale.cascade_job import spark_cascade, spark_cascade_files

        if db:
            result = spark_cascade(
                profiles, options, master=master, overrides=overrides, apply_manual=not save
            )
        else:
            result, unreadable = spark_cascade_files(files, options, master=master, overrides=overrides)
            failed += [(path, "Không đọc được tệp") for path in unreadable]
    else:
        result = build_cascade(profiles, options, overrides, apply_manual=not save)
    if save:  # kept without the decisions laid on (they are laid on when read), then shown with them
        from kehoach.cascade.engine import apply_overrides
        from kehoach.cascade.stored import save_cascade

        kept = save_cascade(db, result, options)
        n_edges = len(result.edges)
        result = apply_overrides(result, overrides)
        err_console.print(
            f"Đã lưu chuỗi vào kho: {len(result.nodes)} văn bản, {n_edges} liên kết tự động (lần chạy {kept.id})"
        )
    for path, reason in failed:
        err_console.print(f"[yellow]Bỏ qua {escape(path)}: {escape(reason)}[/yellow]")
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "dot":
        typer.echo(to_dot(result), nl=False)
    elif fmt == "graphml":
        typer.echo(to_graphml(result), nl=False)
    else:
        typer.echo(to_tree(result), nl=False)
    if failed and not result.nodes:
        raise typer.Exit(1)


@app.command()
def synth(
    docs: Annotated[int, typer.Option("--docs", help="Số văn bản cần tạo")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng kho)")] = 0,
    out: Annotated[Path, typer.Option("--out", help="Thư mục ghi văn bản và tệp đáp án")] = Path("synth"),
) -> None:
    """Tạo kho văn bản tổng hợp nhiều cấp, kèm tệp đáp án văn bản cấp trên (parents.jsonl)."""
    from kehoach.cascade.synth import write_synth

    if docs < 1:
        err_console.print("[red]--docs phải là số dương[/red]")
        raise typer.Exit(2)
    truth = write_synth(out, docs, seed)
    typer.echo(f"Đã tạo {docs} văn bản trong {out} (đáp án: {truth})")


ACTION_LABELS = {"confirm": "xác nhận", "reject": "bác bỏ", "set": "đặt"}


@app.command("cascade-decide")
def cascade_decide(
    child: Annotated[str, typer.Argument(help="Mã văn bản cấp dưới trong kho (12 hoặc #12)")],
    parent: Annotated[
        str, typer.Argument(help="Mã văn bản cấp trên trong kho (#12), hoặc khoá văn bản chỉ được trích dẫn")
    ],
    db: Annotated[str, typer.Option("--db", help="Kho văn bản (URL SQLite/PostgreSQL)")],
    action: Annotated[str, typer.Option("--action", help="confirm | reject | set")] = "confirm",
    relation: Annotated[str, typer.Option("--relation", help="implements | based_on")] = "implements",
    note: Annotated[str | None, typer.Option("--note", help="Ghi chú của người quyết định")] = None,
) -> None:
    """Xác nhận, bác bỏ hoặc đặt văn bản cấp trên của một văn bản trong kho (lưu lại, các lần chạy sau tôn trọng)."""
    from kehoach.cascade.stored import save_override
    from kehoach.errors import KehoachError

    child_id = _stored_id(child)
    if child_id is None:
        err_console.print(f"[red]Mã văn bản không hợp lệ: {escape(child)}[/red]")
        raise typer.Exit(2)
    target: int | str = _stored_id(parent) or parent
    try:
        save_override(db, child_id, target, action, relation=relation, note=note)
    except KehoachError as exc:
        err_console.print(f"[red]{escape(exc.message)}[/red]")
        raise typer.Exit(1) from exc
    shown = f"#{target}" if isinstance(target, int) else target
    typer.echo(f"Đã lưu: {ACTION_LABELS.get(action, action)} văn bản cấp trên {shown} của #{child_id}")


def _stored_id(text: str) -> int | None:
    """`12` or `#12` → 12; anything else (a cited key such as `40-KH/TU@2022`) → None."""
    digits = text.removeprefix("#")
    return int(digits) if digits.isdigit() and int(digits) > 0 else None
