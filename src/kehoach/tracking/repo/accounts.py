"""Who may change tracking data: accounts and their rights on a plan.

An admin changes everything; the issuing body's editors (an editor without a unit) change every
unit's activities and correct duties and roll-up links; a unit's editor enters and changes that
unit's activities only; a viewer changes nothing. A name given as text (the CLI) is trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from kehoach.errors import TrackingError
from kehoach.store.schema import DutyRow
from kehoach.tracking.repo.plan_items import stored_document
from kehoach.tracking.units import find_unit, place_of

if TYPE_CHECKING:
    from kehoach.store import Store


@dataclass(frozen=True)
class Account:
    """Who changes tracking data: an admin, the issuing body's staff, or a unit's editor.

    A `viewer` changes nothing; an `editor` with a `unit` enters and changes only that unit's
    activities; an `editor` without a unit (the issuing body) and an `admin` change every unit's.
    """

    name: str
    role: str = "editor"
    unit: str | None = None


def own_unit(conn: Connection, plan_id: int, name: str) -> int | None:
    """The registry id of a unit name as a plan's duties print it, or as the registry knows it."""
    return conn.execute(
        select(DutyRow.unit_id).where(DutyRow.document_id == plan_id, DutyRow.unit == name)
    ).scalar() or find_unit(conn, name)


def account_for(store: Store, plan_id: int, username: str, role: str, organisation: str | None) -> Account:
    """The tracking account of a web account on one plan.

    An admin changes everything. An editor whose organisation is the plan's issuer (or the
    issuer's parent body) is the issuing body: every unit's activities. An editor of a unit
    named in the plan: that unit's only. An editor with no organisation, or of a unit the plan
    does not name: nothing (a viewer)."""
    if role == "admin":
        return Account(username, "admin")
    if role != "editor" or not (organisation or "").strip():
        return Account(username, "viewer")
    doc = stored_document(store, plan_id)
    with store.engine.connect() as conn:
        place = place_of(doc) if doc else None
        mine = find_unit(conn, organisation, place)
        issuers = [x for x in ((doc.issuer, doc.issuer_parent) if doc else ()) if x]
        if mine is not None and any(find_unit(conn, x, place) == mine for x in issuers):
            return Account(username, "editor", None)
        if own_unit(conn, plan_id, organisation) is not None:
            return Account(username, "editor", organisation)
    return Account(username, "viewer")


def correction_refusal(actor: str | Account) -> str | None:
    """Why an account may not correct a plan's duties or roll-up links (None: it may): only the
    issuing body's editors and admins do (a name given as text is a trusted caller: the CLI)."""
    if isinstance(actor, str) or actor.role == "admin" or (actor.role == "editor" and actor.unit is None):
        return None
    return (
        f"Tài khoản {actor.name} không được sửa nhiệm vụ: chỉ cán bộ của cơ quan ban hành kế hoạch "
        "hoặc quản trị viên."
    )


def clerk_name(actor: str | Account) -> str:
    """The actor's name when it may correct duties or links (the issuing body or an admin);
    raises `TrackingError` (forbidden) otherwise."""
    refusal = correction_refusal(actor)
    if refusal is not None:
        raise TrackingError(refusal, code="forbidden")
    return actor if isinstance(actor, str) else actor.name


def activity_actor(conn: Connection, plan_id: int, who: str | Account, unit_ids: Iterable[int]) -> str:
    """The actor's name for the audit; raises when the account may not touch these units'
    activities of the plan."""
    if isinstance(who, str):
        return who
    if who.role not in ("editor", "admin"):
        raise TrackingError(f"Tài khoản {who.name} chỉ được xem, không được sửa hoạt động.", code="forbidden")
    if who.role == "admin" or who.unit is None:
        return who.name
    own = own_unit(conn, plan_id, who.unit)
    others = {u for u in unit_ids if u != own}
    if own is None or others:
        raise TrackingError(
            f"Tài khoản {who.name} chỉ được nhập, sửa hoạt động của đơn vị {who.unit}.", code="forbidden"
        )
    return who.name
