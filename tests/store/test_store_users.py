"""Accounts for the web app: Argon2 hashes, roles, deactivation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kehoach.errors import StoreError
from kehoach.store.schema import UserRow


def test_create_and_authenticate(store) -> None:
    user = store.create_user("admin", "mật khẩu dài", role="admin", organisation="Văn phòng Tỉnh ủy")
    assert user.role == "admin" and user.organisation == "Văn phòng Tỉnh ủy"
    with store.engine.connect() as conn:
        stored_hash = conn.execute(select(UserRow.password_hash)).scalar_one()
    assert stored_hash.startswith("$argon2") and "mật khẩu" not in stored_hash
    assert store.authenticate("ADMIN", "mật khẩu dài").last_login_at is not None
    assert store.authenticate("admin", "sai mật khẩu") is None
    assert store.authenticate("nobody", "mật khẩu dài") is None
    assert "password_hash" not in user.model_dump()


def test_roles_and_updates(store) -> None:
    user = store.create_user("bientap", "12345678", role="editor")
    with pytest.raises(StoreError) as exc:
        store.create_user("bientap", "12345678")
    assert exc.value.code == "user_exists"
    with pytest.raises(StoreError):
        store.create_user("x", "short")
    with pytest.raises(StoreError):
        store.update_user(user.id, role="owner")
    assert store.update_user(user.id, role="viewer").role == "viewer"
    store.update_user(user.id, password="mới hoàn toàn")
    assert store.authenticate("bientap", "mới hoàn toàn") is not None
    store.update_user(user.id, is_active=False)
    assert store.authenticate("bientap", "mới hoàn toàn") is None
    assert [u.username for u in store.list_users()] == ["bientap"]
    assert store.get_user("BienTap").id == user.id and store.get_user(user.id).username == "bientap"
