"""The level of the issuing body (central, province, district, grassroots), for listing and stats.

A first guess from the issuer's name and the symbol's issuer code; the cascade
step may later overwrite `documents.level` with what it reconstructs.
"""

from __future__ import annotations

import re

from kehoach.identity import parse_number_symbol
from kehoach.model import Document
from kehoach.vntext import fold

LEVELS = ("central", "province", "district", "grassroots")
LEVEL_LABELS = {"central": "Trung ương", "province": "Tỉnh", "district": "Huyện", "grassroots": "Cơ sở"}

_BY_ISSUER = [
    (
        "grassroots",
        re.compile(r"\b(dang uy|ubnd|uy ban nhan dan) (xa|phuong|thi tran)\b|\bchi bo\b|\bco so\b"),
    ),
    ("district", re.compile(r"\b(huyen uy|thi uy|quan uy)\b|\b(ubnd|uy ban nhan dan) (huyen|quan|thi xa)\b")),
    ("central", re.compile(r"\btrung uong\b|\bbo chinh tri\b|\bban bi thu\b|\bchinh phu\b|\bquoc hoi\b")),
    (
        "province",
        re.compile(r"\b(tinh uy|thanh uy|dang uy khoi|dang bo tinh)\b|\b(ubnd|uy ban nhan dan) tinh\b"),
    ),
]
_BY_CODE = {
    "central": {"tw", "btgtw", "btctw", "vptw", "ubkttw", "dktw", "cp", "ttg", "qh", "bcdtw"},
    "province": {"tu", "duk", "btgtu", "btctu", "vptu", "ubkttu", "dkt"},
    "district": {"hu", "btghu", "btchu", "vphu", "ubktthu", "ubkthu", "qu"},
    "grassroots": {"du", "dubs", "cb"},
}


def level_of(doc: Document) -> str | None:
    """`central`, `province`, `district`, `grassroots`, or None when nothing says."""
    return level_from(doc.issuer, doc.issuer_parent, doc.symbol)


def level_of_citation(number_symbol: str | None, issuer: str | None) -> str | None:
    """The level of a cited document, from its number symbol and issuer as cited."""
    parsed = parse_number_symbol(number_symbol)
    return level_from(issuer, None, parsed[1] if parsed else None)


def level_from(issuer: str | None, issuer_parent: str | None, symbol: str | None) -> str | None:
    """The level from the issuer's name (and its parent's), else the symbol's issuer code."""
    names = fold(" ".join(x for x in (issuer, issuer_parent) if x))
    for level, pattern in _BY_ISSUER:
        if pattern.search(names):
            return level
    if symbol:
        code = fold(re.split(r"[/-]", symbol)[-1]).strip()
        for level, codes in _BY_CODE.items():
            if code in codes:
                return level
    return None
