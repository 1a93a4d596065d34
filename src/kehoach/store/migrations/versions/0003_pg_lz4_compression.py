"""PostgreSQL: compress the large text columns with LZ4 instead of pglz (ingest speed).

Every document writes ~70 KB of text that PostgreSQL compresses out of line (TOAST): its text,
raw text, JSON model and offset map, long nodes and the search chunk's tsvector. pglz is slow;
LZ4 cut the server's CPU per stored document by about a quarter in `benchmarks/store.py`.
Only the compression method of new values changes (stored values stay as they are, both are
read transparently). Needs PostgreSQL 14 or later built with LZ4; elsewhere, and on SQLite,
nothing changes.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-22
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = [
    ("documents", "text"),
    ("documents", "raw_text"),
    ("documents", "data"),
    ("documents", "offset_map"),
    ("nodes", "text"),
    ("nodes", "tokens"),
    ("search_chunks", "tsv"),
]


def _lz4_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    values = bind.execute(
        text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    return bool(values) and "lz4" in values


def _set(method: str) -> None:
    for table, column in COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" SET COMPRESSION {method}')


def upgrade() -> None:
    if _lz4_available():
        _set("lz4")


def downgrade() -> None:
    if _lz4_available():
        _set("default")
