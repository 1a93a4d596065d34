"""The kept cascade (`kehoach cascade --db URL --save`): its run, its nodes, its edges.

`cascade_runs` (what the cascade covered: current documents and the newest id, the options),
`cascade_nodes` (documents and cited-only placeholders, with the version each draft folds
under) and `cascade_edges.run_id` (the automatic edges of a run, method `citation` or `text`,
beside the manual decisions, method `manual`, which keep `run_id` null).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # as documents.id


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if "cascade_runs" not in tables:
        op.create_table(
            "cascade_runs",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("documents", sa.Integer(), nullable=False),
            sa.Column("last_document_id", sa.Integer(), nullable=True),
            sa.Column("options", JSON_TYPE, nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_cascade_runs")),
        )
    if "cascade_nodes" not in tables:
        op.create_table(
            "cascade_nodes",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("run_id", sa.Integer(), nullable=False),
            sa.Column("node_key", sa.Text(), nullable=False),
            sa.Column("document_id", BIG_ID, nullable=True),
            sa.Column("number_symbol", sa.Text(), nullable=True),
            sa.Column("doc_type", sa.Text(), nullable=True),
            sa.Column("issuer", sa.Text(), nullable=True),
            sa.Column("date", sa.String(length=10), nullable=True),
            sa.Column("title", sa.Text(), nullable=True),
            sa.Column("level", sa.String(length=16), nullable=True),
            sa.Column("missing", sa.Boolean(), nullable=False),
            sa.Column("version_of", sa.Text(), nullable=True),
            sa.Column("source_path", sa.Text(), nullable=True),
            sa.ForeignKeyConstraint(
                ["document_id"],
                ["documents.id"],
                name=op.f("fk_cascade_nodes_document_id_documents"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["run_id"],
                ["cascade_runs.id"],
                name=op.f("fk_cascade_nodes_run_id_cascade_runs"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_cascade_nodes")),
            sa.UniqueConstraint("run_id", "node_key", name="uq_cascade_node"),
        )
        with op.batch_alter_table("cascade_nodes", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_cascade_nodes_run_id"), ["run_id"], unique=False)
            batch_op.create_index(batch_op.f("ix_cascade_nodes_document_id"), ["document_id"], unique=False)
    if "run_id" not in {c["name"] for c in inspector.get_columns("cascade_edges")}:
        with op.batch_alter_table("cascade_edges", schema=None) as batch_op:
            batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f("ix_cascade_edges_run_id"), ["run_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f("fk_cascade_edges_run_id_cascade_runs"),
                "cascade_runs",
                ["run_id"],
                ["id"],
                ondelete="CASCADE",
            )


def downgrade() -> None:
    # the kept automatic edges go with their runs; the manual decisions stay
    op.execute(sa.text("DELETE FROM cascade_edges WHERE run_id IS NOT NULL"))
    with op.batch_alter_table("cascade_edges", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cascade_edges_run_id_cascade_runs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cascade_edges_run_id"))
        batch_op.drop_column("run_id")
    with op.batch_alter_table("cascade_nodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cascade_nodes_document_id"))
        batch_op.drop_index(batch_op.f("ix_cascade_nodes_run_id"))
    op.drop_table("cascade_nodes")
    op.drop_table("cascade_runs")
