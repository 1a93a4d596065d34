"""Sessions that can be ended, and a signing key that survives a restart.

`users.session_version`: every session cookie carries the version of its account at sign-in;
logout, a password change and deactivation increase it, which ends every session of the account
at once (on every worker). `app_secrets`: named secrets of the installation (the session signing
key), made once and kept, so that sessions survive a restart without KEHOACH_SECRET_KEY.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Checked first: a store stamped back to an older revision (tests of data migrations do that)
    # already has them, and re-adding would fail.
    inspector = sa.inspect(op.get_bind())
    if "session_version" not in {c["name"] for c in inspector.get_columns("users")}:
        with op.batch_alter_table("users", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
            )
    if inspector.has_table("app_secrets"):
        return
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )


def downgrade() -> None:
    op.drop_table("app_secrets")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
