"""The registry of units: one row per organisation, its name variants, level and parent.

A name is matched by `names.canonical` in the context of the document's place, so `UBND tỉnh`
in a Lâm Đồng document and `Ủy ban nhân dân tỉnh Lâm Đồng` are one unit, and `BTG Huyện ủy` =
`Ban Tuyên giáo Huyện ủy` in the same district.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from kehoach.model.document import Document
from kehoach.store.schema import DocumentRow, DutyRow, UnitNameRow, UnitRow
from kehoach.tracking.names import canonical, clean, split_units
from kehoach.vntext import fold

_LEVELS = [
    ("central", re.compile(r"\btrung uong\b|\bchinh phu\b|\bquoc hoi\b|\bbo chinh tri\b|\bviet nam\b")),
    ("grassroots", re.compile(r"\b(xa|phuong|thi tran)\b|\bchi bo\b|\bco so\b|\bchi hoi\b")),
    # `quận`, not the `quan` of `cơ quan` (`Đảng ủy Khối các cơ quan tỉnh` is of the province)
    ("district", re.compile(r"\b(huyen|(?<!co )quan|thi xa)\b|\bhuyen uy\b|\bquan uy\b|\bthi uy\b")),
    ("province", re.compile(r"\b(tinh|thanh pho)\b|\btinh uy\b|\bthanh uy\b|\bdang uy khoi\b")),
]
_PLACE_RE = re.compile(
    r"(?:tỉnh|thành phố|huyện|quận|thị xã)\s+([A-ZĐÂÊÔƠƯ][^\s,;.]*(?:\s+[A-ZĐÂÊÔƠƯ][^\s,;.]*)*)"
)


def unit_level(name: str) -> str | None:
    """central | province | district | grassroots, read from the name; None if it does not say."""
    f = fold(name)
    for level, rx in _LEVELS:
        if rx.search(f):
            return level
    return None


def place_of(doc: Document) -> str | None:
    """The place a document's generic names ("UBND tỉnh", "Sở Nội vụ") refer to."""
    for text in (doc.issuer, doc.issuer_parent):
        m = _PLACE_RE.search(text or "")
        if m:
            return m.group(1)
    return None


_CENTRAL = re.compile(r"trung uong|chinh phu|quoc hoi|bo chinh tri|viet nam")


def unit_key(name: str, place: str | None) -> str:
    """The registry key: the canonical name, qualified by the place unless central or already named."""
    key = canonical(name)
    if place and not _CENTRAL.search(key):
        p = " ".join(fold(place).split())
        if not key.endswith(p):
            key = f"{key} {p}"
    return key


def find_unit(conn: Connection, name: str, place: str | None = None) -> int | None:
    """The unit with this name (any variant) in the place's context, or None."""
    key = unit_key(name, place)
    return conn.execute(select(UnitNameRow.unit_id).where(UnitNameRow.key == key)).scalar()


def unit_names(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Display names of units."""
    return dict(conn.execute(select(UnitRow.id, UnitRow.name).where(UnitRow.id.in_(list(ids)))).all())


def find_unit_of_issuer(conn: Connection, issuer: str, parent: str | None, place: str | None) -> int | None:
    """The registry unit of a document's issuer: "Ban Tuyên giáo" under "Huyện ủy Bảo Lâm" is
    "Ban Tuyên giáo Huyện ủy" (in Bảo Lâm, or registered from a document that names no place)."""
    tries = [(issuer, place)]
    if parent:
        words = parent.split()
        i = 1
        while i < len(words) and words[i][:1].islower():  # "Huyện ủy" of "Huyện ủy Bảo Lâm"
            i += 1
        body, rest = " ".join(words[:i]), " ".join(words[i:]) or None
        tries += [(f"{issuer} {body}", rest or place), (f"{issuer} {parent}", place)]
    for name, where in tries:
        for key in (unit_key(name, where), unit_key(name, None), canonical(name, where)):
            found = conn.execute(select(UnitNameRow.unit_id).where(UnitNameRow.key == key)).scalar()
            if found is not None:
                return found
    return None


def resolve_unit(
    conn: Connection, name: str, place: str | None = None, *, parent_id: int | None = None
) -> int:
    """The unit with this name; created (with its level) if the registry does not know it."""
    name = clean(name)
    found = find_unit(conn, name, place)
    if found is not None:
        return found
    key = unit_key(name, place)
    unit_id = conn.execute(
        insert(UnitRow)
        .values(name=name, key=key, level=unit_level(key), parent_id=parent_id)
        .returning(UnitRow.id)
    ).scalar_one()
    conn.execute(insert(UnitNameRow).values(unit_id=unit_id, name=name, key=key))
    return unit_id


def add_variant(conn: Connection, unit_id: int, name: str, place: str | None = None) -> None:
    """Record another name of a unit ("BTG Huyện ủy" for "Ban Tuyên giáo Huyện ủy")."""
    key = unit_key(name, place)
    if conn.execute(select(UnitNameRow.id).where(UnitNameRow.key == key)).scalar() is None:
        conn.execute(insert(UnitNameRow).values(unit_id=unit_id, name=clean(name), key=key))


def seed_from_document(conn: Connection, doc: Document, duty_units: list[str] = ()) -> dict[str, int]:
    """Register the issuer (under its parent body), the recipients and the duty units of a document."""
    place = place_of(doc)
    out: dict[str, int] = {}
    parent = resolve_unit(conn, doc.issuer_parent, place) if doc.issuer_parent else None
    if doc.issuer:
        out[doc.issuer] = resolve_unit(conn, doc.issuer, place, parent_id=parent)
    for r in doc.recipients:
        if fold(r.name).startswith("luu"):
            continue
        for name in split_units(r.name):
            out.setdefault(name, resolve_unit(conn, name, place))
    for name in duty_units:
        out.setdefault(name, resolve_unit(conn, name, place))
    return out


LEVEL_ORDER = ("central", "province", "district", "grassroots")


def _issuer_place(issuer: str | None, issuer_parent: str | None) -> str | None:
    return place_of(Document(issuer=issuer, issuer_parent=issuer_parent))


def units_below(conn: Connection, names: list[str], superior: str | None = None) -> list[str]:
    """The registry's units under a body (known by any of `names`, in the place its names or its
    `superior` give): the units registered with it as their superior (`parent_id`, from the
    headers of their own documents), then the units its own stored plans give duties to, but not
    the body itself nor a unit of a level above it. Each by its fullest registered name
    (`Các tổ chức cơ sở đảng trực thuộc` rather than `Các TCCSĐ trực thuộc`), in the order
    first met; empty when the registry does not know the body."""
    ids: set[int] = set()
    for name in names:
        found = find_unit(conn, name, _issuer_place(name, superior))
        if found is not None:
            ids.add(found)
    if not ids:
        return []
    levels = [
        LEVEL_ORDER.index(lv)
        for lv in conn.execute(select(UnitRow.level).where(UnitRow.id.in_(ids))).scalars()
        if lv in LEVEL_ORDER
    ]
    top = min(levels) if levels else None
    order: list[int] = list(
        conn.execute(select(UnitRow.id).where(UnitRow.parent_id.in_(ids)).order_by(UnitRow.id)).scalars()
    )
    # the body's own plans: stored documents whose issuer is a name of one of `ids` (keys compared
    # here, not one registry query per document)
    keys = set(conn.execute(select(UnitNameRow.key).where(UnitNameRow.unit_id.in_(ids))).scalars())
    own = [
        doc_id
        for doc_id, issuer, parent in conn.execute(
            select(DocumentRow.id, DocumentRow.issuer, DocumentRow.issuer_parent).where(
                DocumentRow.is_current.is_(True), DocumentRow.issuer.is_not(None)
            )
        )
        if unit_key(clean(issuer), _issuer_place(issuer, parent)) in keys
    ]
    if own:
        duty_units = conn.execute(
            select(DutyRow.unit_id)
            .where(DutyRow.document_id.in_(own), DutyRow.unit_id.is_not(None))
            .order_by(DutyRow.document_id, DutyRow.id)
        ).scalars()
        order += [u for u in duty_units if u not in order]
    rows = {r.id: r for r in conn.execute(select(UnitRow.id, UnitRow.level).where(UnitRow.id.in_(order)))}
    keep = [
        u
        for u in order
        if u not in ids
        and not (top is not None and rows[u].level in LEVEL_ORDER and LEVEL_ORDER.index(rows[u].level) < top)
    ]
    names_of: dict[int, str] = {}
    variants = list(
        conn.execute(select(UnitNameRow.unit_id, UnitNameRow.name).where(UnitNameRow.unit_id.in_(keep)))
    )
    if own:  # the names as the body's plans print them (a duty's unit may be a variant not registered)
        variants += conn.execute(
            select(DutyRow.unit_id, DutyRow.unit).where(
                DutyRow.document_id.in_(own), DutyRow.unit_id.in_(keep)
            )
        ).all()
    for unit_id, name in variants:
        if len(name) > len(names_of.get(unit_id, "")):
            names_of[unit_id] = name
    return [names_of[u] for u in keep if u in names_of]
