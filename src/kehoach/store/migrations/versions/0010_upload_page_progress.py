"""Per-page progress of an uploaded file being read (the upload page shows "trang 3/40").

`upload_files.pages_done`, `pages_total`, `pages_stage` ("text": the text layer read, "ocr": pages
recognised): written by the web worker reading the file, at most a few times a second.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ("pages_done", "pages_total", "pages_stage")


def upgrade() -> None:
    # Checked first: a store stamped back to an older revision (tests of data migrations) has them.
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("upload_files")}
    with op.batch_alter_table("upload_files", schema=None) as batch_op:
        if "pages_done" not in have:
            batch_op.add_column(sa.Column("pages_done", sa.Integer(), nullable=True))
        if "pages_total" not in have:
            batch_op.add_column(sa.Column("pages_total", sa.Integer(), nullable=True))
        if "pages_stage" not in have:
            batch_op.add_column(sa.Column("pages_stage", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upload_files", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
