"""Progress read from the store: the cells' statuses and the rolled-up values of items and plans.

The cells are scored and summed per item in SQL (GROUP BY), read as plain tuples from the
driver's cursor (`_raw_fetcher`), then rolled up in one topological pass in memory
(`tracking.progress.rollup`): `benchmarks/tracking.py` times it on a 10,000-plan cascade.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Float, and_, case, cast, false, func, select

from kehoach.store.schema import ActivityItemRow, ActivityRow, DutyRow, ProgressOverrideRow, RollupLinkRow
from kehoach.tracking import progress as prog

if TYPE_CHECKING:
    from kehoach.store import Store

Fetch = Callable[[Any], list[tuple]]


def progress(
    store: Store, as_of: str | None = None, until: str | None = None, plan: int | None = None
) -> prog.Progress:
    """Statuses of the cells and rolled-up values.

    `plan`: only that plan's cells get a status, and only the plans below it (through the
    roll-up links) are read for the values; else every plan of the store. Activities count
    up to `until`; a cell is overdue when its due date is before `as_of`."""
    with store.engine.connect() as conn:
        fetch = _raw_fetcher(conn)
        links = fetch(_links_q())
        plans = _below(plan, links) if plan is not None else None
        if plans is not None:
            links = [link for link in links if link[0] in plans]
        own, overrides = _own_and_overrides(fetch, as_of, until, plans)
        status_plans = {plan} if plan is not None else None
        cells = fetch(_cells_q(status_plans))
        reported = {
            (p, n, u): (prog.DONE if d else prog.UNDER_WAY)
            for p, n, u, d in fetch(_reported_q(until, status_plans))
        }
    out = _rolled_up(own, links, overrides)
    for p, n, u, due in cells:
        out.status[(p, n, u)] = prog.cell_status(reported.get((p, n, u)), due, as_of)
    return out


def rollup(store: Store, as_of: str | None = None, until: str | None = None) -> prog.Progress:
    """Rolled-up values of every plan (no cell statuses): the cells are scored and summed per
    item in SQL (GROUP BY), the roll-up is one topological pass in memory."""
    with store.engine.connect() as conn:
        fetch = _raw_fetcher(conn)
        links = fetch(_links_q())  # plain 5-tuples: no object per link
        own, overrides = _own_and_overrides(fetch, as_of, until, None)
    return _rolled_up(own, links, overrides)


def _own_and_overrides(
    fetch: Fetch, as_of: str | None, until: str | None, plans: set[int] | None
) -> tuple[dict[prog.Item, tuple[float, int]], dict[prog.Item, float]]:
    """Per item of `plans` (None: every plan): (sum of its cells' scores, number of cells), and
    the items' recorded overrides."""
    own = {(d, n): (s, c) for d, n, c, s in fetch(_own_q(as_of, until, plans))}
    over_q = select(ProgressOverrideRow.document_id, ProgressOverrideRow.node_id, ProgressOverrideRow.value)
    if plans is not None:
        over_q = over_q.where(ProgressOverrideRow.document_id.in_(sorted(plans)))
    return own, {(d, n): v for d, n, v in fetch(over_q)}


def _rolled_up(
    own: dict[prog.Item, tuple[float, int]], links: list[prog.LinkRow], overrides: dict[prog.Item, float]
) -> prog.Progress:
    """The items' and plans' values (no cell statuses yet)."""
    out = prog.Progress()
    out.item_value, out.overridden = prog.rollup(own, links, overrides)
    out.plan_value = prog.plan_values(out.item_value)
    return out


def _links_q() -> Any:
    """The links that count (a person's weight 0 removes one)."""
    return select(
        RollupLinkRow.parent_document_id,
        RollupLinkRow.parent_node_id,
        RollupLinkRow.child_document_id,
        RollupLinkRow.child_node_id,
        RollupLinkRow.weight,
    ).where(RollupLinkRow.weight > 0)


def _below(plan: int, links: list[prog.LinkRow]) -> set[int]:
    """The plan and every plan whose items roll up into it, at any depth."""
    kids: dict[int, set[int]] = {}
    for parent, _pn, child, _cn, _w in links:
        kids.setdefault(parent, set()).add(child)
    seen, todo = {plan}, [plan]
    while todo:
        for child in kids.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _reported_q(until: str | None, plans: set[int] | None) -> Any:
    """(plan, node, unit, 1 if some activity is done else 0) of every reported cell."""
    done = func.max(case((ActivityItemRow.status == prog.DONE, 1), else_=0))
    q = select(
        ActivityItemRow.document_id, ActivityItemRow.node_id, ActivityItemRow.unit_id, done.label("done")
    )
    if until:
        q = q.join(ActivityRow, ActivityRow.id == ActivityItemRow.activity_id).where(
            ActivityRow.date <= until
        )
    if plans is not None:
        q = q.where(ActivityItemRow.document_id.in_(sorted(plans)))
    return q.group_by(ActivityItemRow.document_id, ActivityItemRow.node_id, ActivityItemRow.unit_id)


def _cells_q(plans: set[int] | None) -> Any:
    """(plan, node, unit, due date) of every assigned cell (a duty's registered unit)."""
    q = select(DutyRow.document_id, DutyRow.node_id, DutyRow.unit_id, DutyRow.due).where(
        DutyRow.unit_id.is_not(None)
    )
    if plans is not None:
        q = q.where(DutyRow.document_id.in_(sorted(plans)))
    return q.distinct()


def _own_q(as_of: str | None, until: str | None, plans: set[int] | None) -> Any:
    """(plan, node, number of cells, sum of cell scores) per item: the `progress.cell_status` rules
    scored in SQL (done 1, under way 0.5, overdue and not started 0) and summed by GROUP BY."""
    cells = _cells_q(plans).subquery()
    rep = _reported_q(until, plans).subquery()
    overdue = and_(cells.c.due.is_not(None), cells.c.due != "", cells.c.due < as_of) if as_of else false()
    score = case((rep.c.done == 1, 1.0), (overdue, 0.0), (rep.c.done == 0, 0.5), else_=0.0)
    joined = cells.outerjoin(
        rep,
        and_(
            rep.c.document_id == cells.c.document_id,
            rep.c.node_id == cells.c.node_id,
            rep.c.unit_id == cells.c.unit_id,
        ),
    )
    return (
        select(
            cells.c.document_id, cells.c.node_id, func.count(), cast(func.sum(score), Float)
        )  # not numeric
        .select_from(joined)
        .group_by(cells.c.document_id, cells.c.node_id)
    )


def _raw_fetcher(conn: Connection) -> Fetch:
    """Run a SELECT on the driver's cursor and return plain tuples.

    SQLAlchemy's Row objects cost more than the query itself for the 10^5-row reads of the
    roll-up; the statement is still built with SQLAlchemy (literal values inlined).
    """
    dbapi = conn.connection.dbapi_connection

    def fetch(stmt: Any) -> list[tuple]:
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        cur = dbapi.cursor()
        try:
            cur.execute(sql)
            return cur.fetchall()
        finally:
            cur.close()

    return fetch
