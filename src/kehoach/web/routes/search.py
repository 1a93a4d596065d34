"""Search: Vietnamese full-text search with and without marks, filters, snippets linking to the node."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kehoach.store.results import SearchResults
from kehoach.web.pages import (
    MAX_TEXT,
    FilterText,
    Offset,
    PageNo,
    PageRoute,
    int_param,
    render,
    require,
    store_of,
)

router = APIRouter(route_class=PageRoute)
LIMIT = 20


def _run(request: Request, q: str, filters: dict[str, Any], limit: int, offset: int) -> SearchResults | None:
    if not q.strip():
        return None
    return store_of(request).search(q, filters, limit=limit, offset=offset)


@router.get("/search", include_in_schema=False)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_TEXT)] = "",
    issuer: FilterText = None,
    doc_type: str | None = Query(None, alias="type", max_length=MAX_TEXT),
    year_field: str | None = Query(None, alias="year", max_length=20),
    level: FilterText = None,
    page: PageNo = 1,
    partial: bool = False,
) -> Response:
    require(request)
    year = int_param(year_field, "năm", 1900, 2100)
    filters = {"issuer": issuer, "type": doc_type, "year": year, "level": level}
    results = _run(request, q, filters, LIMIT, (page - 1) * LIMIT)
    ctx = {"q": q, "f": filters, "results": results, "page": page, "limit": LIMIT}
    return render(request, "search_results.html" if partial else "search.html", ctx)


@router.get(
    "/api/search",
    tags=["tìm kiếm"],
    summary="Search (marks optional, phrases, prefixes, numbers)",
    response_model=SearchResults,
)
def search_api(
    request: Request,
    q: str = Query(
        ...,
        min_length=1,
        max_length=MAX_TEXT,
        description='the query: words, "phrase", prefix*, a OR b, 40-KH/TU',
    ),
    issuer: FilterText = None,
    doc_type: str | None = Query(None, alias="type", max_length=MAX_TEXT),
    year: int | None = Query(None, ge=1900, le=2100),
    level: FilterText = None,
    limit: int = Query(LIMIT, ge=1, le=100),
    offset: Offset = 0,
) -> SearchResults:
    require(request)
    results = _run(
        request, q, {"issuer": issuer, "type": doc_type, "year": year, "level": level}, limit, offset
    )
    return results or SearchResults(query=q, total=0, hits=[])
