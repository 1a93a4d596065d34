"""Roll-up links in the store: which child plan items count toward which parent plan items.

Links are derived from the alignment of a plan with its cascade parent (`tracking.links`, method
`align`), or decided by a person (`set_link`, method `manual`, audited), which later derivations
keep; a link of weight 0 does not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from kehoach.errors import TrackingError
from kehoach.model.document import Document
from kehoach.store.schema import CascadeEdgeRow, DutyRow, RollupLinkRow
from kehoach.tracking import progress as prog
from kehoach.tracking.links import DerivedLink
from kehoach.tracking.repo.accounts import Account, clerk_name
from kehoach.tracking.repo.audit_trail import upsert_audited
from kehoach.tracking.repo.plan_items import items_of, stored_document, unknown_items

if TYPE_CHECKING:
    from kehoach.store import Store

MAX_WEIGHT = 10.0  # a person's link weight: 0 (does not count) .. 10
_ENDS = ("parent_document_id", "parent_node_id", "child_document_id", "child_node_id")


def add_links(store: Store, links: Iterable[prog.Link]) -> None:
    """Record that child plan items count toward parent plan items (as given: no audit; a
    person's decision goes through `set_link`, derived links through `derive_links`)."""
    with store.transaction() as conn:
        for link in links:
            conn.execute(
                insert(RollupLinkRow).values(
                    parent_document_id=link.parent[0],
                    parent_node_id=link.parent[1],
                    child_document_id=link.child[0],
                    child_node_id=link.child[1],
                    weight=link.weight,
                    method=link.method,
                    reason=link.reason,
                )
            )


def plan_parent(store: Store, plan_id: int, doc: Document | None = None) -> int | None:
    """The stored plan a plan implements, on the cascade edge (`cascade.stored.stored_parent`:
    a person's decision first, else the citation rule of `Store.parent_id`)."""
    from kehoach.cascade.stored import stored_parent

    return stored_parent(store, plan_id, doc)


def plans_below(store: Store, plan_id: int) -> list[int]:
    """Stored plans with duties whose cascade parent (`plan_parent`) is this plan: those citing
    it and those a person attached to it."""
    plan = stored_document(store, plan_id)
    if plan is None:
        return []
    candidates: set[int] = set()
    if plan.number_symbol:
        candidates |= {c.document.id for c in store.cited_by(plan.number_symbol)}
    with store.engine.connect() as conn:
        candidates |= set(
            conn.execute(
                select(CascadeEdgeRow.child_id).where(
                    CascadeEdgeRow.parent_id == plan_id, CascadeEdgeRow.method == "manual"
                )
            ).scalars()
        )
        candidates.discard(plan_id)
        with_duties = set(
            conn.execute(
                select(DutyRow.document_id).where(DutyRow.document_id.in_(sorted(candidates))).distinct()
            ).scalars()
        )
    return [c for c in sorted(with_duties) if plan_parent(store, c) == plan_id]


def derive_links(store: Store, child_id: int, doc: Document | None = None) -> list[DerivedLink]:
    """Derive and store the roll-up links of a child plan toward its cascade parent from their
    alignment (`tracking.links`); the links derived before for this child are replaced, a
    person's links (`set_link`) are kept and win over a derived link of the same two items.
    No parent, or no duties on either side: no derived link."""
    from kehoach.align import align_documents
    from kehoach.tracking.links import derive_from_alignment

    if doc is None:
        doc = stored_document(store, child_id)
    parent_id = plan_parent(store, child_id, doc) if doc is not None else None
    links: list[DerivedLink] = []
    parent = stored_document(store, parent_id) if parent_id != child_id else None
    if doc is not None and parent is not None:
        with store.engine.connect() as conn:
            child_items, parent_items = items_of(conn, child_id), items_of(conn, parent_id)
        if child_items and parent_items:
            alignment = align_documents(parent, doc)
            links = derive_from_alignment(alignment, child_items, parent_items)
    with store.transaction() as conn:
        conn.execute(
            delete(RollupLinkRow).where(
                RollupLinkRow.child_document_id == child_id, RollupLinkRow.method == "align"
            )
        )
        manual = set(
            conn.execute(
                select(RollupLinkRow.parent_node_id, RollupLinkRow.child_node_id).where(
                    RollupLinkRow.child_document_id == child_id,
                    RollupLinkRow.parent_document_id == parent_id,
                )
            ).all()
        )
        rows = [
            {
                "parent_document_id": parent_id,
                "parent_node_id": link.parent_node,
                "child_document_id": child_id,
                "child_node_id": link.child_node,
                "weight": link.weight,
                "method": "align",
                "reason": _evidence_text(link),
            }
            for link in links
            if (link.parent_node, link.child_node) not in manual
        ]
        if rows:
            conn.execute(insert(RollupLinkRow), rows)
    return links


def derive_links_around(
    store: Store, plan_id: int, doc: Document | None = None
) -> dict[int, list[DerivedLink]]:
    """Derive the links of a plan toward its parent and of every plan below it toward it
    (after its duties changed: its items did). Per child plan id, the links derived."""
    out = {plan_id: derive_links(store, plan_id, doc)}
    for child in plans_below(store, plan_id):
        out[child] = derive_links(store, child)
    return out


def set_link(
    store: Store, parent: prog.Item, child: prog.Item, weight: float, reason: str, actor: str | Account
) -> None:
    """A person's decision on one roll-up link (weight ≥ 0; 0: the child item does not count
    toward the parent item), recorded with its reason and audited (who, when, before, after);
    later derivations keep it. Only the parent plan's issuing body or an admin decides."""
    name = clerk_name(actor)
    if not 0.0 <= weight <= MAX_WEIGHT:
        raise TrackingError(f"Trọng số phải trong khoảng 0..{MAX_WEIGHT:g}, nhận {weight}.", code="bad_link")
    if not reason.strip():
        raise TrackingError("Cần ghi lý do điều chỉnh liên kết.", code="bad_link")
    if parent[0] == child[0]:
        raise TrackingError("Liên kết phải nối hai kế hoạch khác nhau.", code="bad_link")
    with store.transaction() as conn:
        problems = [
            f"kế hoạch {plan} không có mục {node}"
            for plan, node in (parent, child)
            if unknown_items(conn, plan, [node])
        ]
        if problems:
            raise TrackingError("Không ghi được liên kết: " + "; ".join(problems) + ".", code="bad_link")
        key = dict(zip(_ENDS, (*parent, *child), strict=True))
        values = {"weight": weight, "method": "manual", "reason": reason.strip()}
        upsert_audited(
            conn,
            RollupLinkRow,
            key,
            values,
            entity="link",
            actor=name,
            before_cols=(*_ENDS, "weight", "method", "reason"),
            after={**key, **values},
        )


def children_of(store: Store, plan_id: int) -> dict[str, list[prog.Link]]:
    """Per item of a plan, the child plan items linked to it (derived or a person's; a link of
    weight 0 is listed: a person decided it does not count)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                RollupLinkRow.parent_node_id,
                RollupLinkRow.child_document_id,
                RollupLinkRow.child_node_id,
                RollupLinkRow.weight,
                RollupLinkRow.method,
                RollupLinkRow.reason,
            )
            .where(RollupLinkRow.parent_document_id == plan_id)
            .order_by(RollupLinkRow.child_document_id, RollupLinkRow.child_node_id, RollupLinkRow.id)
        )
        out: dict[str, list[prog.Link]] = {}
        for pn, cd, cn, w, method, reason in rows:
            out.setdefault(pn, []).append(prog.Link((plan_id, pn), (cd, cn), w, method, reason))
        return out


def _evidence_text(link: DerivedLink) -> str:
    """How a derived link was found, for the roll-up table: the unit pairs of the alignment."""
    return "đối chiếu: " + ", ".join(f"{c} ← {p}" for c, p in link.evidence)
