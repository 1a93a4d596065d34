"""A plan's progress (items × units, completion, charts, roll-up from the plans below, entering an
activity) and its report, with their JSON twins.

The rules (statuses, roll-up, who may enter what) are `kehoach.tracking`; here only the reading
of the request and the answer's shape.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.responses import Response

from kehoach.errors import KehoachError
from kehoach.tracking import progress as prog
from kehoach.web.charts import bar_chart
from kehoach.web.openapi import OkAnswer
from kehoach.web.pages import (
    MAX_ID,
    DocId,
    PageRoute,
    WebError,
    backend_of,
    check_csrf,
    render,
    require,
    store_of,
)

router = APIRouter(route_class=PageRoute)
TAG = "tiến độ thực hiện"
MAX_ITEMS = 50
ISO = r"^\d{4}-\d{2}-\d{2}$"


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("chứa ký tự NUL")  # PostgreSQL text cannot hold it
    return value


def _iso(value: str | None) -> str | None:
    if value is not None:
        date.fromisoformat(value)  # a ValueError is a 422 with the app's message
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
IsoDate = Annotated[str, Field(pattern=ISO), AfterValidator(_iso)]
DateQuery = Annotated[str | None, Query(pattern=ISO), AfterValidator(_iso)]
UnitQuery = Annotated[str | None, Query(max_length=300), AfterValidator(_no_nul)]


# --- answers ----------------------------------------------------------------------------------


class CellAnswer(BaseModel):
    unit_id: int
    status: str = Field(description="done | under_way | not_started | overdue")


class ChildAnswer(BaseModel):
    plan_id: int
    plan_label: str
    node_id: str
    weight: float
    value: float
    method: str = Field(description="align: derived from the alignment; manual: a person's recorded link")
    reason: str | None = Field(description="the alignment's unit pairs, or the person's reason")


class ItemAnswer(BaseModel):
    node_id: str
    label: str
    value: float = Field(description="completion 0..1, rolled up from the plans below, or the override")
    own: float | None = Field(description="mean of this plan's own cells; None when no unit is assigned")
    overridden: bool
    due: str | None
    cells: list[CellAnswer]
    children: list[ChildAnswer]


class UnitAnswer(BaseModel):
    unit_id: int
    name: str
    completion: float
    cells: int
    done: int


class ActivityAnswer(BaseModel):
    id: int
    date: str
    unit_id: int
    unit: str
    items: list[str]
    form: str
    quantity: int
    evidence: str | None
    status: str


class ReportSeenAnswer(BaseModel):
    report_id: int
    number_symbol: str | None
    date: str | None
    unit_id: int | None
    unit: str
    items: dict[str, int] = Field(description="plan item → statements of the report attached to it")
    said: dict[str, str] = Field(
        description="plan item → what its statements say: vượt | đạt | chưa đạt (against the plan's "
        "figures) or the state of the work (hoàn thành | đang thực hiện | chưa thực hiện)"
    )


class PlanFigures(BaseModel):
    """What the progress and the report of a plan both give: the plan, its completion, its counts."""

    plan_id: int
    number_symbol: str | None
    completion: float
    counts: dict[str, int]


class ProgressAnswer(PlanFigures):
    as_of: str
    items: list[ItemAnswer]
    units: list[UnitAnswer]
    activities: list[ActivityAnswer]
    may_enter: list[str] = Field(description="units the signed-in account may enter activities for")
    reports: list[ReportSeenAnswer] = Field(description="stored reports on this plan, linked to its items")


class ActivityIn(BaseModel):
    date: IsoDate
    unit: Text = Field(min_length=1, max_length=300)
    items: list[Annotated[Text, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=MAX_ITEMS
    )
    form: Text = Field(min_length=1, max_length=200)
    quantity: int = Field(1, ge=0, le=1_000_000)
    evidence: Annotated[str | None, AfterValidator(_no_nul)] = Field(None, max_length=1000)
    status: Literal["done", "under_way"] = "done"


class DutyIn(BaseModel):
    unit: Text | None = Field(None, min_length=1, max_length=300)
    role: Literal["chủ trì", "phối hợp", "thực hiện"] | None = None
    node_id: Text | None = Field(None, min_length=1, max_length=100)
    duties: list[Annotated[Text, Field(min_length=1, max_length=2000)]] | None = Field(None, max_length=100)
    deadline: Text | None = Field(None, max_length=300)


class DutyAnswer(BaseModel):
    id: int
    unit: str
    unit_id: int | None
    role: str | None
    duties: list[str]
    deadline: str | None
    node_id: str
    due: str | None


class ActivityCreated(BaseModel):
    ids: list[int]


class PairAnswer(BaseModel):
    label: str
    value: float


class ReportCell(BaseModel):
    node_id: str
    duty: str
    status: str


class ReportUnit(BaseModel):
    unit: str
    activities: int
    quantity: int
    cells: list[ReportCell]


class OverdueAnswer(BaseModel):
    unit: str
    node_id: str
    due: str | None


class ReportAnswer(PlanFigures):
    start: str
    end: str
    unit: str | None
    n_activities: int
    quantity: int
    by_item: list[PairAnswer]
    by_unit: list[PairAnswer]
    units: list[ReportUnit]
    overdue: list[OverdueAnswer]


# --- helpers ----------------------------------------------------------------------------------


def _today() -> str:
    return date.today().isoformat()


def plan_not_found(doc_id: int) -> WebError:
    """The 404 of a plan that is not in the store (pages and JSON alike)."""
    return WebError(404, "document_not_found", f"Không có văn bản số {doc_id} trong kho.")


def need_plan(request: Request, doc_id: int) -> None:
    """Raise the 404 when the store has no document `doc_id`."""
    if store_of(request).get_document(doc_id) is None:
        raise plan_not_found(doc_id)


def error_status(exc: KehoachError) -> int:
    """The HTTP status of a refused tracking change: forbidden 403, not found 404, else 422."""
    return {"forbidden": 403, "not_found": 404}.get(exc.code, 422)


def _figures(data: Any, number_symbol: str | None) -> dict[str, Any]:
    """The `PlanFigures` fields of computed progress or report data."""
    return {"plan_id": data.plan_id, "number_symbol": number_symbol, "completion": data.completion,
            "counts": data.counts}  # fmt: skip


def _progress(request: Request, doc_id: int, as_of: str) -> tuple[Any, Any]:
    found = backend_of(request).plan_progress(doc_id, as_of, require(request))
    if found is None:
        raise plan_not_found(doc_id)
    return found


def _progress_answer(stored: Any, pp: Any) -> ProgressAnswer:
    return ProgressAnswer(
        **_figures(pp, stored.document.number_symbol),
        as_of=pp.as_of,
        items=[
            ItemAnswer(
                node_id=i.node_id,
                label=i.label,
                value=i.value,
                own=i.own,
                overridden=i.overridden,
                due=i.due,
                cells=[CellAnswer(unit_id=u, status=s) for u, s in i.cells.items()],
                children=[ChildAnswer(**vars(c)) for c in i.children],
            )
            for i in pp.items
        ],
        units=[UnitAnswer(**vars(u)) for u in pp.units],
        activities=[ActivityAnswer(**a) for a in pp.activities],
        may_enter=pp.may_enter,
        reports=[ReportSeenAnswer(**vars(r)) for r in pp.reports],
    )


def _charts(pp: Any) -> dict[str, Any]:
    by_item = [(f"{i.node_id} {i.label}", i.value) for i in pp.items]
    by_unit = [(u.name, u.completion) for u in pp.units]
    return {
        "chart_items": bar_chart(by_item, "Tiến độ theo mục", "chart-items"),
        "chart_units": bar_chart(by_unit, "Tiến độ theo đơn vị", "chart-units"),
    }


def _page(request: Request, doc_id: int, as_of: str, status: int = 200, **extra: Any) -> Response:
    from kehoach.tracking.view import activity_forms

    stored, pp = _progress(request, doc_id, as_of)
    units = {u.unit_id: u.name for u in pp.units}
    ctx = {
        "stored": stored,
        "doc": stored.document,
        "pp": pp,
        "units": units,
        "labels": prog.STATUS_LABELS,
        "forms": activity_forms(),
        "today": _today(),
        **_charts(pp),
        **extra,
    }
    return render(request, "progress.html", ctx, status=status)


# --- pages ------------------------------------------------------------------------------------


@router.get("/plans/{doc_id}/progress", include_in_schema=False)
def progress_page(request: Request, doc_id: DocId, as_of: DateQuery = None, entered: int = 0) -> Response:
    return _page(request, doc_id, as_of or _today(), entered=entered)


@router.post("/plans/{doc_id}/activities", include_in_schema=False)
def enter_activity_form(
    request: Request,
    doc_id: DocId,
    csrf_token: str = Form(""),
    on: str = Form("", max_length=10, alias="date"),
    unit: str = Form("", max_length=300),
    items: list[str] = Form([], max_length=MAX_ITEMS),
    form: str = Form("", max_length=200),
    quantity: str = Form("1", max_length=10),
    evidence: str = Form("", max_length=1000),
    status: str = Form("done", max_length=20),
) -> Response:
    from kehoach.tracking.repo.activity_input import ActivityInput

    viewer = require(request)
    check_csrf(request, csrf_token)
    entered = {"date": on, "unit": unit, "items": items, "form": form, "quantity": quantity,
               "evidence": evidence, "status": status}  # fmt: skip
    try:
        number = int(quantity.strip() or "1")
    except ValueError:
        number = -1
    activity = ActivityInput(on, unit, [i.strip() for i in items if i.strip()], form.strip(), number,
                             evidence.strip() or None, status)  # fmt: skip
    try:
        backend_of(request).enter_activity(doc_id, activity, viewer)
    except KehoachError as exc:
        status = error_status(exc)
        return _page(request, doc_id, _today(), status=status, form_error=exc.message, entered_form=entered)
    return RedirectResponse(f"/plans/{doc_id}/progress?entered=1#nhap-hoat-dong", status_code=303)


@router.get("/plans/{doc_id}/report", include_in_schema=False)
def report_page(
    request: Request, doc_id: DocId, start: DateQuery = None, end: DateQuery = None, unit: UnitQuery = None
) -> Response:
    require(request)
    data = _report(request, doc_id, start, end, unit)
    ctx = {
        "data": data,
        "doc": data.plan,
        "labels": prog.STATUS_LABELS,
        "unit_names": _report_units(request, doc_id),
        "chart_items": bar_chart(data.by_item, "Tiến độ theo mục", "chart-items"),
        "chart_units": bar_chart(data.by_unit, "Tiến độ theo đơn vị", "chart-units"),
    }
    return render(request, "report.html", ctx)


@router.get("/plans/{doc_id}/report.docx", include_in_schema=False)
def report_docx(
    request: Request, doc_id: DocId, start: DateQuery = None, end: DateQuery = None, unit: UnitQuery = None
) -> Response:
    from kehoach.tracking.report import write_docx

    require(request)
    data = _report(request, doc_id, start, end, unit)
    with tempfile.TemporaryDirectory() as tmp:
        body = write_docx(data, Path(tmp) / "bao-cao.docx").read_bytes()
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="bao-cao-{doc_id}.docx"'},
    )


def _report(request: Request, doc_id: int, start: str | None, end: str | None, unit: str | None) -> Any:
    """The report data of a period; default period: 1 January of `end`'s year to `end` (today)."""
    end = end or _today()
    start = start or f"{end[:4]}-01-01"
    data = backend_of(request).report(doc_id, start, end, unit or None)
    if data is None:
        raise plan_not_found(doc_id)
    return data


def _report_units(request: Request, doc_id: int) -> list[str]:
    duties = backend_of(request).tracker().duties_of(doc_id)
    return list(dict.fromkeys(d["unit"] for d in duties if d["unit_id"] is not None))


# --- JSON -------------------------------------------------------------------------------------


@router.get("/api/plans/{doc_id}/progress", tags=[TAG], summary="A plan's progress: items × units, roll-up")
def progress_api(request: Request, doc_id: DocId, as_of: DateQuery = None) -> ProgressAnswer:
    """Status of each (item, unit) cell on `as_of` (default today), completion per item (rolled up
    from the plans below, or the recorded override) and per unit, the recent activities, and the
    units the signed-in account may enter activities for."""
    stored, pp = _progress(request, doc_id, as_of or _today())
    return _progress_answer(stored, pp)


@router.post("/api/plans/{doc_id}/activities", tags=[TAG], summary="Enter an activity of a unit")
def enter_activity_api(request: Request, doc_id: DocId, activity: ActivityIn) -> ActivityCreated:
    """Audited (who, when, what). A unit's editor enters only its own unit's activities (403
    `forbidden` otherwise); the issuing body's editors and admins enter any unit's."""
    from kehoach.tracking.repo.activity_input import ActivityInput

    viewer = require(request)
    check_csrf(request)
    need_plan(request, doc_id)
    try:
        ids = backend_of(request).enter_activity(doc_id, ActivityInput(**activity.model_dump()), viewer)
    except KehoachError as exc:
        raise WebError(error_status(exc), exc.code, exc.message) from None
    return ActivityCreated(ids=ids)


@router.get("/api/plans/{doc_id}/report", tags=[TAG], summary="The figures of a plan's report for a period")
def report_api(
    request: Request, doc_id: DocId, start: DateQuery = None, end: DateQuery = None, unit: UnitQuery = None
) -> ReportAnswer:
    """What `kehoach report` writes: completion, counts, activities, a table per unit, overdue items,
    completion by item and by unit. Period default: 1 January of `end`'s year to `end` (today)."""
    require(request)
    d = _report(request, doc_id, start, end, unit)
    return ReportAnswer(
        **_figures(d, d.plan.number_symbol),
        start=d.start,
        end=d.end,
        unit=d.unit_filter,
        n_activities=d.n_activities,
        quantity=d.quantity,
        by_item=[PairAnswer(label=label, value=v) for label, v in d.by_item],
        by_unit=[PairAnswer(label=label, value=v) for label, v in d.by_unit],
        units=[
            ReportUnit(
                unit=u.unit,
                activities=u.activities,
                quantity=u.quantity,
                cells=[ReportCell(node_id=n, duty=t, status=s) for n, t, s in u.cells],
            )
            for u in d.units
        ],
        overdue=[OverdueAnswer(unit=u, node_id=n, due=due) for u, n, due in d.overdue],
    )


DutyId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _duty_change(
    request: Request, duty_id: int | None, changes: dict[str, Any] | None, plan: int | None = None
) -> Any:
    viewer = require(request)
    check_csrf(request)
    try:
        return backend_of(request).correct_duty(duty_id, changes, viewer, plan)
    except KehoachError as exc:
        raise WebError(error_status(exc), exc.code, exc.message) from None


@router.get("/api/plans/{doc_id}/duties", tags=[TAG], summary="A plan's stored duties (with their ids)")
def duties_api(request: Request, doc_id: DocId) -> list[DutyAnswer]:
    require(request)
    need_plan(request, doc_id)
    return [DutyAnswer(**d) for d in backend_of(request).tracker().duties_of(doc_id)]


@router.post("/api/plans/{doc_id}/duties", tags=[TAG], summary="Add a duty the extraction missed (audited)")
def add_duty_api(request: Request, doc_id: DocId, duty: DutyIn) -> DutyAnswer:
    """Only the issuing body's editors and admins correct duties; every change is audited."""
    if store_of(request).get_document(doc_id) is None:
        require(request)
        raise plan_not_found(doc_id)
    return DutyAnswer(**_duty_change(request, None, duty.model_dump(exclude_none=True), doc_id))


@router.patch("/api/duties/{duty_id}", tags=[TAG], summary="Correct an extracted duty (audited)")
def correct_duty_api(request: Request, duty_id: DutyId, duty: DutyIn) -> DutyAnswer:
    """Fields given replace the stored ones; the registry unit and the due date follow."""
    return DutyAnswer(**_duty_change(request, duty_id, duty.model_dump(exclude_none=True)))


@router.delete("/api/duties/{duty_id}", tags=[TAG], summary="Delete a wrongly extracted duty (audited)")
def delete_duty_api(request: Request, duty_id: DutyId) -> OkAnswer:
    _duty_change(request, duty_id, None)
    return OkAnswer(ok=True)
