"""The session layer of the app as plain ASGI middleware: who is asking, the session cookie, the
security headers of every response.

Plain ASGI rather than Starlette's `BaseHTTPMiddleware` (`@app.middleware("http")`): that one runs
the app in a task of its own behind memory streams, wraps an error raised by an outer `receive`
(the body limit) into an exception group, and costs a task and two streams per request. Here the
request goes straight through: the session is read before the app runs, and the cookie and
headers are added to the response's start message on its way out.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kehoach.web.auth import SESSION_COOKIE, SESSION_MAX_AGE, Sessions

SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


class SessionLayer:
    """Reads the signed session cookie into `request.state.session` (a new session when absent or
    invalid) and the account into `request.state.viewer` (`viewer_of(session)`, in a thread when
    `needs_store(session)`: it reads the store); sets the cookie when the session is new or was
    replaced by the handler (sign-in, sign-out); adds `SECURITY_HEADERS` unless already set."""

    def __init__(
        self,
        app: ASGIApp,
        sessions: Callable[[], Sessions],
        viewer_of: Callable[[dict[str, Any]], Any],
        needs_store: Callable[[dict[str, Any]], bool],
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.viewer_of = viewer_of
        self.needs_store = needs_store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sessions = self.sessions()
        session = sessions.loads(_cookie(scope, SESSION_COOKIE))
        fresh = session is None
        if session is None:
            session = sessions.new()
        state = scope.setdefault("state", {})
        state["session"] = session
        if self.needs_store(session):
            state["viewer"] = await run_in_threadpool(self.viewer_of, session)
        else:
            state["viewer"] = self.viewer_of(session)  # no database access

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                current = state.get("session", session)
                if fresh or current is not session:
                    headers.append("set-cookie", _set_cookie(sessions.dumps(current), scope))
                for name, value in SECURITY_HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_session)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            found = cookie_parser(value.decode("latin-1")).get(name)
            if found is not None:
                return found
    return None


def _set_cookie(value: str, scope: Scope) -> str:
    cookie: SimpleCookie = SimpleCookie()
    cookie[SESSION_COOKIE] = value
    morsel = cookie[SESSION_COOKIE]
    morsel["max-age"] = SESSION_MAX_AGE
    morsel["httponly"] = True
    morsel["samesite"] = "lax"
    morsel["path"] = "/"
    if scope.get("scheme") == "https":
        morsel["secure"] = True
    return cookie.output(header="").strip()
