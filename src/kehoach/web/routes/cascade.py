"""The cascade of the store: levels top to bottom, coverage on the edges; its JSON twin; a
document's parents and children; a person's decision on a parent (kept in the store).

The cascade itself is `kehoach.cascade` (no logic here): the one kept in the store
(`kehoach cascade --db URL --save`) when there is one for these documents, else computed
(`kehoach.cascade.stored.store_cascade`); read again when the store's documents, manual
decisions or kept cascade change, else served from a small cache.
"""

from __future__ import annotations

import threading
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from kehoach.levels import LABELS, ORDER, UNKNOWN_LABEL
from kehoach.web.pages import MAX_ID, DocId, PageRoute, WebError, check_csrf, render, require

router = APIRouter(route_class=PageRoute)
_LOCK = threading.Lock()
_CACHE: dict[int, tuple[tuple, Any]] = {}
LEVEL_ROWS: list[tuple[str | None, str]] = [
    *((level, LABELS[level]) for level in ORDER),
    (None, UNKNOWN_LABEL),
]
RELATIONS = {"implements": "thực hiện", "based_on": "căn cứ"}


def store_cascade(request: Request) -> Any:
    """The store's cascade (`StoreCascade`; cached until its documents, decisions or kept cascade change)."""
    from kehoach.cascade.stored import cascade_state
    from kehoach.cascade.stored import store_cascade as compute

    store = request.app.state.store
    key = cascade_state(store)
    with _LOCK:
        hit = _CACHE.get(id(store))
        if hit is not None and hit[0] == key:
            return hit[1]
        result = compute(store)
        _CACHE[id(store)] = (key, result)
        return result


def _node_dict(n: Any) -> dict[str, Any]:
    out = {**n.to_dict(), "document_id": n.doc_id}
    if n.source_path:  # the file's name only, never the server's path
        out["source_path"] = PurePath(n.source_path).name
    return out


def _edge_dict(e: Any, c: Any) -> dict[str, Any]:
    return {
        **e.to_dict(),
        "coverage": e.coverage,
        "source": e.source,
        "child_document_id": c.nodes[e.child].doc_id,
        "parent_document_id": c.nodes[e.parent].doc_id,
    }


def _rows(c: Any) -> list[dict[str, Any]]:
    """Nodes by level, top to bottom; drafts folded under their final version."""
    up: dict[str, list[Any]] = {}
    down: dict[str, list[Any]] = {}
    drafts: dict[str, list[Any]] = {}
    for e in c.edges:  # one pass, not one scan of the edges per node (a kept cascade can be large)
        up.setdefault(e.child, []).append(e)
        down.setdefault(e.parent, []).append(e)
    for n in c.nodes.values():
        if n.version_of is not None:
            drafts.setdefault(n.version_of, []).append(n)
    rows = []
    for level, label in LEVEL_ROWS:
        nodes = [n for n in c.nodes.values() if n.level == level and n.version_of is None]
        if level is None:
            nodes = [n for n in c.nodes.values() if n.level not in dict(LEVEL_ROWS) and n.version_of is None]
        if not nodes:
            continue
        nodes.sort(key=lambda n: (n.date or "", n.number_symbol or "", n.id))
        rows.append(
            {
                "level": level,
                "label": label,
                "nodes": [
                    {
                        "node": n,
                        "parents": up.get(n.id, []),
                        "children": down.get(n.id, []),
                        "versions": drafts.get(n.id, []),
                    }
                    for n in nodes
                ],
            }
        )
    return rows


@router.get("/cascade", include_in_schema=False)
def cascade_page(request: Request) -> Response:
    require(request)
    sc = store_cascade(request)
    c = sc.cascade
    return render(
        request,
        "cascade.html",
        {
            "rows": _rows(c),
            "cascade": c,
            "kept": sc.kept,
            "stale": sc.stale,
            "new_documents": sc.new_documents,
            "relations": RELATIONS,
            "n_edges": len(c.edges),
            "n_nodes": len(c.nodes),
        },
    )


@router.get("/api/cascade", tags=["chuỗi văn bản"], summary="The cascade of the stored documents")
def cascade_api(request: Request) -> dict[str, Any]:
    """Nodes (`document_id` for stored ones) and edges (child → parent, relation, confidence,
    evidence, coverage), the shape of `kehoach cascade --format json` plus store ids."""
    require(request)
    c = store_cascade(request).cascade
    return {"nodes": [_node_dict(n) for n in c.nodes.values()], "edges": [_edge_dict(e, c) for e in c.edges]}


@router.get(
    "/api/cascade/documents/{doc_id}",
    tags=["chuỗi văn bản"],
    summary="A stored document's parents and children",
)
def document_cascade_api(request: Request, doc_id: DocId) -> dict[str, Any]:
    require(request)
    c = store_cascade(request).cascade
    node = next((n for n in c.nodes.values() if n.doc_id == doc_id), None)
    if node is None:
        raise WebError(404, "document_not_found", f"Không có văn bản số {doc_id} trong kho.")
    head = c.nodes[node.version_of] if node.version_of else node
    return {
        "node": _node_dict(node),
        "version_of": _node_dict(head) if head is not node else None,
        "parents": [
            {"edge": _edge_dict(e, c), "node": _node_dict(c.nodes[e.parent])} for e in c.parents(head.id)
        ],
        "children": [
            {"edge": _edge_dict(e, c), "node": _node_dict(c.nodes[e.child])} for e in c.children(head.id)
        ],
    }


class Decision(BaseModel):
    child: int = Field(..., ge=1, le=MAX_ID, description="the stored document whose parent is decided")
    parent: int | None = Field(None, ge=1, le=MAX_ID, description="a stored parent document")
    parent_key: str | None = Field(None, max_length=200, description="or a cited-only parent's key")
    action: str = Field(..., pattern="^(confirm|reject|set)$")
    relation: str = Field("implements", pattern="^(implements|based_on)$")
    note: str | None = Field(None, max_length=500)


@router.post(
    "/api/cascade/decisions", tags=["chuỗi văn bản"], summary="Confirm, reject or set a parent (kept)"
)
def decide_api(request: Request, decision: Decision) -> dict[str, Any]:
    viewer = require(request, "editor")
    check_csrf(request)
    from kehoach.cascade.stored import save_override

    parent: int | str | None = decision.parent if decision.parent is not None else decision.parent_key
    if parent is None:
        raise WebError(422, "parent_required", "Cần chọn văn bản cấp trên (parent hoặc parent_key).")
    save_override(request.app.state.store, decision.child, parent, decision.action, relation=decision.relation,
                  note=decision.note, user_id=viewer.id if viewer.id else None)  # fmt: skip
    return document_cascade_api(request, decision.child)
