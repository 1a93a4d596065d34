"""Tracking tables (issue 16): units and their name variants, duties, audited activities,
progress overrides and roll-up links.

The unused placeholder tables of 0001 (`assignments`, `activities`, `progress_reports`; nothing
ever wrote them) are dropped and replaced. Downgrade drops the new tables and recreates the
placeholders empty.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NEW_TABLES = [
    "activity_items",
    "activities",
    "rollup_links",
    "progress_overrides",
    "duties",
    "unit_names",
    "units",
    "tracking_audit",
]


def upgrade() -> None:
    # Tolerant of a store whose revision was set back by hand (tests do): drop what exists of
    # the placeholders, create only what is missing.
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if "activities" in tables and "activity_key" in {c["name"] for c in inspector.get_columns("activities")}:
        op.drop_table("activities")
        tables.discard("activities")
    for old in ("assignments", "progress_reports"):
        if old in tables:
            op.drop_table(old)
    if set(NEW_TABLES) <= tables:
        return
    op.create_table(
        "tracking_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", JSON_TYPE, nullable=True),
        sa.Column("after", JSON_TYPE, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_audit")),
    )
    with op.batch_alter_table("tracking_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_audit_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("key", name=op.f("uq_units_key")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_names_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_names")),
        sa.UniqueConstraint("key", name=op.f("uq_unit_names_key")),
    )
    with op.batch_alter_table("unit_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_names_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "duties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", BIG_ID, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("duties", JSON_TYPE, nullable=False),
        sa.Column("deadline", sa.Text(), nullable=True),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_duties_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_duties_unit_id_units"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duties")),
    )
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duties_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_duties_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "progress_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", BIG_ID, nullable=False),
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_progress_overrides_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_overrides")),
        sa.UniqueConstraint("document_id", "node_id", name="uq_progress_overrides_item"),
    )
    with op.batch_alter_table("progress_overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_overrides_document_id"), ["document_id"], unique=False)

    op.create_table(
        "rollup_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_document_id", BIG_ID, nullable=False),
        sa.Column("parent_node_id", sa.Text(), nullable=False),
        sa.Column("child_document_id", BIG_ID, nullable=False),
        sa.Column("child_node_id", sa.Text(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_document_id"],
            ["documents.id"],
            name=op.f("fk_rollup_links_child_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_document_id"],
            ["documents.id"],
            name=op.f("fk_rollup_links_parent_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_links")),
        sa.UniqueConstraint(
            "parent_document_id",
            "parent_node_id",
            "child_document_id",
            "child_node_id",
            name="uq_rollup_links",
        ),
    )
    with op.batch_alter_table("rollup_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rollup_links_child_document_id"), ["child_document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rollup_links_parent_document_id"), ["parent_document_id"], unique=False
        )

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", BIG_ID, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("items", JSON_TYPE, nullable=False),
        sa.Column("form", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_activities_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_activities_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "activity_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("document_id", BIG_ID, nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_items_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_items")),
    )
    with op.batch_alter_table("activity_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_items_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(
            "ix_activity_items_doc_node", ["document_id", "node_id", "unit_id"], unique=False
        )


def downgrade() -> None:
    for table in NEW_TABLES:  # children first
        op.drop_table(table)
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", BIG_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("unit_key", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("node_id", sa.Text(), nullable=False),
        sa.Column("duty_node_ids", JSON_TYPE, nullable=False),
        sa.Column("deadline", sa.String(10)),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", BIG_ID, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("assignment_id", sa.Integer(), sa.ForeignKey("assignments.id", ondelete="SET NULL")),
        sa.Column("activity_key", sa.Text(), nullable=False),
        sa.Column("assignment_node_id", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("due", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
    )
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("unit_key", sa.Text(), nullable=False),
        sa.Column("period", sa.Text()),
        sa.Column("document_key", sa.Text()),
        sa.Column("report_document_id", BIG_ID, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("activity_ids", JSON_TYPE, nullable=False),
        sa.Column("percent_done", sa.Float()),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
    )
    op.create_index("ix_assignments_document_id", "assignments", ["document_id"])
    op.create_index("ix_assignments_unit_key", "assignments", ["unit_key"])
    op.create_index("ix_activities_document_id", "activities", ["document_id"])
    op.create_index("ix_progress_reports_unit_key", "progress_reports", ["unit_key"])
