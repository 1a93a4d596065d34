"""Group citation occurrences (`Mention`s) into one `Reference` per cited document."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from kehoach.identity import pad_number, slug
from kehoach.model.references import Reference
from kehoach.patterns import TYPE_ABBREVIATIONS
from kehoach.refs.mention import Mention, mention_base, mention_year, squash
from kehoach.refs.relation import RANK
from kehoach.vntext import fold


@dataclass
class _Printed:
    """What one document's text prints for one number symbol (`06-QĐi/TW`): how often, when, as what."""

    number: str = ""
    symbol: str = ""
    count: int = 0
    dates: set[str] = field(default_factory=set)  # full dates (`2018-08-28`)
    years: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)  # types from the printed type word


def _code_org(symbol: str) -> tuple[str, str]:
    """Type code and issuer part of a symbol, folded: `QĐi/TW` → (`qdi`, `tw`) (Party),
    `KH-UBND` → (`kh`, `ubnd`), `NĐ-CP` → (`nd`, `cp`) (state)."""
    symbol = "".join(symbol.split())
    code, _, org = symbol.partition("/" if "/" in symbol else "-")
    return fold(code), fold(org)


def _type_agrees(p: _Printed) -> bool:
    """The printed type word fits the symbol's type code (`Quyết định số 347-CT/TW` does not)."""
    code = _code_org(p.symbol)[0]
    if not p.types:
        return True
    if code == "qd":  # a Party `QĐ` is a Quyết định or a Quy định
        return p.types <= {"Quyết định", "Quy định"}
    named = TYPE_ABBREVIATIONS.get(code)
    return named is None or named in p.types


def _misprint(a: str, pa: _Printed, b: str, pb: _Printed) -> bool:
    """Whether `a` is a misprinted repeat of `b` in the same text (same number, printed less often):
    one letter off in the type code (`06-QĐ/TW` for `06-QĐi/TW`), the type code of another type
    under the same date (`Quyết định số 347-CT/TW ngày 08/8/2025` for `347-QĐ/TW ngày 08/8/2025`),
    or the issuer cut to its end, undated (`Hướng dẫn số 38-HD/TW` for `38-HD/BTCTW`)."""
    if pa.years - pb.years or pa.dates - pb.dates or (pa.types and pb.types and not pa.types & pb.types):
        return False
    (code_a, org_a), (code_b, org_b) = _code_org(pa.symbol), _code_org(pb.symbol)
    if org_a == org_b and code_a != code_b:
        return Levenshtein.distance(code_a, code_b) <= 1 or bool(pa.dates and pa.types)
    if code_a == code_b and org_a != org_b and not pa.years:
        return org_a.endswith(org_b) or org_b.endswith(org_a)
    return False


def _misprint_folds(mentions: list[Mention]) -> dict[str, str]:
    """Misprinted number symbols, each mapped to the one the text prints most (a rule of reading:
    a clerk folds `38-HD/TW` into `Hướng dẫn số 38-HD/BTCTW` cited five times with its date)."""
    printed: dict[str, _Printed] = defaultdict(_Printed)
    for m in mentions:
        base = mention_base(m)
        if base and m.number and m.symbol:
            p = printed[base]
            p.number, p.symbol = pad_number(m.number), m.symbol
            p.count += 1
            if m.date and len(m.date) == 10:
                p.dates.add(m.date)
            if y := mention_year(m):
                p.years.add(y)
            if m.type_from_word and m.doc_type:
                p.types.add(m.doc_type)
    by_number: dict[str, list[str]] = defaultdict(list)
    for base, p in printed.items():
        by_number[p.number].append(base)
    folds: dict[str, str] = {}
    for bases in by_number.values():
        if len(bases) < 2:
            continue
        ranked = sorted(bases, key=lambda b: (printed[b].count, len(printed[b].dates), len(b)), reverse=True)
        for a in ranked:
            for b in ranked:
                pa, pb = printed[a], printed[b]
                rarer = pb.count > pa.count or (
                    pb.count == pa.count and _type_agrees(pb) and not _type_agrees(pa)
                )
                if b != a and b not in folds and rarer and _misprint(a, printed[a], b, printed[b]):
                    folds[a] = b
                    break
    return folds


def assign_keys(mentions: list[Mention]) -> list[str]:
    """The reference key of each mention, merging undated and partial ones where unambiguous."""
    folds = _misprint_folds(mentions)
    mention_bases = []  # each mention's base key, a misprint folded into the number it repeats (computed once)
    for m in mentions:
        base = mention_base(m)
        mention_bases.append(folds.get(base, base) if base else None)

    years: dict[str, set[str]] = defaultdict(set)
    for m, base in zip(mentions, mention_bases, strict=True):
        if base and (y := mention_year(m)):
            years[base].add(y)
    by_type_number: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for m, base in zip(mentions, mention_bases, strict=True):
        if base and m.number:
            number = pad_number(m.number.split("/")[0])
            by_type_number[(m.doc_type, number)].add(base)
            # `Chương trình hành động số 15-CTr/TU` is also the `Chương trình 15` cited elsewhere
            code_type = TYPE_ABBREVIATIONS.get(_code_org(m.symbol or "")[0])
            if code_type and code_type != m.doc_type:
                by_type_number[(code_type, number)].add(base)

    keys: list[str] = []
    for m, base_of_m in zip(mentions, mention_bases, strict=True):
        if m.kind == "named":
            keys.append(m.named_key or "named:?")
        elif m.kind == "incomplete":
            sym = (m.symbol or "?").upper()
            keys.append(f"incomplete:{sym}@{m.date}" if m.date else f"incomplete:{sym}")
        elif m.kind == "partial":
            bases = by_type_number.get((m.doc_type, pad_number(m.number or "0")), set())
            if len(bases) == 1:
                base = next(iter(bases))
                keys.append(_dated(base, mention_year(m), years[base]))
            elif m.named_key:  # `Chương trình 135`: known by its number, no numbered document beside it
                keys.append(m.named_key)
            else:
                y = mention_year(m)
                k = f"partial:{slug(m.doc_type or '')}-{pad_number(m.number or '0')}"
                keys.append(f"{k}@{y}" if y else k)
        else:
            base = base_of_m or "?"
            keys.append(_dated(base, mention_year(m), years[base]))
    # a law cited once with its number and elsewhere by name only, a regulation issued by a numbered
    # decision (`Quyết định số … ban hành Quy chế X`) and later cited as `Quy chế X`: one document
    by_name: dict[str, str] = {}
    for m, k in zip(mentions, keys, strict=True):
        if m.kind == "numbered":
            for name in [m.named_key, *m.aliases] if m.named_key else m.aliases:
                by_name.setdefault(name, k)
    return [by_name.get(k, k) if k.startswith("named:") else k for k in keys]


def _dated(base: str, year: str | None, known: set[str]) -> str:
    if year:
        return f"{base}@{year}"
    if len(known) == 1:
        return f"{base}@{next(iter(known))}"
    return base


def _context(text: str, start: int, end: int, before: int = 50, after: int = 90) -> str:
    """The words around an occurrence, within its paragraph, on one line (cut at word boundaries)."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    left = max(para_start, start - before)
    if left > para_start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else start
    right = min(para_end, end + after)
    if right < para_end:
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else end
    prefix = "…" if left > para_start else ""
    suffix = "…" if right < para_end else ""
    return prefix + squash(text[left:right]) + suffix


def _letter_symbol(symbol: str) -> bool:
    """A symbol without a type code (`KSTT-VP`, `UBND-KSTTHC`): an official letter's."""
    code = _code_org(symbol)[0]
    return bool(code) and code not in TYPE_ABBREVIATIONS and not code.startswith("vb")


def _title(ms: list[Mention]) -> str | None:
    """The name of a named document: the first printed; for a programme the fullest printed (with its
    period, or with its number in brackets)."""
    titles = [m.title for m in ms if m.title]
    if not titles:
        return None
    return max(titles, key=len) if any(m.programme for m in ms) else titles[0]


def build_references(text: str, mentions: list[Mention], relations: list[str]) -> list[Reference]:
    """One `Reference` per key, in order of first citation, with every span and the strongest relation."""
    keys = assign_keys(mentions)
    groups: dict[str, list[tuple[Mention, str]]] = {}
    for m, key, rel in zip(mentions, keys, relations, strict=True):
        groups.setdefault(key, []).append((m, rel))
    refs: list[Reference] = []
    for key, items in groups.items():
        ms = [m for m, _ in items]
        first = ms[0]
        base = key.partition("@")[0]
        numbered = next((m for m in ms if m.kind == "numbered" and mention_base(m) == base), None) or next(
            (m for m in ms if m.kind == "numbered"), None
        )
        typed = next((m for m in ms if m.type_from_word), None)
        doc_type = typed.doc_type if typed else next((m.doc_type for m in ms if m.doc_type), None)
        if doc_type == "Văn bản" and numbered and _letter_symbol(numbered.symbol or ""):
            doc_type = "Công văn"  # `Văn bản số 348/KSTT-VP`: a letter (FIXTURES: cited as a Công văn)
        full = next((m.date for m in ms if m.date and len(m.date) == 10), None)
        kind = (
            "named" if first.kind == "named" else "incomplete" if first.kind == "incomplete" else "numbered"
        )
        if key.startswith("partial:"):
            kind = "partial"
        elif key.startswith("named:"):
            kind = "named"
        ref = Reference(
            key=key,
            kind=kind,  # type: ignore[arg-type]
            doc_type=doc_type,
            doc_type_ambiguous=doc_type is None and any(m.ambiguous for m in ms),
            number=None if kind == "incomplete" or key.startswith("named:") else (numbered or first).number,
            symbol=(numbered or first).symbol,
            number_symbol=numbered.number_symbol if numbered else None,
            date=full or next((m.date for m in ms if m.date), None),
            issuer=next((m.issuer for m in ms if m.issuer), None),
            term=next((m.term for m in ms if m.term), None),
            title=_title(ms),
            relation=max((r for _, r in items), key=RANK.__getitem__),  # type: ignore[arg-type]
            programme=kind == "named" and any(m.programme for m in ms),
            count=len(ms),
            spans=[(m.start, m.end) for m in ms],
            context=_context(text, first.start, first.end),
        )
        refs.append(ref)
    return refs
