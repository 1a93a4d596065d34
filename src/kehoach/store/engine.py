"""Database URLs, engines and schema upgrades (Alembic, run programmatically on open)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from kehoach.errors import StoreError

DEFAULT_URL = "sqlite:///kehoach.db"
ENV_VAR = "KEHOACH_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_url(db: str | None = None) -> str:
    """The store URL: `db`, else `$KEHOACH_DB`, else `sqlite:///kehoach.db`; a bare path means SQLite."""
    value = (db or os.environ.get(ENV_VAR) or DEFAULT_URL).strip()
    if "://" not in value:
        return f"sqlite:///{value}"
    if value.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; psycopg2 is not installed.
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def shown_url(url: str) -> str:
    """The store URL as shown to a person: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


# What the database driver's English message means, said in Vietnamese (the driver's text and the
# exception's class name are never shown; they go to the log).
_DB_REASONS = (
    ("unable to open database file", "không mở được tệp (thư mục không tồn tại hoặc không có quyền ghi)"),
    ("file is not a database", "tệp này không phải cơ sở dữ liệu SQLite"),
    ("database disk image is malformed", "tệp cơ sở dữ liệu bị hỏng"),
    ("database is locked", "cơ sở dữ liệu đang bị một tiến trình khác khóa"),
    ("readonly database", "tệp cơ sở dữ liệu chỉ cho phép đọc"),
    ("disk i/o error", "lỗi đọc ghi của ổ đĩa"),
    ("database or disk is full", "ổ đĩa đã đầy"),
    ("password authentication failed", "sai tên đăng nhập hoặc mật khẩu của cơ sở dữ liệu"),
    ("does not exist", "cơ sở dữ liệu hoặc tài khoản không tồn tại trên máy chủ PostgreSQL"),
    ("connection refused", "máy chủ PostgreSQL không nhận kết nối (chưa chạy hoặc sai cổng)"),
    ("could not translate host name", "không tìm thấy máy chủ cơ sở dữ liệu theo tên đã cho"),
    ("failed to resolve host", "không tìm thấy máy chủ cơ sở dữ liệu theo tên đã cho"),
    ("timeout", "hết thời gian chờ máy chủ cơ sở dữ liệu"),
    ("permission denied", "không có quyền truy cập"),
)


def db_reason(exc: BaseException) -> str:
    """A Vietnamese reason for a database error (logged in full)."""
    import logging

    logging.getLogger("kehoach.store").info("lỗi cơ sở dữ liệu", exc_info=exc)
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needle, reason in _DB_REASONS:
        if needle in text:
            return reason
    return "lỗi của cơ sở dữ liệu (chi tiết trong nhật ký)"


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # Vietnamese as is, not as escaped code points


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a kill leaves whole commits
    cur.execute("PRAGMA synchronous=NORMAL")  # durable in WAL against a process crash
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock up front (no deadlock between two deferred writers).
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite tuned for one writer and many readers (WAL)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url}", code="bad_url") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"Thư mục chứa cơ sở dữ liệu không tồn tại: {parent}", code="bad_url")
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json_dumps)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, json_serializer=_json_dumps)
    raise StoreError(
        f"Chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ '{parsed.get_backend_name()}'.", code="bad_url"
    )


def alembic_config(connection: Any = None) -> Any:
    """An Alembic config pointing at the migrations shipped in the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration revision shipped with this version of kehoach."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (one transaction; concurrent openers wait)."""
    from alembic import command

    if current_revision(engine) == head_revision():
        return
    try:
        with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7411203)"))  # one migrator at a time
            command.upgrade(alembic_config(conn), "head")
    except OperationalError as exc:
        raise StoreError(f"Không mở được cơ sở dữ liệu: {db_reason(exc)}", code="open_failed") from exc


MMAP_BYTES = 1 << 30


def _read_through_mmap(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    if not record.info.get("kehoach_mmap"):
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.close()
        record.info["kehoach_mmap"] = True


def tune_sqlite_reads(engine: Any) -> None:
    """Let SQLite read the store file through mmap (search reads large index pages: ~30% less
    CPU on 10,000 documents). Applied once per pooled connection, as it is checked out."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "checkout", _read_through_mmap):
        event.listen(engine, "checkout", _read_through_mmap)
