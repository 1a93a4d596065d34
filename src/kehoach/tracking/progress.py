"""Progress of plans: a matrix items × units with status, and the roll-up through the cascade.

Pure functions on plain data, so the store (one grouped query per table) and the benchmark feed
them the same way.

- A cell (plan, item, unit) is `done` when the unit reported a finished activity for the item,
  `under_way` when it reported activities none of which is finished, else `not_started`, or
  `overdue` when not done and its due date has passed (`as_of`).
- An item's own completion is the mean of its cells (done 1, under way 0.5, else 0).
- Roll-up: a plan item linked (alignment, weight w) from child plan items takes
  (own + Σ w·child) / (1 + Σ w) when it has assigned units, Σ w·child / Σ w when it has none; a
  child item may count toward several parents. A recorded override replaces the computed value.
- A plan's completion is the mean of its items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

DONE, UNDER_WAY, NOT_STARTED, OVERDUE = "done", "under_way", "not_started", "overdue"
STATUS_LABELS = {
    DONE: "Hoàn thành",
    UNDER_WAY: "Đang thực hiện",
    NOT_STARTED: "Chưa thực hiện",
    OVERDUE: "Quá hạn",
}
_SCORE = {DONE: 1.0, UNDER_WAY: 0.5, NOT_STARTED: 0.0, OVERDUE: 0.0}

Item = tuple[int, str]  # (plan id, node id)


class Cell(NamedTuple):
    """One assigned (plan, item, unit) with its due date (ISO or None)."""

    plan: int
    node: str
    unit: int
    due: str | None = None


@dataclass
class Link:
    """A child plan's item counting toward a parent plan's item."""

    parent: Item
    child: Item
    weight: float = 1.0
    method: str = "manual"  # align: derived from the alignment (`tracking.links`); manual: a person's
    reason: str | None = None


@dataclass
class Progress:
    """Statuses of every cell, value of every item (rolled up) and of every plan."""

    status: dict[tuple[int, str, int], str] = field(default_factory=dict)
    item_value: dict[Item, float] = field(default_factory=dict)
    plan_value: dict[int, float] = field(default_factory=dict)
    overridden: set[Item] = field(default_factory=set)


def cell_status(reported: str | None, due: str | None, as_of: str | None) -> str:
    """`reported` is the best activity status of the cell (done, under_way or None)."""
    if reported == DONE:
        return DONE
    if due and as_of and due < as_of:
        return OVERDUE
    return UNDER_WAY if reported == UNDER_WAY else NOT_STARTED


def compute(
    cells: Iterable[Cell],
    reported: dict[tuple[int, str, int], str],
    links: Iterable[Link] = (),
    overrides: dict[Item, float] | None = None,
    as_of: str | None = None,
) -> Progress:
    """Statuses and rolled-up values. `reported[(plan, node, unit)]` = done | under_way."""
    overrides = overrides or {}
    out = Progress()
    status = out.status
    own_sum: dict[Item, float] = defaultdict(float)
    own_n: dict[Item, int] = defaultdict(int)
    for plan, node, unit, due in cells:  # hot loop (150,000 cells): cell_status inlined
        key = (plan, node, unit)
        rep = reported.get(key)
        if rep == DONE:
            st = DONE
        elif due and as_of and due < as_of:
            st = OVERDUE
        else:
            st = UNDER_WAY if rep == UNDER_WAY else NOT_STARTED
        status[key] = st
        item = (plan, node)
        own_sum[item] += _SCORE[st]
        own_n[item] += 1
    rows = [(*link.parent, *link.child, link.weight) for link in links]
    value, out.overridden = rollup({i: (own_sum[i], own_n[i]) for i in own_n}, rows, overrides)
    out.item_value = value
    out.plan_value = plan_values(value)
    return out


LinkRow = tuple[int, str, int, str, float]  # parent plan, parent node, child plan, child node, weight


def rollup(
    own: dict[Item, tuple[float, int]], links: Iterable[LinkRow], overrides: dict[Item, float] | None = None
) -> tuple[dict[Item, float], set[Item]]:
    """Item values from own cell scores (`own[item] = (sum of scores, number of cells)`), child links
    and overrides, in one topological pass over arrays (Kahn's order: an item settles once all its
    children have; each child adds w·value to its parents as it settles).

    Items on a cycle of links (or above one) settle at the end, in order, with what their settled
    children gave (an unsettled child counts 0). Returns the values and the overridden items."""
    overrides = overrides or {}
    keys: list[Item] = list(own)
    index: dict[Item, int] = dict(zip(keys, range(len(keys)), strict=True))
    for item in overrides:
        if item not in index:
            index[item] = len(keys)
            keys.append(item)
    get = index.get
    edges: list[tuple[int, int, float]] = []  # (child, parent, weight)
    for pd, pn, cd, cn, w in links:
        parent, child = (pd, pn), (cd, cn)
        pi = get(parent)
        if pi is None:
            pi = index[parent] = len(keys)
            keys.append(parent)
        ci = get(child)
        if ci is None:
            ci = index[child] = len(keys)
            keys.append(child)
        edges.append((ci, pi, w))
    n = len(keys)
    parents: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    remaining = [0] * n  # children not settled yet
    wsum = [0.0] * n  # Σ w of all children
    for ci, pi, w in edges:
        parents[ci].append((pi, w))
        remaining[pi] += 1
        wsum[pi] += w
    own_mean = [-1.0] * n  # -1: no cell of its own
    for i, (total, count) in enumerate(own.values()):
        if count:
            own_mean[i] = total / count
    over = [-1.0] * n
    for item, v in overrides.items():
        over[index[item]] = v
    acc = [0.0] * n  # Σ w·value of the settled children
    value = [0.0] * n
    settled = [False] * n
    ready = [i for i in range(n) if remaining[i] == 0]
    forced = 0
    while True:
        while ready:
            i = ready.pop()
            if over[i] >= 0.0:
                v = over[i]
            elif own_mean[i] >= 0.0:
                v = (own_mean[i] + acc[i]) / (1.0 + wsum[i])
            else:
                v = acc[i] / wsum[i] if wsum[i] else 0.0
            value[i] = v
            settled[i] = True
            for pi, w in parents[i]:
                acc[pi] += w * v
                remaining[pi] -= 1
                if remaining[pi] == 0:
                    ready.append(pi)
        while forced < n and settled[forced]:
            forced += 1
        if forced == n:
            break
        remaining[forced] = -1  # a cycle: settle it now; later children no longer make it ready
        ready.append(forced)
    return dict(zip(keys, value, strict=True)), set(overrides)


def plan_values(item_value: dict[Item, float]) -> dict[int, float]:
    """A plan's completion: the mean of its items' values."""
    sums: dict[int, float] = defaultdict(float)
    counts: dict[int, int] = defaultdict(int)
    for (plan, _node), v in item_value.items():
        sums[plan] += v
        counts[plan] += 1
    return {plan: sums[plan] / counts[plan] for plan in counts}


def unit_completion(progress: Progress, plan: int) -> dict[int, float]:
    """Per unit of one plan: the share of its cells that are done."""
    per: dict[int, list[int]] = defaultdict(list)
    for (p, _node, unit), st in progress.status.items():
        if p == plan:
            per[unit].append(st == DONE)
    return {u: sum(v) / len(v) for u, v in per.items()}
