"""The cascade of a store's documents, and the manual decisions kept in it.

Manual decisions (a person confirms, rejects or sets a parent) are rows of the store's
`cascade_edges` table (method `manual`, `evidence` = {"action", "relation", "note"}), so they
survive re-runs and every later run respects them. Documents are named `#<id>` in them.
"""

from __future__ import annotations

from typing import Any

from kehoach.cascade.engine import CascadeOptions, Override, build_cascade
from kehoach.cascade.model import Cascade
from kehoach.cascade.profile import Profile, profile

ACTIONS = ("confirm", "reject", "set")


def _open(store_or_url: Any):  # noqa: ANN202
    if isinstance(store_or_url, str) or store_or_url is None:
        from kehoach.store import open_store

        return open_store(store_or_url)
    return store_or_url


def profiles_from_store(
    store_or_url: Any, *, start: int = 0, keep_units: bool = True
) -> tuple[list[Profile], list[tuple[str, str]]]:
    """Profiles of the store's current documents (`doc_id` set), numbered from `start`."""
    store = _open(store_or_url)
    profiles: list[Profile] = []
    failed: list[tuple[str, str]] = []
    page = 1
    while True:
        result = store.list_documents({}, sort="id", page=page, page_size=1000)
        for item in result.items:
            stored = store.get_document(item.id)
            if stored is None:
                failed.append((f"#{item.id}", "Văn bản đã bị xoá khỏi kho"))
                continue
            p = profile(stored.document, start + len(profiles), keep_units=keep_units,
                        path=stored.document.source.path or f"#{item.id}")  # fmt: skip
            p.doc_id = item.id
            profiles.append(p)
        if page * result.page_size >= result.total:
            break
        page += 1
    return profiles, failed


def cascade_of_store(store_or_url: Any) -> Cascade:
    """The cascade of the store's current documents, with the manual decisions kept in it."""
    store = _open(store_or_url)
    profiles, _failed = profiles_from_store(store, keep_units=True)
    return build_cascade(profiles, CascadeOptions(), load_overrides(store))


def cascade_state(store_or_url: Any) -> tuple[int, int | None, int, int | None]:
    """What the store's cascade depends on (current documents: count and newest id; manual
    decisions: count and newest id): a cached cascade is good while this is unchanged."""
    from sqlalchemy import func, select

    from kehoach.store.schema import CascadeEdgeRow as E
    from kehoach.store.schema import DocumentRow as D

    store = _open(store_or_url)
    with store.engine.connect() as conn:
        docs = conn.execute(select(func.count(), func.max(D.id)).where(D.is_current.is_(True))).one()
        manual = conn.execute(select(func.count(), func.max(E.id)).where(E.method == "manual")).one()
    return (docs[0], docs[1], manual[0], manual[1])


def load_overrides(store_or_url: Any) -> list[Override]:
    """The manual decisions stored, oldest first."""
    from sqlalchemy import select

    from kehoach.store.schema import CascadeEdgeRow as E

    store = _open(store_or_url)
    with store.engine.connect() as conn:
        rows = conn.execute(select(E).where(E.method == "manual").order_by(E.id)).all()
    out = []
    for row in rows:
        ev = row.evidence or {}
        parent = f"#{row.parent_id}" if row.parent_id is not None else row.parent_key
        out.append(Override(f"#{row.child_id}", parent, ev.get("action", "confirm"), ev.get("relation", "implements"),
                            ev.get("note")))  # fmt: skip
    return out


def save_override(
    store_or_url: Any,
    child_id: int,
    parent: int | str | None,
    action: str,
    *,
    relation: str = "implements",
    note: str | None = None,
    user_id: int | None = None,
) -> None:
    """Keep a person's decision on `child_id`'s parent (a stored document id, or a cited key).

    `set` replaces the earlier manual decisions of that child; `confirm` and `reject` replace
    the earlier decision on the same parent.
    """
    from sqlalchemy import delete, insert

    from kehoach.errors import KehoachError
    from kehoach.store.schema import CascadeEdgeRow as E

    if action not in ACTIONS:
        raise KehoachError(f"Thao tác không hợp lệ: {action} (chọn: {', '.join(ACTIONS)})", code="bad_action")
    if relation not in ("implements", "based_on"):
        raise KehoachError(f"Quan hệ không hợp lệ: {relation}", code="bad_relation")
    parent_id = parent if isinstance(parent, int) else None
    parent_key = parent if isinstance(parent, str) else None
    store = _open(store_or_url)
    if store.get_document(child_id) is None or (
        parent_id is not None and store.get_document(parent_id) is None
    ):
        raise KehoachError("Không có văn bản này trong kho", code="document_not_found")
    with store.transaction() as conn:
        old = delete(E).where(E.child_id == child_id, E.method == "manual")
        if action != "set":
            old = old.where(E.parent_id.is_(parent_id) if parent_id is None else E.parent_id == parent_id)
            old = old.where(E.parent_key.is_(None) if parent_key is None else E.parent_key == parent_key)
        conn.execute(old)
        conn.execute(
            insert(E).values(
                child_id=child_id, parent_id=parent_id, parent_key=parent_key, method="manual",
                score=1.0, evidence={"action": action, "relation": relation, "note": note}, created_by=user_id,
            )
        )  # fmt: skip


def stored_parent(store_or_url: Any, child_id: int, doc: Any = None) -> int | None:
    """The stored plan `child_id` implements, on the cascade edge as the store keeps it: a person's
    decision first (`set` or `confirm` of a stored parent; a `reject` removes that parent), else
    the citation rule (`Store.parent_id`: the plan its header or preamble implements, matched by
    number and year). `doc`: the child's parsed document when the caller has it."""
    from sqlalchemy import select

    from kehoach.store.schema import CascadeEdgeRow as E

    store = _open(store_or_url)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(E.parent_id, E.evidence).where(E.child_id == child_id, E.method == "manual").order_by(E.id)
        ).all()
    rejected: set[int] = set()
    chosen: int | None = None
    for parent_id, evidence in rows:
        action = (evidence or {}).get("action", "confirm")
        if action == "set":
            return parent_id  # replaces every earlier decision; None: set to a plan not stored
        if action == "reject" and parent_id is not None:
            rejected.add(parent_id)
        elif action == "confirm" and parent_id is not None and chosen is None:
            chosen = parent_id
    if chosen is not None and chosen not in rejected:
        return chosen
    if doc is None:
        stored = store.get_document(child_id)
        if stored is None:
            return None
        doc = stored.document
    found = store.parent_id(doc)
    return None if found in rejected else found
