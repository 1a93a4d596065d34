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

from sqlalchemy import Connection, case, delete, func, insert, select, update

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
from kehoach.tracking.units import find_unit, place_of, resolve_unit, seed_from_document, units_below
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


def _row_dict(row: Any, cols: Iterable[str]) -> dict[str, Any]:
    return {c: getattr(row, c) for c in cols}


class Tracker:
    """Tracking operations on a store."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # --- duties and units ------------------------------------------------------------------

    def save_duties(
        self, doc_id: int, doc: Document, entries: list[DutyEntry] | None = None
    ) -> list[DutyEntry]:
        """Extract (unless given) and store a plan's duties, registering its units; replaces old ones."""
        entries = extract_duties(doc) if entries is None else entries
        place = place_of(doc)
        year = (doc.date or "")[:4] or None
        with self.store.transaction() as conn:
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
        own = conn.execute(
            select(DutyRow.unit_id).where(DutyRow.document_id == plan_id, DutyRow.unit == who.unit)
        ).scalar() or find_unit(conn, who.unit)
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
            row = conn.execute(select(ActivityRow).where(ActivityRow.id == activity_id)).one_or_none()
            if row is None:
                raise TrackingError(f"Không có hoạt động số {activity_id}.", code="not_found")
            before = _row_dict(row, ("date", "unit_id", "items", "form", "quantity", "evidence", "status"))
            name = self._check_rights(conn, row.document_id, actor, [row.unit_id])
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
            row = conn.execute(select(ActivityRow).where(ActivityRow.id == activity_id)).one_or_none()
            if row is None:
                raise TrackingError(f"Không có hoạt động số {activity_id}.", code="not_found")
            before = _row_dict(row, ("date", "unit_id", "items", "form", "quantity", "evidence", "status"))
            actor = self._check_rights(conn, row.document_id, actor, [row.unit_id])
            conn.execute(delete(ActivityRow).where(ActivityRow.id == activity_id))
            self._audit(conn, "activity", activity_id, "delete", actor, before, None)

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
        """Record that child plan items count toward parent plan items."""
        with self.store.transaction() as conn:
            for link in links:
                conn.execute(
                    insert(RollupLinkRow).values(
                        parent_document_id=link.parent[0],
                        parent_node_id=link.parent[1],
                        child_document_id=link.child[0],
                        child_node_id=link.child[1],
                        weight=link.weight,
                    )
                )

    # --- progress --------------------------------------------------------------------------

    def progress(self, as_of: str | None = None, until: str | None = None) -> prog.Progress:
        """Progress of every plan, rolled up: one grouped query per table (set-based)."""
        done = func.max(case((ActivityItemRow.status == prog.DONE, 1), else_=0))
        q = select(ActivityItemRow.document_id, ActivityItemRow.node_id, ActivityItemRow.unit_id, done)
        if until:
            q = q.join(ActivityRow, ActivityRow.id == ActivityItemRow.activity_id).where(
                ActivityRow.date <= until
            )
        q = q.group_by(ActivityItemRow.document_id, ActivityItemRow.node_id, ActivityItemRow.unit_id)
        cells_q = (
            select(DutyRow.document_id, DutyRow.node_id, DutyRow.unit_id, DutyRow.due)
            .where(DutyRow.unit_id.is_not(None))
            .distinct()
        )
        links_q = select(
            RollupLinkRow.parent_document_id,
            RollupLinkRow.parent_node_id,
            RollupLinkRow.child_document_id,
            RollupLinkRow.child_node_id,
            RollupLinkRow.weight,
        )
        over_q = select(
            ProgressOverrideRow.document_id, ProgressOverrideRow.node_id, ProgressOverrideRow.value
        )
        with self.store.engine.connect() as conn:
            fetch = _raw_fetcher(conn)
            cells = fetch(cells_q)  # plain (plan, node, unit, due) tuples: 150,000 rows at scale
            reported = {(p, n, u): (prog.DONE if d else prog.UNDER_WAY) for p, n, u, d in fetch(q)}
            links = [prog.Link((pd, pn), (cd, cn), w) for pd, pn, cd, cn, w in fetch(links_q)]
            overrides = {(d, n): v for d, n, v in fetch(over_q)}
        return prog.compute(cells, reported, links, overrides, as_of)


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
