"""The cascade of a store's documents, the cascade kept in it, and the manual decisions kept in it.

Manual decisions (a person confirms, rejects or sets a parent) are rows of the store's
`cascade_edges` table (method `manual`, `evidence` = {"action", "relation", "note"}), so they
survive re-runs and every later run respects them. Documents are named `#<id>` in them.

A computed cascade can be kept (`kehoach cascade --db URL --save`, `save_cascade`): its nodes
(`cascade_nodes`) and automatic edges (`cascade_edges`, method `citation` or `text`, with
their confidence, relation, reasons and coverage), made with the manual decisions steering the
search but not laid on (`decide(apply_manual=False)`). Reading it (`kept_cascade`) lays the
decisions stored by then on it, so a decision taken after the run wins at once; a rejected
parent's replacement waits for the next run. The web app serves the kept cascade while it
covers the store's current documents, and a stale one rather than recomputing a large store
(`cascade_of_store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kehoach.cascade.engine import CascadeOptions, Override, apply_overrides, build_cascade
from kehoach.cascade.model import Cascade, CascadeEdge, CascadeNode
from kehoach.cascade.profile import Profile, profile

ACTIONS = ("confirm", "reject", "set")
REBUILD_MAX = 5000
"""A store with more current documents than this is not recomputed for the web app when its
kept cascade is older than its documents: the kept one is served, marked stale."""


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


@dataclass
class KeptRun:
    """The cascade kept in a store: when, and the documents it covered."""

    id: int
    created_at: datetime
    documents: int  # current documents when it ran
    last_document_id: int | None  # the newest of them


@dataclass
class StoreCascade:
    """The store's cascade as the web app shows it."""

    cascade: Cascade
    kept: KeptRun | None  # the kept cascade it was read from; None: computed from the documents
    stale: bool = False  # the kept cascade does not cover the store's current documents
    new_documents: int = 0  # current documents newer than the kept cascade


def cascade_of_store(store_or_url: Any) -> Cascade:
    """The cascade of the store's current documents, with the manual decisions kept in it."""
    return store_cascade(store_or_url).cascade


def store_cascade(store_or_url: Any) -> StoreCascade:
    """The kept cascade while it covers the current documents (or they are too many to recompute
    here: then marked stale), else the cascade computed from the documents; decisions laid on."""
    store = _open(store_or_url)
    kept = kept_run(store)
    if kept is not None:
        docs, last = _document_state(store)
        stale = (docs, last) != (kept.documents, kept.last_document_id)
        if not stale or docs > REBUILD_MAX:
            return StoreCascade(
                kept_cascade(store, kept), kept, stale, _newer_than(store, kept.last_document_id)
            )
    profiles, _failed = profiles_from_store(store, keep_units=True)
    return StoreCascade(build_cascade(profiles, CascadeOptions(), load_overrides(store)), None)


def cascade_state(store_or_url: Any) -> tuple[int, int | None, int, int | None, Any]:
    """What the store's cascade depends on (current documents: count and newest id; manual
    decisions: count and newest id; the kept cascade): a cached cascade is good while this is unchanged."""
    from sqlalchemy import func, select

    from kehoach.store.schema import CascadeEdgeRow as E
    from kehoach.store.schema import CascadeRunRow as R

    store = _open(store_or_url)
    docs = _document_state(store)
    with store.engine.connect() as conn:
        manual = conn.execute(select(func.count(), func.max(E.id)).where(E.method == "manual")).one()
        run = conn.execute(select(func.max(R.created_at))).scalar()  # ids can come back (SQLite)
    return (docs[0], docs[1], manual[0], manual[1], run)


def _document_state(store: Any) -> tuple[int, int | None]:
    """Current documents: how many, and the newest id."""
    from sqlalchemy import func, select

    from kehoach.store.schema import DocumentRow as D

    with store.engine.connect() as conn:
        docs = conn.execute(select(func.count(), func.max(D.id)).where(D.is_current.is_(True))).one()
    return (docs[0], docs[1])


def _newer_than(store: Any, last: int | None) -> int:
    from sqlalchemy import func, select

    from kehoach.store.schema import DocumentRow as D

    query = select(func.count()).where(D.is_current.is_(True))
    if last is not None:
        query = query.where(D.id > last)
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar() or 0)


def save_cascade(store_or_url: Any, cascade: Cascade, options: CascadeOptions | None = None) -> KeptRun:
    """Keep `cascade` (of the store's current documents, made with `apply_manual=False`) as the
    store's cascade, in place of the one kept before. Edges of a person's decision (source
    `manual`) are not kept here: the decisions are, as their own rows."""
    from sqlalchemy import delete, insert, select

    from kehoach.errors import KehoachError
    from kehoach.store.schema import CascadeEdgeRow as E
    from kehoach.store.schema import CascadeNodeRow as N
    from kehoach.store.schema import CascadeRunRow as R

    store = _open(store_or_url)
    loose = [n.id for n in cascade.nodes.values() if not n.missing and n.doc_id is None]
    if loose:
        raise KehoachError(
            f"Chỉ lưu được chuỗi của các văn bản trong kho ({len(loose)} văn bản không thuộc kho, ví dụ {loose[0]})",
            code="cascade_not_of_store",
        )
    docs, last = _document_state(store)
    doc_of = {n.id: n.doc_id for n in cascade.nodes.values()}
    opts = {k: v for k, v in vars(options).items() if k != "workers"} if options is not None else {}
    with store.transaction() as conn:
        conn.execute(delete(E).where(E.run_id.is_not(None)))
        conn.execute(delete(N))
        conn.execute(delete(R))
        run_id = conn.execute(
            insert(R).values(documents=docs, last_document_id=last, options=opts)
        ).inserted_primary_key[0]
        nodes = [
            {"run_id": run_id, "node_key": n.id, "document_id": n.doc_id, "number_symbol": n.number_symbol,
             "doc_type": n.doc_type, "issuer": n.issuer, "date": n.date, "title": n.title, "level": n.level,
             "missing": n.missing, "version_of": n.version_of, "source_path": n.source_path}
            for n in cascade.nodes.values()
        ]  # fmt: skip
        for start in range(0, len(nodes), 5000):
            conn.execute(insert(N), nodes[start : start + 5000])
        edges = [
            {"run_id": run_id, "child_id": doc_of[e.child], "parent_id": doc_of.get(e.parent),
             "parent_key": None if doc_of.get(e.parent) is not None else e.parent, "method": e.source,
             "score": e.confidence,
             "evidence": {"relation": e.relation, "evidence": e.evidence, "coverage": e.coverage}}
            for e in cascade.edges
            if e.source != "manual" and doc_of.get(e.child) is not None
        ]  # fmt: skip
        for start in range(0, len(edges), 5000):
            conn.execute(insert(E), edges[start : start + 5000])
        created = conn.execute(select(R.created_at).where(R.id == run_id)).scalar_one()
    return KeptRun(run_id, created, docs, last)


def kept_run(store_or_url: Any) -> KeptRun | None:
    """The cascade kept in the store (`save_cascade`), if any."""
    from sqlalchemy import select

    from kehoach.store.schema import CascadeRunRow as R

    store = _open(store_or_url)
    with store.engine.connect() as conn:
        row = conn.execute(select(R).order_by(R.id.desc()).limit(1)).first()
    return None if row is None else KeptRun(row.id, row.created_at, row.documents, row.last_document_id)


def kept_cascade(store_or_url: Any, run: KeptRun | None = None) -> Cascade:
    """The kept cascade, with the manual decisions stored by now laid on it (empty when none is kept)."""
    from sqlalchemy import select

    from kehoach.store.schema import CascadeEdgeRow as E
    from kehoach.store.schema import CascadeNodeRow as N

    store = _open(store_or_url)
    run = run or kept_run(store)
    cascade = Cascade()
    if run is None:
        return cascade
    node_of: dict[int, str] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(N).where(N.run_id == run.id).order_by(N.id)):
            cascade.nodes[r.node_key] = CascadeNode(
                id=r.node_key, source_path=r.source_path, number_symbol=r.number_symbol, doc_type=r.doc_type,
                issuer=r.issuer, date=r.date, title=r.title, level=r.level, missing=r.missing,
                version_of=r.version_of, doc_id=r.document_id,
            )  # fmt: skip
            if r.document_id is not None:
                node_of[r.document_id] = r.node_key
        for r in conn.execute(select(E).where(E.run_id == run.id).order_by(E.id)):
            ev = r.evidence or {}
            parent = node_of.get(r.parent_id) if r.parent_id is not None else r.parent_key
            if r.child_id not in node_of or parent is None:
                continue
            cascade.edges.append(
                CascadeEdge(
                    node_of[r.child_id],
                    parent,
                    ev.get("relation", "implements"),
                    r.score,
                    list(ev.get("evidence") or []),
                    r.method,
                    ev.get("coverage"),
                )  # fmt: skip
            )
    return apply_overrides(cascade, load_overrides(store))


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
