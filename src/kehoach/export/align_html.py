"""An `Alignment` as a self-contained side-by-side HTML page (parent left, child right).

Anchors: `#p-<id>` for a parent unit, `#c-<id>` for a child unit.

Linked units share a row; words that differ are highlighted (level substitutions in their
own colour); omitted parent units and added child units are marked; coverage sits on top.
All document text is escaped. No scripts, no external assets: the page can be mailed,
saved or embedded by the web app (`render_alignment_html(..., full_page=False)`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from kehoach.align.vocab import tokenize
from kehoach.model.alignment import AlignedPair, Alignment, Unit

RELATION_LABELS = {
    "verbatim": "giữ nguyên",
    "adapted": "điều chỉnh",
    "added": "bổ sung",
    "omitted": "bị bỏ",
}

_WORD = re.compile(r"\w+", re.UNICODE)

_CSS = """
:root { --verb:#1b7f3b; --adap:#a15c00; --add:#1f5fbf; --omit:#b3261e; --line:#d9d9de; }
body { font: 15px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 0; color: #1d1d1f; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 8px; }
.docs { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; font-size: 14px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 24px; margin-top: 12px; align-items: baseline; }
.big { font-size: 28px; font-weight: 700; }
.sections { border-collapse: collapse; font-size: 13px; }
.sections td, .sections th { padding: 2px 8px; border: 1px solid var(--line); text-align: right; }
.legend span { margin-right: 12px; }
table.align { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.align > thead th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid #999;
  text-align: left; padding: 6px 10px; }
table.align td { vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
td.rel { width: 110px; text-align: center; font-size: 13px; }
.id { font: 12px ui-monospace, monospace; color: #555; background: #f0f0f3; border-radius: 3px; padding: 0 4px; }
.unit + .unit { margin-top: 6px; padding-top: 6px; border-top: 1px dashed var(--line); }
.k-section { font-weight: 700; } .head { font-weight: 600; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px; }
.b-verbatim { background: var(--verb); } .b-adapted { background: var(--adap); }
.b-added { background: var(--add); } .b-omitted { background: var(--omit); }
tr.r-added td.child { background: #eef4ff; } tr.r-omitted td.parent { background: #fdeeee; }
tr.r-omitted td.parent .text { text-decoration: line-through; text-decoration-color: #b3261e88; }
del.w { background: #ffd7d5; text-decoration: none; } ins.w { background: #c9f2d3; text-decoration: none; }
mark.lv { background: #fff0b3; }
.score { color: #666; font-size: 12px; } .repeat { color: #888; font-size: 12px; font-style: italic; }
.empty { color: #999; font-style: italic; }
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass
class _Words:
    text: str
    spans: list[tuple[int, int]]
    folded: list[str]
    level: list[bool]


def _words(unit: Unit) -> _Words:
    text = unicodedata.normalize("NFC", unit.text).replace("ƣ", "ư").replace("Ƣ", "Ư")
    spans = [m.span() for m in _WORD.finditer(text)]
    folded, _mapped, level, _levels = tokenize(text)
    if len(folded) != len(spans):  # keep rendering even if tokenizations ever disagree
        folded = [text[a:b].lower() for a, b in spans]
        level = [False] * len(spans)
    return _Words(text, spans, folded, level)


def _render(words: _Words, marks: dict[int, str]) -> str:
    """Text with marked words wrapped: 'del' / 'ins' (changed) or 'lv' (level substitution)."""
    out: list[str] = []
    pos = 0
    for k, (a, b) in enumerate(words.spans):
        tag = marks.get(k)
        if not tag:
            continue
        out.append(_esc(words.text[pos:a]))
        word = _esc(words.text[a:b])
        if tag == "lv":
            out.append(f'<mark class="lv">{word}</mark>')
        else:
            out.append(f'<{tag} class="w">{word}</{tag}>')
        pos = b
    out.append(_esc(words.text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _diff_marks(parents: list[_Words], child: _Words) -> tuple[list[dict[int, str]], dict[int, str]]:
    """Word marks for each parent unit and for the child unit."""
    a: list[str] = []
    owner: list[tuple[int, int]] = []
    for n, w in enumerate(parents):
        a += w.folded
        owner += [(n, k) for k in range(len(w.folded))]
    p_marks: list[dict[int, str]] = [{} for _ in parents]
    c_marks: dict[int, str] = {}
    for op in Indel.opcodes(a, child.folded):
        if op.tag == "equal":
            continue
        for g in range(op.src_start, op.src_end):
            n, k = owner[g]
            p_marks[n][k] = "lv" if parents[n].level[k] else "del"
        for k in range(op.dest_start, op.dest_end):
            c_marks[k] = "lv" if child.level[k] else "ins"
    return p_marks, c_marks


def _unit_html(unit: Unit, body: str, extra: str = "", anchor: str | None = None, head: bool = False) -> str:
    label = f"{_esc(unit.label)} " if unit.label else ""
    anchor_attr = f' id="{_esc(anchor)}"' if anchor else ""
    head_class = " head" if head else ""
    return (
        f'<div class="unit k-{_esc(unit.kind or "x")}{head_class}"{anchor_attr}>'
        f'<span class="id">{_esc(unit.id)}</span> {label}<span class="text">{body}</span>{extra}</div>'
    )


@dataclass
class AlignedRow:
    """One row of the side-by-side view: a child unit (None: an omitted parent unit) and the
    parent unit(s) it keeps, adapts or merges, with the pair's evidence."""

    relation: str
    parent: list[Unit]
    child: Unit | None
    pair: AlignedPair | None

    @property
    def score(self) -> float:
        return self.pair.score if self.pair else 0.0

    @property
    def shared(self) -> list[str]:
        return self.pair.shared if self.pair else []

    @property
    def changed(self) -> list[str]:
        return self.pair.changed if self.pair else []

    @property
    def substitutions(self) -> list[str]:
        return self.pair.substitutions if self.pair else []


def side_by_side(al: Alignment) -> list[AlignedRow]:
    """Rows in child order, omitted parent units slotted in before the first row that follows
    them (this page, and the web app's compare page)."""
    parents = al.units.get("parent", [])
    children = {u.id: u for u in al.units.get("child", [])}
    p_index = {u.id: k for k, u in enumerate(parents)}
    by_id = {u.id: u for u in parents}
    omitted = sorted((p_index[i] for i in al.omitted if i in p_index), reverse=True)
    rows: list[AlignedRow] = []
    for pair in al.pairs:
        if pair.parent_ids:
            first = min(p_index.get(i, 0) for i in pair.parent_ids)
            while omitted and omitted[-1] < first:
                rows.append(AlignedRow("omitted", [parents[omitted.pop()]], None, None))
        parent = [by_id[i] for i in pair.parent_ids if i in by_id]
        rows.append(AlignedRow(pair.relation, parent, children.get(pair.child_id), pair))
    while omitted:
        rows.append(AlignedRow("omitted", [parents[omitted.pop()]], None, None))
    return rows


def _doc_title(ref: object, side: str) -> str:
    number = getattr(ref, "number_symbol", None) or "(chưa rõ số)"
    issuer = getattr(ref, "issuer", None) or ""
    title = getattr(ref, "title", None) or ""
    source = getattr(ref, "source", None) or ""
    return (
        f"<div><b>{_esc(side)}:</b> {_esc(number)} {_esc(issuer)}<br>{_esc(title)}"
        f'<br><span class="score">{_esc(source)}</span></div>'
    )


def _summary(al: Alignment) -> str:
    cov = al.coverage
    rel = cov.relations
    sections = "".join(
        f"<tr><th>{_esc(sec)}</th><td>{share:.0%}</td></tr>" for sec, share in cov.by_section.items()
    )
    return (
        '<div class="summary">'
        f'<div><span class="big">{cov.overall:.0%}</span> mục cấp trên được giữ hoặc điều chỉnh '
        f"({cov.kept}/{cov.parent_units})</div>"
        f"<div>Phần riêng của văn bản cấp dưới: <b>{cov.child_own_share:.0%}</b> số chữ</div>"
        '<div class="legend">'
        + "".join(
            f'<span class="badge b-{key}">{RELATION_LABELS[key]}: {count}</span>'
            for key, count in (
                ("verbatim", rel.get("verbatim", 0)),
                ("adapted", rel.get("adapted", 0)),
                ("added", rel.get("added", 0)),
                ("omitted", len(al.omitted)),
            )
        )
        + "</div>"
        f'<table class="sections"><tr><th>Phần</th><th>Độ bao phủ</th></tr>{sections}</table>'
        "</div>"
    )


def render_alignment_html(al: Alignment, *, title: str | None = None, full_page: bool = True) -> str:
    """The side-by-side page (or, with `full_page=False`, the fragment: header and table)."""
    seen_parents: set[str] = set()
    heads = {u.outline_parent for side in al.units.values() for u in side if u.outline_parent}
    body_rows: list[str] = []
    for row in side_by_side(al):
        relation, parents, child, pair = row.relation, row.parent, row.child, row.pair
        p_words = [_words(u) for u in parents]
        c_words = _words(child) if child else None
        if p_words and c_words:
            p_marks, c_marks = _diff_marks(p_words, c_words)
        else:
            p_marks, c_marks = [{} for _ in p_words], {}
        left_parts = []
        for unit, words, marks in zip(parents, p_words, p_marks, strict=True):
            repeat = unit.id in seen_parents and relation != "omitted"
            extra = ' <span class="repeat">(đã dùng ở dòng trên)</span>' if repeat else ""
            anchor = None if unit.id in seen_parents else f"p-{unit.id}"
            left_parts.append(_unit_html(unit, _render(words, marks), extra, anchor, unit.id in heads))
            seen_parents.add(unit.id)
        left = "".join(left_parts) or '<span class="empty">—</span>'
        if child and c_words:
            right = _unit_html(
                child, _render(c_words, c_marks), anchor=f"c-{child.id}", head=child.id in heads
            )
        else:
            right = '<span class="empty">— không có trong văn bản cấp dưới —</span>'
        score = f'<div class="score">{pair.score:.2f}</div>' if pair and pair.parent_ids else ""
        badge = (
            f'<span class="badge b-{_esc(relation)}">{_esc(RELATION_LABELS.get(relation, relation))}</span>'
        )
        body_rows.append(
            f'<tr class="r-{_esc(relation)}"><td class="parent">{left}</td>'
            f'<td class="rel">{badge}{score}</td><td class="child">{right}</td></tr>'
        )
    heading = title or "So sánh văn bản cấp dưới với văn bản cấp trên"
    scope = " (phụ lục)" if al.scope == "annex" else ""
    warnings = "".join(f'<p class="empty">{_esc(w)}</p>' for w in al.warnings)
    fragment = (
        f"<header><h1>{_esc(heading)}{scope}</h1>"
        f'<div class="docs">{_doc_title(al.parent, "Cấp trên")}{_doc_title(al.child, "Cấp dưới")}</div>'
        f"{_summary(al)}{warnings}</header>"
        '<table class="align"><colgroup><col style="width:45%"><col style="width:10%"><col style="width:45%">'
        "</colgroup><thead><tr><th>Văn bản cấp trên</th><th>Quan hệ</th><th>Văn bản cấp dưới</th></tr></thead>"
        f"<tbody>{''.join(body_rows)}</tbody></table>"
    )
    if not full_page:
        return f'<style>{_CSS}</style><div class="kehoach-align">{fragment}</div>'
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(heading)}</title><style>{_CSS}</style></head><body>{fragment}</body></html>\n"
    )
