"""Reports on carrying out a plan, linked: to the plan, to the reporting unit, statements to items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kehoach.tracking.repo.duty_records import duties_of
from kehoach.tracking.units import find_unit_of_issuer, place_of

if TYPE_CHECKING:
    from kehoach.store import Store


@dataclass
class ReportLink:
    """A report on a plan, linked: to the plan, to the reporting unit, statements to items."""

    report_id: int
    number_symbol: str | None
    date: str | None
    plan_id: int | None
    plan_label: str | None
    unit_id: int | None  # the issuer in the registry (None: not registered)
    unit: str | None  # the issuer as the report prints it
    statements: list[Any]  # `tracking.reports.Statement`


def report_link(store: Store, report_id: int) -> ReportLink | None:
    """A stored "Báo cáo kết quả thực hiện Kế hoạch …" read against its plan: the plan (the
    document it implements, `Store.parent_id`: rules in `kehoach.identity`), its unit (the
    issuer in the registry) and its statements attached to the plan's items
    (`tracking.reports`). None when the document is not such a report."""
    from kehoach.tracking.reports import is_plan_report, statements

    stored = store.get_document(report_id)
    if stored is None or not is_plan_report(stored.document):
        return None
    doc = stored.document
    plan_id = store.parent_id(doc)
    with store.engine.connect() as conn:
        unit_id = (
            find_unit_of_issuer(conn, doc.issuer, doc.issuer_parent, place_of(doc)) if doc.issuer else None
        )
    link = ReportLink(report_id, doc.number_symbol, doc.date, plan_id, None, unit_id, doc.issuer, [])
    if plan_id is None:
        return link
    plan = store.get_document(plan_id)
    link.plan_label = plan.document.number_symbol if plan else None
    items = {n.id for n in plan.document.nodes(annexes=True)} if plan else set()
    unit_items: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        duties = duties_of(conn, plan_id)
    for d in duties:
        items.add(d["node_id"])
        if d["node_id"] not in unit_items.setdefault(d["unit"], []):
            unit_items[d["unit"]].append(d["node_id"])
    link.statements = statements(doc, items, unit_items)
    return link


def reports_of(store: Store, plan_id: int) -> list[ReportLink]:
    """The stored reports on carrying out a plan (documents citing it as what they implement)."""
    plan = store.get_document(plan_id)
    if plan is None or not plan.document.number_symbol:
        return []
    seen: set[int] = set()
    out = []
    for c in store.cited_by(plan.document.number_symbol):
        if c.relation != "implements" or c.document.id in seen or c.document.id == plan_id:
            continue
        seen.add(c.document.id)
        link = report_link(store, c.document.id)
        if link is not None and link.plan_id == plan_id:
            out.append(link)
    return out
