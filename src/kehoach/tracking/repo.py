"""Tracking data in the store: duties, audited activities, overrides, roll-up links, progress.

`Tracker(store)` works on an open `kehoach.store.Store` (its engine and transactions); every
change to an activity or an override writes a `tracking_audit` row (who, when, before, after).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Float, and_, case, cast, delete, false, func, insert, select, update

from kehoach.errors import KehoachError
from kehoach.model.document import Document
from kehoach.store.schema import (
    ActivityItemRow,
    ActivityRow,
    DutyRow,
    ProgressOverrideRow,
    RollupLinkRow,
    TrackingAuditRow,
    UnitRow,
)
from kehoach.tracking import progress as prog
from kehoach.tracking.duties import DutyEntry, due_date, extract_duties
from kehoach.tracking.links import DerivedLink
from kehoach.tracking.units import (
    find_unit,
    find_unit_of_issuer,
    place_of,
    resolve_unit,
    seed_from_document,
    units_below,
)
from kehoach.vntext import fold


class TrackingError(KehoachError):
    """Bad tracking input (an activity row, an override); the message says what and where."""


FORMS = {
    "bai bao": "bài báo",
    "phat thanh": "phát thanh",
    "truyen hinh": "truyền hình",
    "bai dang": "bài đăng trên trang của đơn vị",
    "hoi nghi": "hội nghị",
    "trung bay": "trưng bày, cổ động trực quan",
    "co dong": "trưng bày, cổ động trực quan",
    "cuoc thi": "cuộc thi",
    "tap huan": "tập huấn",
    "van ban": "văn bản",
    "khac": "khác",
}
_ACTIVITY_FIELDS = ("date", "unit", "items", "form", "quantity", "evidence", "status")
MAX_WEIGHT = 10.0  # a person's link weight: 0 (does not count) .. 10


@dataclass
class ActivityInput:
    """One activity as entered (API, CSV row, XLSX row)."""

    date: str
    unit: str
    items: list[str]
    form: str
    quantity: int = 1
    evidence: str | None = None
    status: str = prog.DONE


@dataclass(frozen=True)
class Account:
    """Who changes tracking data: an admin, the issuing body's staff, or a unit's editor.

    A `viewer` changes nothing; an `editor` with a `unit` enters and changes only that unit's
    activities; an `editor` without a unit (the issuing body) and an `admin` change every unit's.
    """

    name: str
    role: str = "editor"
    unit: str | None = None


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


def _row_dict(row: Any, cols: Iterable[str]) -> dict[str, Any]:
    return {c: getattr(row, c) for c in cols}


class Tracker:
    """Tracking operations on a store."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # --- duties and units ------------------------------------------------------------------

    def save_duties(
        self,
        doc_id: int,
        doc: Document,
        entries: list[DutyEntry] | None = None,
        *,
        force: bool = False,
        links: bool = True,
    ) -> list[DutyEntry]:
        """Extract (unless given) and store a plan's duties, registering its units; replaces old ones.
        Then (`links`) the roll-up links toward its cascade parent and from the plans below it are
        derived again from the alignment (`derive_links_around`): its items may have changed.

        Refused when a clerk corrected this plan's duties (`correct_duty`), unless `force`: the
        corrections would be lost (their audit rows stay)."""
        entries = extract_duties(doc) if entries is None else entries
        place = place_of(doc)
        year = (doc.date or "")[:4] or None
        with self.store.transaction() as conn:
            if not force and _corrected(conn, doc_id):
                raise TrackingError(
                    "Nhiệm vụ của kế hoạch này đã được cán bộ chỉnh sửa; trích lại sẽ mất các chỉnh sửa đó. "
                    "Dùng --force nếu vẫn muốn trích lại.",
                    code="duties_corrected",
                )
            seed_from_document(conn, doc, [e.unit for e in entries])
            conn.execute(delete(DutyRow).where(DutyRow.document_id == doc_id))
            for e in entries:
                e.unit_id = resolve_unit(conn, e.unit, place)
                conn.execute(
                    insert(DutyRow).values(
                        document_id=doc_id,
                        unit_id=e.unit_id,
                        unit=e.unit,
                        role=e.role,
                        node_id=e.node_id,
                        duties=e.duties,
                        deadline=e.deadline,
                        due=due_date(e.deadline, year),
                    )
                )
        if links:
            self.derive_links_around(doc_id, doc)
        return entries

    def unit_id(self, name: str, doc: Document | None = None) -> int | None:
        """The registry id of a unit name in a document's context."""
        with self.store.engine.connect() as conn:
            return find_unit(conn, name, place_of(doc) if doc else None)

    def units_below(self, issuer: str, superior: str | None = None) -> list[str]:
        """The registry's units under a drafting body (`tracking.units.units_below`), the body known
        by its name as given or as its header prints it (`Ban Thường vụ Huyện ủy X` → `Huyện ủy X`)."""
        from kehoach.draft import header_issuer

        names = list(dict.fromkeys([issuer.strip(), header_issuer(issuer)]))
        with self.store.engine.connect() as conn:
            return units_below(conn, names, superior)

    def own_unit(self, plan_id: int, name: str) -> int | None:
        """The registry id of a unit name as a plan's duties print it, or as the registry knows it."""
        with self.store.engine.connect() as conn:
            return _own_unit(conn, plan_id, name)

    def account_for(self, plan_id: int, username: str, role: str, organisation: str | None) -> Account:
        """The tracking account of a web account on one plan.

        An admin changes everything. An editor whose organisation is the plan's issuer (or the
        issuer's parent body) is the issuing body: every unit's activities. An editor of a unit
        named in the plan: that unit's only. An editor with no organisation, or of a unit the plan
        does not name: nothing (a viewer)."""
        if role == "admin":
            return Account(username, "admin")
        if role != "editor" or not (organisation or "").strip():
            return Account(username, "viewer")
        stored = self.store.get_document(plan_id)
        doc = stored.document if stored is not None else None
        with self.store.engine.connect() as conn:
            place = place_of(doc) if doc else None
            mine = find_unit(conn, organisation, place)
            issuers = [x for x in ((doc.issuer, doc.issuer_parent) if doc else ()) if x]
            if mine is not None and any(find_unit(conn, x, place) == mine for x in issuers):
                return Account(username, "editor", None)
            if _own_unit(conn, plan_id, organisation) is not None:
                return Account(username, "editor", organisation)
        return Account(username, "viewer")

    def unit_names(self, ids: Iterable[int]) -> dict[int, str]:
        """Display names of units."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(UnitRow.id, UnitRow.name).where(UnitRow.id.in_(list(ids))))
            return dict(rows.all())

    def duties_of(self, doc_id: int) -> list[dict[str, Any]]:
        """Stored duties of a plan, in the `kehoach duties` JSON shape (with the due date)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(DutyRow).where(DutyRow.document_id == doc_id).order_by(DutyRow.id))
            return [
                {
                    "id": r.id,
                    "unit": r.unit,
                    "unit_id": r.unit_id,
                    "role": r.role,
                    "duties": r.duties,
                    "deadline": r.deadline,
                    "node_id": r.node_id,
                    "due": r.due,
                }
                for r in rows
            ]

    # --- duty corrections (audited) ---------------------------------------------------------

    DUTY_FIELDS = ("unit", "role", "node_id", "duties", "deadline")

    def duty_plan(self, duty_id: int) -> int | None:
        """The plan a stored duty belongs to (None: no such duty)."""
        with self.store.engine.connect() as conn:
            return conn.execute(select(DutyRow.document_id).where(DutyRow.id == duty_id)).scalar()

    def correct_duty(
        self,
        duty_id: int | None,
        changes: dict[str, Any] | None,
        actor: str | Account,
        *,
        plan_id: int | None = None,
    ) -> int:
        """A clerk's correction of an extracted duty, audited (who, when, before, after).

        `duty_id` with `changes`: change those fields (unit as printed, role, node_id, duties, deadline;
        the registry unit and the due date follow); `duty_id` with `changes=None`: delete it;
        `duty_id=None` with `plan_id`: add a duty the extraction missed. Only the issuing body's
        editors and admins correct duties. Returns the duty's id. The plan's roll-up links are
        derived again afterwards (its items may have changed)."""
        duty_id, plan_id = self._correct_duty(duty_id, changes, actor, plan_id)
        self.derive_links_around(plan_id)
        return duty_id

    def _correct_duty(
        self, duty_id: int | None, changes: dict[str, Any] | None, actor: str | Account, plan_id: int | None
    ) -> tuple[int, int]:
        with self.store.transaction() as conn:
            row = None
            if duty_id is not None:
                row = conn.execute(select(DutyRow).where(DutyRow.id == duty_id)).one_or_none()
                if row is None:
                    raise TrackingError(f"Không có nhiệm vụ số {duty_id}.", code="not_found")
                plan_id = row.document_id
            if plan_id is None:
                raise TrackingError("Cần cho biết kế hoạch của nhiệm vụ mới.", code="bad_duty")
            name = _clerk(actor)
            before = _row_dict(row, ("document_id", *self.DUTY_FIELDS, "unit_id", "due")) if row else None
            if changes is None:
                conn.execute(delete(DutyRow).where(DutyRow.id == duty_id))
                self._audit(conn, "duty", duty_id, "delete", name, before, None)
                return duty_id, plan_id
            unknown = set(changes) - set(self.DUTY_FIELDS)
            if unknown:
                raise TrackingError(f"Không sửa được trường {', '.join(sorted(unknown))}.", code="bad_duty")
            after = {**(before or {"document_id": plan_id, "role": None, "deadline": None}), **changes}
            problems = []
            if not str(after.get("unit") or "").strip():
                problems.append("thiếu tên đơn vị")
            if not str(after.get("node_id") or "").strip():
                problems.append("thiếu mục của kế hoạch")
            elif _unknown_items(conn, plan_id, [after["node_id"]]):
                problems.append(f"kế hoạch không có mục {after['node_id']}")
            duties = after.get("duties") or []
            if not isinstance(duties, list) or not all(isinstance(d, str) and d.strip() for d in duties):
                problems.append("nhiệm vụ phải là danh sách các câu")
            elif not duties:
                problems.append("chưa ghi câu nhiệm vụ nào")
            if after.get("role") not in (None, "chủ trì", "phối hợp", "thực hiện"):
                problems.append(f"vai trò '{after['role']}' không hợp lệ (chủ trì | phối hợp | thực hiện)")
            if problems:
                raise TrackingError("Không sửa được nhiệm vụ: " + "; ".join(problems) + ".", code="bad_duty")
            stored = self.store.get_document(plan_id)
            doc = stored.document if stored else None
            place = place_of(doc) if doc else None
            year = ((doc.date if doc else None) or "")[:4] or None
            after["unit"] = " ".join(str(after["unit"]).split())
            after["unit_id"] = resolve_unit(conn, after["unit"], place)
            after["due"] = due_date(after["deadline"], year) if after.get("deadline") else None
            values = {k: after[k] for k in (*self.DUTY_FIELDS, "unit_id", "due")}
            if row is None:
                duty_id = conn.execute(
                    insert(DutyRow).values(document_id=plan_id, **values).returning(DutyRow.id)
                ).scalar_one()
            else:
                conn.execute(update(DutyRow).where(DutyRow.id == duty_id).values(**values))
            self._audit(conn, "duty", duty_id, "update" if row else "create", name, before, after)
            return duty_id, plan_id

    def duty_history(self, plan_id: int) -> list[dict[str, Any]]:
        """The audited corrections of a plan's duties, newest first (who, when, before, after)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(TrackingAuditRow)
                .where(TrackingAuditRow.entity == "duty")
                .order_by(TrackingAuditRow.id.desc())
            )
            cols = ("entity_id", "action", "actor", "at", "before", "after")
            return [
                _row_dict(r, cols)
                for r in rows
                if (r.before or {}).get("document_id") == plan_id
                or (r.after or {}).get("document_id") == plan_id
            ]

    # --- reports on a plan -----------------------------------------------------------------

    def report_link(self, report_id: int) -> ReportLink | None:
        """A stored "Báo cáo kết quả thực hiện Kế hoạch …" read against its plan: the plan (the
        document it implements, `Store.parent_id`: rules in `kehoach.identity`), its unit (the
        issuer in the registry) and its statements attached to the plan's items
        (`tracking.reports`). None when the document is not such a report."""
        from kehoach.tracking.reports import is_plan_report, statements

        stored = self.store.get_document(report_id)
        if stored is None or not is_plan_report(stored.document):
            return None
        doc = stored.document
        plan_id = self.store.parent_id(doc)
        with self.store.engine.connect() as conn:
            unit_id = (
                find_unit_of_issuer(conn, doc.issuer, doc.issuer_parent, place_of(doc))
                if doc.issuer
                else None
            )
        link = ReportLink(report_id, doc.number_symbol, doc.date, plan_id, None, unit_id, doc.issuer, [])
        if plan_id is None:
            return link
        plan = self.store.get_document(plan_id)
        link.plan_label = plan.document.number_symbol if plan else None
        items = {n.id for n in plan.document.nodes(annexes=True)} if plan else set()
        unit_items: dict[str, list[str]] = {}
        for d in self.duties_of(plan_id):
            items.add(d["node_id"])
            if d["node_id"] not in unit_items.setdefault(d["unit"], []):
                unit_items[d["unit"]].append(d["node_id"])
        link.statements = statements(doc, items, unit_items)
        return link

    def reports_of(self, plan_id: int) -> list[ReportLink]:
        """The stored reports on carrying out a plan (documents citing it as what they implement)."""
        plan = self.store.get_document(plan_id)
        if plan is None or not plan.document.number_symbol:
            return []
        seen: set[int] = set()
        out = []
        for c in self.store.cited_by(plan.document.number_symbol):
            if c.relation != "implements" or c.document.id in seen or c.document.id == plan_id:
                continue
            seen.add(c.document.id)
            link = self.report_link(c.document.id)
            if link is not None and link.plan_id == plan_id:
                out.append(link)
        return out

    # --- activities (audited) --------------------------------------------------------------

    def _audit(
        self, conn: Connection, entity: str, entity_id: int, action: str, actor: str, before: Any, after: Any
    ) -> None:
        conn.execute(
            insert(TrackingAuditRow).values(
                entity=entity, entity_id=entity_id, action=action, actor=actor, before=before, after=after
            )
        )

    def _validate(self, conn: Connection, plan_id: int, a: ActivityInput, where: str) -> tuple[int, dict]:
        errors = []
        try:
            date.fromisoformat(a.date)
        except (TypeError, ValueError):
            errors.append(f"ngày không hợp lệ '{a.date}' (cần dạng 2022-05-31)")
        unit_id = conn.execute(
            select(DutyRow.unit_id).where(DutyRow.document_id == plan_id, DutyRow.unit == a.unit)
        ).scalar()
        if unit_id is None:
            unit_id = (
                find_unit(conn, a.unit)
                or conn.execute(select(UnitRow.id).where(UnitRow.name == a.unit)).scalar()
            )
        if unit_id is None:
            errors.append(f"đơn vị '{a.unit}' không có trong danh mục")
        if not a.items:
            errors.append("chưa ghi mục của kế hoạch mà hoạt động phục vụ")
        else:
            unknown = _unknown_items(conn, plan_id, a.items)
            if unknown:
                errors.append(f"kế hoạch không có mục {', '.join(unknown)}")
        if a.status not in (prog.DONE, prog.UNDER_WAY):
            errors.append(f"trạng thái '{a.status}' không hợp lệ (done | under_way)")
        if not isinstance(a.quantity, int) or a.quantity < 0:
            errors.append(f"số lượng không hợp lệ '{a.quantity}'")
        if errors:
            raise TrackingError(f"{where}: " + "; ".join(errors), code="bad_activity")
        values = {
            "date": a.date,
            "unit_id": unit_id,
            "items": list(a.items),
            "form": a.form,
            "quantity": a.quantity,
            "evidence": a.evidence,
            "status": a.status,
        }
        return unit_id, values

    def _check_rights(
        self, conn: Connection, plan_id: int, who: str | Account, unit_ids: Iterable[int]
    ) -> str:
        """The actor's name for the audit; raises when the account may not touch these units."""
        if isinstance(who, str):
            return who
        if who.role not in ("editor", "admin"):
            raise TrackingError(
                f"Tài khoản {who.name} chỉ được xem, không được sửa hoạt động.", code="forbidden"
            )
        if who.role == "admin" or who.unit is None:
            return who.name
        own = _own_unit(conn, plan_id, who.unit)
        others = {u for u in unit_ids if u != own}
        if own is None or others:
            raise TrackingError(
                f"Tài khoản {who.name} chỉ được nhập, sửa hoạt động của đơn vị {who.unit}.", code="forbidden"
            )
        return who.name

    def _write_items(self, conn: Connection, activity_id: int, plan_id: int, values: dict) -> None:
        conn.execute(delete(ActivityItemRow).where(ActivityItemRow.activity_id == activity_id))
        for node in values["items"]:
            conn.execute(
                insert(ActivityItemRow).values(
                    activity_id=activity_id,
                    document_id=plan_id,
                    unit_id=values["unit_id"],
                    node_id=node,
                    status=values["status"],
                )
            )

    def add_activities(
        self, plan_id: int, activities: list[ActivityInput], actor: str | Account
    ) -> list[int]:
        """Store activities of a plan in one transaction: all or none (errors name the row)."""
        ids = []
        with self.store.transaction() as conn:
            checked = [
                self._validate(conn, plan_id, a, f"Dòng {i}") for i, a in enumerate(activities, start=1)
            ]
            actor = self._check_rights(conn, plan_id, actor, [u for u, _v in checked])
            for _unit, values in checked:
                new_id = conn.execute(
                    insert(ActivityRow).values(document_id=plan_id, **values).returning(ActivityRow.id)
                ).scalar_one()
                self._write_items(conn, new_id, plan_id, values)
                self._audit(conn, "activity", new_id, "create", actor, None, values)
                ids.append(new_id)
        return ids

    def update_activity(self, activity_id: int, changes: dict[str, Any], actor: str | Account) -> None:
        """Change fields of an activity; the audit keeps before and after."""
        with self.store.transaction() as conn:
            row, before, name = self._activity_before(conn, activity_id, actor)
            unit = changes.pop("unit", None)
            after = {**before, **{k: v for k, v in changes.items() if k in _ACTIVITY_FIELDS}}
            if unit is not None:
                uid = find_unit(conn, unit)
                if uid is None:
                    raise TrackingError(f"Đơn vị '{unit}' không có trong danh mục.", code="bad_activity")
                after["unit_id"] = uid
                self._check_rights(conn, row.document_id, actor, [uid])
            if after["status"] not in (prog.DONE, prog.UNDER_WAY):
                raise TrackingError(f"Trạng thái '{after['status']}' không hợp lệ.", code="bad_activity")
            conn.execute(update(ActivityRow).where(ActivityRow.id == activity_id).values(**after))
            self._write_items(conn, activity_id, row.document_id, after)
            self._audit(conn, "activity", activity_id, "update", name, before, after)

    def delete_activity(self, activity_id: int, actor: str | Account) -> None:
        """Delete an activity; the audit keeps what it was."""
        with self.store.transaction() as conn:
            _row, before, name = self._activity_before(conn, activity_id, actor)
            conn.execute(delete(ActivityRow).where(ActivityRow.id == activity_id))
            self._audit(conn, "activity", activity_id, "delete", name, before, None)

    def _activity_before(
        self, conn: Connection, activity_id: int, actor: str | Account
    ) -> tuple[Any, dict, str]:
        """An activity's row and its fields before a change, once the actor's rights on it are
        checked (raises `TrackingError` not_found / forbidden); the actor's name for the audit."""
        row = conn.execute(select(ActivityRow).where(ActivityRow.id == activity_id)).one_or_none()
        if row is None:
            raise TrackingError(f"Không có hoạt động số {activity_id}.", code="not_found")
        before = _row_dict(row, ("date", "unit_id", "items", "form", "quantity", "evidence", "status"))
        return row, before, self._check_rights(conn, row.document_id, actor, [row.unit_id])

    def audit(self, entity: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first."""
        with self.store.engine.connect() as conn:
            q = select(TrackingAuditRow).order_by(TrackingAuditRow.id)
            if entity:
                q = q.where(TrackingAuditRow.entity == entity)
            return [
                _row_dict(r, ("entity", "entity_id", "action", "actor", "at", "before", "after"))
                for r in conn.execute(q)
            ]

    def activities(self, plan_id: int, start: str | None = None, end: str | None = None) -> list[dict]:
        """Activities of a plan within a period (ISO dates, inclusive)."""
        with self.store.engine.connect() as conn:
            q = select(ActivityRow).where(ActivityRow.document_id == plan_id)
            if start:
                q = q.where(ActivityRow.date >= start)
            if end:
                q = q.where(ActivityRow.date <= end)
            cols = ("id", "date", "unit_id", "items", "form", "quantity", "evidence", "status")
            return [_row_dict(r, cols) for r in conn.execute(q.order_by(ActivityRow.date, ActivityRow.id))]

    def import_activities(self, plan_id: int, path: str | Path, actor: str | Account) -> list[int]:
        """Import a CSV or XLSX (columns: ngày, đơn vị, mục, hình thức, số lượng, minh chứng, trạng thái)."""
        return self.add_activities(plan_id, read_activity_table(path), actor)

    # --- overrides and links ---------------------------------------------------------------

    def set_override(self, plan_id: int, node_id: str, value: float, reason: str, actor: str) -> None:
        """Record a manual value (0..1) for a plan item; audited; replaces an earlier one."""
        if not 0.0 <= value <= 1.0:
            raise TrackingError(
                f"Giá trị điều chỉnh phải trong khoảng 0..1, nhận {value}.", code="bad_override"
            )
        if not reason.strip():
            raise TrackingError("Cần ghi lý do điều chỉnh.", code="bad_override")
        with self.store.transaction() as conn:
            old = conn.execute(
                select(ProgressOverrideRow).where(
                    ProgressOverrideRow.document_id == plan_id, ProgressOverrideRow.node_id == node_id
                )
            ).one_or_none()
            before = _row_dict(old, ("value", "reason", "actor")) if old else None
            if old:
                conn.execute(
                    update(ProgressOverrideRow)
                    .where(ProgressOverrideRow.id == old.id)
                    .values(value=value, reason=reason, actor=actor)
                )
                oid = old.id
            else:
                oid = conn.execute(
                    insert(ProgressOverrideRow)
                    .values(document_id=plan_id, node_id=node_id, value=value, reason=reason, actor=actor)
                    .returning(ProgressOverrideRow.id)
                ).scalar_one()
            after = {"value": value, "reason": reason, "actor": actor, "node_id": node_id}
            self._audit(conn, "override", oid, "update" if old else "create", actor, before, after)

    def add_links(self, links: Iterable[prog.Link]) -> None:
        """Record that child plan items count toward parent plan items (as given: no audit; a
        person's decision goes through `set_link`, derived links through `derive_links`)."""
        with self.store.transaction() as conn:
            for link in links:
                conn.execute(
                    insert(RollupLinkRow).values(
                        parent_document_id=link.parent[0],
                        parent_node_id=link.parent[1],
                        child_document_id=link.child[0],
                        child_node_id=link.child[1],
                        weight=link.weight,
                        method=link.method,
                        reason=link.reason,
                    )
                )

    # --- roll-up links derived from the alignment, and a person's decisions ----------------

    def plan_parent(self, plan_id: int, doc: Document | None = None) -> int | None:
        """The stored plan a plan implements, on the cascade edge (`cascade.stored.stored_parent`:
        a person's decision first, else the citation rule of `Store.parent_id`)."""
        from kehoach.cascade.stored import stored_parent

        return stored_parent(self.store, plan_id, doc)

    def items_of(self, plan_id: int) -> list[str]:
        """A plan's tracked items: the nodes its duties hang on, in order."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(DutyRow.node_id).where(DutyRow.document_id == plan_id).order_by(DutyRow.id)
            ).scalars()
            return list(dict.fromkeys(rows))

    def plans_below(self, plan_id: int) -> list[int]:
        """Stored plans with duties whose cascade parent (`plan_parent`) is this plan: those citing
        it and those a person attached to it."""
        from kehoach.store.schema import CascadeEdgeRow

        stored = self.store.get_document(plan_id)
        if stored is None:
            return []
        candidates: set[int] = set()
        if stored.document.number_symbol:
            candidates |= {c.document.id for c in self.store.cited_by(stored.document.number_symbol)}
        with self.store.engine.connect() as conn:
            candidates |= set(
                conn.execute(
                    select(CascadeEdgeRow.child_id).where(
                        CascadeEdgeRow.parent_id == plan_id, CascadeEdgeRow.method == "manual"
                    )
                ).scalars()
            )
            candidates.discard(plan_id)
            with_duties = set(
                conn.execute(
                    select(DutyRow.document_id).where(DutyRow.document_id.in_(sorted(candidates))).distinct()
                ).scalars()
            )
        return [c for c in sorted(with_duties) if self.plan_parent(c) == plan_id]

    def derive_links(self, child_id: int, doc: Document | None = None) -> list[DerivedLink]:
        """Derive and store the roll-up links of a child plan toward its cascade parent from their
        alignment (`tracking.links`); the links derived before for this child are replaced, a
        person's links (`set_link`) are kept and win over a derived link of the same two items.
        No parent, or no duties on either side: no derived link."""
        from kehoach.align import align_documents
        from kehoach.tracking.links import derive_from_alignment

        if doc is None:
            stored = self.store.get_document(child_id)
            doc = stored.document if stored is not None else None
        parent_id = self.plan_parent(child_id, doc) if doc is not None else None
        links: list[DerivedLink] = []
        parent = self.store.get_document(parent_id) if parent_id not in (None, child_id) else None
        if doc is not None and parent is not None:
            child_items, parent_items = self.items_of(child_id), self.items_of(parent_id)
            if child_items and parent_items:
                alignment = align_documents(parent.document, doc)
                links = derive_from_alignment(alignment, child_items, parent_items)
        with self.store.transaction() as conn:
            conn.execute(
                delete(RollupLinkRow).where(
                    RollupLinkRow.child_document_id == child_id, RollupLinkRow.method == "align"
                )
            )
            manual = set(
                conn.execute(
                    select(RollupLinkRow.parent_node_id, RollupLinkRow.child_node_id).where(
                        RollupLinkRow.child_document_id == child_id,
                        RollupLinkRow.parent_document_id == parent_id,
                    )
                ).all()
            )
            rows = [
                {
                    "parent_document_id": parent_id,
                    "parent_node_id": link.parent_node,
                    "child_document_id": child_id,
                    "child_node_id": link.child_node,
                    "weight": link.weight,
                    "method": "align",
                    "reason": _evidence_text(link),
                }
                for link in links
                if (link.parent_node, link.child_node) not in manual
            ]
            if rows:
                conn.execute(insert(RollupLinkRow), rows)
        return links

    def derive_links_around(self, plan_id: int, doc: Document | None = None) -> dict[int, list[DerivedLink]]:
        """Derive the links of a plan toward its parent and of every plan below it toward it
        (after its duties changed: its items did). Per child plan id, the links derived."""
        out = {plan_id: self.derive_links(plan_id, doc)}
        for child in self.plans_below(plan_id):
            out[child] = self.derive_links(child)
        return out

    def set_link(
        self,
        parent: prog.Item,
        child: prog.Item,
        weight: float,
        reason: str,
        actor: str | Account,
    ) -> None:
        """A person's decision on one roll-up link (weight ≥ 0; 0: the child item does not count
        toward the parent item), recorded with its reason and audited (who, when, before, after);
        later derivations keep it. Only the parent plan's issuing body or an admin decides."""
        name = _clerk(actor)
        if not 0.0 <= weight <= MAX_WEIGHT:
            raise TrackingError(
                f"Trọng số phải trong khoảng 0..{MAX_WEIGHT:g}, nhận {weight}.", code="bad_link"
            )
        if not reason.strip():
            raise TrackingError("Cần ghi lý do điều chỉnh liên kết.", code="bad_link")
        if parent[0] == child[0]:
            raise TrackingError("Liên kết phải nối hai kế hoạch khác nhau.", code="bad_link")
        with self.store.transaction() as conn:
            problems = [
                f"kế hoạch {plan} không có mục {node}"
                for plan, node in (parent, child)
                if _unknown_items(conn, plan, [node])
            ]
            if problems:
                raise TrackingError("Không ghi được liên kết: " + "; ".join(problems) + ".", code="bad_link")
            key = and_(
                RollupLinkRow.parent_document_id == parent[0],
                RollupLinkRow.parent_node_id == parent[1],
                RollupLinkRow.child_document_id == child[0],
                RollupLinkRow.child_node_id == child[1],
            )
            old = conn.execute(select(RollupLinkRow).where(key)).one_or_none()
            fields = ("parent_document_id", "parent_node_id", "child_document_id", "child_node_id")
            before = _row_dict(old, (*fields, "weight", "method", "reason")) if old else None
            values = {"weight": weight, "method": "manual", "reason": reason.strip()}
            if old:
                conn.execute(update(RollupLinkRow).where(RollupLinkRow.id == old.id).values(**values))
                link_id = old.id
            else:
                link_id = conn.execute(
                    insert(RollupLinkRow)
                    .values(
                        parent_document_id=parent[0],
                        parent_node_id=parent[1],
                        child_document_id=child[0],
                        child_node_id=child[1],
                        **values,
                    )
                    .returning(RollupLinkRow.id)
                ).scalar_one()
            after = {**dict(zip(fields, (*parent, *child), strict=True)), **values}
            self._audit(conn, "link", link_id, "update" if old else "create", name, before, after)

    # --- progress --------------------------------------------------------------------------

    def progress(
        self, as_of: str | None = None, until: str | None = None, plan: int | None = None
    ) -> prog.Progress:
        """Statuses of the cells and rolled-up values.

        `plan`: only that plan's cells get a status, and only the plans below it (through the
        roll-up links) are read for the values; else every plan of the store. Activities count
        up to `until`; a cell is overdue when its due date is before `as_of`."""
        with self.store.engine.connect() as conn:
            fetch = _raw_fetcher(conn)
            links = fetch(_links_q())
            plans = _below(plan, links) if plan is not None else None
            if plans is not None:
                links = [link for link in links if link[0] in plans]
            own = {(d, n): (s, c) for d, n, c, s in fetch(_own_q(as_of, until, plans))}
            over_q = select(
                ProgressOverrideRow.document_id, ProgressOverrideRow.node_id, ProgressOverrideRow.value
            )
            if plans is not None:
                over_q = over_q.where(ProgressOverrideRow.document_id.in_(sorted(plans)))
            overrides = {(d, n): v for d, n, v in fetch(over_q)}
            status_plans = {plan} if plan is not None else None
            cells = fetch(_cells_q(status_plans))
            reported = {
                (p, n, u): (prog.DONE if d else prog.UNDER_WAY)
                for p, n, u, d in fetch(_reported_q(until, status_plans))
            }
        out = prog.Progress()
        for p, n, u, due in cells:
            out.status[(p, n, u)] = prog.cell_status(reported.get((p, n, u)), due, as_of)
        out.item_value, out.overridden = prog.rollup(own, links, overrides)
        out.plan_value = prog.plan_values(out.item_value)
        return out

    def rollup(self, as_of: str | None = None, until: str | None = None) -> prog.Progress:
        """Rolled-up values of every plan (no cell statuses): the cells are scored and summed per
        item in SQL (GROUP BY), the roll-up is one topological pass in memory."""
        with self.store.engine.connect() as conn:
            fetch = _raw_fetcher(conn)
            links = fetch(_links_q())  # plain 5-tuples: no object per link
            own = {(d, n): (s, c) for d, n, c, s in fetch(_own_q(as_of, until, None))}
            overrides = {
                (d, n): v
                for d, n, v in fetch(
                    select(
                        ProgressOverrideRow.document_id,
                        ProgressOverrideRow.node_id,
                        ProgressOverrideRow.value,
                    )
                )
            }
        out = prog.Progress()
        out.item_value, out.overridden = prog.rollup(own, links, overrides)
        out.plan_value = prog.plan_values(out.item_value)
        return out

    def children_of(self, plan_id: int) -> dict[str, list[prog.Link]]:
        """Per item of a plan, the child plan items linked to it (derived or a person's; a link of
        weight 0 is listed: a person decided it does not count)."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(
                    RollupLinkRow.parent_node_id,
                    RollupLinkRow.child_document_id,
                    RollupLinkRow.child_node_id,
                    RollupLinkRow.weight,
                    RollupLinkRow.method,
                    RollupLinkRow.reason,
                )
                .where(RollupLinkRow.parent_document_id == plan_id)
                .order_by(RollupLinkRow.child_document_id, RollupLinkRow.child_node_id, RollupLinkRow.id)
            )
            out: dict[str, list[prog.Link]] = {}
            for pn, cd, cn, w, method, reason in rows:
                out.setdefault(pn, []).append(prog.Link((plan_id, pn), (cd, cn), w, method, reason))
            return out

    def plan_labels(self, ids: Iterable[int]) -> dict[int, str]:
        """Number and symbol (or title) of stored plans, for display."""
        from kehoach.store.schema import DocumentRow

        ids = list(ids)
        if not ids:
            return {}
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(DocumentRow.id, DocumentRow.number_symbol, DocumentRow.title).where(
                    DocumentRow.id.in_(ids)
                )
            )
            return {i: ns or (t or "")[:60] or f"#{i}" for i, ns, t in rows}


def correction_refusal(actor: str | Account) -> str | None:
    """Why an account may not correct a plan's duties or roll-up links (None: it may): only the
    issuing body's editors and admins do (a name given as text is a trusted caller: the CLI)."""
    if isinstance(actor, str) or actor.role == "admin" or (actor.role == "editor" and actor.unit is None):
        return None
    return (
        f"Tài khoản {actor.name} không được sửa nhiệm vụ: chỉ cán bộ của cơ quan ban hành kế hoạch "
        "hoặc quản trị viên."
    )


def _clerk(actor: str | Account) -> str:
    """The actor's name when it may correct duties (the issuing body or an admin)."""
    refusal = correction_refusal(actor)
    if refusal is not None:
        raise TrackingError(refusal, code="forbidden")
    return actor if isinstance(actor, str) else actor.name


def _corrected(conn: Connection, plan_id: int) -> bool:
    """Did a clerk correct a duty of this plan (an audited duty change that names the plan)?"""
    rows = conn.execute(
        select(TrackingAuditRow.before, TrackingAuditRow.after).where(TrackingAuditRow.entity == "duty")
    )
    return any(
        (b or {}).get("document_id") == plan_id or (a or {}).get("document_id") == plan_id for b, a in rows
    )


def _unknown_items(conn: Connection, plan_id: int, items: list[str]) -> list[str]:
    """Items that are neither an outline node nor a duty's node of the plan (none when the store
    holds neither for it, as in a synthetic benchmark store)."""
    from kehoach.store.schema import NodeRow

    wanted = sorted(set(items))
    known = set(
        conn.execute(
            select(NodeRow.node_id).where(NodeRow.document_id == plan_id, NodeRow.node_id.in_(wanted))
        ).scalars()
    ) | set(
        conn.execute(
            select(DutyRow.node_id).where(DutyRow.document_id == plan_id, DutyRow.node_id.in_(wanted))
        ).scalars()
    )
    if (
        not known
        and conn.execute(select(NodeRow.id).where(NodeRow.document_id == plan_id).limit(1)).first() is None
    ):
        return []
    return [i for i in items if i not in known]


def _own_unit(conn: Connection, plan_id: int, name: str) -> int | None:
    return conn.execute(
        select(DutyRow.unit_id).where(DutyRow.document_id == plan_id, DutyRow.unit == name)
    ).scalar() or find_unit(conn, name)


def _links_q() -> Any:
    """The links that count (a person's weight 0 removes one)."""
    return select(
        RollupLinkRow.parent_document_id,
        RollupLinkRow.parent_node_id,
        RollupLinkRow.child_document_id,
        RollupLinkRow.child_node_id,
        RollupLinkRow.weight,
    ).where(RollupLinkRow.weight > 0)


def _evidence_text(link: DerivedLink) -> str:
    """How a derived link was found, for the roll-up table: the unit pairs of the alignment."""
    return "đối chiếu: " + ", ".join(f"{c} ← {p}" for c, p in link.evidence)


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


def _raw_fetcher(conn: Connection):
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


_HEADERS = {
    "ngay": "date",
    "date": "date",
    "don vi": "unit",
    "unit": "unit",
    "muc": "items",
    "items": "items",
    "hinh thuc": "form",
    "form": "form",
    "so luong": "quantity",
    "quantity": "quantity",
    "minh chung": "evidence",
    "evidence": "evidence",
    "trang thai": "status",
    "status": "status",
}
_STATUS_WORDS = {
    "hoan thanh": prog.DONE,
    "done": prog.DONE,
    "dang thuc hien": prog.UNDER_WAY,
    "under_way": prog.UNDER_WAY,
}


def read_activity_table(path: str | Path) -> list[ActivityInput]:
    """Rows of a CSV (UTF-8) or XLSX activity sheet; a bad row raises with its line number."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        rows = [["" if v is None else v for v in r] for r in wb.active.iter_rows(values_only=True)]
    elif p.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
    else:
        raise TrackingError(f"{p.name}: chỉ nhận tệp .csv hoặc .xlsx.", code="bad_format")
    if not rows:
        raise TrackingError(f"{p.name}: tệp trống.", code="bad_format")
    cols = [_HEADERS.get(" ".join(fold(str(h)).split())) for h in rows[0]]
    missing = {"date", "unit", "items", "form"} - set(cols)
    if missing:
        raise TrackingError(f"{p.name}: thiếu cột {', '.join(sorted(missing))}.", code="bad_format")
    out = []
    for line, raw in enumerate(rows[1:], start=2):
        if not any(str(v).strip() for v in raw):
            continue
        rec = {c: raw[i] for i, c in enumerate(cols) if c and i < len(raw)}
        d = rec["date"]
        d = d.isoformat()[:10] if hasattr(d, "isoformat") else str(d).strip()
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", d)
        if m:
            d = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        try:
            qty = int(str(rec.get("quantity") or 1).strip())
        except ValueError:
            raise TrackingError(
                f"{p.name}, dòng {line}: số lượng không phải số: '{rec.get('quantity')}'.",
                code="bad_activity",
            ) from None
        status_word = " ".join(fold(str(rec.get("status") or "hoàn thành")).split())
        if status_word not in _STATUS_WORDS:
            raise TrackingError(
                f"{p.name}, dòng {line}: trạng thái lạ '{rec.get('status')}'.", code="bad_activity"
            )
        out.append(
            ActivityInput(
                date=d,
                unit=str(rec["unit"]).strip(),
                items=[x.strip() for x in re.split(r"[;,]", str(rec["items"])) if x.strip()],
                form=str(rec["form"]).strip(),
                quantity=qty,
                evidence=(str(rec.get("evidence") or "").strip() or None),
                status=_STATUS_WORDS[status_word],
            )
        )
    return out
