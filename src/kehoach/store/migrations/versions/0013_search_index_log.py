"""The search index's log: every change to the searchable chunks, in commit order.

The ranked search runs on a tantivy index beside the store (`store.searchindex`); the store stays
the only truth. `search_index_log` gets one row per chunk inserted, updated or deleted, and per
chunk of a document whose `is_current` changes, written by triggers in the same transaction as
the change itself. The index records the last `seq` it holds and, before answering, applies the
newer rows (their documents are read again from the store). On PostgreSQL the triggers take a
transaction-level advisory lock first, so rows become visible in `seq` order (a row committed
after a later `seq` would otherwise be skipped).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

LOCK_KEY = 7_140_014  # pg_advisory_xact_lock key of the log (any constant no other code uses)

SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS search_index_chunk_ins AFTER INSERT ON search_chunks BEGIN "
    "INSERT INTO search_index_log (chunk_id, document_id) VALUES (NEW.id, NEW.document_id); END",
    "CREATE TRIGGER IF NOT EXISTS search_index_chunk_upd AFTER UPDATE ON search_chunks BEGIN "
    "INSERT INTO search_index_log (chunk_id, document_id) VALUES (NEW.id, NEW.document_id); END",
    "CREATE TRIGGER IF NOT EXISTS search_index_chunk_del AFTER DELETE ON search_chunks BEGIN "
    "INSERT INTO search_index_log (chunk_id, document_id) VALUES (OLD.id, OLD.document_id); END",
    "CREATE TRIGGER IF NOT EXISTS search_index_doc_current AFTER UPDATE OF is_current ON documents "
    "WHEN OLD.is_current IS NOT NEW.is_current BEGIN "
    "INSERT INTO search_index_log (chunk_id, document_id) "
    "SELECT id, document_id FROM search_chunks WHERE document_id = NEW.id; END",
)
PG = (
    f"""CREATE OR REPLACE FUNCTION search_index_log_chunk() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_index_log (chunk_id, document_id) VALUES (OLD.id, OLD.document_id);
        RETURN OLD;
    END IF;
    INSERT INTO search_index_log (chunk_id, document_id) VALUES (NEW.id, NEW.document_id);
    RETURN NEW;
END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION search_index_log_current() RETURNS trigger AS $$
BEGIN
    IF OLD.is_current IS DISTINCT FROM NEW.is_current THEN
        PERFORM pg_advisory_xact_lock({LOCK_KEY});
        INSERT INTO search_index_log (chunk_id, document_id)
            SELECT id, document_id FROM search_chunks WHERE document_id = NEW.id;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER search_index_chunk AFTER INSERT OR UPDATE OR DELETE ON search_chunks "
    "FOR EACH ROW EXECUTE FUNCTION search_index_log_chunk()",
    "CREATE TRIGGER search_index_doc_current AFTER UPDATE OF is_current ON documents "
    "FOR EACH ROW EXECUTE FUNCTION search_index_log_current()",
)


def upgrade() -> None:
    bind = op.get_bind()
    if "search_index_log" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "search_index_log",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                autoincrement=True,
                nullable=False,
            ),
            sa.Column("chunk_id", sa.BigInteger(), nullable=False),
            sa.Column("document_id", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("seq", name=op.f("pk_search_index_log")),
            sqlite_autoincrement=True,  # a seq is never given again, even after the newest row goes
        )
    if bind.dialect.name == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER IF EXISTS search_index_chunk ON search_chunks")
        op.execute("DROP TRIGGER IF EXISTS search_index_doc_current ON documents")
        for statement in PG:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("chunk_ins", "chunk_upd", "chunk_del", "doc_current"):
            op.execute(f"DROP TRIGGER IF EXISTS search_index_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_index_chunk ON search_chunks")
        op.execute("DROP TRIGGER IF EXISTS search_index_doc_current ON documents")
        op.execute("DROP FUNCTION IF EXISTS search_index_log_chunk()")
        op.execute("DROP FUNCTION IF EXISTS search_index_log_current()")
    op.drop_table("search_index_log")
