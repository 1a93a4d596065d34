"""Group citation occurrences (`Mention`s) into one `Reference` per cited document."""

from __future__ import annotations

from collections import defaultdict

from kehoach.identity import pad_number, slug
from kehoach.model.references import Reference
from kehoach.refs.extract import Mention, mention_base, mention_year, squash
from kehoach.refs.relation import RANK


def assign_keys(mentions: list[Mention]) -> list[str]:
    """The reference key of each mention, merging undated and partial ones where unambiguous."""
    years: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        base = mention_base(m)
        if base and (y := mention_year(m)):
            years[base].add(y)
    by_type_number: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for m in mentions:
        base = mention_base(m)
        if base and m.number:
            by_type_number[(m.doc_type, pad_number(m.number.split("/")[0]))].add(base)

    keys: list[str] = []
    for m in mentions:
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
            else:
                y = mention_year(m)
                k = f"partial:{slug(m.doc_type or '')}-{pad_number(m.number or '0')}"
                keys.append(f"{k}@{y}" if y else k)
        else:
            base = mention_base(m) or "?"
            keys.append(_dated(base, mention_year(m), years[base]))
    # a law cited once with its number and elsewhere by name only: one document
    by_name = {
        m.named_key: k for m, k in zip(mentions, keys, strict=True) if m.kind == "numbered" and m.named_key
    }
    return [by_name.get(k, k) if m.kind == "named" else k for m, k in zip(mentions, keys, strict=True)]


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
        numbered = next((m for m in ms if m.kind == "numbered"), None)
        typed = next((m for m in ms if m.type_from_word), None)
        doc_type = typed.doc_type if typed else next((m.doc_type for m in ms if m.doc_type), None)
        full = next((m.date for m in ms if m.date and len(m.date) == 10), None)
        kind = (
            "named" if first.kind == "named" else "incomplete" if first.kind == "incomplete" else "numbered"
        )
        if key.startswith("partial:"):
            kind = "partial"
        ref = Reference(
            key=key,
            kind=kind,  # type: ignore[arg-type]
            doc_type=doc_type,
            doc_type_ambiguous=doc_type is None and any(m.ambiguous for m in ms),
            number=(numbered or first).number if kind != "incomplete" else None,
            symbol=(numbered or first).symbol,
            number_symbol=numbered.number_symbol if numbered else None,
            date=full or next((m.date for m in ms if m.date), None),
            issuer=next((m.issuer for m in ms if m.issuer), None),
            term=next((m.term for m in ms if m.term), None),
            title=next((m.title for m in ms if m.title), None),
            relation=max((r for _, r in items), key=RANK.__getitem__),  # type: ignore[arg-type]
            count=len(ms),
            spans=[(m.start, m.end) for m in ms],
            context=_context(text, first.start, first.end),
        )
        refs.append(ref)
    return refs
