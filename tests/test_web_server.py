"""`kehoach serve` with several worker processes: one port, one store, sessions and uploads shared."""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kehoach.errors import KehoachError
from kehoach.store import open_store
from kehoach.web import server
from kehoach.web.app import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_default_workers_two_per_core():
    assert server.default_workers() == max(1, min(2 * (os.cpu_count() or 1), server.MAX_AUTO_WORKERS))


@pytest.mark.skipif(not server._reuse_port(), reason="SO_REUSEPORT balancing is Linux only")
def test_each_worker_binds_its_own_socket_on_the_port():
    port = free_port()
    first = pickle.loads(pickle.dumps(server._OwnSocket("127.0.0.1", port)))  # as a worker receives it
    second = pickle.loads(pickle.dumps(server._OwnSocket("127.0.0.1", port)))
    try:
        for sock in (first, second):
            assert sock.getsockname() == ("127.0.0.1", port)
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        first.close()
        second.close()


def test_port_in_use_is_one_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        app = create_app(f"sqlite:///{tmp_path / 'k.db'}", auth=False)
        with pytest.raises(KehoachError) as err:
            server.run(app, host="127.0.0.1", port=port, workers=2)
    assert err.value.code == "port_unavailable" and str(port) in err.value.message


def test_worker_app_is_made_from_the_served_apps_settings(tmp_path, monkeypatch):
    app = create_app(f"sqlite:///{tmp_path / 'k.db'}", auth=True, secret_key="khoa-bi-mat")
    settings = app.state.settings
    monkeypatch.setenv(server.ENV_DB, settings.db)
    monkeypatch.setenv(server.ENV_AUTH, "1")
    monkeypatch.setenv(server.ENV_HOST, settings.host)
    monkeypatch.setenv(server.ENV_SECRET, settings.secret_key)
    worker = server.app_from_env()
    assert worker.state.settings == settings
    # a session signed by one worker is read by another
    assert worker.state.sessions.loads(app.state.sessions.dumps({"uid": 1, "csrf": "t"})) is not None


@pytest.fixture
def served(tmp_path, sample_paths):
    """`kehoach serve --workers 2` on a store with sample plan 000 and an editor account."""
    db = f"sqlite:///{tmp_path / 'served.db'}"
    with open_store(db) as store:
        store.ingest_paths([sample_paths["000"]], jobs=1)
        store.create_user("bientap", "mat-khau-123", role="editor")
    port = free_port()
    cmd = [sys.executable, "-c", "from kehoach.cli import app; app()", "serve", "--db", db]
    cmd += ["--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded machine starts two workers slowly
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"server did not start: {proc.stderr.read().decode(errors='replace')}")
        time.sleep(0.2)
    yield base, proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)


def test_two_workers_share_sessions_and_uploads(served, sample_paths):
    base, proc = served
    with httpx.Client(base_url=base) as client:
        r = client.post("/api/login", json={"username": "bientap", "password": "mat-khau-123"})
        assert r.status_code == 200
        token, cookies = r.json()["csrf_token"], client.cookies
        files = [("files", ("002.txt", Path(sample_paths["002"]).read_bytes(), "text/plain"))]
        job = client.post("/api/upload", files=files, headers={"X-CSRF-Token": token}).json()
    # every poll on a new connection, which any worker may accept
    deadline = time.monotonic() + 180  # a loaded machine starts two workers slowly
    while True:
        with httpx.Client(base_url=base, cookies=cookies) as poll:
            status = poll.get(job["status_url"])
        assert status.status_code == 200, status.text
        if status.json()["done"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    stored = status.json()["files"][0]
    assert stored["status"] == "stored", stored
    with httpx.Client(base_url=base, cookies=cookies) as client:
        page = client.get(stored["url"])
        assert page.status_code == 200 and "72-KH/HU" in page.text


def test_stopping_the_server_stops_its_workers(served):
    _, proc = served
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(workers) >= 2
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    time.sleep(0.5)
    for pid in workers:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
        )
