"""Draft: the implementing plan of the viewer's body from a stored parent plan, as a DOCX download.

The drafting itself is `kehoach.draft` (the same as `kehoach draft`); here only the form, its
checks and the download. Editors and admins draft (as they upload); the form carries the CSRF
token, the API the `X-CSRF-Token` header.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from pydantic import AfterValidator, BaseModel, Field, StringConstraints, ValidationError
from starlette.responses import Response

from kehoach.draft import DraftSpec, draft_docx, draft_file_name, typed_date, units_source
from kehoach.export.formats import MEDIA_TYPES
from kehoach.tracking.repo import Tracker
from kehoach.web.pages import (
    MAX_ID,
    PageRoute,
    WebError,
    check_csrf,
    document_options,
    int_param,
    render,
    require,
    store_of,
)

router = APIRouter(route_class=PageRoute)

FIELD_LABELS = {
    "parent": "Kế hoạch cấp trên",
    "issuer": "Cơ quan ban hành",
    "superior": "Cơ quan cấp trên",
    "number": "Số",
    "date": "Ngày ban hành",
    "place": "Địa danh",
    "signer": "Người ký",
    "position": "Chức vụ",
    "authority": "Quyền hạn ký",
    "system": "Thể thức",
}
SYSTEMS = {
    "": "Theo cơ quan ban hành",
    "party": "Văn bản Đảng (HD 36-HD/VPTW)",
    "state": "Văn bản nhà nước (NĐ 30/2020)",
}


def _real_date(value: str) -> str:
    dt.date.fromisoformat(value)  # 2022-02-30 is refused
    return value


def _plain_line(value: str) -> str:
    """One line of text a .docx can hold: no control character, no lone surrogate."""
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError("chứa ký tự điều khiển")
    value.encode("utf-8")  # a lone surrogate (possible in JSON) raises UnicodeEncodeError, a ValueError
    return value


Text = Annotated[str, StringConstraints(max_length=255), AfterValidator(_plain_line)]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]


class DraftRequest(BaseModel):
    """What the draft form sends: the parent in the store and the header and signature of the draft."""

    parent: int = Field(..., ge=1, le=MAX_ID, description="the stored parent plan")
    issuer: Annotated[str, AfterValidator(_plain_line)] = Field(
        ...,
        min_length=2,
        max_length=255,
        description="the issuing body, e.g. 'Ban Thường vụ Huyện ủy Đức Trọng'",
    )
    superior: Text | None = None
    number: str | None = Field(None, pattern=r"^\d{1,6}$", description="empty while no number is given")
    date: Day | None = Field(None, description="YYYY-MM-DD")
    place: Text | None = None
    signer: Text | None = None
    position: Text | None = None
    authority: Text | None = None
    system: Literal["party", "state"] | None = Field(None, description="read from the issuer when not given")

    def spec(self) -> DraftSpec:
        return DraftSpec(**self.model_dump(exclude={"parent"}))


def _docx(request: Request, body: DraftRequest) -> Response:
    stored = store_of(request).get_document(body.parent)
    if stored is None:
        raise WebError(
            404, "document_not_found", f"Không có văn bản số {body.parent} trong kho. Hãy chọn lại."
        )
    spec = body.spec()
    spec.units = Tracker(store_of(request)).units_below(spec.issuer, spec.superior) or None
    name = draft_file_name(spec)
    return Response(
        draft_docx(stored.document, spec),
        media_type=MEDIA_TYPES["docx"],
        headers={
            "Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}",
            "X-Kehoach-Units-Source": "registry" if spec.units else "level",
        },
    )


def _form_page(
    request: Request, values: dict[str, Any], error: str | None = None, status: int = 200
) -> Response:
    issuer = (values.get("issuer") or "").strip()
    superior = (values.get("superior") or "").strip() or None
    units = Tracker(store_of(request)).units_below(issuer, superior) if len(issuer) >= 2 else []
    return render(
        request,
        "draft.html",
        {
            "options": document_options(request),
            "v": values,
            "error": error,
            "systems": SYSTEMS,
            "units": units,
            "units_note": units_source(DraftSpec(issuer=issuer, units=units or None)) if issuer else None,
        },
        status=status,
    )


@router.get("/draft", include_in_schema=False)
def draft_page(request: Request, parent: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    viewer = require(request, "editor")
    return _form_page(request, {"parent": int_param(parent, "parent"), "issuer": viewer.organisation or ""})


HINTS = {
    "parent": "chọn một văn bản trong kho",
    "issuer": "ít nhất 2 ký tự",
    "number": "chỉ gồm chữ số, hoặc để trống",
    "date": "ngày/tháng/năm, vd. 13/6/2022",
}


def _invalid(exc: ValidationError) -> str:
    fields = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}, key=list(FIELD_LABELS).index)
    parts = [FIELD_LABELS[f] + (f" ({HINTS[f]})" if f in HINTS else "") for f in fields if f in FIELD_LABELS]
    return f"Thông tin chưa hợp lệ: {'; '.join(parts)}. Hãy sửa rồi gửi lại."


@router.post("/draft", include_in_schema=False)
def draft_form(
    request: Request,
    csrf_token: str = Form(""),
    parent: str = Form("", max_length=20),
    issuer: str = Form("", max_length=1000),
    superior: str = Form("", max_length=1000),
    number: str = Form("", max_length=100),
    date: str = Form("", max_length=100),
    place: str = Form("", max_length=1000),
    signer: str = Form("", max_length=1000),
    position: str = Form("", max_length=1000),
    authority: str = Form("", max_length=1000),
    system: str = Form("", max_length=20),
) -> Response:
    require(request, "editor")
    check_csrf(request, csrf_token)
    values = {"parent": parent, "issuer": issuer, "superior": superior, "number": number, "date": date,
              "place": place, "signer": signer, "position": position, "authority": authority, "system": system}  # fmt: skip
    shown = {**values, "parent": int(parent) if parent.strip().isdigit() else None}
    try:
        body = DraftRequest(**{k: v.strip() or None for k, v in {**values, "date": typed_date(date)}.items()})
        return _docx(request, body)
    except ValidationError as exc:
        return _form_page(request, shown, _invalid(exc), status=422)
    except WebError as err:
        return _form_page(request, shown, err.message, status=err.status)


@router.post(
    "/api/draft",
    tags=["soạn thảo"],
    summary="Draft the implementing plan of a body from a stored parent plan (DOCX in its format)",
)
def draft_api(request: Request, body: DraftRequest) -> Response:
    require(request, "editor")
    check_csrf(request)
    return _docx(request, body)
