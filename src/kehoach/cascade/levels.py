"""Levels of the hierarchy for the cascade's constraints, dated (the 2025 reform).

A rank per level, top = 0: central 0, province 1, a provincial bloc or commission 1.5
(`Đảng ủy Khối`, `Ban … Tỉnh ủy`: it carries out the province's plans and is carried out
by the units under it, never by a district), district 2, grassroots 3. A parent sits at the same or a higher
level (rank ≤ the child's rank). From 1 July 2025 there is no district level (local
government of two levels): a document dated from then cannot implement a district plan,
and a district issuer dated from then is read as what it became (the province or commune
is not known, so no rank: no constraint).
"""

from __future__ import annotations

import re

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

_BY_ISSUER = [
    ("grassroots", re.compile(r"\b(dang uy|ubnd|uy ban nhan dan) (xa|phuong|thi tran|dac khu)\b|\bchi bo\b")),
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
    "district": {"hu", "qu", "btghu", "btchu", "vphu", "ubkthu"},
    "grassroots": {"du", "dubs", "cb"},
}  # fmt: skip


def level_of(
    issuer: str | None, issuer_parent: str | None, symbol: str | None, date: str | None
) -> str | None:
    """`central`, `province`, `bloc`, `district`, `grassroots`, or None when nothing says.

    The issuer's name decides first (`Ban Thường vụ Huyện ủy`), then the symbol's issuer
    code (`KH/HU` → district). A district level dated on or after the reform is dropped.
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
        # a body under a province (`Đảng bộ tỉnh`) is a provincial bloc or commission
        level = {"central": "central", "province": "bloc", "district": "grassroots"}.get(parent or "")
    if level == "district" and date and date >= REFORM_DATE:
        return None
    return level


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
