"""The identity of a document: its canonical key, and which citation names which document.

One module for every face (citations, graph, store, web app, cascade): a plan numbered
`5-CT/TW` and a citation of `Chỉ thị số 05-CT/TW` name the same document everywhere.

Keys (`Reference.key`, graph node ids), by kind:
- numbered: `<number>-<SYMBOL>@<year>` (Party) or `<number>/<SYMBOL>@<year>` (state), e.g.
  `40-KH/TU@2022`, `125/KH-UBND@2023`, `30/2020/NĐ-CP@2020`. The number loses its leading
  zeros and is padded to two digits (`5-CT/TW` and `05-CT/TW` are one document); the symbol is
  upper case as printed (Đ kept). The year comes from the date, or from a state number
  (`30/2020`). Documents sharing number and symbol but not year get different keys.
- numbered without any year: the same without `@<year>` (`05-CT/TW`).
- partial (type and number, no symbol: `Chỉ thị 05`): `partial:<type-slug>-<number>[@year]`.
- incomplete (blank number in a draft): `incomplete:<SYMBOL>[@<date>]` (`incomplete:KH/HU@2022-05`).
- named: `named:nq-dai-hoi-xiii`, `named:nq-tw-4-khoa-xi-xii`.

The number key (`number_key`, the store's indexed `number_key` columns) is the comparable form
of a number symbol: the base key folded (`đ` → `d`, lower case), without spaces:
`Số 5 -CT/TW` → `05-ct/tw`, `39-KH/ĐUK` → `39-kh/duk`.

Matching a citation to a document (`matches`, `resolve`):
1. numbered: the same number key; the year decides between several documents: the one with
   the citation's year; an undated citation → the only document with that number; a dated
   citation → the only document of that number whose year is unknown;
2. incomplete (blank number): a document printing no number, with the same symbol, issuer
   (when both are known) and year;
3. named and partial citations name no numbered document: never matched here.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from kehoach.model.document import Document
from kehoach.model.references import Reference
from kehoach.patterns import year_of
from kehoach.vntext import fold

__all__ = [
    "DocKey",
    "base_key",
    "document_key",
    "key_of_document",
    "key_of_reference",
    "matches",
    "number_key",
    "numbered_key",
    "pad_number",
    "parse_number_symbol",
    "resolve",
    "same_base",
    "slug",
    "split_key",
    "year_of",
]

Id = TypeVar("Id", bound=Hashable)


def pad_number(number: str) -> str:
    """`05` → `05`, `5` → `05`, `125` → `125`, `30/2020` → `30/2020`, `5/2020` → `05/2020`."""
    head, _, rest = number.partition("/")
    digits = head.strip()
    norm = str(int(digits)).zfill(2) if digits.isdigit() else digits
    return f"{norm}/{rest.strip()}" if rest else norm


@lru_cache(maxsize=4096)  # called for every occurrence, several times: a plan cites few documents
def base_key(number: str, symbol: str) -> str:
    """Number and symbol without year: `05-CT/TW`, `125/KH-UBND` (Party symbols carry a `/`
    and follow the number after `-`; state symbols follow it after `/`)."""
    symbol = "".join(symbol.split())
    sep = "-" if "/" in symbol else "/"
    return f"{pad_number(number)}{sep}{symbol.upper()}"


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


# A number symbol as typed or stored: `40-KH/TU`, `Số: 39 -KH/ĐUK`, `30/2020/NĐ-CP`, `40-KH/TU@2022`.
# The printed-text readers (`kehoach.patterns`, `kehoach.refs.patterns`) find numbers inside
# running text; this reads one number that is the whole string.
_NUMBER_SYMBOL = re.compile(
    r"^\s*(?:s[oố]\s*:?\s*)?(?P<num>\d{1,5}(?:\s*/\s*(?:19|20)\d\d)?)\s*[-/]\s*"
    r"(?P<sym>[^\W_]+(?:\s*[-/.&]\s*[^\W_]+)*)\s*(?:@\s*(?P<year>\d{4})[-\d]*)?\s*$",
    re.IGNORECASE,
)


def parse_number_symbol(text: str | None) -> tuple[str, str, str | None] | None:
    """(number, symbol, year or None) of a string that is one number symbol, else None.

    `39 -KH/ĐUK` → (`39`, `KH/ĐUK`, None); `30/2020/NĐ-CP` → (`30/2020`, `NĐ-CP`, `2020`);
    `40-KH/TU@2022` → (`40`, `KH/TU`, `2022`). The symbol must hold a letter.
    """
    if not text:
        return None
    m = _NUMBER_SYMBOL.match(text)
    if not m or not any(c.isalpha() for c in m["sym"]):
        return None
    number = "".join(m["num"].split())
    year = m["year"] or (number.partition("/")[2] or None)
    return number, m["sym"], year


def number_key(number_symbol: str | None) -> str | None:
    """A number symbol in comparable form: `5 -CT/TW` → `05-ct/tw`, `39-KH/ĐUK` → `39-kh/duk`.

    What is not one number symbol is only folded, without spaces (`KH 40` → `kh40`).
    """
    if not number_symbol:
        return None
    parsed = parse_number_symbol(number_symbol)
    if parsed is not None:
        number, symbol, _ = parsed
        return fold(base_key(number, symbol))
    key = re.sub(r"\s+", "", fold(number_symbol))
    return key or None


@dataclass(frozen=True)
class DocKey:
    """The canonical identity of a document, or of the document a citation names.

    `number` is padded (`05`, `30/2020`), `symbol` upper case as printed (`CT/TW`), `year` from
    the date or a state number; `issuer` and `doc_type` as printed (used when the number is
    blank). Build with `key_of_document` / `key_of_reference`.
    """

    number: str | None
    symbol: str | None
    year: str | None = None
    doc_type: str | None = None
    issuer: str | None = None

    @property
    def numbered(self) -> bool:
        """Number and symbol both known."""
        return bool(self.number and self.symbol)

    @property
    def base(self) -> str | None:
        """`05-CT/TW` (None without number or symbol)."""
        return base_key(self.number, self.symbol) if self.number and self.symbol else None  # type: ignore[arg-type]

    @property
    def number_key(self) -> str | None:
        """`05-ct/tw`: what the store indexes and compares."""
        base = self.base
        return fold(base) if base else None

    @property
    def key(self) -> str | None:
        """`05-CT/TW@2020` (numbered documents), else None."""
        base = self.base
        if base is None:
            return None
        return f"{base}@{self.year}" if self.year else base

    def __str__(self) -> str:
        return self.key or f"{self.doc_type or ''} …{self.symbol or ''} {self.issuer or ''}".strip()


def key_of_document(doc: Document) -> DocKey:
    """The identity of a parsed or stored document.

    Its number from the parser's number and symbol, else its printed number symbol, else an
    annex's `(theo Kế hoạch số …)`, else a citation of relation `self`; the year from its date
    (else from a state number). A document printing no number gets a key of symbol, issuer
    and year only (`DocKey.numbered` False).
    """
    common = {"doc_type": doc.doc_type, "issuer": doc.issuer}
    if doc.number and doc.symbol:
        return DocKey(pad_number(doc.number), "".join(doc.symbol.split()).upper(),
                      year_of(doc.date) or _state_year(doc.number), **common)  # fmt: skip
    for number_symbol, date in [
        (doc.number_symbol, doc.date),
        *((a.number_symbol, a.date) for a in doc.annexes),
    ]:
        parsed = parse_number_symbol(number_symbol)
        if parsed:
            number, symbol, year = parsed
            return DocKey(
                pad_number(number), "".join(symbol.split()).upper(), year_of(date) or year, **common
            )
    own = next((r for r in doc.references if r.relation == "self" and r.kind == "numbered"), None)
    if own is not None:
        return key_of_reference(own)
    symbol = "".join(doc.symbol.split()).upper() if doc.symbol else None
    return DocKey(None, symbol, year_of(doc.date), **common)


def _state_year(number: str) -> str | None:
    year = number.partition("/")[2].strip()
    return year if len(year) == 4 and year.isdigit() else None


def key_of_reference(ref: Reference) -> DocKey:
    """The identity of the document a citation names (numbered: from its key, which already
    holds the padded number and the year)."""
    if ref.kind == "numbered" and ref.key and not ref.key.startswith(("named:", "partial:", "incomplete:")):
        base, year = split_key(ref.key)
        parsed = parse_number_symbol(base)
        if parsed:
            number, symbol, _ = parsed
            return DocKey(pad_number(number), symbol.upper(), year or year_of(ref.date),
                          doc_type=ref.doc_type, issuer=ref.issuer)  # fmt: skip
    number = pad_number(ref.number) if ref.number and ref.kind != "incomplete" else None
    symbol = "".join(ref.symbol.split()).upper() if ref.symbol else None
    return DocKey(number, symbol, year_of(ref.date), doc_type=ref.doc_type, issuer=ref.issuer)


def document_key(doc: Document) -> str | None:
    """The key of a document's own number (`39-KH/ĐUK@2022`), or None when it prints none."""
    return key_of_document(doc).key


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) == fold(b)


def _key_matches(ref: DocKey, doc: DocKey, *, incomplete: bool) -> bool:
    if incomplete:  # a blank number: symbol, issuer (when both known) and year
        return (
            not doc.numbered
            and _same(ref.symbol, doc.symbol)
            and (ref.issuer is None or doc.issuer is None or _same(ref.issuer, doc.issuer))
            and ref.year is not None
            and ref.year == doc.year
        )
    return ref.number_key is not None and ref.number_key == doc.number_key


def matches(ref: Reference | DocKey, doc: Document | DocKey) -> bool:
    """Whether a citation can name this document: the same number key (any year), or for a
    blank number the same symbol, issuer and year. The year choice among several documents of
    one number is `resolve`'s."""
    incomplete = isinstance(ref, Reference) and ref.kind == "incomplete"
    if isinstance(ref, Reference):
        if ref.kind in ("named", "partial"):
            return False
        ref = key_of_reference(ref)
    if isinstance(doc, Document):
        doc = key_of_document(doc)
    return _key_matches(ref, doc, incomplete=incomplete)


def choose(year: str | None, candidates: Sequence[tuple[Id, str | None]]) -> Id | None:
    """Among documents sharing a number (id, year), the one a citation of `year` names:
    the one of that year; an undated citation → the only one; a dated citation → the only
    undated one; else None (ambiguous or another document)."""
    if year is not None:
        exact = [i for i, y in candidates if y == year]
        if exact:
            return exact[0]
        undated = [i for i, y in candidates if y is None]
        return undated[0] if len(undated) == 1 else None
    return candidates[0][0] if len(candidates) == 1 else None


def resolve(ref: Reference | DocKey, candidates: Iterable[tuple[Id, DocKey | Document]]) -> Id | None:
    """The id of the candidate document a citation names (see the module docstring), or None.

    `candidates`: (id, document or its key), e.g. the stored documents sharing its number."""
    incomplete = isinstance(ref, Reference) and ref.kind == "incomplete"
    if isinstance(ref, Reference):
        if ref.kind in ("named", "partial"):
            return None
        ref = key_of_reference(ref)
    keyed = [(i, c if isinstance(c, DocKey) else key_of_document(c)) for i, c in candidates]
    same = [(i, k.year) for i, k in keyed if _key_matches(ref, k, incomplete=incomplete)]
    if incomplete:
        return same[0][0] if len(same) == 1 else None
    return choose(ref.year, same)
