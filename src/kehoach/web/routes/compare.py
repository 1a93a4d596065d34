"""Compare: a child plan beside its parent, unit by unit, with coverage (alignment from `kehoach.align`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse, Response

from kehoach.display import file_name
from kehoach.export.align_html import side_by_side
from kehoach.model import Alignment
from kehoach.web.pages import (
    MAX_ID,
    PageRoute,
    WebError,
    backend_of,
    document_options,
    int_param,
    render,
    require,
    store_of,
)

router = APIRouter(route_class=PageRoute)


def _align(request: Request, parent: int, child: int) -> tuple[Any, Any, Alignment]:
    if parent == child:
        raise WebError(
            422, "same_document", "Hãy chọn hai văn bản khác nhau: văn bản cấp trên và văn bản cấp dưới."
        )
    from kehoach.align import align_documents

    store = store_of(request)
    stored = []
    for side, doc_id in (("cấp trên", parent), ("cấp dưới", child)):
        found = store.get_document(doc_id)
        if found is None:
            raise WebError(
                404, "document_not_found", f"Không có văn bản {side} số {doc_id} trong kho. Hãy chọn lại."
            )
        stored.append(found)
    p, c = stored
    return p, c, align_documents(p.document, c.document)


@router.get("/compare", include_in_schema=False)
def compare_page(
    request: Request,
    parent_field: str | None = Query(None, alias="parent", max_length=20),
    child_field: str | None = Query(None, alias="child", max_length=20),
) -> Response:
    require(request)
    parent, child = int_param(parent_field, "parent"), int_param(child_field, "child")
    suggested = False
    if child is not None and parent is None:
        stored = store_of(request).get_document(child)
        if stored is not None:
            parent = backend_of(request).parent_id(stored.document)
            suggested = parent is not None
    ctx: dict[str, Any] = {
        "parent_id": parent,
        "child_id": child,
        "options": document_options(request),
        "suggested": suggested,
    }
    if parent is not None and child is not None:
        p, c, al = _align(request, parent, child)
        ctx.update({"parent_doc": p, "child_doc": c, "alignment": al, "rows": side_by_side(al)})
    return render(request, "compare.html", ctx)


@router.get("/compare/html", include_in_schema=False)
def compare_export(
    request: Request, parent: int = Query(..., ge=1, le=MAX_ID), child: int = Query(..., ge=1, le=MAX_ID)
) -> Response:
    """The self-contained side-by-side page (`kehoach.export.align_html`) to save or mail; no scripts."""
    from kehoach.export.align_html import render_alignment_html

    require(request)
    _, _, al = _align(request, parent, child)
    return HTMLResponse(
        render_alignment_html(al),
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
        },
    )


@router.get("/api/align", tags=["so sánh"], summary="Align a child plan to its parent (both stored)")
def align_api(
    request: Request, parent: int = Query(..., ge=1, le=MAX_ID), child: int = Query(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    require(request)
    p, c, al = _align(request, parent, child)
    data = al.to_public_dict()
    data["parent"]["id"] = p.summary.id
    data["child"]["id"] = c.summary.id
    for side in ("parent", "child"):  # the file's name, never the server's folders
        data[side]["source"] = file_name(data[side]["source"], empty="") or None
    return data


@router.get("/api/compare/suggest", tags=["so sánh"], summary="The stored parent a plan implements, if any")
def suggest_api(request: Request, child: int = Query(..., ge=1, le=MAX_ID)) -> dict[str, Any]:
    require(request)
    stored = store_of(request).get_document(child)
    if stored is None:
        raise WebError(404, "document_not_found", f"Không có văn bản số {child} trong kho.")
    return {"child": child, "parent": backend_of(request).parent_id(stored.document)}
