"""Documents: the filterable list, one document's page, and the stub page of a cited-only document."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from markupsafe import Markup
from starlette.responses import Response

from kehoach.display import file_name
from kehoach.export import formats
from kehoach.lint import lint_document
from kehoach.store.results import Page
from kehoach.web.pages import (
    MAX_TEXT,
    DocId,
    FilterText,
    PageNo,
    PageRoute,
    WebError,
    backend_of,
    int_param,
    page_args,
    render,
    render_fragment,
    require,
    store_of,
)

router = APIRouter(route_class=PageRoute)

SORTS = {
    "-date": "Mới ban hành trước",
    "date": "Cũ trước",
    "number": "Theo số, ký hiệu",
    "issuer": "Theo cơ quan ban hành",
    "title": "Theo trích yếu",
    "-id": "Mới nạp trước",
}
PAGE_SIZE = 50
CITING_PAGE_SIZE = 100


def _filters(issuer: str | None, doc_type: str | None, year: int | None, level: str | None) -> dict[str, Any]:
    return {"issuer": issuer or None, "type": doc_type or None, "year": year, "level": level or None}


def _sort(sort: str) -> str:
    if sort not in SORTS:
        raise WebError(
            422, "invalid_sort", f"Không có cách sắp xếp '{sort}'. Chọn một trong: {', '.join(SORTS)}."
        )
    return sort


@router.get("/documents", include_in_schema=False)
def documents_page(
    request: Request,
    issuer: FilterText = None,
    doc_type: str | None = Query(None, alias="type", max_length=MAX_TEXT),
    year_field: str | None = Query(None, alias="year", max_length=20),
    level: FilterText = None,
    sort: Annotated[str, Query(max_length=20)] = "-date",
    page: PageNo = 1,
) -> Response:
    require(request)
    year = int_param(year_field, "năm", 1900, 2100)
    filters = _filters(issuer, doc_type, year, level)
    result = store_of(request).list_documents(filters, _sort(sort), page, PAGE_SIZE)
    stats = backend_of(request).stats()
    params = {
        k: v
        for k, v in {"issuer": issuer, "type": doc_type, "year": year, "level": level, "sort": sort}.items()
        if v
    }
    return render(
        request,
        "documents.html",
        {
            "result": result,
            "p": page_args(page, PAGE_SIZE, result.total),
            "f": {"issuer": issuer, "doc_type": doc_type, "year": year, "level": level, "sort": sort},
            "facets": {"issuers": list(stats.by_issuer), "types": list(stats.by_type)},
            "sorts": SORTS,
            "base_qs": urlencode(params) + ("&" if params else ""),
            "query_string": urlencode({**params, "page": page}),
        },
    )


@router.get(
    "/api/documents", tags=["văn bản"], summary="List documents (filters, sort, pages)", response_model=Page
)
def documents_api(
    request: Request,
    issuer: FilterText = None,
    doc_type: str | None = Query(None, alias="type", max_length=MAX_TEXT),
    year: int | None = Query(None, ge=1900, le=2100),
    level: FilterText = None,
    sort: Annotated[str, Query(max_length=20)] = "-date",
    page: PageNo = 1,
    page_size: int = Query(PAGE_SIZE, ge=1, le=500),
) -> Page:
    require(request)
    return store_of(request).list_documents(
        _filters(issuer, doc_type, year, level), _sort(sort), page, page_size
    )


def _without_folders(document: dict[str, Any]) -> dict[str, Any]:
    """The API shows the source file's name, never the server's folders."""
    source = document.get("source") or {}
    if source.get("path"):
        source["path"] = file_name(source["path"])
    return document


def _not_found(doc_id: int) -> WebError:
    return WebError(
        404,
        "document_not_found",
        f"Không có văn bản số {doc_id} trong kho. Hãy quay lại danh sách văn bản.",
    )


def _stored(request: Request, doc_id: int) -> Any:
    stored = store_of(request).get_document(doc_id)
    if stored is None:
        raise _not_found(doc_id)
    return stored


def _view(request: Request, doc_id: int) -> Any:
    view = backend_of(request).document_view(doc_id)
    if view is None:
        raise _not_found(doc_id)
    return view


@router.get("/documents/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: DocId) -> Response:
    """The page: a shell for the viewer around the document's body, which is the same for every
    viewer and rendered once per store generation (`Backend.document_body`)."""
    require(request)
    backend = backend_of(request)
    generation, cached = backend.document_body(doc_id)
    if cached is None:
        title, body = _document_body(request, doc_id)
        backend.keep_document_body(doc_id, generation, title, body)
    else:
        title, body = cached
    return render(request, "document.html", {"title": title, "body": Markup(body), "doc_id": doc_id})  # noqa: S704 - our own rendered HTML


def _document_body(request: Request, doc_id: int) -> tuple[str, str]:
    """The page title and the rendered body (`_document_body.html`) of a document's page."""
    backend = backend_of(request)
    view = _view(request, doc_id)
    stored = view.stored
    doc = stored.document
    citations = backend.citations(doc)
    parent_id = backend.parent_id(doc)  # resolved with the citations above (cached)
    body = render_fragment(
        "_document_body.html",
        {
            "stored": stored,
            "summary": stored.summary,
            "doc": doc,
            "citations": citations,
            "cited_by_total": view.cited_by_total,
            "parent_id": parent_id,
            "parent_link": f"/documents/{parent_id}" if parent_id else None,
            "lint": lint_document(doc),
            "exports": formats.LABELS,
        },
    )
    return doc.number_symbol or f"Văn bản #{stored.summary.id}", body


@router.get("/documents/{doc_id}/original", include_in_schema=False)
def original_fragment(request: Request, doc_id: DocId) -> Response:
    """The original text with repaired runs marked (loaded when the tab is opened)."""
    require(request)
    segments = backend_of(request).original(doc_id)
    if segments is None:
        raise _not_found(doc_id)
    return render(request, "original.html", {"original": segments})


def _citing(request: Request, doc_id: int, page: int, page_size: int) -> tuple[Any, list[Any], int]:
    found = backend_of(request).citing(doc_id, page, page_size)
    if found is None:
        raise _not_found(doc_id)
    return found


@router.get("/documents/{doc_id}/cited-by", include_in_schema=False)
def cited_by_page(request: Request, doc_id: DocId, page: PageNo = 1) -> Response:
    """Every current document citing this one, page by page (the document page shows the first)."""
    require(request)
    summary, citing, total = _citing(request, doc_id, page, CITING_PAGE_SIZE)
    return render(
        request,
        "cited_by.html",
        {"summary": summary, "citing": citing, "p": page_args(page, CITING_PAGE_SIZE, total)},
    )


@router.get(
    "/api/documents/{doc_id}/cited-by",
    tags=["văn bản"],
    summary="Documents citing this one, page by page (newest first)",
)
def cited_by_api(
    request: Request,
    doc_id: DocId,
    page: PageNo = 1,
    page_size: int = Query(CITING_PAGE_SIZE, ge=1, le=500),
) -> dict[str, Any]:
    require(request)
    _, citing, total = _citing(request, doc_id, page, page_size)
    return {
        "items": [c.model_dump(mode="json") for c in citing],
        "total": total,
        "page": page,
        "page_size": page_size,
    }


@router.get(
    "/api/documents/{doc_id}", tags=["văn bản"], summary="One document: header, outline, citations, cited by"
)
def document_api(request: Request, doc_id: DocId, text: bool = False) -> dict[str, Any]:
    require(request)
    backend = backend_of(request)
    stored = _stored(request, doc_id)
    return {
        "summary": stored.summary.model_dump(mode="json"),
        "document": _without_folders(stored.document.to_public_dict(with_text=text)),
        "citations": [c.to_dict() for c in backend.citations(stored.document)],
        "implements_id": backend.parent_id(stored.document),
        "cited_by": [c.model_dump(mode="json") for c in stored.cited_by],
        "versions": [v.model_dump(mode="json") for v in stored.versions],
        "near_duplicates": [n.model_dump(mode="json") for n in stored.near_duplicates],
    }


@router.get(
    "/api/documents/{doc_id}/lint",
    tags=["văn bản"],
    summary="Format check: each mandatory element present, missing or malformed, with its rule",
)
def lint_api(request: Request, doc_id: DocId) -> dict[str, Any]:
    require(request)
    return lint_document(_stored(request, doc_id).document).to_json()


ExportFormat = Literal["json", "md", "akn", "docx", "html"]
# The printable HTML is shown, not downloaded: its own inline styles, no script, no request out.
PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


@router.get(
    "/api/documents/{doc_id}/export/{fmt}",
    tags=["văn bản"],
    summary="The document as JSON, Markdown, Akoma Ntoso 3.0 XML, DOCX in its issuer's format, or printable HTML",
)
def export_api(request: Request, doc_id: DocId, fmt: ExportFormat) -> Response:
    require(request)
    stored = _stored(request, doc_id)
    doc = stored.document
    if doc.source.path:  # the file's name, never the server's folders
        doc = doc.model_copy(
            update={"source": doc.source.model_copy(update={"path": file_name(doc.source.path)})}
        )
    data = formats.render(doc, fmt)
    name = formats.file_name(doc, fmt, fallback=f"van-ban-{doc_id}")
    if fmt == "html":
        headers = {"Content-Security-Policy": PRINT_CSP}
    else:
        headers = {"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"}
    return Response(data, media_type=formats.MEDIA_TYPES[fmt], headers=headers)


@router.get("/missing", include_in_schema=False)
def missing_page(request: Request, key: str = Query(..., min_length=1, max_length=MAX_TEXT)) -> Response:
    require(request)
    ref, citing = backend_of(request).missing(key)
    return render(request, "missing.html", {"key": key, "ref": ref, "citing": citing})


@router.get(
    "/api/missing", tags=["văn bản"], summary="A cited document missing from the corpus, and who cites it"
)
def missing_api(request: Request, key: str = Query(..., min_length=1, max_length=MAX_TEXT)) -> dict[str, Any]:
    require(request)
    ref, citing = backend_of(request).missing(key)
    return {
        "key": key,
        "in_store": False,
        "reference": ref.model_dump(mode="json") if ref else None,
        "cited_by": [c.model_dump(mode="json") for c in citing],
    }
