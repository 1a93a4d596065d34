"""Sessions that can be ended and a signing key that is kept (issue 10, item 4 and the secret key),
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kehoach.cli import app as cli_app
from kehoach.cli import web_cmd
from kehoach.errors import KehoachError
from kehoach.web.app import create_app
from kehoach.web.auth import check_secret_strength

PASSWORD = "mat-khau-123"
KEY = "khoa-ky-phien-thu-nghiem-0123456789abcdefXYZ"


@pytest.fixture
def accounts(store):
    store.create_user("admin", PASSWORD, role="admin")
    store.create_user("canbo", PASSWORD, role="editor")
    return store


def sign_in(app, username: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app)
    r = client.post("/api/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


def test_logout_ends_every_session_of_the_account(accounts):
    app = create_app(store=accounts, auth=True, secret_key=KEY)
    laptop, phone, admin = sign_in(app, "canbo"), sign_in(app, "canbo"), sign_in(app, "admin")
    stolen = dict(laptop.cookies)  # a copy of the cookie, as someone who saw it would keep it
    assert phone.get("/api/me").status_code == 200
    assert laptop.post("/api/logout").status_code == 200
    assert laptop.get("/api/me").status_code == 401
    assert phone.get("/api/me").status_code == 401  # the other device too
    assert TestClient(app, cookies=stolen).get("/api/me").status_code == 401
    assert admin.get("/api/me").status_code == 200  # other accounts keep theirs
    assert sign_in(app, "canbo").get("/api/me").status_code == 200  # signing in again works


def test_password_change_and_deactivation_end_sessions(accounts):
    app = create_app(store=accounts, auth=True, secret_key=KEY)
    admin, user = sign_in(app, "admin"), sign_in(app, "canbo")
    uid = accounts.get_user("canbo").id
    assert admin.patch(f"/api/users/{uid}", json={"password": "mat-khau-moi-456"}).status_code == 200
    assert user.get("/api/me").status_code == 401
    again = sign_in(app, "canbo", "mat-khau-moi-456")
    assert again.get("/api/me").status_code == 200
    assert admin.patch(f"/api/users/{uid}", json={"is_active": False}).status_code == 200
    assert again.get("/api/me").status_code == 401
    # a change of role or organisation does not end sessions
    assert admin.patch(f"/api/users/{uid}", json={"is_active": True}).status_code == 200
    third = sign_in(app, "canbo", "mat-khau-moi-456")
    assert admin.patch(f"/api/users/{uid}", json={"organisation": "Huyện ủy"}).status_code == 200
    assert third.get("/api/me").status_code == 200
    assert "session_version" not in admin.get("/api/users").json()[0]


def test_the_signing_key_is_kept_in_the_store(accounts):
    first = create_app(store=accounts, auth=True)  # no key given: made once, kept
    user = sign_in(first, "canbo")
    restarted = create_app(store=accounts, auth=True)
    assert restarted.state.settings.secret_key == first.state.settings.secret_key
    check_secret_strength(first.state.settings.secret_key)
    assert TestClient(restarted, cookies=dict(user.cookies)).get("/api/me").status_code == 200


def test_a_weak_key_is_refused(tmp_path, monkeypatch):
    for weak in ("bi-mat", "a" * 64, "abcabcabcabcabcabcabcabcabcabcabcabc"):
        with pytest.raises(KehoachError) as err:
            check_secret_strength(weak)
        assert err.value.code == "weak_secret"
    check_secret_strength(KEY)
    monkeypatch.setattr(web_cmd, "_run", lambda *a: None)
    monkeypatch.setenv("KEHOACH_SECRET_KEY", "123456")
    r = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "s.db")])
    assert r.exit_code == 1 and "quá yếu" in r.output
