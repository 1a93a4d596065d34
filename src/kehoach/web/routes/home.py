"""Home: counts by level, issuer and year; recent documents; ingest failures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from kehoach.web.pages import PageRoute, backend_of, render, require, store_of

router = APIRouter(route_class=PageRoute)


def _home(request: Request) -> dict[str, Any]:
    store = store_of(request)
    return {
        "stats": backend_of(request).stats(),  # cached: the counts cost a scan
        "recent": store.list_documents({}, sort="-id", page=1, page_size=10).items,
        "failures": store.failures(limit=50),
    }


@router.get("/", include_in_schema=False)
def home_page(request: Request) -> Response:
    require(request)
    return render(request, "home.html", _home(request))


@router.get("/api/stats", tags=["trang chủ"], summary="Counts, recent documents and ingest failures")
def home_api(request: Request) -> dict[str, Any]:
    require(request)
    data = _home(request)
    return {
        "stats": data["stats"].model_dump(mode="json"),
        "recent": [d.model_dump(mode="json") for d in data["recent"]],
        "failures": [f.model_dump(mode="json") for f in data["failures"]],
    }
