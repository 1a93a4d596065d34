"""`kehoach serve`, `kehoach demo` and `kehoach user …` (the server itself is not started here)."""

from __future__ import annotations

from typer.testing import CliRunner

from kehoach.cli import app, web_cmd
from kehoach.store import open_store

runner = CliRunner()


def test_user_add_and_list(tmp_path):
    db = str(tmp_path / "u.db")
    r = runner.invoke(
        app,
        [
            "user",
            "add",
            "canbo",
            "--role",
            "editor",
            "--org",
            "Huyện ủy Đức Trọng",
            "--db",
            db,
        ],
        input="mat-khau-123\nmat-khau-123\n",  # asked twice, hidden
    )
    assert r.exit_code == 0, r.output
    assert "Đã tạo tài khoản" in r.output
    with open_store(db) as store:
        assert store.authenticate("canbo", "mat-khau-123").role == "editor"
    again = runner.invoke(
        app, ["user", "add", "canbo", "--password-stdin", "--db", db], input="mat-khau-123\n"
    )
    assert again.exit_code == 1 and "đã có" in again.output
    weak = runner.invoke(app, ["user", "add", "canbo2", "--password-stdin", "--db", db], input="123\n")
    assert weak.exit_code == 1 and "8 ký tự" in weak.output
    by_stdin = runner.invoke(
        app, ["user", "add", "canbo3", "--password-stdin", "--db", db], input="mat khau 456\n"
    )
    assert by_stdin.exit_code == 0, by_stdin.output
    with open_store(db) as store:
        assert store.authenticate("canbo3", "mat khau 456") is not None
    # the password is never an argument (it would show in the process list)
    assert runner.invoke(app, ["user", "add", "x", "--password", "mat-khau-123", "--db", db]).exit_code == 2
    listed = runner.invoke(app, ["user", "list", "--db", db])
    assert "canbo" in listed.output


def test_serve_without_accounts_refused_off_loopback(tmp_path, monkeypatch):
    monkeypatch.setattr(web_cmd, "_run", lambda *a: None)
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--no-auth"])
    assert r.exit_code == 1 and "127.0.0.1" in r.output


def test_serve_prints_address(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        web_cmd, "_run", lambda application, host, port, workers: calls.append((host, port, workers))
    )
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--port", "8765", "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "http://127.0.0.1:8765" in r.output and "Chưa có tài khoản" in r.output
    assert calls == [("127.0.0.1", 8765, 2)]


def test_demo_loads_the_corpus_and_serves_on_loopback(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        web_cmd, "_run", lambda application, host, port, workers: calls.append((application, host, port))
    )
    db = str(tmp_path / "demo.db")
    r = runner.invoke(app, ["demo", "--db", db, "--port", "8766"])
    assert r.exit_code == 0, r.output
    assert "http://127.0.0.1:8766" in r.output
    application, host, _ = calls[0]
    assert host == "127.0.0.1" and application.state.auth_enabled is False
    with open_store(db) as store:
        assert store.count_documents() == 4
