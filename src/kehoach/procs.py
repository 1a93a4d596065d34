"""Process hygiene: child processes (ingest pool workers, web workers) that end when their parent dies.

A pool worker or a web worker whose parent is SIGKILLed would otherwise live on: ingest workers
waiting forever on their task queue (keeping multiprocessing's resource tracker alive through the
pipe they inherited), web workers still serving the port so that a restart cannot bind it.

On Linux the kernel does it for us: `prctl(PR_SET_PDEATHSIG, SIGKILL)` in the child sends it
SIGKILL the moment its parent exits (however it exits). The standard library has no binding for
prctl, so it is called through ctypes (libc). Elsewhere a daemon thread polls the parent's pid
(a watchdog; `os.getppid()` changes when the parent is gone).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_INTERVAL = 0.5


def die_with_parent(parent_pid: int | None = None) -> None:
    """Make this process end (SIGKILL) as soon as its parent process is gone.

    `parent_pid`: the parent expected; when it is already gone (the parent died between starting
    this process and this call), the process ends at once. Meant as a pool `initializer`."""
    expected = parent_pid if parent_pid is not None else os.getppid()
    if not (sys.platform.startswith("linux") and _prctl_deathsig(signal.SIGKILL)):
        threading.Thread(target=_watch, args=(expected,), name="kehoach-parent-watch", daemon=True).start()
    if os.getppid() != expected:  # the parent died before the signal was armed
        os._exit(1)


def _prctl_deathsig(sig: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(expected: int) -> None:
    while os.getppid() == expected:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)
