"""Citation graph: stored documents and the documents they cite, drawn by level top to bottom."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kehoach.web.pages import FilterText, PageRoute, backend_of, int_param, render, require

router = APIRouter(route_class=PageRoute)


@router.get("/graph", include_in_schema=False)
def graph_page(
    request: Request,
    issuer: FilterText = None,
    year_field: str | None = Query(None, alias="year", max_length=20),
) -> Response:
    require(request)
    year = int_param(year_field, "năm", 1900, 2100)
    params = urlencode({k: v for k, v in {"issuer": issuer, "year": year}.items() if v})
    return render(
        request, "graph.html", {"issuer": issuer or "", "year": year or "", "src": f"/api/graph?{params}"}
    )


@router.get("/api/graph", tags=["sơ đồ"], summary="Citation graph: nodes (stored or cited only) and edges")
def graph_api(
    request: Request,
    issuer: FilterText = None,
    year: int | None = Query(None, ge=1900, le=2100),
    level: FilterText = None,
    limit: int = Query(300, ge=1, le=2000),
) -> dict[str, Any]:
    require(request)
    return backend_of(request).graph({"issuer": issuer, "year": year, "level": level}, limit=limit)
