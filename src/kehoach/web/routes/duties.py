"""A plan's duties as a page: the stored duties, a form to correct, add or delete one (CSRF), and
the audited history of the corrections.

The rules (who may correct, what a valid duty is, the audit) are `Tracker.correct_duty`, the same
the JSON API (`/api/plans/N/duties`, `/api/duties/ID`) and `kehoach track-duty` go through; here
only the reading of the form and the answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from kehoach.errors import KehoachError
from kehoach.web.pages import (
    DocId,
    PageRoute,
    WebError,
    backend_of,
    check_csrf,
    int_param,
    render,
    require,
)
from kehoach.web.routes.tracking import error_status, need_plan, plan_not_found

router = APIRouter(route_class=PageRoute)
ACTIONS = ("save", "delete", "add")


def _page(request: Request, doc_id: int, status: int = 200, **extra: Any) -> Response:
    from kehoach.tracking.repo.duty_records import ROLES

    found = backend_of(request).duty_page(doc_id, require(request))
    if found is None:
        raise plan_not_found(doc_id)
    stored, page = found
    ctx = {"stored": stored, "doc": stored.document, "dp": page, "roles": ROLES, **extra}
    return render(request, "duties.html", ctx, status=status)


@router.get("/plans/{doc_id}/duties", include_in_schema=False)
def duties_page(request: Request, doc_id: DocId, saved: int = 0) -> Response:
    return _page(request, doc_id, saved=saved)


@router.post("/plans/{doc_id}/duties", include_in_schema=False)
def correct_duty_form(
    request: Request,
    doc_id: DocId,
    csrf_token: str = Form(""),
    action: str = Form("save", max_length=10),
    duty_id: str = Form("", max_length=12),
    unit: str = Form("", max_length=300),
    role: str = Form("", max_length=20),
    node_id: str = Form("", max_length=100),
    duties: str = Form("", max_length=20_000),
    deadline: str = Form("", max_length=300),
) -> Response:
    viewer = require(request)
    check_csrf(request, csrf_token)
    if action not in ACTIONS:
        raise WebError(422, "invalid_parameters", "Thao tác không hợp lệ.")
    backend = backend_of(request)
    need_plan(request, doc_id)
    target = None if action == "add" else int_param(duty_id, "duty_id")
    fields = {
        "unit": unit.strip(),
        "role": role.strip() or None,
        "node_id": node_id.strip(),
        "duties": [line.strip() for line in duties.splitlines() if line.strip()],
        "deadline": deadline.strip() or None,
    }
    entered = {"id": target, "action": action, **fields}  # shown again when refused
    changes = None if action == "delete" else fields
    try:
        if action != "add" and (target is None or backend.tracker().duty_plan(target) != doc_id):
            raise KehoachError(f"Kế hoạch này không có nhiệm vụ số {duty_id}.", code="not_found")
        done = backend.correct_duty(target, changes, viewer, doc_id)
    except KehoachError as exc:
        return _page(request, doc_id, status=error_status(exc), form_error=exc.message, entered=entered)
    anchor = f"#duty-{done['id']}" if done else "#nhat-ky"
    return RedirectResponse(f"/plans/{doc_id}/duties?saved=1{anchor}", status_code=303)
