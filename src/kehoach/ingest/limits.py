"""External programs (LibreOffice, antiword, Tesseract) run under a memory limit and a timeout.

A hostile or broken file can make a converter or Tesseract grow without bound; one such
file must not take the machine (or the web server) down with it. Each program runs

- in its own process group, killed as a whole when it runs over its timeout;
- under an address-space limit (`RLIMIT_AS`) set by util-linux `prlimit` before the program
  starts (inherited by the processes it spawns; `preexec_fn` is avoided, it is unsafe in the
  threaded web server), or by the shell's `ulimit -v` where `prlimit` is missing.

`run` returns the finished process; `RunResult.out_of_memory` (an allocation failed) and
`RunResult.crashed` (killed by a signal, as a program that hits the limit unchecked is)
let callers say so in Vietnamese instead of calling the file broken.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass

_MEMORY_WORDS = (
    "bad_alloc",
    "out of memory",
    "cannot allocate",
    "failed to map segment",
    "memory exhausted",
)


class Timeout(Exception):
    """The program ran over its timeout and was killed."""


@dataclass
class RunResult:
    returncode: int
    stdout: bytes
    stderr: bytes
    memory_mb: int

    @property
    def out_of_memory(self) -> bool:
        """Said so itself: an allocation failed (`bad_alloc`, a library that could not be mapped…)."""
        if self.returncode == 0 or self.memory_mb <= 0:
            return False
        text = (self.stdout[-4000:] + self.stderr[-4000:]).decode("utf-8", "replace").lower()
        return any(word in text for word in _MEMORY_WORDS)

    @property
    def crashed(self) -> bool:
        """Killed by a signal (an abort, a segfault): what a program that hits its limit
        without checking its allocations does, or one that a broken file makes crash."""
        return self.returncode < 0 or self.returncode >= 128


def memory_reason(result: RunResult) -> str | None:
    """A Vietnamese phrase saying the program stopped on its memory limit, or None."""
    if result.out_of_memory:
        return f"vượt giới hạn bộ nhớ ({result.memory_mb} MB)"
    if result.crashed:
        return f"bị dừng đột ngột (có thể do vượt giới hạn bộ nhớ {result.memory_mb} MB)"
    return None


def limited(cmd: list[str], memory_mb: int) -> list[str]:
    """`cmd` prefixed so that it runs with at most `memory_mb` MB of address space."""
    if memory_mb <= 0:
        return cmd
    limit = memory_mb * 1024 * 1024
    prlimit = shutil.which("prlimit")
    if prlimit:
        return [prlimit, f"--as={limit}", "--", *cmd]
    return ["/bin/sh", "-c", f'ulimit -v {memory_mb * 1024} && exec "$0" "$@"', *cmd]


def run(cmd: list[str], *, timeout: float, memory_mb: int, env: dict[str, str] | None = None) -> RunResult:
    """Run `cmd` (output captured) under `memory_mb` and `timeout`; raises `Timeout`."""
    proc = subprocess.Popen(
        limited(cmd, memory_mb),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise Timeout(cmd[0]) from exc
    return RunResult(proc.returncode, out or b"", err or b"", memory_mb)
