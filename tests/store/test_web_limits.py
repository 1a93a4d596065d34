"""Limits the web app applies before doing work, on SQLite and PostgreSQL (issue 10, items 1, 5, 6, 8).

Body limits are checked on a real server (uvicorn on a free port, raw sockets): the test client
reads a whole body before the app sees it, a real server does not.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from kehoach.web import server
from kehoach.web.app import create_app
from kehoach.web.auth import SignInLimiter
from kehoach.web.limits import SMALL_BODY, UPLOAD_REQUEST_BYTES, host_name, trusted_hosts

PASSWORD = "mat-khau-123"
HUGE = 2**63


@pytest.fixture
def web_store(store, sample_paths):
    store.ingest_paths([sample_paths["000"], sample_paths["002"]], jobs=1)
    store.create_user("admin", PASSWORD, role="admin")
    store.create_user("editor", PASSWORD, role="editor")
    return store


def signed_in(app, username: str = "admin") -> TestClient:
    client = TestClient(app)
    r = client.post("/api/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


class LiveServer:
    """The app served by uvicorn in a thread on a free port, as `kehoach serve` configures it
    (`trusted`: the proxies whose X-Forwarded-For is believed)."""

    def __init__(self, app, trusted: str = "") -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="error", **server.proxy_options(trusted)
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < end, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def raw(self, head: str, first_chunk: bytes = b"", timeout: float = 5.0) -> bytes:
        """Send a request head and the start of its body only; the response read so far."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + first_chunk)
            data = b""
            try:
                while not _complete(data):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except TimeoutError:
                pass
            return data


@pytest.fixture
def live(web_store) -> Iterator[LiveServer]:
    with LiveServer(create_app(store=web_store, auth=True, secret_key="k" * 40)) as server:
        yield server


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


def status_of(response: bytes) -> int | None:
    if not response.startswith(b"HTTP/1.1 "):
        return None
    return int(response[9:12])


# --- 1. bodies bounded and refused before they are read ------------------------------------


def test_declared_oversize_bodies_are_refused_before_reading(live):
    # 2 GiB upload without signing in, 1 GiB sign-in JSON: answered at once, no byte of body sent
    upload = live.raw(
        "POST /api/upload HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary=x\n"
        f"Content-Length: {2 * 2**30}\n"
    )
    assert status_of(upload) == 413, upload[:200]
    login = live.raw(
        f"POST /api/login HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: {2**30}\n"
    )
    assert status_of(login) == 413, login[:200]
    assert "quá lớn".encode() in login


def test_anonymous_upload_is_refused_without_reading_its_body(live):
    # a body within the limit, declared but never sent: the 401 comes before the body is read
    head = (
        "POST /api/upload HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary=x\n"
        f"Content-Length: {UPLOAD_REQUEST_BYTES - 1}\n"
    )
    response = live.raw(
        head, b'--x\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
    )
    assert status_of(response) == 401, response[:200]
    # chunked, no length declared: also refused before the chunks are read
    chunked = live.raw(
        "POST /api/upload HTTP/1.1\nHost: 127.0.0.1\nContent-Type: multipart/form-data; boundary=x\n"
        "Transfer-Encoding: chunked\n",
        b"10\r\n--x\r\nContent-Dis\r\n",
    )
    assert status_of(chunked) == 401, chunked[:200]


def test_streamed_bodies_are_counted(web_store):
    client = TestClient(create_app(store=web_store, auth=True, secret_key="k" * 40))

    def chunks(total: int):
        sent = 0
        while sent < total:
            yield b" " * 8192
            sent += 8192

    # chunked JSON (no Content-Length) past the small limit: 413, not parsed
    r = client.post(
        "/api/login", content=chunks(SMALL_BODY + 65536), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    # the same bound on a form page
    r = client.post(
        "/login",
        content=chunks(SMALL_BODY + 65536),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413


def test_signed_in_upload_still_works_and_counts_the_total(web_store):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40)
    editor = signed_in(app, "editor")
    text = "Nội dung thử".encode()
    r = editor.post("/api/upload", files=[("files", ("a.txt", text, "text/plain"))])
    assert r.status_code == 202, r.text
    app.state.jobs.wait(r.json()["id"])


# --- 5. Host allow-list (DNS rebinding of a local install) ---------------------------------


def test_demo_mode_refuses_a_foreign_host(web_store):
    app = create_app(store=web_store, auth=False, host="127.0.0.1", allowed_hosts=[])
    rebound = TestClient(app, base_url="http://rebind.attacker.example")
    r = rebound.get("/api/me")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"
    r = rebound.post("/api/users", json={"username": "ke-xau", "password": "x" * 12, "role": "admin"})
    assert r.status_code == 400
    assert web_store.get_user("ke-xau") is None
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        assert TestClient(app, base_url=base).get("/api/me").json()["user"]["role"] == "admin", base


def test_trusted_hosts_defaults():
    assert "127.0.0.1" in trusted_hosts("127.0.0.1", []) and "*" not in trusted_hosts("127.0.0.1", [])
    assert trusted_hosts("127.0.0.1", ["kehoach.local"])[-1] == "kehoach.local"
    assert trusted_hosts("0.0.0.0", ["Kehoach.Example.vn"]) == ["kehoach.example.vn"]
    assert trusted_hosts("0.0.0.0", ["*"]) == ["*"]  # any name: only when asked for
    assert host_name("[::1]:8000") == "[::1]" and host_name("Example.VN:80") == "example.vn"


def test_off_loopback_without_configured_names_accepts_no_foreign_host(web_store):
    from kehoach.errors import KehoachError

    # bound to every address with no name configured: refuses to start (no name to check against)
    for wildcard in ("0.0.0.0", "::"):
        with pytest.raises(KehoachError) as exc:
            create_app(store=web_store, auth=True, host=wildcard, secret_key="k" * 40, allowed_hosts=[])
        assert exc.value.code == "allowed_hosts_required" and "--allowed-host" in exc.value.message
    # bound to one address: answers to that address only
    assert trusted_hosts("192.0.2.10", []) == ["192.0.2.10"]
    assert trusted_hosts("2001:db8::5", []) == ["[2001:db8::5]"]
    app = create_app(store=web_store, auth=True, host="192.0.2.10", secret_key="k" * 40, allowed_hosts=[])
    rebound = TestClient(app, base_url="http://rebind.attacker.example").get("/api/me")
    assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_host"
    assert TestClient(app, base_url="http://192.0.2.10:8000").get("/healthz").status_code == 200
    assert TestClient(app, base_url="http://rebind.attacker.example").get("/healthz").status_code == 400
    # a configured name is accepted, the same foreign one still refused
    app = create_app(
        store=web_store, auth=True, host="0.0.0.0", secret_key="k" * 40, allowed_hosts=["kehoach.example.vn"]
    )
    assert TestClient(app, base_url="http://kehoach.example.vn").get("/healthz").status_code == 200
    assert TestClient(app, base_url="http://rebind.attacker.example").get("/healthz").status_code == 400


def test_serve_off_loopback_needs_allowed_hosts(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from kehoach.cli import app as cli
    from kehoach.cli import web_cmd

    calls = []
    monkeypatch.setattr(web_cmd, "_run", lambda application, *a: calls.append(application))
    monkeypatch.delenv("KEHOACH_ALLOWED_HOSTS", raising=False)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    r = runner.invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "--allowed-host" in r.output and not calls, r.output
    r = runner.invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--allowed-host", "kehoach.example.vn"])
    assert r.exit_code == 0, r.output
    assert calls[0].state.settings.allowed_hosts == ("kehoach.example.vn",)


# --- 6. NUL bytes never reach the database -------------------------------------------------


def test_nul_in_filters_and_names_is_a_clear_error(web_store):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40)
    admin = signed_in(app)
    for url in (
        "/api/search?q=a%00b",
        "/api/search?q=ke&issuer=%00",
        "/api/documents?type=K%00",
        "/api/graph?level=%00",
        "/api/missing?key=%00",
        "/documents?issuer=%00",
        "/search?q=%00",
    ):
        r = admin.get(url)
        assert r.status_code == 422, (url, r.status_code)
        assert "NUL" in r.json()["error"]["message"]
    anon = TestClient(app)
    r = anon.post("/api/login", json={"username": "ad\x00min", "password": PASSWORD})
    assert r.status_code == 401
    r = anon.post("/login", data={"username": "ad\x00min", "password": "x", "csrf_token": "x"})
    assert r.status_code in (401, 403)
    r = admin.post("/api/users", json={"username": "moi", "password": "x" * 12, "display_name": "a\x00"})
    assert r.status_code == 422
    assert web_store.get_user("a\x00") is None


# --- 8. integers past their range are 422, never 500 ---------------------------------------


HUGE_URLS = [
    f"/api/documents/{HUGE}",
    f"/documents/{HUGE}",
    f"/documents/{HUGE}/original",
    f"/documents/{HUGE}/cited-by",
    f"/api/documents/{HUGE}/cited-by",
    "/api/documents/-1",
    f"/api/documents?page={HUGE}",
    f"/documents?page={HUGE}",
    f"/api/search?q=ke&offset={HUGE}",
    f"/search?q=ke&page={HUGE}",
    f"/api/align?parent={HUGE}&child=1",
    f"/api/align?parent=1&child={HUGE}",
    f"/compare?parent={HUGE}&child=1",
    f"/compare?child={HUGE}",
    f"/compare/html?parent=1&child={HUGE}",
    f"/api/compare/suggest?child={HUGE}",
    f"/api/documents/1/cited-by?page={HUGE}",
    "/api/documents?year=99999999999999999999999",
]


def test_huge_integers_are_422(web_store):
    admin = signed_in(create_app(store=web_store, auth=True, secret_key="k" * 40))
    for url in HUGE_URLS:
        r = admin.get(url)
        assert r.status_code == 422, (url, r.status_code, r.text[:200])
    assert admin.patch(f"/api/users/{HUGE}", json={"role": "viewer"}).status_code == 422
    r = admin.post("/users", data={"csrf_token": admin.headers["X-CSRF-Token"], "action": "edit",
                                   "user_id": str(HUGE), "role": "viewer"})  # fmt: skip
    assert r.status_code == 422
    assert web_store.get_user(HUGE) is None


# --- 9. sign-in limits: atomic, no lockout by name, forwarded addresses only when configured -


def test_racing_sign_ins_let_no_more_than_the_limit_through(web_store):
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    app = create_app(store=web_store, auth=True, secret_key="k" * 40, signin_attempts=5)
    with LiveServer(app) as live:

        def attempt(_: int) -> int:
            with httpx.Client(base_url=f"http://127.0.0.1:{live.port}", timeout=60) as client:
                return client.post("/api/login", json={"username": "editor", "password": "sai"}).status_code

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(attempt, range(8)))
    assert sorted(codes) == [401] * 5 + [429] * 3, codes


def _login(base: str, username: str, password: str, forwarded: str | None = None) -> int:
    import httpx

    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    r = httpx.post(
        f"{base}/api/login", json={"username": username, "password": password}, headers=headers, timeout=120
    )
    return r.status_code


def test_forwarded_addresses_are_ignored_unless_configured(web_store):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40, signin_attempts=5)
    with LiveServer(app) as live:  # no trusted proxy: one address, whatever the header says
        base = f"http://127.0.0.1:{live.port}"
        codes = [_login(base, f"ten{i}", "sai", f"10.1.0.{i}") for i in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429, codes
    web_store_fresh = create_app(store=web_store, auth=True, secret_key="k" * 40, signin_attempts=5)
    with LiveServer(web_store_fresh, trusted="127.0.0.1") as live:  # behind a configured proxy
        base = f"http://127.0.0.1:{live.port}"
        codes = [_login(base, f"khac{i}", "sai", f"10.2.0.{i}") for i in range(21)]
    assert codes == [401] * 21, codes


def test_failures_on_a_name_do_not_lock_its_owner_out(web_store):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40, signin_attempts=5)
    with LiveServer(app, trusted="127.0.0.1") as live:
        base = f"http://127.0.0.1:{live.port}"
        codes = [_login(base, "editor", "sai", "203.0.113.9") for _ in range(6)]
        assert codes == [401] * 5 + [429], codes
        # the owner, from another address, still signs in (slowed down, not refused)
        assert _login(base, "editor", PASSWORD, "198.51.100.7") == 200
        # and the attacker's address is still refused for that name
        assert _login(base, "editor", PASSWORD, "203.0.113.9") == 429


def test_the_named_account_is_slowed_down_past_the_limit(web_store):
    limiter = SignInLimiter(web_store, attempts=3)
    delays = [limiter.begin(f"10.9.0.{i}", "editor").delay for i in range(6)]
    assert delays[:3] == [0.0, 0.0, 0.0] and 0 < delays[3] < delays[4] < delays[5], delays
    assert all(limiter.begin("10.9.1.1", "editor").retry_after == 0 for _ in range(1))


# --- 10. uploads: allow-list, back-pressure, crashes shown in Vietnamese and kept -----------


def _upload(client, *files):
    return client.post("/api/upload", files=[("files", (n, d, "application/octet-stream")) for n, d in files])


def test_upload_allow_list_and_names(web_store, sample_paths):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40)
    editor = signed_in(app, "editor")
    text = Path(sample_paths["004"]).read_bytes()
    r = _upload(
        editor, ("../../etc/ke-hoach.txt", text), ("plan.exe", b"MZ\x90\x00" + text), ("khong-duoi", b"x")
    )
    assert r.status_code == 202, r.text
    job = app.state.jobs.wait(r.json()["id"]).to_dict()
    by_name = {f["name"]: f for f in job["files"]}
    assert set(by_name) == {"ke-hoach.txt", "plan.exe", "khong-duoi"}  # no folder part kept
    assert by_name["ke-hoach.txt"]["status"] == "stored"
    for name in ("plan.exe", "khong-duoi"):
        assert by_name[name]["status"] == "failed" and by_name[name]["code"] == "file_type"
        assert "không được nhận" in by_name[name]["message"]
    failures = {f["path"]: f for f in editor.get("/api/stats").json()["failures"]}
    assert failures["plan.exe"]["code"] == "file_type"
    assert not list(app.state.jobs.spool.iterdir())  # spooled files are removed once ingested


def test_upload_back_pressure_and_spooling(web_store, sample_paths, monkeypatch):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40)
    jobs = app.state.jobs
    jobs.max_queued = 30_000
    gate = threading.Event()
    real = jobs.backend.ingest_bytes

    def slow(data, name, user_id, on_page=None):
        gate.wait(60)
        return real(data, name, user_id, on_page)

    monkeypatch.setattr(jobs.backend, "ingest_bytes", slow)
    editor = signed_in(app, "editor")
    text = Path(sample_paths["004"]).read_bytes()
    first = _upload(editor, ("mot.txt", text + b"\n1"))
    assert first.status_code == 202
    assert len(list(jobs.spool.iterdir())) == 1  # waiting on disk, not in memory
    second = _upload(editor, ("hai.txt", text + b"\n2"), ("ba.txt", text + b"\n3"))
    assert second.status_code == 503 and second.json()["error"]["code"] == "busy"
    assert int(second.headers["retry-after"]) > 0
    gate.set()
    assert jobs.wait(first.json()["id"]).done
    end = time.monotonic() + 30
    while jobs.queued and time.monotonic() < end:  # released just after the status is written
        time.sleep(0.05)
    assert jobs.queued == 0 and not list(jobs.spool.iterdir())
    third = _upload(editor, ("hai.txt", text + b"\n2"))
    assert third.status_code == 202
    assert jobs.wait(third.json()["id"]).to_dict()["files"][0]["status"] == "stored"


def test_upload_crash_is_shown_in_vietnamese_and_listed(web_store, sample_paths, monkeypatch):
    app = create_app(store=web_store, auth=True, secret_key="k" * 40)

    def crash(data, name, user_id, on_page=None):
        raise RuntimeError("chi tiết nội bộ: /srv/secret.py line 3")

    monkeypatch.setattr(app.state.jobs.backend, "ingest_bytes", crash)
    editor = signed_in(app, "editor")
    r = _upload(editor, ("hong.txt", Path(sample_paths["004"]).read_bytes()))
    f = app.state.jobs.wait(r.json()["id"]).to_dict()["files"][0]
    assert f["status"] == "failed" and f["code"] == "server_error"
    assert (
        "Lỗi máy chủ" in f["message"] and "RuntimeError" not in f["message"] and "secret" not in f["message"]
    )
    failures = {x["path"]: x for x in editor.get("/api/stats").json()["failures"]}
    assert failures["hong.txt"]["code"] == "server_error"


# --- one body check, plain ASGI middleware only ---------------------------------------------


def test_one_plain_asgi_body_check(web_store):
    """The body is checked once, outermost but for the Host check, and no middleware runs the app
    behind Starlette's `BaseHTTPMiddleware` (which turned a limit raised by `receive` into an
    exception group and needed a second check inside it)."""
    from starlette.middleware.base import BaseHTTPMiddleware

    from kehoach.web.limits import BodyLimit, TrustedHost

    app = create_app(store=web_store, auth=True, secret_key="k" * 40)
    classes = [m.cls for m in app.user_middleware]  # outermost first
    assert classes.count(BodyLimit) == 1, classes
    assert classes[:2] == [TrustedHost, BodyLimit], classes
    assert not any(isinstance(c, type) and issubclass(c, BaseHTTPMiddleware) for c in classes), classes
    # sessions and security headers still set by the plain middleware
    r = TestClient(app).get("/login")
    assert r.status_code == 200 and "kehoach_session" in r.headers.get("set-cookie", "").replace("-", "_")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
