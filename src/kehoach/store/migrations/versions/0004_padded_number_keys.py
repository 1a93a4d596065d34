"""Number keys in the one canonical form of `kehoach.identity.number_key` (numbers padded).

`documents.number_key` and `citations.number_key` were the folded number symbol as printed, so a
plan numbered `5-CT/TW` and a citation of `05-CT/TW` had different keys. They are recomputed
from the stored `number_symbol`; nothing else changes. Downgrade keeps the new keys (the old
form is not needed by anything).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import bindparam, text

from kehoach.identity import number_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 1000


def _recompute(table: str) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        text(f"SELECT id, number_symbol, number_key FROM {table} WHERE number_symbol IS NOT NULL")
    )
    changed = [{"i": i, "k": number_key(ns)} for i, ns, old in rows if number_key(ns) != old]
    update = text(f"UPDATE {table} SET number_key = :k WHERE id = :i").bindparams(
        bindparam("i"), bindparam("k")
    )
    for start in range(0, len(changed), BATCH):
        bind.execute(update, changed[start : start + BATCH])


def upgrade() -> None:
    _recompute("documents")
    _recompute("citations")


def downgrade() -> None:
    pass
