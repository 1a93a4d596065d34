"""Migration 0005 fills `search_chunks.marks` for documents stored before it, as ingest does."""

from __future__ import annotations

from sqlalchemy import text

from kehoach.store import open_store


def _marks(store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, marks FROM search_chunks ORDER BY id"))]


def test_migration_fills_marks_like_ingest(store_url: str, parsed_samples) -> None:
    from alembic import command

    from kehoach.store.engine import alembic_config

    with open_store(store_url) as store:
        for key in ("000", "002"):
            store.ingest_document(parsed_samples[key])
        written = _marks(store)
        assert written and all(m.startswith(" ") for _, m in written)
        assert any(" trọng " in m for _, m in written)
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0004")
    with open_store(store_url) as store:  # opening upgrades to head
        assert _marks(store) == written
        assert store.search("Đức Trọng").hits[0].marks == 2
