"""Search by marks: `search_chunks.marks`, each chunk's words printed with marks.

Beside the folded tokens (what matches), a search chunk keeps the distinct words of its nodes
that carry marks (lower case, NFC, one tone placement: `textindex.marks_row`), so a query word
typed with marks ranks the texts printing it so first. Filled for stored documents from their
nodes' text, chunk by chunk as `textindex.chunk_layout` cuts them (the same cut as at ingest).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import bindparam, text

from kehoach.store.textindex import chunk_marks

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    bind = op.get_bind()
    if "marks" in {c["name"] for c in sa.inspect(bind).get_columns("search_chunks")}:
        return  # a store whose recorded revision was set back by hand already has it
    with op.batch_alter_table("search_chunks") as batch_op:
        batch_op.add_column(sa.Column("marks", sa.Text(), nullable=False, server_default=""))
    doc_ids = [r[0] for r in bind.execute(text("SELECT DISTINCT document_id FROM search_chunks"))]
    update = text("UPDATE search_chunks SET marks = :m WHERE id = :i").bindparams(
        bindparam("i"), bindparam("m")
    )
    pending: list[dict[str, object]] = []
    for doc_id in doc_ids:
        nodes = bind.execute(
            text("SELECT text, tokens FROM nodes WHERE document_id = :d ORDER BY ordinal"), {"d": doc_id}
        ).all()
        marks = chunk_marks([n[0] or "" for n in nodes], [(n[1] or "").split() for n in nodes])
        chunk_ids = [
            r[0]
            for r in bind.execute(
                text("SELECT id FROM search_chunks WHERE document_id = :d ORDER BY id"), {"d": doc_id}
            )
        ]
        pending += [{"i": i, "m": m} for i, m in zip(chunk_ids, marks, strict=False)]
        if len(pending) >= BATCH:
            bind.execute(update, pending)
            pending = []
    if pending:
        bind.execute(update, pending)


def downgrade() -> None:
    with op.batch_alter_table("search_chunks") as batch_op:
        batch_op.drop_column("marks")
