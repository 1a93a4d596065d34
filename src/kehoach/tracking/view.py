"""One plan's progress as a page shows it: the items × units matrix, completion per unit and per
item, the child plans whose items roll up into it, the recent activities, and what the viewer may
enter.

Plain data built from `Tracker` (no web types): the web page, its JSON twin and the report page
read the same `PlanProgress`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kehoach.model.document import Document
from kehoach.tracking import progress as prog
from kehoach.tracking.repo import Tracker
from kehoach.tracking.repo.accounts import Account, correction_refusal
from kehoach.tracking.repo.activity_input import FORMS

_SCORE = {prog.DONE: 1.0, prog.UNDER_WAY: 0.5, prog.NOT_STARTED: 0.0, prog.OVERDUE: 0.0}
LABEL_CHARS = 90


@dataclass
class ChildItem:
    """A child plan's item counting toward an item of this plan."""

    plan_id: int
    plan_label: str
    node_id: str
    weight: float
    value: float
    method: str = "manual"  # align: derived from the alignment; manual: a person's recorded link
    reason: str | None = None


@dataclass
class ItemProgress:
    node_id: str
    label: str  # the item's heading or first words
    value: float  # rolled up (or the override)
    own: float | None  # mean of its own cells; None: no unit assigned here
    overridden: bool
    cells: dict[int, str]  # unit id → status
    due: str | None  # the earliest due date of its cells
    children: list[ChildItem] = field(default_factory=list)


@dataclass
class UnitProgress:
    unit_id: int
    name: str  # as the plan prints it
    completion: float  # share of its cells done
    cells: int
    done: int


@dataclass
class PlanProgress:
    plan_id: int
    as_of: str
    completion: float
    counts: dict[str, int]
    items: list[ItemProgress]
    units: list[UnitProgress]
    activities: list[dict[str, Any]]
    may_enter: list[str]  # unit names the account may enter activities for
    account_note: str | None  # why the account may enter nothing (or only its unit)
    reports: list[ReportSeen] = field(default_factory=list)


@dataclass
class ReportSeen:
    """A stored report on this plan: who sent it, which items its statements speak of."""

    report_id: int
    number_symbol: str | None
    date: str | None
    unit_id: int | None
    unit: str  # the registry's name (or the issuer as printed)
    items: dict[str, int]  # plan item → number of statements attached to it
    said: dict[str, str] = field(default_factory=dict)  # plan item → what its statements say (last)


def _node_label(doc: Document, node_id: str) -> str:
    node = doc.node(node_id)
    if node is None:
        return node_id
    text = " ".join((node.heading or node.text or "").split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _rights(
    tracker: Tracker, plan_id: int, account: Account, names: dict[int, str]
) -> tuple[list[str], str | None]:
    if account.role == "viewer":
        return [], "Tài khoản chỉ được xem, không nhập hoạt động."
    if account.role == "admin" or account.unit is None:
        return sorted(set(names.values())), None
    own = tracker.own_unit(plan_id, account.unit)
    if own is None or own not in names:
        return [], f"Đơn vị {account.unit} không được giao nhiệm vụ trong kế hoạch này: chỉ được xem."
    return [names[own]], f"Tài khoản của {account.unit}: chỉ nhập hoạt động của đơn vị mình."


def plan_progress(
    tracker: Tracker,
    plan_id: int,
    plan: Document,
    as_of: str,
    account: Account | None = None,
    recent: int = 50,
) -> PlanProgress:
    """The progress of one plan on `as_of` (ISO date), rolled up from the plans below it."""
    p = tracker.progress(as_of=as_of, plan=plan_id)
    duties = tracker.duties_of(plan_id)
    names: dict[int, str] = {}
    due: dict[str, str] = {}
    order: dict[str, int] = {}
    for d in duties:
        if d["unit_id"] is not None:
            names.setdefault(d["unit_id"], d["unit"])
            order.setdefault(d["node_id"], len(order))
            if d["due"] and (d["node_id"] not in due or d["due"] < due[d["node_id"]]):
                due[d["node_id"]] = d["due"]
    cells: dict[str, dict[int, str]] = defaultdict(dict)
    for (doc, node, unit), st in p.status.items():
        if doc == plan_id:
            cells[node][unit] = st
    children = tracker.children_of(plan_id)
    nodes = set(cells) | {n for (d, n) in p.item_value if d == plan_id} | set(children)
    labels = tracker.plan_labels({c.child[0] for links in children.values() for c in links})
    items = []
    for node in sorted(nodes, key=lambda n: (order.get(n, len(order)), n)):
        mine = cells.get(node, {})
        own = sum(_SCORE[s] for s in mine.values()) / len(mine) if mine else None
        kids = [
            ChildItem(
                plan_id=link.child[0],
                plan_label=labels.get(link.child[0], str(link.child[0])),
                node_id=link.child[1],
                weight=link.weight,
                value=p.item_value.get(link.child, 0.0),
                method=link.method,
                reason=link.reason,
            )
            for link in children.get(node, [])
        ]
        items.append(
            ItemProgress(
                node_id=node,
                label=_node_label(plan, node),
                value=p.item_value.get((plan_id, node), 0.0),
                own=own,
                overridden=(plan_id, node) in p.overridden,
                cells=mine,
                due=due.get(node),
                children=kids,
            )
        )
    counts = {s: 0 for s in (prog.DONE, prog.UNDER_WAY, prog.NOT_STARTED, prog.OVERDUE)}
    per_unit: dict[int, list[str]] = defaultdict(list)
    for mine in cells.values():
        for unit, st in mine.items():
            counts[st] += 1
            per_unit[unit].append(st)
    unit_order = {u: i for i, u in enumerate(names)}
    units = [
        UnitProgress(
            unit_id=u,
            name=names.get(u) or tracker.unit_names([u]).get(u, str(u)),
            completion=sum(s == prog.DONE for s in sts) / len(sts),
            cells=len(sts),
            done=sum(s == prog.DONE for s in sts),
        )
        for u, sts in sorted(per_unit.items(), key=lambda x: unit_order.get(x[0], len(unit_order)))
    ]
    unit_name = {u.unit_id: u.name for u in units}
    acts = tracker.activities(plan_id)[-recent:][::-1]
    other = tracker.unit_names({a["unit_id"] for a in acts} - set(unit_name))
    for a in acts:
        a["unit"] = unit_name.get(a["unit_id"]) or other.get(a["unit_id"], str(a["unit_id"]))
    may_enter, note = _rights(tracker, plan_id, account, names) if account else ([], None)
    links = tracker.reports_of(plan_id)
    registry = tracker.unit_names({r.unit_id for r in links if r.unit_id is not None})
    reports = []
    for r in links:
        per_item: dict[str, int] = defaultdict(int)
        said: dict[str, str] = {}
        for st in r.statements:
            words = [m.assessment for m in st.measures if m.assessment]
            word = words[-1] if words else prog.STATUS_LABELS.get(st.status or "", "").lower()
            for node in st.items:
                per_item[node] += 1
                if word:
                    said[node] = word
        name = registry.get(r.unit_id) if r.unit_id is not None else None
        reports.append(
            ReportSeen(
                r.report_id, r.number_symbol, r.date, r.unit_id, name or r.unit or "", dict(per_item), said
            )
        )
    return PlanProgress(
        plan_id=plan_id,
        as_of=as_of,
        completion=p.plan_value.get(plan_id, 0.0),
        counts=counts,
        items=items,
        units=units,
        activities=acts,
        may_enter=may_enter,
        account_note=note,
        reports=reports,
    )


def activity_forms() -> list[str]:
    """The forms an activity can take, as a clerk picks them."""
    return list(dict.fromkeys(FORMS.values()))


@dataclass
class DutyChange:
    """One audited correction as the duties page lists it: the fields it changed."""

    duty_id: int
    action: str  # create | update | delete
    actor: str
    at: Any
    changes: list[tuple[str, str, str]]  # (field label, before, after)


@dataclass
class DutyPage:
    """A plan's stored duties, the items they may hang on, whether the account may correct them
    (else why not) and the corrections made so far."""

    plan_id: int
    duties: list[dict[str, Any]]
    items: list[tuple[str, str]]  # (node id, label) of the plan's outline and duty items
    may_edit: bool
    note: str | None
    history: list[DutyChange]


_FIELD_LABELS = {
    "unit": "đơn vị",
    "role": "vai trò",
    "node_id": "mục",
    "duties": "nhiệm vụ",
    "deadline": "thời hạn",
}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value)


def duty_page(tracker: Tracker, plan_id: int, plan: Document, account: Account | None) -> DutyPage:
    """The duties page of one plan (`Tracker.correct_duty` holds the rules; this only reads)."""
    duties = tracker.duties_of(plan_id)
    items: dict[str, str] = {}
    for node in plan.nodes(annexes=True):
        items[node.id] = _node_label(plan, node.id)
    for d in duties:
        items.setdefault(d["node_id"], d["node_id"])
    note = correction_refusal(account) if account is not None else "Cần đăng nhập để sửa nhiệm vụ."
    if account is not None and account.role == "viewer":
        note = f"Tài khoản {account.name} chỉ được xem nhiệm vụ."
    history = []
    for e in tracker.duty_history(plan_id):
        before, after = e["before"] or {}, e["after"] or {}
        changes = [
            (label, _shown(before.get(key)), _shown(after.get(key)))
            for key, label in _FIELD_LABELS.items()
            if before.get(key) != after.get(key)
        ]
        history.append(DutyChange(e["entity_id"], e["action"], e["actor"], e["at"], changes))
    return DutyPage(plan_id, duties, list(items.items()), note is None, note, history)
