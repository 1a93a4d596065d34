"""Run a per-document step over several forked processes, in order, when the corpus is large.

The cascade's heavy steps (MinHash signatures, candidate verification) are pure functions of
arrays already in memory: forked workers inherit them copy-on-write instead of receiving them
through a pipe (which `concurrent.futures` would do for every task), and send back only small
results. `multiprocessing.Pool` with the `fork` context is the standard library's way to do
that; where `fork` is missing (Windows, macOS default), or for small inputs, the step runs here.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

PARALLEL_MIN = 2000
"""Below this many items the step runs here: forking costs more than it saves."""

_TASK: tuple[Callable[[Any, int, int], list[Any]], Any] | None = None
"""The step and its input, set before the fork so that workers inherit them."""


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    fn, state = _TASK
    return fn(state, *bounds)


def fork_map(
    fn: Callable[[Any, int, int], list[T]], state: Any, n: int, workers: int, *, min_items: int | None = None
) -> list[T]:
    """`fn(state, start, stop)` over `range(n)` cut in slices, results concatenated in order.

    With `workers` > 1, `n` ≥ `min_items` (default `PARALLEL_MIN`) and `fork` available, the slices run in `workers`
    forked processes; the result is the same either way (the slices are the same function).
    """
    global _TASK
    if (
        workers <= 1
        or n < (PARALLEL_MIN if min_items is None else min_items)
        or "fork" not in mp.get_all_start_methods()
    ):
        return fn(state, 0, n)
    step = max(1, -(-n // (workers * 4)))  # a few slices per worker: an even finish under load
    bounds = [(a, min(a + step, n)) for a in range(0, n, step)]
    _TASK = (fn, state)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run, bounds, chunksize=1)
    finally:
        _TASK = None
    return [x for part in parts for x in part]
