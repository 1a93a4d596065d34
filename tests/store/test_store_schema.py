"""Schema: Alembic migrations shipped in the package, run on open; models and migrations agree."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from kehoach.store import open_store, resolve_url
from kehoach.store.engine import current_revision, head_revision
from kehoach.store.schema import Base, include_object

FUTURE_TABLES = {"cascade_edges", "alignments", "units", "unit_names", "duties", "activities", "users"}


def test_open_creates_schema_at_head(store) -> None:
    assert current_revision(store.engine) == head_revision()
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "nodes", "citations", "near_duplicates", "ingest_runs", "ingest_failures"} <= tables
    assert tables >= FUTURE_TABLES
    if store.dialect == "sqlite":
        assert "chunk_fts" in tables
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    else:
        columns = {c["name"] for c in inspect(store.engine).get_columns("search_chunks")}
        assert "tsv" in columns


def test_models_match_migrations(store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], "schema.py changed without a migration: " + repr(diff)


def test_reopen_is_cheap_and_idempotent(store_url: str) -> None:
    for _ in range(2):
        with open_store(store_url) as store:
            assert current_revision(store.engine) == head_revision()


def test_downgrade_and_upgrade_again(store_url: str) -> None:
    from alembic import command

    from kehoach.store.engine import alembic_config

    with open_store(store_url) as store:
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert current_revision(store.engine) is None
        assert "documents" not in inspect(store.engine).get_table_names()
    with open_store(store_url) as store:
        assert current_revision(store.engine) == head_revision()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("kehoach.db", "sqlite:///kehoach.db"),
        ("/data/k.db", "sqlite:////data/k.db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_resolve_url(given: str, expected: str) -> None:
    assert resolve_url(given) == expected


def test_default_url(monkeypatch) -> None:
    monkeypatch.delenv("KEHOACH_DB", raising=False)
    assert resolve_url(None) == "sqlite:///kehoach.db"
    monkeypatch.setenv("KEHOACH_DB", "postgresql://x@y/z")
    assert resolve_url(None) == "postgresql+psycopg://x@y/z"
