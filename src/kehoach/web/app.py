"""The web app factory: one FastAPI app, one routes module per page, each page with a JSON twin.

`create_app(db=…)` opens the store and wires sessions, error pages and the routes; it
refuses to run without accounts unless bound to 127.0.0.1 (the `kehoach demo`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from kehoach.errors import KehoachError
from kehoach.store.engine import tune_sqlite_reads
from kehoach.web import openapi
from kehoach.web.auth import (
    LOCAL_VIEWER,
    Sessions,
    SignInLimiter,
    Viewer,
    is_loopback,
)
from kehoach.web.backend import Backend
from kehoach.web.jobs import UploadJobs
from kehoach.web.limits import BodyLimit, BodyTooLarge, TrustedHost, trusted_hosts
from kehoach.web.pages import STATIC_DIR, WebError, render, set_page_slots
from kehoach.web.sessionware import SessionLayer

log = logging.getLogger("kehoach.web")


API_DESCRIPTION = """JSON API of kehoach. Every page of the web app has a twin here.
Errors are JSON: `{"error": {"code": "...", "message": "..."}}` with a Vietnamese message.
Sign in with `POST /api/login` (sets the session cookie, returns the CSRF token); writes
(`POST`) send the token in the `X-CSRF-Token` header."""


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, err: WebError) -> Response:
    if _is_api(request):
        return JSONResponse(err.to_dict(), status_code=err.status, headers=err.headers)
    if err.status == 401:
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(nxt, safe='')}", status_code=303)
    return render(request, "error.html", {"error": err}, status=err.status)


@dataclass(frozen=True)
class AppSettings:
    """What `create_app` was given: enough to make the same app in another process."""

    db: str
    auth: bool
    host: str
    secret_key: str
    allowed_hosts: tuple[str, ...] = ()


def create_app(
    db: str | None = None,
    *,
    store: Any = None,
    auth: bool = True,
    host: str = "127.0.0.1",
    secret_key: str | None = None,
    signin_attempts: int = 5,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web app on the store at `db` (or an open `store`); `auth=False` only on 127.0.0.1.

    `allowed_hosts`: Host names the app answers to besides the loopback names of a local bind
    (default $KEHOACH_ALLOWED_HOSTS; see `kehoach.web.limits.trusted_hosts`)."""
    if not auth and not is_loopback(host):
        raise KehoachError(
            f"Chỉ được chạy không cần đăng nhập khi gắn vào 127.0.0.1 (đang là {host}). "
            "Hãy tạo tài khoản bằng 'kehoach user add' và bật đăng nhập.",
            code="auth_required",
        )
    hosts = trusted_hosts(host, allowed_hosts)  # before the store is opened: may refuse to start
    if store is None:
        from kehoach.store import open_store

        store = open_store(db)

    app = FastAPI(
        title="kehoach",
        description=API_DESCRIPTION,
        version="0.1.0",
        docs_url=None,  # /docs is our own page: nothing loaded from the internet
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    openapi.install(app)  # every answer typed, the error envelope documented
    tune_sqlite_reads(store.engine)
    # Page handlers run one at a time per process on SQLite (CPU-bound, see `PageRoute`); two on
    # PostgreSQL, where a handler also waits on the database server.
    set_page_slots(1 if store.dialect == "sqlite" else 2)
    app.state.backend = Backend(store)
    app.state.store = store
    app.state.auth_enabled = auth
    # No key given: the store's own, made once and kept (sessions survive a restart).
    secret_key = secret_key or store.app_secret("session_key", lambda: secrets.token_urlsafe(48))
    app.state.settings = AppSettings(
        db=store.url, auth=auth, host=host, secret_key=secret_key, allowed_hosts=tuple(hosts)
    )
    app.state.sessions = Sessions(secret_key)
    app.state.limiter = SignInLimiter(store, attempts=signin_attempts)
    app.state.jobs = UploadJobs(app.state.backend)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    # Plain ASGI middleware only (no `BaseHTTPMiddleware`); added last is outermost: the Host is
    # checked, then the body size (counted as it is read, 413 before reading when declared too
    # large), then the session is read, before anything else runs.
    app.add_middleware(
        SessionLayer,
        sessions=lambda: app.state.sessions,
        viewer_of=lambda session: _viewer(app, session),
        needs_store=lambda session: app.state.auth_enabled and session.get("uid") is not None,
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(TrustedHost, allowed_hosts=hosts)

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(KehoachError)
    async def kehoach_error(request: Request, exc: KehoachError) -> Response:
        return _error_response(request, WebError(400, exc.code, exc.message))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) or "?" for e in exc.errors())
        err = WebError(
            422, "invalid_parameters", f"Tham số không hợp lệ: {fields}. Hãy kiểm tra lại giá trị đã nhập."
        )
        return _error_response(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err = WebError(404, "not_found", "Không tìm thấy trang này. Hãy kiểm tra lại địa chỉ.")
        elif isinstance(exc, BodyTooLarge):
            err = WebError(413, "request_too_large", str(exc.detail), headers={"Connection": "close"})
        elif exc.status_code == 405:
            err = WebError(405, "method_not_allowed", "Trang này không nhận cách gửi yêu cầu này.")
        else:
            err = WebError(exc.status_code, "http_error", str(exc.detail))
        return _error_response(request, err)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("lỗi máy chủ", exc_info=exc)
        err = WebError(
            500, "server_error", "Lỗi máy chủ khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên."
        )
        return _error_response(request, err)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    from kehoach.web.routes import (
        accounts,
        apidocs,
        cascade,
        compare,
        documents,
        draft,
        duties,
        graph,
        home,
        search,
        tracking,
        upload,
    )

    for module in (
        home,
        documents,
        search,
        compare,
        graph,
        cascade,
        tracking,
        duties,
        upload,
        draft,
        accounts,
        apidocs,
    ):
        app.include_router(module.router)
    return app


def _viewer(app: FastAPI, session: dict[str, Any]) -> Viewer | None:
    """Who the session belongs to (the local demo user when accounts are off)."""
    if not app.state.auth_enabled:
        return LOCAL_VIEWER
    uid = session.get("uid")
    if uid is None:
        return None
    user = app.state.store.get_user(int(uid))
    if user is None or not user.is_active or session.get("sv", 0) != user.session_version:
        return None  # deleted, deactivated, or the session was ended (logout, password change)
    return Viewer(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        organisation=user.organisation,
        role=user.role,
    )
