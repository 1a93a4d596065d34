"""The web app's shared state: upload jobs and their files, failed sign-ins.

Several web worker processes serve one store; what one of them starts (an upload) or counts
(failed sign-ins) must be seen by the others, and survive a restart.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DocId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "upload_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_upload_jobs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload_jobs")),
    )
    with op.batch_alter_table("upload_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_jobs_created_at"), ["created_at"], unique=False)

    op.create_table(
        "upload_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("document_id", DocId, nullable=True),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_upload_files_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["upload_jobs.id"],
            name=op.f("fk_upload_files_job_id_upload_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload_files")),
    )
    with op.batch_alter_table("upload_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_files_job_id"), ["job_id"], unique=False)

    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_failures")),
    )
    with op.batch_alter_table("signin_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_failures_key"), ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signin_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_failures_key"))
    op.drop_table("signin_failures")
    with op.batch_alter_table("upload_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_files_job_id"))
    op.drop_table("upload_files")
    with op.batch_alter_table("upload_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_jobs_created_at"))
    op.drop_table("upload_jobs")
