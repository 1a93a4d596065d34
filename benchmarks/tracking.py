"""Roll-up of a 10,000-plan cascade with 200,000 activities on SQLite (target < 2 s).

Builds a store (Alembic schema) with a synthetic cascade: 1 central plan, 20 provincial, 500
district and the rest grassroots plans; 5 items per plan, 3 units per item (150,000 duty rows);
every plan item linked to the parent's item of the same number; 200,000 activities (one item
each) and 50 overrides. Then times:

- `Tracker.rollup()`: each item's cells scored and summed in SQL (GROUP BY), then one
  topological pass over arrays (`progress.rollup`);
- `Tracker.progress()`: the same values plus the status of every one of the 150,000 cells;
- a naive baseline: for each plan, its own queries (duties, reported cells, links, overrides),
  and each parent computed after its children, the way a per-plan page would do it.

Both must give the same plan values. Timings on a shared 2-core machine are noisy.

    .venv/bin/python benchmarks/tracking.py [--plans 10000] [--activities 200000]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from kehoach.store import open_store
from kehoach.store.schema import (
    ActivityItemRow,
    ActivityRow,
    DocumentRow,
    DutyRow,
    ProgressOverrideRow,
    RollupLinkRow,
    UnitRow,
)
from kehoach.tracking import progress as prog
from kehoach.tracking.repo import Tracker

ITEMS = [f"II.{i}" for i in range(1, 6)]
BATCH = 20_000


def _parents(n_plans: int) -> list[int | None]:
    """Parent index of each plan: 1 central, 20 provinces, 500 districts, the rest grassroots."""
    parents: list[int | None] = [None]
    levels = [(1, 20), (21, 500), (521, n_plans - 521)]
    start = 0
    for first, count in levels:
        width = first - start
        for i in range(max(count, 0)):
            parents.append(start + i % width)
        start = first
    return parents[:n_plans]


def build(url: str, n_plans: int, n_activities: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    store = open_store(url)
    parents = _parents(n_plans)
    with store.transaction() as conn:
        conn.execute(
            insert(DocumentRow),
            [
                {"id": i + 1, "content_hash": f"{i:064d}", "data": "{}", "doc_type": "Kế hoạch"}
                for i in range(n_plans)
            ],
        )
        conn.execute(
            insert(UnitRow),
            [{"id": u, "name": f"Đơn vị {u}", "key": f"don vi {u}"} for u in range(1, 3 * n_plans + 1)],
        )
        duties = []
        for p in range(n_plans):
            for k, node in enumerate(ITEMS):
                for j in range(3):
                    unit = 3 * p + 1 + j
                    due = f"2022-{6 + k:02d}-30" if (p + k) % 4 == 0 else None
                    duties.append(
                        {
                            "document_id": p + 1,
                            "unit_id": unit,
                            "unit": f"Đơn vị {unit}",
                            "role": None,
                            "node_id": node,
                            "duties": [],
                            "due": due,
                        }
                    )
        for i in range(0, len(duties), BATCH):
            conn.execute(insert(DutyRow), duties[i : i + BATCH])
        links = [
            {
                "parent_document_id": parents[p] + 1,
                "parent_node_id": node,
                "child_document_id": p + 1,
                "child_node_id": node,
                "weight": 1.0,
            }
            for p in range(1, n_plans)
            for node in ITEMS
        ]
        for i in range(0, len(links), BATCH):
            conn.execute(insert(RollupLinkRow), links[i : i + BATCH])
        acts, items = [], []
        for a in range(1, n_activities + 1):
            p = rnd.randrange(n_plans)
            unit = 3 * p + 1 + rnd.randrange(3)
            node = rnd.choice(ITEMS)
            status = prog.DONE if rnd.random() < 0.7 else prog.UNDER_WAY
            acts.append(
                {
                    "id": a,
                    "document_id": p + 1,
                    "unit_id": unit,
                    "date": "2022-07-01",
                    "items": [node],
                    "form": "hội nghị",
                    "quantity": 1,
                    "status": status,
                }
            )
            items.append(
                {"activity_id": a, "document_id": p + 1, "unit_id": unit, "node_id": node, "status": status}
            )
        for i in range(0, len(acts), BATCH):
            conn.execute(insert(ActivityRow), acts[i : i + BATCH])
            conn.execute(insert(ActivityItemRow), items[i : i + BATCH])
        conn.execute(
            insert(ProgressOverrideRow),
            [
                {
                    "document_id": rnd.randrange(n_plans) + 1,
                    "node_id": node,
                    "value": 0.5,
                    "reason": "kiểm thử",
                    "actor": "bench",
                }
                for node in ITEMS
                for _ in range(10)
            ],
        )
    store.close()


def naive(store) -> dict[int, float]:
    """Per plan: its own four queries; parents after children (the per-plan page way)."""
    with store.engine.connect() as conn:
        plan_ids = [r[0] for r in conn.execute(select(DocumentRow.id).order_by(DocumentRow.id.desc()))]
        values: dict[tuple[int, str], float] = {}
        plan_value: dict[int, float] = {}
        for pid in plan_ids:  # children have larger ids than their parents here
            cells = [
                prog.Cell(pid, n, u, d)
                for n, u, d in conn.execute(
                    select(DutyRow.node_id, DutyRow.unit_id, DutyRow.due).where(DutyRow.document_id == pid)
                )
            ]
            reported: dict[tuple[int, str, int], str] = {}
            for n, u, st in conn.execute(
                select(ActivityItemRow.node_id, ActivityItemRow.unit_id, ActivityItemRow.status).where(
                    ActivityItemRow.document_id == pid
                )
            ):
                if reported.get((pid, n, u)) != prog.DONE:
                    reported[(pid, n, u)] = st
            links = [
                prog.Link((pid, pn), (cd, cn), w)
                for pn, cd, cn, w in conn.execute(
                    select(
                        RollupLinkRow.parent_node_id,
                        RollupLinkRow.child_document_id,
                        RollupLinkRow.child_node_id,
                        RollupLinkRow.weight,
                    ).where(RollupLinkRow.parent_document_id == pid)
                )
            ]
            overrides = {
                (pid, n): v
                for n, v in conn.execute(
                    select(ProgressOverrideRow.node_id, ProgressOverrideRow.value).where(
                        ProgressOverrideRow.document_id == pid
                    )
                )
            }
            # children's values are known: feed them as overrides of the child items
            known = {link.child: values[link.child] for link in links}
            p = prog.compute(cells, reported, links, {**known, **overrides}, as_of="2022-08-01")
            for (d, n), v in p.item_value.items():
                if d == pid:
                    values[(d, n)] = v
            nodes = {n for (d, n) in p.item_value if d == pid}
            plan_value[pid] = sum(values[(pid, n)] for n in nodes) / len(nodes)
    return plan_value


def _timed(fn):  # noqa: ANN001, ANN202
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=10_000)
    ap.add_argument("--activities", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of each method")
    ap.add_argument("--profile", action="store_true", help="cProfile of one Tracker.rollup()")
    args = ap.parse_args()
    load = lambda: "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        build(url, args.plans, args.activities)
        t_build = time.perf_counter() - t0
        store = open_store(url)
        tracker = Tracker(store)
        methods = {
            "Tracker.rollup() (SQL GROUP BY + one pass)": lambda: tracker.rollup(as_of="2022-08-01"),
            "Tracker.progress() (+ every cell status)": lambda: tracker.progress(as_of="2022-08-01"),
            "naive per-plan queries (baseline)": lambda: naive(store),
        }
        times: dict[str, list[tuple[float, float, str]]] = {m: [] for m in methods}
        results = {}
        for _ in range(args.rounds):  # alternating, so that load changes hit every method alike
            for name, fn in methods.items():
                results[name], wall, cpu = _timed(fn)
                times[name].append((wall, cpu, load()))
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(tracker.rollup, as_of="2022-08-01")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(12)
        store.close()
    fast = results["Tracker.rollup() (SQL GROUP BY + one pass)"]
    slow = results["naive per-plan queries (baseline)"]
    full = results["Tracker.progress() (+ every cell status)"]
    worst = max(abs(fast.plan_value[p] - v) for p, v in slow.items())
    worst_full = max(abs(full.plan_value[p] - v) for p, v in fast.plan_value.items())
    print(
        f"cascade: {args.plans:,} plans, {args.plans * 15:,} duty cells, {args.activities:,} activities "
        f"(built in {t_build:.1f} s)"
    )
    print(f"{'method':<44}{'best wall s':>12}{'best CPU s':>12}   load average (1, 5, 15 min) per round")
    for name, runs in times.items():
        best_wall = min(r[0] for r in runs)
        best_cpu = min(r[1] for r in runs)
        print(f"{name:<44}{best_wall:>12.2f}{best_cpu:>12.2f}   " + " | ".join(r[2] for r in runs))
    t_fast = min(r[0] for r in times["Tracker.rollup() (SQL GROUP BY + one pass)"])
    c_fast = min(r[1] for r in times["Tracker.rollup() (SQL GROUP BY + one pass)"])
    t_slow = min(r[0] for r in times["naive per-plan queries (baseline)"])
    print(
        f"speed-up ×{t_slow / t_fast:.1f}; target < 2 s: wall {'met' if t_fast < 2 else 'NOT met'}, "
        f"CPU {'met' if c_fast < 2 else 'NOT met'}; largest plan-value difference vs naive {worst:.2e}, "
        f"vs progress() {worst_full:.2e}; root plan {fast.plan_value[1]:.4f}"
    )


if __name__ == "__main__":
    main()
