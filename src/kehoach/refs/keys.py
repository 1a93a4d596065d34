"""Canonical identity of a cited document (`Reference.key`).

Keys, by kind:
- numbered: `<number>-<SYMBOL>@<year>` (Party) or `<number>/<SYMBOL>@<year>` (state), e.g.
  `40-KH/TU@2022`, `125/KH-UBND@2023`, `30/2020/NĐ-CP@2020`. The number loses its leading
  zeros and is padded to two digits (`5-CT/TW` and `05-CT/TW` are one document); the symbol is
  upper case as printed (Đ kept). The year comes from the date, or from a state number
  (`30/2020`). Documents sharing number and symbol but not year get different keys.
- numbered without any year: the same without `@<year>` (`05-CT/TW`). Within one document
  such a citation is merged into the dated one of the same number and symbol when exactly one
  year is cited there (`21-KL/TW` → `21-KL/TW@2021`), and kept apart when several are (we
  cannot tell which one is meant). Across documents the graph does the same (see `graph.py`).
- partial (type and number, no symbol: `Chỉ thị 05`): merged into the one numbered citation of
  that type and number in the same document; else `partial:<type-slug>-<number>[@year]`.
- incomplete (blank number in a draft): `incomplete:<SYMBOL>[@<date>]`
  (`incomplete:KH/HU@2022-05`); never resolved to a document.
- named: `named:nq-dai-hoi-xiii` (national congress: `Đại hội XIII`, `Đại hội đại biểu toàn
  quốc lần thứ XIII của Đảng`), `named:nq-dai-hoi-dang-bo-tinh-xi`, `named:nq-tw-4-khoa-xi-xii`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.vntext import fold


def number_key(number: str) -> str:
    """`05` → `05`, `5` → `05`, `125` → `125`, `30/2020` → `30/2020`."""
    head, _, rest = number.partition("/")
    digits = head.strip()
    norm = str(int(digits)).zfill(2) if digits.isdigit() else digits
    return f"{norm}/{rest}" if rest else norm


@lru_cache(maxsize=4096)  # called for every occurrence, several times: a plan cites few documents
def base_key(number: str, symbol: str) -> str:
    """Number and symbol without year: `05-CT/TW`, `125/KH-UBND`."""
    sep = "-" if "/" in symbol else "/"
    return f"{number_key(number)}{sep}{symbol.upper()}"


def numbered_key(number: str, symbol: str, year: str | None) -> str:
    """The key of a numbered citation (see the module docstring)."""
    base = base_key(number, symbol)
    return f"{base}@{year}" if year else base


def split_key(key: str) -> tuple[str, str | None]:
    """`40-KH/TU@2022` → (`40-KH/TU`, `2022`); `05-CT/TW` → (`05-CT/TW`, None)."""
    base, _, year = key.partition("@")
    return base, (year[:4] or None)


def slug(text: str) -> str:
    """Folded words joined with dashes (`Chỉ thị` → `chi-thi`)."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def same_base(a: str, b: str) -> bool:
    """Two base keys name the same number and symbol (compared folded: `ĐUK` = `DUK`)."""
    return fold(a) == fold(b)


_NS = re.compile(
    r"^\s*(?P<num>\d{1,5}(?:/(?:19|20)\d\d)?)\s*(?P<sep>[-/])\s*(?P<sym>[^\s@]+?)\s*(?:@\s*(?P<year>\d{4}))?\s*$"
)


def parse_user_key(text: str) -> str | None:
    """A key from what a user types: a key, a number symbol (`40-KH/TU`), or a citation."""
    text = text.strip()
    if text.startswith(("named:", "incomplete:", "partial:")):
        return text
    m = _NS.match(text)
    if m:
        return numbered_key(m["num"], m["sym"], m["year"])
    from kehoach.refs import extract_references  # a citation as printed: `Kế hoạch số 40-KH/TU ngày …`

    refs = extract_references(text)
    return refs[0].key if refs else None
