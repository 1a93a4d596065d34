"""Accounts for the web app: signed session cookies, CSRF tokens, roles, sign-in limits.

Passwords are hashed (argon2) and checked by the store (`Store.create_user`, `Store.authenticate`).

Sessions are itsdangerous-signed cookies (HttpOnly, SameSite=Lax) holding the account id
and a CSRF token; every POST form carries the token in a hidden field, every API write
sends it in the `X-CSRF-Token` header. Roles are ordered viewer < editor < admin.
Without accounts (`auth=False`, allowed only on 127.0.0.1) every visitor is a local admin.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

ROLES = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": "Xem", "editor": "Biên tập", "admin": "Quản trị"}
SESSION_COOKIE = "kehoach_session"
SESSION_MAX_AGE = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def role_at_least(role: str | None, needed: str) -> bool:
    """True when `role` is `needed` or above (viewer < editor < admin)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Viewer:
    """Who is looking at a page: an account, the local demo user, or nobody."""

    id: int | None
    username: str
    display_name: str | None
    organisation: str | None
    role: str
    local: bool = False

    @property
    def can_upload(self) -> bool:
        return role_at_least(self.role, "editor")

    @property
    def is_admin(self) -> bool:
        return role_at_least(self.role, "admin")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "organisation": self.organisation,
            "role": self.role,
            "local": self.local,
        }


LOCAL_VIEWER = Viewer(
    id=None,
    username="local",
    display_name="Người dùng máy cục bộ",
    organisation=None,
    role="admin",
    local=True,
)


class Sessions:
    """Signs and reads the session cookie: {"uid": account id or None, "csrf": token}."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="kehoach-session")

    def new(self, uid: int | None = None) -> dict[str, Any]:
        """A fresh session (new CSRF token)."""
        return {"uid": uid, "csrf": secrets.token_urlsafe(24)}

    def dumps(self, session: dict[str, Any]) -> str:
        return self._s.dumps(session)

    def loads(self, cookie: str | None) -> dict[str, Any] | None:
        """The session in a cookie, or None when absent, forged or expired."""
        if not cookie:
            return None
        try:
            data = self._s.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        return data


def csrf_ok(session: dict[str, Any] | None, token: str | None) -> bool:
    """True when `token` equals the session's CSRF token (constant time)."""
    if not session or not token:
        return False
    return secrets.compare_digest(str(session.get("csrf", "")), token)


class SignInLimiter:
    """At most `attempts` failed sign-ins per `window` seconds per client address and per username.

    Failures are counted in the store, so every worker process of the app sees the same counts."""

    def __init__(self, store: Any, attempts: int = 5, window: float = 300.0) -> None:
        self.store = store
        self.attempts = attempts
        self.window = window

    @staticmethod
    def _keys(client: str, username: str) -> tuple[str, str]:
        return f"ip:{client}"[:300], f"user:{username.lower()}"[:300]

    def retry_after(self, client: str, username: str) -> int:
        """Seconds to wait before another attempt is allowed (0 when allowed now)."""
        now = time.time()
        wait = 0.0
        for n, oldest in self.store.signin_failures(self._keys(client, username), now - self.window).values():
            if n >= self.attempts:
                wait = max(wait, self.window - (now - oldest))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, client: str, username: str) -> None:
        now = time.time()
        self.store.record_signin_failure(self._keys(client, username), now, forget_before=now - self.window)

    def succeeded(self, client: str, username: str) -> None:
        self.store.clear_signin_failures(self._keys(client, username)[1])
