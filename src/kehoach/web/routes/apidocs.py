"""`/docs`: the API described from the OpenAPI schema, rendered here (nothing fetched from the internet)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from kehoach.web.pages import PageRoute, render

router = APIRouter(route_class=PageRoute)


@router.get("/docs", include_in_schema=False)
def docs_page(request: Request) -> Response:
    schema = request.app.openapi()
    endpoints: list[dict[str, Any]] = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "tags": op.get("tags", []),
                    "params": params,
                }
            )
    return render(request, "apidocs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
