"""Store fixtures: a fresh store per test on SQLite and, when `KEHOACH_TEST_PG_URL` is set, on
PostgreSQL (a database per test, cloned from a migrated template created once per session)."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kehoach.store import Store, open_store, resolve_url

PG_ENV = "KEHOACH_TEST_PG_URL"
PG_SKIP = (
    f"{PG_ENV} is not set: PostgreSQL store tests skipped "
    "(e.g. KEHOACH_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/kehoach_test)"
)
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)]


class PgDatabases:
    """Creates throwaway databases on the test server; drops them all at the end of the session."""

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self.base = make_url(resolve_url(url))
        self.prefix = f"kehoach_t{os.getpid()}_{secrets.token_hex(3)}"
        self.created: list[str] = []
        self.admin = None
        for database in (self.base.database, "postgres"):
            conninfo = self.base.set(drivername="postgresql", database=database).render_as_string(
                hide_password=False
            )
            try:
                self.admin = psycopg.connect(conninfo, autocommit=True)
                break
            except psycopg.OperationalError:
                continue
        if self.admin is None:
            pytest.skip(f"cannot connect to the PostgreSQL server of {PG_ENV}")
        self.template = self._create(f"{self.prefix}_tmpl")
        open_store(self.url(self.template)).close()  # migrate once; tests clone it

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}"' if template else ""
        self.admin.execute(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return name

    def new(self) -> str:
        """A fresh, migrated database; returns its URL."""
        return self.url(self._create(f"{self.prefix}_{len(self.created)}", self.template))

    def close(self) -> None:
        for name in reversed(self.created):
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP)
    dbs = PgDatabases(url)
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kehoach.db"
    open_store(str(path)).close()
    return path


@pytest.fixture
def make_store_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Callable[[str], str]:
    """`make_store_url(backend)` → URL of a fresh, migrated, empty store."""
    count = iter(range(1000))

    def make(backend: str) -> str:
        if backend == "pg":
            return request.getfixturevalue("pg_databases").new()
        path = tmp_path / f"kehoach{next(count)}.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"

    return make


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store_url(backend: str, make_store_url: Callable[[str], str]) -> str:
    return make_store_url(backend)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, str]:
    """A folder of files that must each fail with a reason: name → expected error code."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R")
    (folder / "notzip.docx").write_bytes(b"This is plain text saved with a .docx name.")
    (folder / "notaplan.txt").write_text(
        "Hôm nay trời đẹp, cả nhà đi chơi công viên và ăn kem.\nNgày mai có thể sẽ mưa.\n", encoding="utf-8"
    )
    return {"empty.txt": "empty", "binary.txt": "binary", "truncated.pdf": "corrupt", "notzip.docx": "corrupt",
            "notaplan.txt": "not_a_plan"}  # fmt: skip
