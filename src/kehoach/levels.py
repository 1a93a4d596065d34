"""The level of an issuing body in the hierarchy: one rule for the store's listing and the cascade.

Levels, top first: central, province, a provincial bloc or commission (`Đảng ủy Khối`,
`Ban … Tỉnh ủy`: it carries out the province's plans and is carried out by the units under it,
never by a district), district, grassroots. The issuer's name decides first (`Ban Thường vụ
Huyện ủy`), then the symbol's issuer code (`KH/HU` → district), then the parent body's name.
From 1 July 2025 there is no district level (local government of two levels): a district
issuer dated from then is read as what it became, which is not known (no level).

The store lists and counts documents by four bands (`LEVEL_LABELS`): a bloc counts with its
province (`band`). The cascade ranks the five levels (`rank`, `allowed`).
"""

from __future__ import annotations

import re

from kehoach.identity import parse_number_symbol
from kehoach.model import Document
from kehoach.vntext import fold

REFORM_DATE = "2025-07-01"
"""Local government of two levels (province, commune): no district level from this date."""

RANKS = {"central": 0.0, "province": 1.0, "bloc": 1.5, "district": 2.0, "grassroots": 3.0}
LABELS = {
    "central": "Trung ương",
    "province": "Tỉnh",
    "bloc": "Khối/ban tỉnh",
    "district": "Huyện",
    "grassroots": "Cơ sở",
}
UNKNOWN_LABEL = "Chưa rõ cấp"
"""How a document of no known level is shown."""
ORDER = tuple(sorted(RANKS, key=RANKS.__getitem__))
"""The five levels, top first (the cascade's rows)."""
LEVELS = ("central", "province", "district", "grassroots")
"""The bands documents are listed and counted by (a bloc is in its province's band)."""
LEVEL_LABELS = {level: LABELS[level] for level in LEVELS}

_BY_ISSUER = [
    (
        "grassroots",
        re.compile(r"\b(dang uy|ubnd|uy ban nhan dan) (xa|phuong|thi tran|dac khu)\b|\bchi bo\b|\bco so\b"),
    ),
    ("district", re.compile(r"\b(huyen uy|thi uy|quan uy)\b|\b(ubnd|uy ban nhan dan) (huyen|quan|thi xa)\b")),
    ("bloc", re.compile(r"\bdang uy khoi\b|\bban (?!thuong vu)\w+( \w+)? (tinh uy|thanh uy)\b")),
    (
        "central",
        re.compile(
            r"\btrung uong\b|\bbo chinh tri\b|\bban bi thu\b|\bchinh phu\b|\bquoc hoi\b|\bthu tuong\b"
            r"|\bvan phong chinh phu\b|^bo\b|\bbo (truong|nong nghiep|tai chinh|cong an|quoc phong|"
            r"xay dung|cong thuong|giao duc|y te|noi vu|tu phap|ngoai giao|van hoa|khoa hoc)"
        ),
    ),
    (
        "province",
        re.compile(r"\b(tinh uy|thanh uy|dang bo tinh)\b|\b(ubnd|uy ban nhan dan) (tinh|thanh pho)\b"),
    ),
]
_BY_CODE = {
    "central": {"tw", "btgtw", "btctw", "btgdvtw", "bdvtw", "vptw", "ubkttw", "dktw", "cp", "ttg", "qh",
                "vpcp", "bcdtw", "bnnmt", "btc", "bca", "bqp", "bxd", "bct", "bgddt", "byt", "bnv", "btp"},
    "province": {"tu", "thu"},
    "bloc": {"duk", "dkt", "btctu", "btgtu", "btgdvtu", "vptu", "ubkttu"},
    "district": {"hu", "qu", "btghu", "btchu", "vphu", "ubkthu", "ubktthu"},
    "grassroots": {"du", "dubs", "cb"},
}  # fmt: skip


def level_of(
    issuer: str | None, issuer_parent: str | None, symbol: str | None, date: str | None
) -> str | None:
    """`central`, `province`, `bloc`, `district`, `grassroots`, or None when nothing says.

    The issuer's name decides first, then the symbol's issuer code, then the parent body's
    level (a body under a province is a bloc or commission). A district level dated on or after
    the reform is dropped.
    """
    level = None
    name = fold(issuer or "")
    for lv, pattern in _BY_ISSUER:
        if pattern.search(name):
            level = lv
            break
    if level is None and symbol:
        code = re.split(r"[/-]", fold(symbol).strip())[-1].strip()
        level = next((lv for lv, codes in _BY_CODE.items() if code in codes), None)
    if level is None and issuer_parent:
        parent = level_of(issuer_parent, None, None, date)
        level = {"central": "central", "province": "bloc", "district": "grassroots"}.get(parent or "")
    if level == "district" and date and date >= REFORM_DATE:
        return None
    return level


def band(level: str | None) -> str | None:
    """The listing band of a level (`LEVELS`): a bloc is listed with its province."""
    return "province" if level == "bloc" else level


def level_of_document(doc: Document) -> str | None:
    """The listing band of a parsed document's issuer (the store's `documents.level`)."""
    return band(level_of(doc.issuer, doc.issuer_parent, doc.symbol, doc.date))


def level_of_citation(number_symbol: str | None, issuer: str | None, date: str | None = None) -> str | None:
    """The listing band of a cited document, from its number symbol and issuer as cited."""
    parsed = parse_number_symbol(number_symbol)
    return band(level_of(issuer, None, parsed[1] if parsed else None, date))


def rank(level: str | None) -> float | None:
    """0 for central … 3 for grassroots; None for an unknown level."""
    return RANKS.get(level) if level else None


def allowed(parent_level: str | None, parent_date: str | None, child_level: str | None,
            child_date: str | None) -> bool:  # fmt: skip
    """A parent dated no later than its child, at the same or a higher level (unknowns pass)."""
    if parent_date and child_date:
        n = min(len(parent_date), len(child_date))
        if parent_date[:n] > child_date[:n]:
            return False
    pr, cr = rank(parent_level), rank(child_level)
    if pr is not None and cr is not None and pr > cr:
        return False
    if parent_level == "bloc" and child_level == "district":
        return False  # a bloc's plans go to the units in the bloc, not to the districts
    return not (parent_level == "district" and child_date is not None and child_date >= REFORM_DATE)
