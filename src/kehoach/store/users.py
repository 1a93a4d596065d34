"""Web app accounts: Argon2 password hashes, roles viewer < editor < admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from kehoach.errors import StoreError
from kehoach.store.results import User
from kehoach.store.schema import AppSecretRow, UserRow, utcnow

if TYPE_CHECKING:
    from kehoach.store.database import Database

ROLES = ("viewer", "editor", "admin")
MAX_ID = 2**31 - 1  # ids are PostgreSQL `integer`
_hasher = PasswordHasher()
_COLUMNS = (
    UserRow.id, UserRow.username, UserRow.display_name, UserRow.organisation, UserRow.role,
    UserRow.is_active, UserRow.created_at, UserRow.last_login_at, UserRow.session_version,
)  # fmt: skip


def _check(role: str | None, password: str | None) -> None:
    if role is not None and role not in ROLES:
        raise StoreError(f"Vai trò không hợp lệ: {role} (chọn: {', '.join(ROLES)}).", code="bad_role")
    if password is not None and len(password) < 8:
        raise StoreError("Mật khẩu phải có ít nhất 8 ký tự.", code="weak_password")


def create_user(
    store: Database,
    username: str,
    password: str,
    *,
    role: str,
    organisation: str | None,
    display_name: str | None,
) -> User:
    """See `Store.create_user`."""
    username = username.strip()
    if not username or "\x00" in username:
        raise StoreError("Tên đăng nhập trống hoặc chứa ký tự không hợp lệ.", code="bad_username")
    _check(role, password)
    taken = f"Tên đăng nhập '{username}' đã có người dùng."
    if get_user(store, username) is not None:  # before hashing: a taken name costs no Argon2 work
        raise StoreError(taken, code="user_exists")
    try:
        with store.transaction() as conn:
            user_id = conn.execute(
                insert(UserRow)
                .values(username=username, password_hash=_hasher.hash(password), role=role,
                        organisation=organisation, display_name=display_name)
                .returning(UserRow.id)
            ).scalar_one()  # fmt: skip
    except IntegrityError as exc:
        raise StoreError(taken, code="user_exists") from exc  # created meanwhile
    user = get_user(store, user_id)
    assert user is not None
    return user


def get_user(store: Database, key: int | str) -> User | None:
    """A user by id or username."""
    if isinstance(key, str) and "\x00" in key:
        return None  # no name holds NUL (PostgreSQL text cannot)
    if isinstance(key, int) and not 0 < key <= MAX_ID:
        return None
    cond = UserRow.id == key if isinstance(key, int) else func.lower(UserRow.username) == key.strip().lower()
    with store.engine.connect() as conn:
        row = conn.execute(select(*_COLUMNS).where(cond)).first()
    return User(**dict(row._mapping)) if row else None


def list_users(store: Database) -> list[User]:
    """All accounts, by username."""
    with store.engine.connect() as conn:
        return [User(**dict(r._mapping)) for r in conn.execute(select(*_COLUMNS).order_by(UserRow.username))]


def authenticate(store: Database, username: str, password: str) -> User | None:
    """The active user with this username and password, else None."""
    if "\x00" in username:
        _hasher.hash(password)  # same time as an unknown name
        return None
    with store.engine.connect() as conn:
        row = conn.execute(
            select(UserRow.id, UserRow.password_hash, UserRow.is_active).where(
                func.lower(UserRow.username) == username.strip().lower()
            )
        ).first()
    if row is None or not row.is_active:
        _hasher.hash(password)  # same time whether or not the user exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    changes: dict[str, Any] = {"last_login_at": utcnow()}
    if _hasher.check_needs_rehash(row.password_hash):
        changes["password_hash"] = _hasher.hash(password)
    with store.transaction() as conn:
        conn.execute(update(UserRow).where(UserRow.id == row.id).values(**changes))
    return get_user(store, row.id)


def update_user(store: Database, user_id: int, **changes: Any) -> User:
    """Change role, organisation, display_name, is_active or password."""
    allowed = {"role", "organisation", "display_name", "is_active", "password"}
    unknown = set(changes) - allowed
    if unknown:
        raise StoreError(f"Không sửa được: {', '.join(sorted(unknown))}.", code="bad_field")
    _check(changes.get("role"), changes.get("password"))
    values: dict[str, Any] = {k: v for k, v in changes.items() if k != "password"}
    if "password" in changes:
        values["password_hash"] = _hasher.hash(changes["password"])
    if "password" in changes or changes.get("is_active") is False:
        values["session_version"] = UserRow.session_version + 1  # every open session ends
    with store.transaction() as conn:
        if values:
            conn.execute(update(UserRow).where(UserRow.id == user_id).values(**values))
    user = get_user(store, user_id)
    if user is None:
        raise StoreError(f"Không có người dùng ID {user_id}.", code="no_user")
    return user


def end_sessions(store: Database, user_id: int) -> None:
    """End every session of the account (logout everywhere): its session version grows. A password
    change and a deactivation (`update_user`) do it too."""
    with store.transaction() as conn:
        conn.execute(
            update(UserRow).where(UserRow.id == user_id).values(session_version=UserRow.session_version + 1)
        )


def app_secret(store: Database, name: str, make: Callable[[], str]) -> str:
    """The installation's secret `name`, made by `make()` and kept the first time.

    Two processes starting together both try to insert; the second insert fails on the primary
    key and both read the one that was kept."""
    query = select(AppSecretRow.value).where(AppSecretRow.name == name)
    with store.engine.connect() as conn:
        found = conn.execute(query).scalar_one_or_none()
    if found is not None:
        return found
    try:
        with store.transaction() as conn:
            conn.execute(insert(AppSecretRow).values(name=name, value=make(), created_at=utcnow()))
    except IntegrityError:
        pass  # made by another process meanwhile
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()
