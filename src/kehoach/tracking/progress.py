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
    children: dict[Item, list[tuple[Item, float]]] = defaultdict(list)
    for link in links:
        children[link.parent].append((link.child, link.weight))
    items = set(own_n) | set(children) | set(overrides)
    for kids in children.values():
        items.update(c for c, _ in kids)

    value = out.item_value

    def settle(item: Item) -> None:
        if item in overrides:
            value[item] = overrides[item]
            out.overridden.add(item)
            return
        kids = children.get(item, ())
        total_w = sum(w for _, w in kids)
        rolled = sum(w * value.get(c, 0.0) for c, w in kids)
        n = own_n.get(item)
        if n:
            value[item] = (own_sum[item] / n + rolled) / (1.0 + total_w)
        else:
            value[item] = rolled / total_w if total_w else 0.0

    # Items without children first (most of a cascade), then the others children before
    # parents, without recursion (cascades are deep and wide).
    for item in items:
        if item not in children:
            settle(item)
    for start in children:
        if start in value:
            continue
        stack: list[tuple[Item, bool]] = [(start, False)]
        on_path: set[Item] = set()
        while stack:
            item, expanded = stack.pop()
            if item in value:
                continue
            if not expanded:
                if item in on_path:  # a cycle in the links: that branch counts 0
                    continue
                on_path.add(item)
                stack.append((item, True))
                stack.extend((c, False) for c, _ in children.get(item, ()) if c not in value)
                continue
            on_path.discard(item)
            settle(item)
    sums: dict[int, float] = defaultdict(float)
    counts: dict[int, int] = defaultdict(int)
    for (plan, _node), v in value.items():
        sums[plan] += v
        counts[plan] += 1
    out.plan_value = {plan: sums[plan] / counts[plan] for plan in counts}
    return out


def unit_completion(progress: Progress, plan: int) -> dict[int, float]:
    """Per unit of one plan: the share of its cells that are done."""
    per: dict[int, list[int]] = defaultdict(list)
    for (p, _node, unit), st in progress.status.items():
        if p == plan:
            per[unit].append(st == DONE)
    return {u: sum(v) / len(v) for u, v in per.items()}
