"""Search speed on SQLite: an FTS5 index of each chunk's marked words, and covering indexes.

- `mark_fts` (contentless FTS5, rowid = `search_chunks.id`): the words of `search_chunks.marks`,
  so the chunks printing a typed marked word (`trọng`) come from an index instead of reading
  every matching chunk's `marks` text (`store.search`).
- `ix_search_chunks_id_document` (id, document_id), `ix_documents_id_current` (id, is_current):
  the search maps each matching chunk to its current document from these narrow indexes, not from
  the wide rows.
- `ix_search_chunks_n_tokens` (n_tokens, document_id): the few documents with a node cut across
  chunks (a chunk full to `CHUNK_POSITIONS`), which the search's near-tier shortcut leaves out.
PostgreSQL needs none of them (its search reads the `tsv` column; `ts_rank` has no shortcut).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MARK_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS mark_fts USING fts5("
    "marks, content='', tokenize='unicode61 remove_diacritics 0')"
)
INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_search_chunks_id_document ON search_chunks (id, document_id)",
    "CREATE INDEX IF NOT EXISTS ix_documents_id_current ON documents (id, is_current)",
    "CREATE INDEX IF NOT EXISTS ix_search_chunks_n_tokens ON search_chunks (n_tokens, document_id)",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for statement in INDEXES:
        op.execute(statement)
    op.execute(MARK_FTS)
    bind.execute(text("INSERT INTO mark_fts(mark_fts) VALUES ('delete-all')"))  # contentless: emptied so
    bind.execute(
        text("INSERT INTO mark_fts (rowid, marks) SELECT id, marks FROM search_chunks WHERE marks != ''")
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS mark_fts")
    for name in ("ix_search_chunks_id_document", "ix_documents_id_current", "ix_search_chunks_n_tokens"):
        op.execute(f"DROP INDEX IF EXISTS {name}")
