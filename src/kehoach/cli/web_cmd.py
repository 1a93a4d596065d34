"""`kehoach serve`, `kehoach demo` and `kehoach user …`: the web app and its accounts."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kehoach.cli.app import app
from kehoach.cli.common import console, err_console
from kehoach.errors import KehoachError

user_app = typer.Typer(help="Quản lý tài khoản của ứng dụng web.", no_args_is_help=True)
app.add_typer(user_app, name="user")

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Cơ sở dữ liệu: đường dẫn SQLite hoặc postgresql+psycopg://… (mặc định $KEHOACH_DB, ./kehoach.db).",
    ),
]


def _corpus_dir() -> Path:
    """The bundled sample corpus (examples/corpus in the source tree, else in the working directory)."""
    here = Path(__file__).resolve().parents[3] / "examples" / "corpus"
    return here if here.is_dir() else Path.cwd() / "examples" / "corpus"


WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        max=64,
        help="Số tiến trình phục vụ (mặc định: hai tiến trình cho mỗi lõi CPU, tối đa 8).",
    ),
]


def _run(application: object, host: str, port: int, workers: int = 1) -> None:
    from kehoach.web.server import run

    try:
        run(application, host=host, port=port, workers=workers)
    except KehoachError as exc:
        _fail(exc)


def _shown(store: object) -> str:
    """The store's address without its password."""
    engine = store.engine  # type: ignore[attr-defined]
    return engine.url.render_as_string(hide_password=True)


def _fail(exc: KehoachError) -> None:
    err_console.print(f"[red]Lỗi:[/] {exc.message}")
    raise typer.Exit(1)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng.")] = 8000,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Không cần đăng nhập (chỉ cho phép khi --host 127.0.0.1).")
    ] = False,
    workers: WorkersOpt = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Tên máy chủ (Host) được phép, lặp lại được; mặc định $KEHOACH_ALLOWED_HOSTS. "
            "Bắt buộc khi --host 0.0.0.0; '*' nhận mọi tên (chỉ khi proxy phía trước đã kiểm tra).",
        ),
    ] = None,
) -> None:
    """Chạy ứng dụng web trên kho văn bản (cần tài khoản: tạo bằng [bold]kehoach user add[/])."""
    from kehoach.web.app import create_app
    from kehoach.web.server import default_workers

    secret = os.environ.get("KEHOACH_SECRET_KEY")
    try:
        if secret:
            from kehoach.web.auth import check_secret_strength

            check_secret_strength(secret)
        application = create_app(
            db, auth=not no_auth, host=host, secret_key=secret, allowed_hosts=allowed_host or None
        )
    except KehoachError as exc:
        _fail(exc)
        return
    store = application.state.store
    if not no_auth and not store.list_users():
        err_console.print(
            "[yellow]Chưa có tài khoản nào.[/] Tạo tài khoản quản trị: kehoach user add TEN --role admin"
        )
    if not secret:
        err_console.print(
            "[dim]KEHOACH_SECRET_KEY chưa đặt: dùng khóa ký phiên được tạo và lưu trong kho.[/]"
        )
    n = workers or default_workers()
    console.print(
        f"kehoach đang chạy tại [bold]http://{host}:{port}[/] (kho: {_shown(store)}, {n} tiến trình) "
        "— Ctrl+C để dừng."
    )
    _run(application, host, port, n)


@app.command()
def demo(
    db: DbOpt = None,
    port: Annotated[int, typer.Option(help="Cổng.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Số tiến trình phục vụ.")] = 1,
) -> None:
    """Nạp bộ văn bản mẫu vào kho SQLite rồi chạy ứng dụng web trên 127.0.0.1 (không cần đăng nhập)."""
    from kehoach.store import open_store
    from kehoach.web.app import create_app

    host = "127.0.0.1"
    try:
        store = open_store(db)
        corpus = _corpus_dir()
        if corpus.is_dir():
            report = store.ingest_paths([corpus], jobs=1)
            console.print(
                f"Đã nạp bộ mẫu {corpus}: {len(report.stored)} văn bản mới, {len(report.skipped)} đã có, "
                f"{len(report.failed)} lỗi."
            )
        else:
            err_console.print(f"[yellow]Không thấy bộ văn bản mẫu ở {corpus}.[/]")
        application = create_app(store=store, auth=False, host=host)
    except KehoachError as exc:
        _fail(exc)
        return
    console.print(
        f"kehoach (dùng thử) đang chạy tại [bold]http://{host}:{port}[/] (kho: {_shown(store)}) — Ctrl+C để dừng."
    )
    _run(application, host, port, workers)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
    role: Annotated[
        str, typer.Option(help="Quyền: viewer (xem), editor (tải lên), admin (quản trị).")
    ] = "viewer",
    organisation: Annotated[str | None, typer.Option("--org", help="Đơn vị (cơ quan ban hành).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Họ tên hiển thị.")] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho kịch bản); mặc định: hỏi ẩn.",
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Tạo một tài khoản."""
    from kehoach.store import open_store

    # Never from the command line: arguments are visible to every user in the process list.
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        with open_store(db) as store:
            user = store.create_user(
                username, password, role=role, organisation=organisation, display_name=name
            )
    except KehoachError as exc:
        _fail(exc)
        return
    console.print(
        f"Đã tạo tài khoản [bold]{user.username}[/] (quyền {user.role}, đơn vị {user.organisation or '—'})."
    )


@user_app.command("list")
def user_list(db: DbOpt = None) -> None:
    """Liệt kê các tài khoản."""
    from kehoach.store import open_store

    try:
        with open_store(db) as store:
            users = store.list_users()
    except KehoachError as exc:
        _fail(exc)
        return
    table = Table("Tên đăng nhập", "Họ tên", "Đơn vị", "Quyền", "Hoạt động")
    for u in users:
        table.add_row(
            u.username, u.display_name or "", u.organisation or "", u.role, "có" if u.is_active else "khoá"
        )
    console.print(table)
