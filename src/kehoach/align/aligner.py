"""The aligner: child units → parent units, with relation, score and evidence.

Passes, each small and named:
1. `score`: TF-IDF cosine on folded, level-mapped words, plus small structural
   terms (same section, same numbering position, heading vs. leaf).
2. `_monotone`: the best order-preserving one-to-one alignment (dynamic programming,
   one numpy row at a time).
3. `_moved`: children left without a parent take their best parent if it scores
   high even out of order (moved items; a parent may serve several children: splits).
4. `_merges`: a child also takes further parents whose text it largely contains
   (merged items), more readily when they sit next to its first parent.
5. `_structure`: a heading with no textual counterpart takes the parent heading its
   children's counterparts belong to (bodies renamed for the level in `Tổ chức thực hiện`).
6. relations (verbatim / adapted / added), evidence, coverage.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from kehoach.align.similarity import Prepared, Scores, prepare, score, weighted_cover
from kehoach.model.alignment import AlignedPair, Alignment, AlignRelation, Coverage, DocRef, Unit


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner (scores are cosine similarities in [0, 1])."""

    link: float = 0.33
    """An order-preserving link needs at least this score."""
    moved: float = 0.5
    """An out-of-order link (moved item, split item) needs at least this score."""
    moved_fit: float = 0.3
    """… and the child's own words must be at least this much in the parent (not just a heading it quotes)."""
    merge: float = 0.5
    """A further parent of a child (merge) needs at least this score …"""
    merge_near: float = 0.3
    """… or this, when it is next to or a sibling of the child's first parent."""
    merge_contain: float = 0.3
    """… and at least this share of its words must be in the child …"""
    merge_contain_far: float = 0.6
    """A parent neither next to nor a sibling of the first one needs `merge` score or this containment."""
    merge_gain: float = 0.12
    """… and it must explain at least this share of the child's words not explained yet."""
    section_bonus: float = 0.05
    position_bonus: float = 0.04
    heading_penalty: float = 0.15
    """Subtracted when one unit heads children and the other does not."""
    section_penalty: float = 0.3
    """Subtracted when one unit is a Roman section and the other is not (the plan's fixed skeleton)."""
    structure_floor: float = 0.1
    """A heading linked by structure alone needs this score if only one of its children votes for it."""
    verbatim_edits: int = 1
    """At most this many words may differ (level words never) for `verbatim`."""


DEFAULT = AlignOptions()
_STRIP_MARK = re.compile(r"(^|\.)[-+]")


def position_key(unit_id: str) -> str:
    """Numbering position without the bullet marks and annex prefix: `III.1.-1` → `III.1.1`."""
    return _STRIP_MARK.sub(r"\1", unit_id.split(":", 1)[-1])


def _structural(parent: list[Unit], child: list[Unit], opts: AlignOptions) -> np.ndarray:
    """Bonus/penalty matrix from sections, numbering and heading/leaf status."""
    codes: dict[str, int] = {}

    def code(values: list[str]) -> np.ndarray:
        return np.asarray([codes.setdefault(v, len(codes)) if v else -1 - k for k, v in enumerate(values)])

    p_sec = code([u.section or "" for u in parent])
    c_sec = code([u.section or "" for u in child])
    p_pos = code([position_key(u.id) for u in parent])
    c_pos = code([position_key(u.id) for u in child])
    p_head = np.asarray(_heads(parent), dtype=bool)
    c_head = np.asarray(_heads(child), dtype=bool)
    p_top = np.asarray([u.kind == "section" for u in parent], dtype=bool)
    c_top = np.asarray([u.kind == "section" for u in child], dtype=bool)
    out = opts.section_bonus * (c_sec[:, None] == p_sec[None, :])
    out = out + opts.position_bonus * (c_pos[:, None] == p_pos[None, :])
    out = out - opts.heading_penalty * (c_head[:, None] != p_head[None, :])
    return out - opts.section_penalty * (c_top[:, None] != p_top[None, :])


def _heads(units: list[Unit]) -> list[bool]:
    """Whether each unit has outline children among the units."""
    parents = {u.outline_parent for u in units if u.outline_parent}
    return [u.id in parents for u in units]


def _monotone(weights: np.ndarray) -> list[tuple[int, int]]:
    """Order-preserving one-to-one matching maximizing the sum of positive weights."""
    n_c, n_p = weights.shape
    if not n_c or not n_p:
        return []
    table = np.zeros((n_c + 1, n_p + 1))
    for i in range(1, n_c + 1):
        prev = table[i - 1]
        cand = prev.copy()
        np.maximum(cand[1:], prev[:-1] + weights[i - 1], out=cand[1:])
        table[i] = np.maximum.accumulate(cand)
    pairs: list[tuple[int, int]] = []
    i, j = n_c, n_p
    while i > 0 and j > 0:
        w = weights[i - 1, j - 1]
        if w > 0 and table[i, j] == table[i - 1, j - 1] + w:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
        elif table[i, j] == table[i - 1, j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


@dataclass
class _Link:
    parent: int
    score: float
    method: str


def align_units(
    parent_units: list[Unit],
    child_units: list[Unit],
    *,
    parent_ref: DocRef | None = None,
    child_ref: DocRef | None = None,
    scope: str = "body",
    options: AlignOptions = DEFAULT,
) -> Alignment:
    """Align two lists of units (document order) and build the `Alignment`."""
    opts = options
    pp, cp = prepare(parent_units), prepare(child_units)
    sc = score(pp, cp)
    total = sc.cosine + _structural(parent_units, child_units, opts)
    links: dict[int, list[_Link]] = {}

    weights = np.where(total >= opts.link, total - opts.link + 1e-6, -1.0)
    for i, j in _monotone(weights):
        links[i] = [_Link(j, float(sc.cosine[i, j]), "in_order")]

    _moved(links, sc, total, opts)
    _merges(links, pp, cp, sc, total, opts)
    _structure(links, parent_units, child_units, sc, opts)
    return _build(pp, cp, sc, links, parent_ref, child_ref, scope, opts)


def _moved(links: dict[int, list[_Link]], sc: Scores, total: np.ndarray, opts: AlignOptions) -> None:
    """Children the order-preserving pass left alone take a strong parent out of order (moves, splits)."""
    for i in range(total.shape[0]):
        if i in links or not (total[i] >= opts.moved).any():
            continue
        row = np.where(sc.child_in_parent(i) >= opts.moved_fit, total[i], -1.0)
        j = int(np.argmax(row))
        if row[j] >= opts.moved:
            links[i] = [_Link(j, float(sc.cosine[i, j]), "moved")]


def _merges(
    links: dict[int, list[_Link]],
    pp: Prepared,
    cp: Prepared,
    sc: Scores,
    total: np.ndarray,
    opts: AlignOptions,
) -> None:
    """Add further parents a child merges in (many-to-one).

    A further parent must score well (less is asked of a neighbour or sibling of the first
    parent), be largely contained in the child, and explain child words the parents
    found so far do not (`merge_gain`).
    """
    parent = pp.units
    siblings = [u.outline_parent for u in parent]
    p_heads, c_heads = _heads(parent), _heads(cp.units)
    for i, ls in list(links.items()):
        first = ls[0].parent
        order = np.argsort(-total[i])
        for j in order[:6]:
            j = int(j)
            if any(link.parent == j for link in ls) or p_heads[j] != c_heads[i]:
                continue  # a title is always "contained": never merge a heading into a leaf
            s = float(total[i, j])
            near = abs(j - first) == 1 or (siblings[j] is not None and siblings[j] == siblings[first])
            if s < opts.merge_near:
                break  # candidates come best first
            contain = float(sc.parent_in_child[i, j])
            if contain < opts.merge_contain:
                continue
            if not near and s < opts.merge and contain < opts.merge_contain_far:
                continue
            have = [pp.features[link.parent] for link in ls]
            gain = weighted_cover(cp.features[i], [*have, pp.features[j]], sc.idf) - weighted_cover(
                cp.features[i], have, sc.idf
            )
            if gain >= opts.merge_gain:
                ls.append(_Link(j, float(sc.cosine[i, j]), "merge"))


def _structure(
    links: dict[int, list[_Link]], parent: list[Unit], child: list[Unit], sc: Scores, opts: AlignOptions
) -> None:
    """Link unlinked child headings to the parent unit(s) their children's counterparts come from.

    A parent heading gets one vote per child unit linked to one of its children; it is taken
    with two votes from at least half of the heading's children. A childless parent item
    whose text became a bullet of this heading (a split) is taken on one vote if the
    heading's own words agree a little (`structure_floor`).
    """
    p_index = {u.id: j for j, u in enumerate(parent)}
    p_heads = _heads(parent)
    kids: dict[str, list[int]] = {}
    for i, u in enumerate(child):
        if u.outline_parent:
            kids.setdefault(u.outline_parent, []).append(i)
    for i, u in enumerate(child):
        if i in links or u.id not in kids:
            continue
        votes: Counter[int] = Counter()
        splits: set[int] = set()
        for k in kids[u.id]:
            heads: set[int] = set()
            for link in links.get(k, []):
                q = parent[link.parent]
                if p_heads[link.parent]:
                    continue
                if q.outline_parent in p_index:
                    heads.add(p_index[q.outline_parent])
                if q.kind not in ("bullet", "plus") and q.outline_parent == q.section:
                    splits.add(link.parent)
            votes.update(heads)
        n_kids = len(kids[u.id])
        chosen = [
            j for j, n in votes.items() if n >= 2 and 2 * n >= n_kids and parent[j].section == u.section
        ]
        chosen += [
            j for j in splits if sc.cosine[i, j] >= opts.structure_floor and parent[j].section == u.section
        ]
        if chosen:
            chosen = sorted(set(chosen), key=lambda j: (-votes[j], -sc.cosine[i, j]))
            links[i] = [_Link(j, float(sc.cosine[i, j]), "structure") for j in chosen]


def _build(
    pp: Prepared,
    cp: Prepared,
    sc: Scores,
    links: dict[int, list[_Link]],
    parent_ref: DocRef | None,
    child_ref: DocRef | None,
    scope: str,
    opts: AlignOptions,
) -> Alignment:
    parent, child = pp.units, cp.units
    pairs: list[AlignedPair] = []
    relations: Counter[str] = Counter()
    own_words = all_words = 0
    for i, u in enumerate(child):
        ls = links.get(i, [])
        ls_sorted = sorted(ls, key=lambda link: link.parent)
        if not ls:
            relation: AlignRelation = "added"
            pair = AlignedPair(child_id=u.id, relation=relation)
            own_words += len(cp.folded[i])
        else:
            js = [link.parent for link in ls_sorted]
            relation = _relation(cp, pp, i, js, opts)
            ev = evidence(cp, i, [(pp, j) for j in js])
            own_words += ev.own
            pair = AlignedPair(
                child_id=u.id,
                parent_ids=[parent[j].id for j in js],
                relation=relation,
                score=round(max(link.score for link in ls), 4),
                method=ls[0].method if len(ls) == 1 else "+".join(dict.fromkeys(link.method for link in ls)),
                shared=ev.shared,
                changed=ev.changed,
                substitutions=ev.substitutions,
            )
        all_words += len(cp.folded[i])
        relations[relation] += 1
        pairs.append(pair)

    kept = {q for p in pairs for q in p.parent_ids}
    omitted = [u.id for u in parent if u.id not in kept]
    by_section: dict[str, list[int]] = {}
    for u in parent:
        sec = u.section or u.id
        tally = by_section.setdefault(sec, [0, 0])
        tally[0] += u.id in kept
        tally[1] += 1
    coverage = Coverage(
        overall=round(len(kept) / len(parent), 4) if parent else 0.0,
        by_section={sec: round(k / n, 4) for sec, (k, n) in by_section.items()},
        child_own_share=round(own_words / all_words, 4) if all_words else 0.0,
        parent_units=len(parent),
        child_units=len(child),
        kept=len(kept),
        relations={r: relations.get(r, 0) for r in ("verbatim", "adapted", "added")},
    )
    return Alignment(
        parent=parent_ref or DocRef(),
        child=child_ref or DocRef(),
        scope=scope,  # type: ignore[arg-type]
        units={"parent": parent, "child": child},
        pairs=pairs,
        omitted=omitted,
        coverage=coverage,
    )


def _relation(cp: Prepared, pp: Prepared, i: int, js: list[int], opts: AlignOptions) -> AlignRelation:
    """`verbatim`: one parent, at most `verbatim_edits` words differ and the same levels are named."""
    if len(js) != 1:
        return "adapted"
    j = js[0]
    a, b = pp.folded[j], cp.folded[i]
    if a == b:
        return "verbatim"
    if pp.levels[j] != cp.levels[i]:
        return "adapted"  # a level substitution is an adaptation
    if min(len(a), len(b)) < 6:
        return "adapted"
    if Levenshtein.distance(a, b, score_cutoff=opts.verbatim_edits + 1) > opts.verbatim_edits:
        return "adapted"
    return "verbatim"


@dataclass
class Evidence:
    shared: list[str]
    changed: list[str]
    substitutions: list[str]
    own: int
    """Child words with no counterpart in the parents."""


def evidence(cp: Prepared, i: int, parents: list[tuple[Prepared, int]], limit: int = 12) -> Evidence:
    """Shared phrases, changed words and level substitutions between a child unit and its parents."""
    b = cp.folded[i]
    b_show = cp.display[i]
    b_level = cp.level[i]
    a: list[str] = []
    a_show: list[str] = []
    a_level: list[bool] = []
    for prep, j in parents:
        a += prep.folded[j]
        a_show += prep.display[j]
        a_level += prep.level[j]
    shared: list[str] = []
    changed: list[str] = []
    subs: list[str] = []
    matched = 0
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            matched += j2 - j1
            if j2 - j1 >= 2:
                shared.append(" ".join(b_show[j1:j2]))
            continue
        old = " ".join(a_show[i1:i2])
        new = " ".join(b_show[j1:j2])
        if old and new and (any(a_level[i1:i2]) or any(b_level[j1:j2])):
            subs.append(f"{old} → {new}")
        elif old and new:
            changed.append(f"{old} → {new}")
        elif new:
            changed.append(f"+ {new}")
        else:
            changed.append(f"− {old}")
    return Evidence(
        shared=sorted(shared, key=len, reverse=True)[:limit],
        changed=changed[:limit],
        substitutions=list(dict.fromkeys(subs))[:limit],
        own=len(b) - matched,
    )


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Word-level opcodes; an insert next to a delete is reported as one replace."""
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b)]
    return _pair_replaces(ops)


def _pair_replaces(ops: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if out and {out[-1][0], op[0]} == {"insert", "delete"}:
            prev = out.pop()
            out.append(
                (
                    "replace",
                    min(prev[1], op[1]),
                    max(prev[2], op[2]),
                    min(prev[3], op[3]),
                    max(prev[4], op[4]),
                )
            )
        else:
            out.append(op)
    return out
