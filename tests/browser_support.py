"""What the browser tests of the cascade, progress and duties pages share: the real app served by
uvicorn on a free port of 127.0.0.1, headless Chromium through Playwright, signing in, screenshots.

A plain module (as `support.py`): each test module keeps its own `server` fixture (its store) and
calls `serve(store, key)` in it; `skip_without_browser()` at import skips the module when Playwright
or Chromium is missing.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
# `make screenshots` writes them where the README shows them; a plain test run keeps the tree clean.
SHOTS = Path(os.environ.get("KEHOACH_SCREENSHOTS", str(ROOT / "build" / "screenshots")))
PASSWORD = "mat-khau-123"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]


def skip_without_browser() -> Any:
    """The `playwright.sync_api` module, or skip the calling test module (no Playwright, no Chromium)."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (set KEHOACH_CHROMIUM)", allow_module_level=True)
    return playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(store: Any, secret_key: str) -> Iterator[str]:
    """The app on `store` (sign-in required) served on a free port; yields its base URL, then stops
    the server and closes the store."""
    import uvicorn

    from kehoach.web.app import create_app

    port = free_port()
    app = create_app(store=store, auth=True, secret_key=secret_key)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        store.close()


@contextmanager
def scenario_app(tmp_path_factory: Any, name: str, users: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
    """The app on a new store holding the two-level scenario of `test_tracking_progress.py` and the
    given accounts (`create_user` keywords); yields {"url", "ids", "tracker"}."""
    from kehoach.store import open_store
    from test_tracking_progress import build_scenario

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp(name) / 'b.db'}")
    tracker, ids = build_scenario(store)
    for user in users:
        store.create_user(password=PASSWORD, **user)
    with serve(store, name) as url:
        yield {"url": url, "ids": ids, "tracker": tracker}


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (the system's, `CHROMIUM`) for the duration of the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def login(page: Any, base: str, path: str, user: str) -> None:
    """Open `path`, sign in as `user` on the form it redirects to, wait to be back on `path`."""
    page.goto(f"{base}{path}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**{path}")


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shot(name: str) -> Path:
    """Where the screenshot `name` goes (the folder made)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"
