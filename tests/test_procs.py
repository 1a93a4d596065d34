"""Process hygiene (issue 10, item 7): SIGKILL of `kehoach ingest` or of the `serve` supervisor
leaves no process behind, and the server restarts on the same port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kehoach.procs import die_with_parent
from kehoach.testing.generate import write_corpus

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-c", "from kehoach.cli import app; app()"]


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def gone(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" in status.read_text().lower()
    except OSError:
        return True


def wait_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    """The pids still running after `timeout` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = [p for p in pids if not gone(p)]
        if not alive:
            return []
        time.sleep(0.1)
    return [p for p in pids if not gone(p)]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_die_with_parent_ends_a_child_whose_parent_is_killed(tmp_path):
    # parent -> child (armed with die_with_parent); SIGKILL the parent: the child ends
    script = tmp_path / "parent.py"
    script.write_text(
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import os, time; from kehoach.procs import die_with_parent; "
        "die_with_parent(os.getppid()); print(os.getpid(), flush=True); time.sleep(120)'], stdout=sys.stdout)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert not gone(child)
        parent.kill()
        parent.wait(10)
        assert wait_gone([child]) == []
    finally:
        parent.kill()


def test_die_with_parent_when_the_parent_is_already_gone():
    # the expected parent is not our parent: the process ends at once (exit status 1)
    code = "from kehoach.procs import die_with_parent; die_with_parent(1); print('vẫn chạy')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and "vẫn chạy" not in done.stdout
    assert callable(die_with_parent)


def test_sigkill_of_ingest_leaves_no_worker_nor_resource_tracker(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 400, seed=5, dup_rate=0.0)
    db = f"sqlite:///{tmp_path / 'k.db'}"
    proc = subprocess.Popen(
        [*CLI, "ingest", str(corpus), "--db", db, "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        end = time.monotonic() + 180
        kids: list[int] = []
        while time.monotonic() < end and len(kids) < 3:  # 2 pool workers + the resource tracker
            time.sleep(0.1)
            kids = children(proc.pid)
            assert proc.poll() is None, "ingest ended before it could be killed"
        assert len(kids) >= 2, kids
        time.sleep(0.5)
        kids = children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert wait_gone(kids) == [], f"orphans left: {kids}"
    finally:
        proc.kill()


def _healthy(base: str, timeout: float = 180.0, proc: subprocess.Popen | None = None) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.2)
    return False


def test_sigkill_of_the_supervisor_ends_its_workers_and_a_restart_binds(tmp_path):
    db = f"sqlite:///{tmp_path / 'k.db'}"
    port = free_port()
    cmd = [*CLI, "serve", "--db", db, "--port", str(port), "--workers", "2"]
    base = f"http://127.0.0.1:{port}"
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    second = None
    try:
        assert _healthy(base, proc=first)
        workers = children(first.pid)
        assert len(workers) >= 2, workers
        first.kill()
        first.wait(10)
        assert wait_gone(workers) == [], f"workers left serving: {workers}"
        second = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert _healthy(base, proc=second), (
            second.stderr.read().decode(errors="replace") if second.stderr else ""
        )
    finally:
        first.kill()
        if second is not None:
            second.send_signal(signal.SIGINT)
            try:
                second.wait(20)
            except subprocess.TimeoutExpired:
                second.kill()
