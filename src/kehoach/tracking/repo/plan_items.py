"""A stored plan as tracking sees it: its document, its items, its label."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from kehoach.model.document import Document
from kehoach.store.schema import DocumentRow, DutyRow, NodeRow

if TYPE_CHECKING:
    from kehoach.store import Store


def stored_document(store: Store, doc_id: int | None) -> Document | None:
    """The stored document `doc_id` (None: no such document)."""
    stored = store.get_document(doc_id) if doc_id is not None else None
    return stored.document if stored is not None else None


def items_of(conn: Connection, plan_id: int) -> list[str]:
    """A plan's tracked items: the nodes its duties hang on, in order."""
    rows = conn.execute(
        select(DutyRow.node_id).where(DutyRow.document_id == plan_id).order_by(DutyRow.id)
    ).scalars()
    return list(dict.fromkeys(rows))


def unknown_items(conn: Connection, plan_id: int, items: list[str]) -> list[str]:
    """Items that are neither an outline node nor a duty's node of the plan (none when the store
    holds neither for it, as in a synthetic benchmark store)."""
    wanted = sorted(set(items))
    known = set(
        conn.execute(
            select(NodeRow.node_id).where(NodeRow.document_id == plan_id, NodeRow.node_id.in_(wanted))
        ).scalars()
    ) | set(
        conn.execute(
            select(DutyRow.node_id).where(DutyRow.document_id == plan_id, DutyRow.node_id.in_(wanted))
        ).scalars()
    )
    if (
        not known
        and conn.execute(select(NodeRow.id).where(NodeRow.document_id == plan_id).limit(1)).first() is None
    ):
        return []
    return [i for i in items if i not in known]


def plan_labels(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Number and symbol (or title) of stored plans, for display."""
    ids = list(ids)
    if not ids:
        return {}
    rows = conn.execute(
        select(DocumentRow.id, DocumentRow.number_symbol, DocumentRow.title).where(DocumentRow.id.in_(ids))
    )
    return {i: ns or (t or "")[:60] or f"#{i}" for i, ns, t in rows}
