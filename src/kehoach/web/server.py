"""Serving the web app with uvicorn: one process, or several worker processes on one port.

Pages are CPU-bound Python, and one process runs Python on one core at a time; `workers` > 1
serves the same app from that many processes (uvicorn's supervisor restarts a worker that
dies). Workers share everything through the store: documents, upload jobs and their status,
failed sign-ins (`Store.signin_failures`); the session signing key is handed to them, so a
session opened on one is valid on all.

A keep-alive connection stays with the process that accepted it. On one shared listening
socket the first process to wake takes every waiting connection (4 clients connecting together
all landed on one of 2 workers); so on Linux each worker listens on its own socket bound to the
same port (SO_REUSEPORT) and the kernel spreads connections over them, and the default is two
workers per core, so that the OS evens out the CPU between busy and idle workers.

Each worker makes its app with `app_from_env` from the settings of the app given to `run`
(passed in the environment, as uvicorn starts workers by import path).
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import Any

from kehoach.errors import KehoachError, os_reason
from kehoach.procs import die_with_parent
from kehoach.web.app import AppSettings, create_app

log = logging.getLogger("kehoach.web")

ENV_DB = "KEHOACH_WEB_DB"
ENV_AUTH = "KEHOACH_WEB_AUTH"
ENV_HOST = "KEHOACH_WEB_HOST"
ENV_SECRET = "KEHOACH_SECRET_KEY"
ENV_HOSTS = "KEHOACH_WEB_ALLOWED_HOSTS"
ENV_PARENT = "KEHOACH_WEB_SUPERVISOR_PID"
ENV_PROXIES = "KEHOACH_TRUSTED_PROXIES"


def proxy_options(trusted: str | None = None) -> dict[str, Any]:
    """uvicorn's options for `X-Forwarded-For`: trusted only from the proxies configured in
    $KEHOACH_TRUSTED_PROXIES (comma-separated addresses); by default never (uvicorn's own default
    trusts it from 127.0.0.1, so any local process could pick the address sign-in limits count)."""
    trusted = os.environ.get(ENV_PROXIES, "") if trusted is None else trusted
    proxies = [p.strip() for p in trusted.split(",") if p.strip()]
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(proxies)}


MAX_AUTO_WORKERS = 8


def default_workers() -> int:
    """Two worker processes per CPU core (at most 8)."""
    return max(1, min(2 * (os.cpu_count() or 1), MAX_AUTO_WORKERS))


def _bind(host: str, port: int, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to host:port (not yet listening), with Nagle off for what it accepts.

    uvicorn's own binding leaves the protocol number at 0, and asyncio then does not turn Nagle
    off on accepted connections: each keep-alive response would wait ~40 ms for the client's
    delayed ACK. Accepted connections inherit TCP_NODELAY from the listening socket."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class _OwnSocket:
    """Stands for the listening socket in what uvicorn hands each worker process: unpickled in
    the worker, it binds that worker's own socket to the same port (SO_REUSEPORT)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def __reduce__(self) -> tuple[Any, tuple[str, int, bool]]:
        return _bind, (self.host, self.port, True)


def _reuse_port() -> bool:
    """Whether the kernel balances connections over sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def app_from_env() -> Any:
    """The app of one worker process, made from the settings `run` put in the environment."""
    supervisor = int(os.environ.get(ENV_PARENT) or 0)
    if supervisor and supervisor != os.getpid():  # a worker of `run`: ends with it (no orphan on the port)
        die_with_parent(supervisor)
    return create_app(
        os.environ[ENV_DB],
        auth=os.environ.get(ENV_AUTH, "1") != "0",
        host=os.environ.get(ENV_HOST, "127.0.0.1"),
        secret_key=os.environ[ENV_SECRET],
        allowed_hosts=[h for h in os.environ[ENV_HOSTS].split(",") if h] if ENV_HOSTS in os.environ else None,
    )


def _shared_store(url: str) -> bool:
    """True when separate processes opening `url` see the same data (not an in-memory SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" or parsed.database not in (None, "", ":memory:")


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up, plus the "kehoach" log (server errors with their traceback, for
    the administrator: a person using the app only ever sees a Vietnamese message)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["kehoach"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def run(application: Any, *, host: str, port: int, workers: int = 1, log_level: str = "warning") -> None:
    """Serve `application` (made by `create_app`) on host:port, in `workers` processes."""
    import logging.config

    import uvicorn

    logging.config.dictConfig(log_config())
    settings: AppSettings = application.state.settings
    if workers > 1 and not _shared_store(settings.db):
        log.warning("kho trong bộ nhớ không dùng chung được giữa các tiến trình: chạy một tiến trình")
        workers = 1
    if workers <= 1:
        uvicorn.run(
            application, host=host, port=port, log_level=log_level, log_config=log_config(), **proxy_options()
        )
        return

    from uvicorn.supervisors import Multiprocess

    reuse = _reuse_port()
    try:
        # Without SO_REUSEPORT: fails if anything listens on the port (another kehoach too).
        held = _bind(host, port, reuse_port=False)
    except OSError as exc:
        raise KehoachError(
            f"Không mở được cổng {host}:{port} ({os_reason(exc)}). Hãy chọn cổng khác bằng --port.",
            code="port_unavailable",
        ) from exc
    if reuse:
        held.close()  # each worker binds its own
    os.environ.update(
        {
            ENV_DB: settings.db,
            ENV_AUTH: "1" if settings.auth else "0",
            ENV_HOST: settings.host,
            ENV_SECRET: settings.secret_key,
            ENV_HOSTS: ",".join(settings.allowed_hosts),
            ENV_PARENT: str(os.getpid()),
        }
    )
    application.state.store.close()  # the workers open their own; this process only supervises
    config = uvicorn.Config(
        "kehoach.web.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_config=log_config(),
        **proxy_options(),
    )
    sockets: list[Any] = [_OwnSocket(host, port)] if reuse else [held]
    try:
        Multiprocess(config, sockets=sockets).run()
    finally:
        held.close()
