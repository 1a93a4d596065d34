"""Roll-up links say where they come from (issue 16): `align` (derived from the alignment of a
child plan to its parent along the cascade edge, replaced at each derivation) or `manual` (a
person's recorded decision, with its reason; kept over derivations). Earlier links were entered
by hand: `manual`.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Checked first: a store stamped back to an older revision (tests of data migrations) has them.
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("rollup_links")}
    with op.batch_alter_table("rollup_links", schema=None) as batch_op:
        if "method" not in have:
            batch_op.add_column(
                sa.Column("method", sa.String(length=16), nullable=False, server_default="manual")
            )
        if "reason" not in have:
            batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rollup_links", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("method")
