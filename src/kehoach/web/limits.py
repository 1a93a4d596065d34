"""Limits applied to a request before any work is done on it: its size and the Host it names.

`BodyLimit` is plain ASGI middleware (outermost, so nothing reads the body before it): a request
whose `Content-Length` is over its route's limit is answered 413 without reading a byte, and a
streamed (chunked) body is counted as it is read: past the limit, reading raises `BodyTooLarge`
(an HTTP 413), so a form or JSON parser never holds more than the limit. Only the upload route
has a large limit, and it checks the account before it reads its body (see `routes/upload.py`);
everything an anonymous visitor can send (sign-in, forms) is bounded by `SMALL_BODY`.

`trusted_hosts` is the Host allow-list given to Starlette's `TrustedHostMiddleware`: a local
install (bound to 127.0.0.1) answers only to loopback names, one bound to an address only to
that address and the names configured, and one bound to every address does not start until its
names are configured; so a DNS-rebinding page cannot reach it under its own name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SMALL_BODY = 64 * 1024  # sign-in, forms, account changes
UPLOAD_FILE_BYTES = 50 * 1024 * 1024  # one uploaded file
UPLOAD_REQUEST_BYTES = 256 * 1024 * 1024  # one upload request (all its files)
UPLOAD_PATHS = ("/api/upload",)
ENV_ALLOWED_HOSTS = "KEHOACH_ALLOWED_HOSTS"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def too_large_message(limit: int) -> str:
    """The Vietnamese message of a 413."""
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    return f"Yêu cầu gửi lên quá lớn (tối đa {size}). Hãy gửi ít dữ liệu hơn hoặc chia nhỏ tệp."


class BodyTooLarge(HTTPException):
    """Raised while reading a body that grew past its route's limit (answered 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))
        self.limit = limit


def body_limit_for(path: str) -> int:
    """The largest body the route at `path` accepts."""
    if path in UPLOAD_PATHS:
        return UPLOAD_REQUEST_BYTES
    return SMALL_BODY


class BodyLimit:
    """413 before reading when the declared body is too large; counts streamed bytes otherwise.

    The one body check of the app, outermost but for the Host check: every middleware inside it
    is plain ASGI, so the `BodyTooLarge` raised by `receive` reaches a route's error handling (or
    this middleware, when raised outside any route) as itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            # PostgreSQL text cannot hold NUL: refused here rather than failing in a query.
            await _send_error(scope, send, 422, "nul_character", NUL_MESSAGE)
            return
        limit = body_limit_for(scope.get("path", ""))
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0 or size > limit:
                await _refuse(scope, send, limit if size > limit else None)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except BodyTooLarge as exc:  # raised outside any route's error handling
            if started:
                raise
            await _refuse(scope, send, exc.limit)


NUL_MESSAGE = "Địa chỉ hoặc tham số chứa ký tự NUL (%00), không hợp lệ. Hãy bỏ ký tự đó rồi thử lại."


async def _refuse(scope: Scope, send: Send, limit: int | None) -> None:
    if limit is None:
        await _send_error(scope, send, 400, "bad_length", "Độ dài nội dung (Content-Length) không hợp lệ.")
    else:
        await _send_error(scope, send, 413, "request_too_large", too_large_message(limit))


async def _send_error(scope: Scope, send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    # Connection: close, so the client does not send the body we are not reading into a keep-alive.
    response = Response(
        body, status_code=status, media_type="application/json", headers={"Connection": "close"}
    )
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


WILDCARD_BINDS = ("0.0.0.0", "::", "[::]", "")


def trusted_hosts(bind_host: str, configured: Sequence[str] | None = None) -> list[str]:
    """The Host names the app answers to.

    `configured` (or $KEHOACH_ALLOWED_HOSTS, comma-separated) adds names; "*" among them accepts
    any name (an explicit choice, e.g. behind a proxy that checks the Host itself). On a loopback
    bind the loopback names are always allowed. Off loopback, nothing configured:
    - bound to one address: that address only (a name pointing at it must be configured: a
      DNS-rebinding page reaches the server only under its own name, which is then refused);
    - bound to every address (0.0.0.0, ::): no address names the server, so it refuses to start
      (`KehoachError` "allowed_hosts_required") rather than answer to any name."""
    from kehoach.errors import KehoachError
    from kehoach.web.auth import is_loopback

    names = list(configured) if configured is not None else _env_hosts()
    names = [n.strip().lower() for n in names if n and n.strip()]
    if "*" in names:
        return ["*"]
    if is_loopback(bind_host):
        return list(dict.fromkeys([*LOOPBACK_NAMES, *names]))
    bound = bind_host.strip().lower()
    if bound in WILDCARD_BINDS:
        if not names:
            raise KehoachError(
                f"Máy chủ lắng nghe trên mọi địa chỉ ({bind_host or '0.0.0.0'}) nhưng chưa khai báo tên "
                "máy chủ được phép: hãy đặt --allowed-host TEN (ví dụ --allowed-host kehoach.so.gov.vn, "
                f"hoặc biến môi trường {ENV_ALLOWED_HOSTS}). Chỉ dùng '*' (nhận mọi tên) khi có một "
                "proxy phía trước đã kiểm tra tên máy chủ.",
                code="allowed_hosts_required",
            )
        return list(dict.fromkeys(names))
    if ":" in bound and not bound.startswith("["):
        bound = f"[{bound}]"  # an IPv6 address is written in brackets in a Host header
    return list(dict.fromkeys([bound, *names]))


def _env_hosts() -> list[str]:
    return [h for h in os.environ.get(ENV_ALLOWED_HOSTS, "").split(",") if h.strip()]


class TrustedHost(TrustedHostMiddleware):
    """Starlette's Host allow-list (patterns checked by its constructor), refusing with a Vietnamese
    JSON error."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        super().__init__(app, allowed_hosts=allowed_hosts, www_redirect=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        name = host_name(Headers(scope=scope).get("host", ""))
        if name and any(
            name == p or (p.startswith("*.") and name.endswith(p[1:])) for p in self.allowed_hosts
        ):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {
                "error": {
                    "code": "bad_host",
                    "message": "Tên máy chủ (Host) không được phép. Hãy mở ứng dụng bằng địa chỉ đã cấu hình "
                    "(ví dụ http://127.0.0.1:8000).",
                }
            },
            ensure_ascii=False,
        ).encode()
        await Response(body, status_code=400, media_type="application/json")(scope, receive, send)


def host_name(host: str) -> str:
    """The name in a Host header, without the port, lower case ("[::1]:8000" -> "[::1]")."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end > 0 else ""
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host
