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

    def new(self, uid: int | None = None, version: int = 0) -> dict[str, Any]:
        """A fresh session (new CSRF token); `version`: the account's session version at sign-in
        (the session ends when the account's version grows: logout, password change, deactivation)."""
        return {"uid": uid, "sv": version, "csrf": secrets.token_urlsafe(24)}

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


MIN_SECRET_CHARS = 32
MIN_SECRET_DISTINCT = 12


def check_secret_strength(key: str) -> None:
    """Refuse a signing key that is short or repetitive (anyone guessing it could forge sessions)."""
    from kehoach.errors import KehoachError

    if len(key) < MIN_SECRET_CHARS or len(set(key)) < MIN_SECRET_DISTINCT:
        raise KehoachError(
            f"Khóa bí mật (KEHOACH_SECRET_KEY) quá yếu: cần ít nhất {MIN_SECRET_CHARS} ký tự ngẫu nhiên "
            f"(ít nhất {MIN_SECRET_DISTINCT} ký tự khác nhau). Tạo khóa bằng: "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))', hoặc bỏ biến này để kho tự tạo "
            "và lưu một khóa.",
            code="weak_secret",
        )


@dataclass
class SignInAttempt:
    """One sign-in attempt as the limiter let it in (or not)."""

    keys: tuple[str, str, str]
    at: float
    retry_after: int = 0  # > 0: refused; seconds to wait
    delay: float = 0.0  # seconds to wait before the password is checked


MAX_DELAY = 8.0  # seconds: the longest slow-down of a named account


class SignInLimiter:
    """Limits on failed sign-ins, counted in the store so that every worker sees the same counts.

    - per client address: at most `per_address` failures per `window` seconds (then 429);
    - per client address and account name: at most `attempts` (then 429);
    - per account name from anywhere: no refusal (anyone could otherwise lock an account out by
      its name), but past `attempts` failures each attempt is slowed down (0.5 s, 1 s, 2 s … up
      to `MAX_DELAY`) before the password is checked.

    Atomic across threads and processes: counting and recording one attempt (as a failure, until
    it succeeds) is one serialized store operation (`Store.admit_signin_attempt`), so racing
    attempts never get more than the limit through (checking first and recording after let 8 in
    for 5). The client address is the connection's, or the forwarded one only when the server
    trusts the proxy (`KEHOACH_TRUSTED_PROXIES`, see `kehoach.web.server`)."""

    def __init__(
        self, store: Any, attempts: int = 5, window: float = 300.0, per_address: int | None = None
    ) -> None:
        self.store = store
        self.attempts = attempts
        self.window = window
        self.per_address = per_address or 4 * attempts

    @staticmethod
    def _keys(client: str, username: str) -> tuple[str, str, str]:
        name = username.strip().lower().replace("\x00", "\\0")[:200]  # text keys: PostgreSQL has no NUL
        return f"ip:{client}"[:300], f"ipuser:{client}|{name}"[:300], f"user:{name}"[:300]

    def begin(self, client: str, username: str) -> SignInAttempt:
        """Count and record the attempt atomically; say whether it may go on (and after how long)."""
        now = time.time()
        keys = self._keys(client, username)
        limits = {keys[0]: self.per_address, keys[1]: self.attempts}
        admitted, counts = self.store.admit_signin_attempt(keys, now, since=now - self.window, limits=limits)
        if not admitted:  # a refused attempt is not counted
            wait = max(
                [
                    self.window - (now - counts[k][1])
                    for k, limit in limits.items()
                    if counts.get(k, (0,))[0] >= limit
                ]
                + [1.0]
            )
            return SignInAttempt(keys, now, retry_after=int(wait) + 1)
        over = counts.get(keys[2], (0, now))[0] + 1 - self.attempts
        delay = min(MAX_DELAY, 0.5 * 2 ** (over - 1)) if over > 0 else 0.0
        return SignInAttempt(keys, now, delay=delay)

    def succeeded(self, attempt: SignInAttempt) -> None:
        """The password was right: drop this attempt's record and the account's failures."""
        self.store.forget_signin_attempt(attempt.keys[:1], attempt.at)
        for key in attempt.keys[1:]:
            self.store.clear_signin_failures(key)
