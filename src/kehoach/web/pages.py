"""The kit of every page handler (`routes/*`): templates and `render`, `WebError`, who is asking and
what they may do (`require`, `check_csrf`), request parameter bounds, `PageRoute`, and the app's
`Backend` (`backend_of`) and `Store` (`store_of`)."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import jinja2
from fastapi import Path as PathParam
from fastapi import Query, Request
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from kehoach import display
from kehoach.levels import LEVEL_LABELS
from kehoach.web.auth import CSRF_FIELD, CSRF_HEADER, Viewer, csrf_ok, role_at_least

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

RELATION_LABELS = {
    "implements": "thực hiện",
    "based_on": "căn cứ",
    "mentions": "nhắc đến",
    "self": "chính văn bản này",
}
ALIGN_LABELS = {"verbatim": "giữ nguyên", "adapted": "điều chỉnh", "added": "bổ sung", "omitted": "bỏ sót"}
ROLE_NAMES = {"viewer": "Xem", "editor": "Biên tập", "admin": "Quản trị"}
TIER_LABELS = {
    "phrase": "đúng cụm từ",
    "near": "các từ gần nhau",
    "node": "các từ trong một mục",
    "document": "các từ rải rác",
}
LINT_LABELS = {
    "present": "có",
    "missing": "thiếu",
    "malformed": "sai thể thức",
    "not_applicable": "không áp dụng",
}
NODE_PLACES = {
    "header": "phần đầu",
    "title": "trích yếu",
    "preamble": "phần mở đầu",
    "closing": "phần kết",
    "signature": "chữ ký",
    "recipients": "nơi nhận",
}


# Bounds of every integer a request may carry: ids are 32-bit in the store (PostgreSQL `integer`),
# and a number past them is refused with a 422 rather than reaching a query (no 500 for 2**63).
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000
MAX_OFFSET = 10_000_000
MAX_TEXT = 500  # a filter value or a query
DocId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
UserId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
FilterText = Annotated[str | None, Query(max_length=MAX_TEXT)]


_page_slots = threading.BoundedSemaphore(1)


def set_page_slots(n: int) -> None:
    """How many page handlers of this process may run at once (see `PageRoute`)."""
    global _page_slots
    _page_slots = threading.BoundedSemaphore(max(1, n))


def _one_slot_at_a_time(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        slots = _page_slots  # the one acquired is the one released, even if reconfigured meanwhile
        with slots:
            return endpoint(*args, **kwargs)

    return run


class PageRoute(APIRoute):
    """A route whose (sync) handler waits for a free page slot of this process before running.

    Handlers are CPU-bound Python (store queries, templates). Run by the thread pool side by side,
    they contend for the GIL, and each SQLite call that lets the GIL go waits a switch interval to
    take it back: measured with 4 clients on one process, search p50 117 ms side by side against
    72 ms one at a time. Waiting threads hold no GIL; parallelism comes from worker processes
    (`kehoach serve --workers`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _one_slot_at_a_time(endpoint)
        super().__init__(path, endpoint, **kwargs)


class WebError(Exception):
    """An error shown to a person: HTTP status, stable code, Vietnamese message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        auto_reload=False,  # compiled once per process: no file system look per page
        autoescape=True,  # every value is text, never markup
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = _percent
    env.filters["urlq"] = lambda s: quote(str(s or ""), safe="")
    env.filters["date_short"] = display.date_short  # 13/6/2022, never ISO on a page
    env.filters["date_prose"] = display.date_prose  # ngày 13 tháng 6 năm 2022
    env.filters["node_place"] = display.node_place  # Mục II, điểm 1.2, gạch đầu dòng 3
    env.filters["file_name"] = display.file_name  # no server folders on a page
    env.filters["signer_lines"] = display.signer_lines
    env.globals.update(
        LEVEL_LABELS=LEVEL_LABELS,
        RELATION_LABELS=RELATION_LABELS,
        ALIGN_LABELS=ALIGN_LABELS,
        ROLE_NAMES=ROLE_NAMES,
        NODE_PLACES=NODE_PLACES,
        TIER_LABELS=TIER_LABELS,
        LINT_LABELS=LINT_LABELS,
        CSRF_FIELD=CSRF_FIELD,
    )
    return env


templates = Jinja2Templates(env=_env())


def viewer_of(request: Request) -> Viewer | None:
    """The signed-in account (or the local demo user), or None."""
    return getattr(request.state, "viewer", None)


def require(request: Request, role: str = "viewer") -> Viewer:
    """The viewer, when signed in with at least `role`; else a 401/403 `WebError`."""
    viewer = viewer_of(request)
    if viewer is None:
        raise WebError(401, "not_signed_in", "Bạn cần đăng nhập để xem trang này.")
    if not role_at_least(viewer.role, role):
        needed = ROLE_NAMES.get(role, role)
        raise WebError(
            403,
            "forbidden",
            f"Tài khoản của bạn ({ROLE_NAMES.get(viewer.role, viewer.role)}) không có quyền này; "
            f"cần quyền {needed}. Hãy liên hệ quản trị viên.",
        )
    return viewer


def check_csrf(request: Request, token: str | None = None) -> None:
    """Reject a write without the session's CSRF token (form field or `X-CSRF-Token` header)."""
    token = token or request.headers.get(CSRF_HEADER)
    if not csrf_ok(getattr(request.state, "session", None), token):
        raise WebError(
            403,
            "csrf",
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang rồi thử lại.",
        )


def backend_of(request: Request) -> Any:
    """The app's `Backend` (the library's functions with the caches a web server needs)."""
    return request.app.state.backend


def store_of(request: Request) -> Any:
    """The app's `Store` (`kehoach.store.Store`): its public API, for calls that need no cache."""
    return request.app.state.store


def document_options(request: Request, limit: int = 500) -> list[Any]:
    """Stored documents to pick from in a form (newest first)."""
    return store_of(request).list_documents({}, sort="-date", page=1, page_size=limit).items


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> Response:
    """Render a page template with the shared context (viewer, CSRF token, demo banner)."""
    session = getattr(request.state, "session", None) or {}
    ctx = {
        "request": request,
        "viewer": viewer_of(request),
        "csrf_token": session.get("csrf", ""),
        "auth_enabled": request.app.state.auth_enabled,
        "path": request.url.path,
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def render_fragment(name: str, context: dict[str, Any]) -> str:
    """A template rendered on its own (no viewer, no session: the same HTML for everyone)."""
    return templates.env.get_template(name).render(context)


def int_param(value: str | None, name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    """An optional integer from a form field: empty means none; anything else must be a number in range."""
    if value is None or not value.strip():
        return None
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise WebError(
            422, "invalid_parameters", f"Tham số không hợp lệ: {name} phải là một số ({low}–{high})."
        )
    return number


def page_args(page: int, per_page: int, total: int) -> dict[str, int]:
    """Pagination numbers for templates."""
    pages = max(1, (total + per_page - 1) // per_page)
    return {"page": page, "per_page": per_page, "total": total, "pages": pages}
