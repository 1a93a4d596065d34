"""`Tracker(store)`: the tracking operations on an open `kehoach.store.Store`, in one object.

Each method opens what it needs (a connection, a transaction) and calls the module that holds
the rule: `duty_records` (a plan's duties), `activity_log` and `activity_input` (what units did),
`accounts` (who may change what), `audit_trail` (the trail every change writes), `overrides`,
`rollup_links` (which child items count toward which parent items), `progress_queries` (statuses
and rolled-up values), `report_links` (reports on a plan), `plan_items`, and the unit registry
(`tracking.units`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.model.document import Document
from kehoach.tracking import progress as prog
from kehoach.tracking.duties import DutyEntry
from kehoach.tracking.links import DerivedLink
from kehoach.tracking.repo import (
    accounts,
    activity_log,
    audit_trail,
    duty_records,
    overrides,
    plan_items,
    progress_queries,
    report_links,
    rollup_links,
)
from kehoach.tracking.repo.accounts import Account
from kehoach.tracking.repo.activity_input import ActivityInput, read_activity_table
from kehoach.tracking.repo.report_links import ReportLink
from kehoach.tracking.units import find_unit, place_of, unit_names, units_below

if TYPE_CHECKING:
    from kehoach.store import Store


class Tracker:
    """Tracking operations on a store."""

    def __init__(self, store: Store) -> None:
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
        """Extract (unless given) and store a plan's duties (`duty_records.save_duties`: refused
        over a clerk's corrections unless `force`). Then (`links`) the roll-up links toward its
        cascade parent and from the plans below it are derived again (`derive_links_around`): its
        items may have changed."""
        entries = duty_records.save_duties(self.store, doc_id, doc, entries, force=force)
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
            return accounts.own_unit(conn, plan_id, name)

    def account_for(self, plan_id: int, username: str, role: str, organisation: str | None) -> Account:
        """The tracking account of a web account on one plan (`accounts.account_for`)."""
        return accounts.account_for(self.store, plan_id, username, role, organisation)

    def unit_names(self, ids: Iterable[int]) -> dict[int, str]:
        """Display names of units."""
        with self.store.engine.connect() as conn:
            return unit_names(conn, ids)

    def duties_of(self, doc_id: int) -> list[dict[str, Any]]:
        """Stored duties of a plan, in the `kehoach duties` JSON shape (with the due date)."""
        with self.store.engine.connect() as conn:
            return duty_records.duties_of(conn, doc_id)

    # --- duty corrections (audited) ---------------------------------------------------------

    def duty_plan(self, duty_id: int) -> int | None:
        """The plan a stored duty belongs to (None: no such duty)."""
        with self.store.engine.connect() as conn:
            return duty_records.duty_plan(conn, duty_id)

    def correct_duty(
        self,
        duty_id: int | None,
        changes: dict[str, Any] | None,
        actor: str | Account,
        *,
        plan_id: int | None = None,
    ) -> int:
        """A clerk's correction of an extracted duty, audited (`duty_records.correct_duty`: change,
        delete with `changes=None`, add with `duty_id=None` and `plan_id`). Returns the duty's id.
        The plan's roll-up links are derived again afterwards (its items may have changed)."""
        duty_id, plan_id = duty_records.correct_duty(self.store, duty_id, changes, actor, plan_id)
        self.derive_links_around(plan_id)
        return duty_id

    def duty_history(self, plan_id: int) -> list[dict[str, Any]]:
        """The audited corrections of a plan's duties, newest first (who, when, before, after)."""
        with self.store.engine.connect() as conn:
            return audit_trail.duty_history(conn, plan_id)

    # --- reports on a plan -----------------------------------------------------------------

    def report_link(self, report_id: int) -> ReportLink | None:
        """A stored report on a plan read against the plan (`report_links.report_link`)."""
        return report_links.report_link(self.store, report_id)

    def reports_of(self, plan_id: int) -> list[ReportLink]:
        """The stored reports on carrying out a plan (documents citing it as what they implement)."""
        return report_links.reports_of(self.store, plan_id)

    # --- activities (audited) --------------------------------------------------------------

    def add_activities(
        self, plan_id: int, activities: list[ActivityInput], actor: str | Account
    ) -> list[int]:
        """Store activities of a plan in one transaction: all or none (errors name the row)."""
        return activity_log.add_activities(self.store, plan_id, activities, actor)

    def update_activity(self, activity_id: int, changes: dict[str, Any], actor: str | Account) -> None:
        """Change fields of an activity; the audit keeps before and after."""
        activity_log.update_activity(self.store, activity_id, changes, actor)

    def delete_activity(self, activity_id: int, actor: str | Account) -> None:
        """Delete an activity; the audit keeps what it was."""
        activity_log.delete_activity(self.store, activity_id, actor)

    def audit(self, entity: str | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest first."""
        with self.store.engine.connect() as conn:
            return audit_trail.audit_trail(conn, entity)

    def activities(self, plan_id: int, start: str | None = None, end: str | None = None) -> list[dict]:
        """Activities of a plan within a period (ISO dates, inclusive)."""
        with self.store.engine.connect() as conn:
            return activity_log.activities_of(conn, plan_id, start, end)

    def import_activities(self, plan_id: int, path: str | Path, actor: str | Account) -> list[int]:
        """Import a CSV or XLSX (columns: ngày, đơn vị, mục, hình thức, số lượng, minh chứng, trạng thái)."""
        return self.add_activities(plan_id, read_activity_table(path), actor)

    # --- overrides and links ---------------------------------------------------------------

    def set_override(self, plan_id: int, node_id: str, value: float, reason: str, actor: str) -> None:
        """Record a manual value (0..1) for a plan item; audited; replaces an earlier one."""
        overrides.set_override(self.store, plan_id, node_id, value, reason, actor)

    def add_links(self, links: Iterable[prog.Link]) -> None:
        """Record that child plan items count toward parent plan items (as given: no audit)."""
        rollup_links.add_links(self.store, links)

    def plan_parent(self, plan_id: int, doc: Document | None = None) -> int | None:
        """The stored plan a plan implements, on the cascade edge (`rollup_links.plan_parent`)."""
        return rollup_links.plan_parent(self.store, plan_id, doc)

    def items_of(self, plan_id: int) -> list[str]:
        """A plan's tracked items: the nodes its duties hang on, in order."""
        with self.store.engine.connect() as conn:
            return plan_items.items_of(conn, plan_id)

    def plans_below(self, plan_id: int) -> list[int]:
        """Stored plans with duties whose cascade parent is this plan (`rollup_links.plans_below`)."""
        return rollup_links.plans_below(self.store, plan_id)

    def derive_links(self, child_id: int, doc: Document | None = None) -> list[DerivedLink]:
        """Derive and store a child plan's roll-up links toward its cascade parent from their
        alignment (`rollup_links.derive_links`: a person's links are kept)."""
        return rollup_links.derive_links(self.store, child_id, doc)

    def derive_links_around(self, plan_id: int, doc: Document | None = None) -> dict[int, list[DerivedLink]]:
        """Derive the links of a plan toward its parent and of every plan below it toward it.
        Per child plan id, the links derived."""
        return rollup_links.derive_links_around(self.store, plan_id, doc)

    def set_link(
        self, parent: prog.Item, child: prog.Item, weight: float, reason: str, actor: str | Account
    ) -> None:
        """A person's decision on one roll-up link, audited (`rollup_links.set_link`)."""
        rollup_links.set_link(self.store, parent, child, weight, reason, actor)

    # --- progress --------------------------------------------------------------------------

    def progress(
        self, as_of: str | None = None, until: str | None = None, plan: int | None = None
    ) -> prog.Progress:
        """Statuses of the cells and rolled-up values (`progress_queries.progress`)."""
        return progress_queries.progress(self.store, as_of, until, plan)

    def rollup(self, as_of: str | None = None, until: str | None = None) -> prog.Progress:
        """Rolled-up values of every plan, no cell statuses (`progress_queries.rollup`)."""
        return progress_queries.rollup(self.store, as_of, until)

    def children_of(self, plan_id: int) -> dict[str, list[prog.Link]]:
        """Per item of a plan, the child plan items linked to it (`rollup_links.children_of`)."""
        return rollup_links.children_of(self.store, plan_id)

    def plan_labels(self, ids: Iterable[int]) -> dict[int, str]:
        """Number and symbol (or title) of stored plans, for display."""
        with self.store.engine.connect() as conn:
            return plan_items.plan_labels(conn, ids)
