"""Accounts: sign in and out (rate limited), who am I, and account management for admins."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kehoach.errors import KehoachError
from kehoach.web.auth import ROLES, SignInLimiter
from kehoach.web.pages import (
    MAX_ID,
    PageRoute,
    UserId,
    WebError,
    check_csrf,
    render,
    require,
    store_of,
    viewer_of,
)

router = APIRouter(route_class=PageRoute)
Role = Literal["viewer", "editor", "admin"]


def _no_nul(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ValueError("chứa ký tự NUL")  # PostgreSQL text cannot hold it
    return value


Text = Annotated[str | None, AfterValidator(_no_nul)]


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)


class NewUser(BaseModel):
    username: str = Field(min_length=2, max_length=150, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=1024)
    role: Role = "viewer"
    organisation: Text = Field(None, max_length=255)
    display_name: Text = Field(None, max_length=255)


class UserChange(BaseModel):
    role: Role | None = None
    organisation: Text = Field(None, max_length=255)
    display_name: Text = Field(None, max_length=255)
    is_active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=1024)


def _safe_next(nxt: str | None) -> str:
    return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") else "/"


async def _sign_in(request: Request, username: str, password: str) -> Any:
    """Check the password (rate limited) and start a new session; raises `WebError`.

    Async: a slowed-down attempt waits on the event loop, holding no thread or page slot."""
    limiter: SignInLimiter = request.app.state.limiter
    client = request.client.host if request.client else "?"
    attempt = await run_in_threadpool(limiter.begin, client, username)
    if attempt.retry_after:
        raise WebError(
            429,
            "too_many_attempts",
            f"Đăng nhập sai quá nhiều lần từ máy này. Hãy thử lại sau {attempt.retry_after} giây.",
            headers={"Retry-After": str(attempt.retry_after)},
        )
    if attempt.delay:
        await asyncio.sleep(attempt.delay)
    user = await run_in_threadpool(store_of(request).authenticate, username, password)
    if user is None:  # the attempt stays recorded as a failure
        raise WebError(401, "bad_credentials", "Sai tên đăng nhập hoặc mật khẩu (hoặc tài khoản đã bị khoá).")
    await run_in_threadpool(limiter.succeeded, attempt)
    # new token: no session fixation
    request.state.session = request.app.state.sessions.new(uid=user.id, version=user.session_version)
    return user


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login", include_in_schema=False)
async def login_form(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    check_csrf(request, csrf_token)
    if not request.app.state.auth_enabled:
        return RedirectResponse(_safe_next(next), status_code=303)
    try:
        await _sign_in(request, username, password)
    except WebError as err:
        if err.status not in (401, 429):
            raise
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": err.message, "username": username},
            status=err.status,
        )
    return RedirectResponse(_safe_next(next), status_code=303)


def _sign_out(request: Request) -> None:
    """End every session of the signed-in account (on every device and worker), start a new one."""
    viewer = viewer_of(request)
    if viewer is not None and viewer.id is not None:
        store_of(request).end_sessions(viewer.id)
    request.state.session = request.app.state.sessions.new()


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    _sign_out(request)
    return RedirectResponse("/login" if request.app.state.auth_enabled else "/", status_code=303)


@router.post(
    "/api/login", tags=["tài khoản"], summary="Sign in; sets the session cookie, returns the CSRF token"
)
async def login_api(request: Request, body: Credentials) -> dict[str, Any]:
    if not request.app.state.auth_enabled:
        raise WebError(400, "no_accounts", "Máy chủ đang chạy chế độ dùng thử không cần đăng nhập.")
    user = await _sign_in(request, body.username, body.password)
    return {"user": user.model_dump(mode="json"), "csrf_token": request.state.session["csrf"]}


@router.post("/api/logout", tags=["tài khoản"], summary="Sign out")
def logout_api(request: Request) -> dict[str, Any]:
    check_csrf(request)
    _sign_out(request)
    return {"ok": True}


@router.get("/api/me", tags=["tài khoản"], summary="The signed-in account and the CSRF token for writes")
def me_api(request: Request) -> dict[str, Any]:
    viewer = require(request)
    return {
        "user": viewer.to_dict(),
        "csrf_token": request.state.session["csrf"],
        "auth_enabled": request.app.state.auth_enabled,
    }


# --- account management (admins) ----------------------------------------------------------


def _create(request: Request, new: NewUser) -> Any:
    try:
        return store_of(request).create_user(
            new.username,
            new.password,
            role=new.role,
            organisation=new.organisation,
            display_name=new.display_name,
        )
    except KehoachError as exc:
        raise WebError(409 if exc.code == "user_exists" else 400, exc.code, exc.message) from exc


def _update(request: Request, user_id: int, change: UserChange) -> Any:
    store = store_of(request)
    if store.get_user(user_id) is None:
        raise WebError(404, "user_not_found", f"Không có tài khoản số {user_id}.")
    me = viewer_of(request)
    changes = change.model_dump(exclude_none=True)
    if (
        me
        and me.id == user_id
        and (changes.get("role", "admin") != "admin" or changes.get("is_active") is False)
    ):
        raise WebError(422, "self_demotion", "Không thể tự hạ quyền hoặc khoá tài khoản của chính mình.")
    return store.update_user(user_id, **changes)


@router.get("/users", include_in_schema=False)
def users_page(request: Request) -> Response:
    require(request, "admin")
    return render(
        request, "users.html", {"users": store_of(request).list_users(), "roles": ROLES, "error": None}
    )


@router.post("/users", include_in_schema=False)
def users_form(
    request: Request,
    csrf_token: str = Form(""),
    action: str = Form("add"),
    user_id: int | None = Form(None, ge=1, le=MAX_ID),
    username: str = Form(""),
    password: str = Form(""),
    role: str = Form("viewer"),
    organisation: str = Form(""),
    display_name: str = Form(""),
    is_active: str = Form(""),
) -> Response:
    require(request, "admin")
    check_csrf(request, csrf_token)
    try:
        if action == "add":
            _create(
                request,
                NewUser(
                    username=username,
                    password=password,
                    role=role,
                    organisation=organisation or None,
                    display_name=display_name or None,
                ),
            )  # type: ignore[arg-type]
        elif user_id is not None:
            _update(request, user_id, UserChange(role=role, is_active=is_active == "on"))  # type: ignore[arg-type]
    except WebError as err:
        return render(
            request,
            "users.html",
            {"users": store_of(request).list_users(), "roles": ROLES, "error": err.message},
            status=err.status,
        )
    except ValueError as exc:
        msg = "Thông tin tài khoản không hợp lệ: tên đăng nhập 2–150 ký tự (chữ không dấu, số, _ . @ -), mật khẩu ít nhất 8 ký tự."
        return render(
            request,
            "users.html",
            {"users": store_of(request).list_users(), "roles": ROLES, "error": msg, "detail": str(exc)},
            status=422,
        )
    return RedirectResponse("/users", status_code=303)


@router.get("/api/users", tags=["tài khoản"], summary="List accounts (admins)")
def users_api(request: Request) -> list[dict[str, Any]]:
    require(request, "admin")
    return [u.model_dump(mode="json") for u in store_of(request).list_users()]


@router.post("/api/users", tags=["tài khoản"], summary="Create an account (admins)", status_code=201)
def create_user_api(request: Request, body: NewUser) -> dict[str, Any]:
    require(request, "admin")
    check_csrf(request)
    return _create(request, body).model_dump(mode="json")


@router.patch(
    "/api/users/{user_id}",
    tags=["tài khoản"],
    summary="Change an account's role, organisation, status or password (admins)",
)
def update_user_api(request: Request, user_id: UserId, body: UserChange) -> dict[str, Any]:
    require(request, "admin")
    check_csrf(request)
    return _update(request, user_id, body).model_dump(mode="json")
