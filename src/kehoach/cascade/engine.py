"""Which document implements which: explicit citations first, text reuse second.

Three stages, so the Spark job can run the middle one distributed and reuse the others:
1. `prepare`: boilerplate learned from the corpus, content shingles, MinHash signatures;
2. `text_candidates`: LSH candidate pairs, filtered by the constraints (a parent dated no
   later and at the same or a higher level), the best `top_k` per document by shared bands,
   each scored by the IDF-weighted cosine of the two shingle sets (boilerplate weighs 0);
3. `decide`: version groups, explicit citations resolved (else placeholders), then for the
   documents left without a parent the best text candidate, with the sibling rule (a
   candidate at the child's own level whose parent is also a candidate of the child is a
   sibling: its parent is taken), checked with the aligner's coverage when units are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from kehoach.cascade.model import Cascade, CascadeEdge, CascadeNode
from kehoach.cascade.parallel import fork_map
from kehoach.cascade.profile import Citation, Profile
from kehoach.cascade.resolve import Resolver
from kehoach.cascade.textsim import (
    Boilerplate,
    candidate_pairs,
    in_sorted,
    minhash,
    top_pairs,
    weighted_cosine_mask,
)
from kehoach.cascade.versions import group_versions, jaccard
from kehoach.identity import split_key
from kehoach.levels import LABELS, REFORM_DATE, allowed, level_of, rank


@dataclass(frozen=True)
class CascadeOptions:
    use_citations: bool = True
    """Resolve the preamble's citations (off: text evidence alone, for measurement)."""
    use_text: bool = True
    """Look for a parent in the text of documents the citations leave without one."""
    top_k: int = 12
    """Candidates scored per document (best by shared LSH bands, after the constraints)."""
    min_score: float = 0.08
    """Weighted cosine a text parent needs at least."""
    sibling_ratio: float = 0.6
    """A sibling's parent is taken when it scores at least this share of the sibling's score."""
    min_coverage: float = 0.2
    """Aligner coverage of the parent a text parent needs at least (when the aligner runs)."""
    align: bool = True
    """Measure coverage with the aligner (needs units kept in the profiles)."""
    workers: int = 1
    """Processes for signatures and verification on a large corpus (forked; same result with 1)."""


DEFAULT = CascadeOptions()


@dataclass
class Prepared:
    """What the text stages need beyond the profiles, a few bytes per shingle.

    Per document only each shingle's document frequency is kept (0 for boilerplate, uint16):
    the IDF weights (`weights`) and the content shingles (`content`) are read from it when a
    pair is verified, instead of two more arrays per document (float64 weights alone were
    four times the shingles).
    """

    boiler: Boilerplate
    frequencies: list[np.ndarray]  # per document: each shingle's document frequency, 0 when boilerplate
    signatures: np.ndarray
    n_content: np.ndarray  # per document: how many of its shingles are content
    table: np.ndarray = field(init=False, repr=False)  # IDF weight of a frequency

    def __post_init__(self) -> None:
        self.table = self.boiler.weight_table()

    def weights(self, idx: int) -> np.ndarray:
        """IDF weight of each shingle of document `idx` (boilerplate 0)."""
        return self.table[self.frequencies[idx]]

    def content(self, p: Profile) -> np.ndarray:
        """The document's shingles that are not boilerplate (sorted)."""
        return p.shingles[self.frequencies[p.idx] > 0]


@dataclass(slots=True)
class Candidate:
    parent: int
    bands: int
    score: float
    shared: int
    cover: float = 0.0  # share of the parent's content shingles found in the child


@dataclass
class Meta:
    """Per-document arrays the constraints are checked on, vectorised."""

    dmin: np.ndarray
    dmax: np.ndarray
    rank: np.ndarray  # nan when unknown
    district: np.ndarray
    bloc: np.ndarray

    @classmethod
    def of(cls, profiles: Sequence[Profile]) -> Meta:
        lo, hi = zip(*(_date_range(p.date) for p in profiles), strict=True) if profiles else ((), ())
        ranks = [rank(p.level) for p in profiles]
        return cls(
            np.asarray(lo, dtype=np.int64),
            np.asarray(hi, dtype=np.int64),
            np.asarray([np.nan if r is None else r for r in ranks], dtype=float),
            np.asarray([p.level == "district" for p in profiles], dtype=bool),
            np.asarray([p.level == "bloc" for p in profiles], dtype=bool),
        )

    def allowed(self, child: np.ndarray, parent: np.ndarray) -> np.ndarray:
        ok = self.dmin[parent] <= self.dmax[child]
        pr, cr = self.rank[parent], self.rank[child]
        ok &= np.isnan(pr) | np.isnan(cr) | (pr <= cr)
        ok &= ~(self.district[parent] & (self.dmin[child] >= _REFORM))
        ok &= ~(self.bloc[parent] & self.district[child])
        return ok


_REFORM = int(REFORM_DATE.replace("-", ""))


def _date_range(date: str | None) -> tuple[int, int]:
    if not date:
        return 0, 99999999
    parts = [int(x) for x in date.split("-") if x.isdigit()]
    if not parts:
        return 0, 99999999
    y, m, d = (parts + [0, 0])[:3]
    lo = y * 10000 + (m or 1) * 100 + (d or 1)
    hi = y * 10000 + (m or 12) * 100 + (d or 31)
    return lo, hi


def prepare(profiles: Sequence[Profile], workers: int = 1) -> Prepared:
    """Boilerplate from the corpus, then each document's content shingles and signature."""
    boiler = Boilerplate.learn([p.shingles for p in profiles])
    done = fork_map(_signatures, ([p.shingles for p in profiles], boiler), len(profiles), workers)
    freqs = [f for f, _ in done]
    sigs = [s for _, s in done]
    del done
    return Prepared(
        boiler,
        freqs,
        np.stack(sigs) if sigs else np.zeros((0, 128), dtype=np.uint32),
        np.asarray([int(np.count_nonzero(f)) for f in freqs], dtype=np.int64),
    )


def _signatures(
    state: tuple[list[np.ndarray], Boilerplate], start: int, stop: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(shingle frequencies, MinHash signature of the content) of documents `start:stop`."""
    shingle_sets, boiler = state
    out = []
    for s in shingle_sets[start:stop]:
        f = boiler.frequencies(s)
        out.append((f, minhash(s[f > 0])))
    return out


def text_candidates(
    profiles: Sequence[Profile], prep: Prepared, options: CascadeOptions = DEFAULT
) -> tuple[dict[int, list[Candidate]], np.ndarray]:
    """Scored text candidates per document, and the near-duplicate pairs (for versions)."""
    pairs, counts = candidate_pairs(prep.signatures)  # each unordered pair once
    near = pairs[counts >= 12]  # ≈ Jaccard ≥ 0.4: checked exactly in versions
    top = top_pairs(Meta.of(profiles).allowed, pairs, counts, len(profiles), options.top_k)
    del pairs, counts
    scored = fork_map(_score_children, (profiles, prep, *top), len(top[0]), options.workers)
    return dict(scored), near


def _score_children(
    state: tuple[Sequence[Profile], Prepared, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    start: int,
    stop: int,
) -> list[tuple[int, list[Candidate]]]:
    """Verification of the candidates of children `start:stop` (of `top_pairs`' output), best first."""
    profiles, prep, children, offsets, parents, bands = state
    out = []
    for k in range(start, stop):
        child, a, b = int(children[k]), int(offsets[k]), int(offsets[k + 1])
        c_sh, c_w = profiles[child].shingles, prep.weights(child)
        scored = [verify(profiles[parent].shingles, prep.weights(parent), int(prep.n_content[parent]), c_sh, c_w,
                         parent, n) for parent, n in zip(parents[a:b].tolist(), bands[a:b].tolist(), strict=True)]  # fmt: skip
        out.append((child, sorted(scored, key=lambda x: (-x.score, x.parent))))
    return out


def score_pair(p_sh: np.ndarray, p_w: np.ndarray, p_content: np.ndarray, c_sh: np.ndarray, c_w: np.ndarray,
               c_content: np.ndarray, parent: int, bands: int) -> Candidate:  # fmt: skip
    """Verification of one candidate from both documents' arrays (the Spark job's form of `verify`)."""
    return verify(p_sh, p_w, len(p_content), c_sh, c_w, parent, bands)


def verify(p_sh: np.ndarray, p_w: np.ndarray, p_n_content: int, c_sh: np.ndarray, c_w: np.ndarray, parent: int,
           bands: int) -> Candidate:  # fmt: skip
    """Verification of one candidate: weighted cosine, shingles shared, the parent's content the child keeps."""
    hit = in_sorted(p_sh, c_sh)
    s, shared = weighted_cosine_mask(hit, p_w, c_w)
    # a shared shingle is content in both or boilerplate in both (its frequency is the corpus's):
    # the parent's content kept by the child = the shared shingles of non-zero weight
    cover = int((hit & (p_w > 0)).sum()) / p_n_content if p_n_content else 0.0
    return Candidate(parent, bands, round(s, 4), shared, round(cover, 4))


# -- decisions ----------------------------------------------------------------------------


@dataclass
class Override:
    """A person's decision: `child` has `parent` (confirm / set), or does not (`reject`)."""

    child: str  # node id or source path of the child
    parent: str | None
    action: str  # confirm | reject | set
    relation: str = "implements"
    note: str | None = None


@dataclass
class _State:
    profiles: Sequence[Profile]
    head: dict[int, int]
    ids: list[str]
    cascade: Cascade = field(default_factory=Cascade)
    parents: dict[int, list[int]] = field(default_factory=dict)  # in-corpus parents, by profile index
    members: dict[int, list[int]] = field(default_factory=dict)  # final version → its versions
    # unresolved blank-number citations
    blank: dict[int, list[tuple[Citation, str]]] = field(default_factory=dict)
    edge_at: dict[tuple[str, str], CascadeEdge] = field(default_factory=dict)  # (child id, parent id) → edge
    has_parent: set[int] = field(default_factory=set)  # children with at least one edge

    def __post_init__(self) -> None:
        for i, h in self.head.items():
            self.members.setdefault(h, []).append(i)


def node_ids(profiles: Sequence[Profile]) -> list[str]:
    """Unique node ids: the document's own key when unique, else `doc:<file stem>`."""
    seen: dict[str, int] = {}
    for p in profiles:
        if p.key:
            seen[p.key] = seen.get(p.key, 0) + 1
    ids: list[str] = []
    taken: set[str] = set()
    for p in profiles:
        nid = p.key if p.key and seen[p.key] == 1 else f"doc:{p.stem}"
        base, n = nid, 2
        while nid in taken:
            nid, n = f"{base}-{n}", n + 1
        taken.add(nid)
        ids.append(nid)
    return ids


def decide(
    profiles: Sequence[Profile],
    candidates: dict[int, list[Candidate]],
    near_pairs: np.ndarray,
    options: CascadeOptions = DEFAULT,
    overrides: Sequence[Override] = (),
    coverage: Callable[[Profile, Profile], tuple[float, list[str]] | None] | None = None,
    jaccards: dict[tuple[int, int], float] | None = None,
    *,
    apply_manual: bool = True,
) -> Cascade:
    """The cascade from profiles and their text candidates (see the module docstring).

    `coverage` measures a parent kept by a child (the aligner, or shingles); without it a text
    parent is checked on its candidate's `cover`. `jaccards` (pair → Jaccard) spares the
    version grouping the shingles (the Spark job computes them on its workers).
    `apply_manual=False`: the decisions still steer the search (a child whose parent was set is
    left alone, a rejected candidate is passed over) but their edges are not added: the
    automatic cascade a store keeps, the decisions laid on it when read (`apply_overrides`).
    """
    head = group_versions(profiles, near_pairs, jaccards)
    st = _State(profiles, head, node_ids(profiles))
    for p, nid in zip(profiles, st.ids, strict=True):
        st.cascade.nodes[nid] = CascadeNode(
            id=nid, source_path=p.path, number_symbol=p.number_symbol, doc_type=p.doc_type, issuer=p.issuer,
            date=p.date, title=p.title, level=p.level, idx=p.idx, doc_id=p.doc_id,
            version_of=st.ids[head[p.idx]] if head[p.idx] != p.idx else None,
        )  # fmt: skip
    manual = _index_overrides(overrides, st)
    if options.use_citations:
        _explicit(st, manual)
    if options.use_text:
        _textual(st, candidates, options, manual, coverage)
    for child, blanks in st.blank.items():
        if child not in st.has_parent:
            for c, quote in blanks:
                _placeholder(st, child, c, quote, {})
    if apply_manual:
        _apply_manual(st.cascade, {st.ids[child]: ovs for child, ovs in manual.items()})
    if coverage is not None:
        _measure(st, coverage)
    return st.cascade


def _index_overrides(overrides: Sequence[Override], st: _State) -> dict[int, list[Override]]:
    by_ref: dict[str, int] = {}
    for p, nid in zip(st.profiles, st.ids, strict=True):
        by_ref[nid] = p.idx
        if p.path:
            by_ref[p.path] = p.idx
        if p.doc_id is not None:
            by_ref[f"#{p.doc_id}"] = p.idx
    out: dict[int, list[Override]] = {}
    for o in overrides:
        if o.child in by_ref:
            parent = st.ids[st.head[by_ref[o.parent]]] if o.parent in by_ref else o.parent
            out.setdefault(st.head[by_ref[o.child]], []).append(replace(o, parent=parent))
    return out


def _add_edge(st: _State, child: int, parent_id: str, relation: str, conf: float, evidence: list[str],
              source: str, parent_idx: int | None = None) -> None:  # fmt: skip
    cid = st.ids[child]
    e = st.edge_at.get((cid, parent_id))
    if e is not None:
        if relation == "implements" and e.relation != "implements":
            e.relation = relation
        e.confidence = max(e.confidence, conf)
        e.evidence += [x for x in evidence if x not in e.evidence]
        return
    st.edge_at[(cid, parent_id)] = edge = CascadeEdge(cid, parent_id, relation, conf, evidence, source)
    st.cascade.edges.append(edge)
    st.has_parent.add(child)
    if parent_idx is not None:
        st.parents.setdefault(child, []).append(parent_idx)


def _explicit(st: _State, manual: dict[int, list[Override]]) -> None:
    resolver = Resolver(st.profiles)
    cited_years: dict[str, set[str]] = {}
    for p in st.profiles:
        for c in p.citations:
            base, year = split_key(c.key)
            if c.kind == "numbered" and year:
                cited_years.setdefault(base.casefold(), set()).add(year)
    for p in st.profiles:
        if st.head[p.idx] != p.idx:
            continue  # a draft's citations are its final version's business
        if any(o.action == "set" for o in manual.get(p.idx, [])):
            continue
        for c in _citations_of_group(st, p.idx):
            m = resolver.resolve(c, p)
            quote = f"Trích dẫn: «{_short(c.sentence)}»"
            if m is not None:
                target = st.head[m.idx]
                t = st.profiles[target]
                if target == p.idx:
                    continue
                if allowed(t.level, t.date, p.level, p.date):
                    evidence = [quote, f"Tìm thấy trong tập: {m.how}"]
                    if target != m.idx:
                        evidence.append(f"Trích dẫn bản {st.ids[m.idx]}, gộp vào bản cuối {st.ids[target]}")
                    _add_edge(
                        st, p.idx, st.ids[target], c.relation, m.confidence, evidence, "citation", target
                    )
                    continue
            if c.kind == "incomplete" or resolver.ambiguous:  # the text may find the document meant
                st.blank.setdefault(p.idx, []).append((c, quote))
                continue
            _placeholder(st, p.idx, c, quote, cited_years)


def _citations_of_group(st: _State, idx: int) -> list[Citation]:
    """The final version's citations, else those of its drafts (a final copy may lose its preamble)."""
    own = st.profiles[idx].citations
    if own:
        return own
    for i in st.members.get(idx, []):
        if i != idx and st.profiles[i].citations:
            return st.profiles[i].citations
    return []


def _placeholder(st: _State, child: int, c: Citation, quote: str, cited_years: dict[str, set[str]]) -> None:
    key = c.key
    if c.kind == "incomplete":
        key = f"{c.key}#{st.ids[child]}"  # a blank number names nothing shared
    elif c.kind == "numbered":
        base, year = split_key(key)
        years = cited_years.get(base.casefold(), set())
        if year is None and len(years) == 1:
            key = f"{base}@{next(iter(years))}"
    node = st.cascade.nodes.get(key)
    if node is None:
        node = CascadeNode(
            id=key, source_path=None, number_symbol=c.number_symbol, doc_type=c.doc_type, issuer=c.issuer,
            date=c.date, title=c.about, level=level_of(c.issuer, None, c.symbol, c.date), missing=True,
        )  # fmt: skip
        st.cascade.nodes[key] = node
    elif node.missing:
        if c.date and (node.date is None or len(c.date) > len(node.date)):
            node.date = c.date
        node.issuer = node.issuer or c.issuer
        node.title = node.title or c.about
        node.doc_type = node.doc_type or c.doc_type
    conf = 0.9 if c.kind == "numbered" else 0.6
    _add_edge(
        st, child, key, c.relation, conf, [quote, "Văn bản được trích dẫn không có trong tập"], "citation"
    )


def _textual(
    st: _State,
    candidates: dict[int, list[Candidate]],
    options: CascadeOptions,
    manual: dict[int, list[Override]],
    coverage: Callable[[Profile, Profile], tuple[float, list[str]] | None] | None,
) -> None:
    order = sorted(
        (p for p in st.profiles if st.head[p.idx] == p.idx),
        key=lambda p: (rank(p.level) if rank(p.level) is not None else 9, p.date or "9999", p.idx),
    )
    for p in order:
        child = p.idx
        if child not in st.blank and child in st.has_parent:
            continue
        if any(o.action == "set" for o in manual.get(child, [])):
            continue
        rejected = {o.parent for o in manual.get(child, []) if o.action == "reject"}
        cands = _group_candidates(st, child, candidates, rejected)
        if not cands:
            continue
        best = cands[0]
        why: list[str] = []
        sibling = _sibling_parent(st, child, best, cands, options)
        if sibling is not None:
            why.append(
                f"{st.ids[best.parent]} cùng cấp, cùng văn bản cấp trên: là văn bản ngang cấp, không phải cấp trên"
            )
            best = sibling
        if best.score < options.min_score:
            continue
        parent = st.profiles[best.parent]
        cov = coverage(parent, p) if coverage is not None else None
        if cov is None:
            cov = (best.cover, [])
        if cov[0] < options.min_coverage:
            continue
        second = next((c.score for c in cands if c.parent != best.parent), 0.0)
        conf = min(0.9, 0.35 + best.score * 0.6 + (best.score - second) * 0.8)
        evidence = [
            f"Không có trích dẫn văn bản cấp trên trong tập; trùng lặp văn bản: {best.score:.2f} "
            f"({best.shared} cụm 4 từ chung, đã trừ câu chữ chung của mọi văn bản)",
            f"Cấp: {LABELS.get(parent.level or '', '?')} → {LABELS.get(p.level or '', '?')}; "
            f"ngày {parent.date or '?'} ≤ {p.date or '?'}",
            *why,
        ]
        if second:
            evidence.append(f"Ứng viên kế tiếp: {second:.2f}")
        for c, quote in st.blank.get(child, []):
            agree = (c.symbol and parent.symbol and c.symbol.casefold() == parent.symbol.casefold()) and (
                not c.date
                or not parent.date
                or parent.date.startswith(c.date)
                or c.date.startswith(parent.date)
            )
            evidence.insert(
                0, f"Trích dẫn số để trống: «{_short(quote)}»" + ("; ký hiệu và ngày khớp" if agree else "")
            )
            if agree:
                conf = min(0.95, conf + 0.2)
        edge_cov = None
        if cov is not None:
            edge_cov = cov[0]
            evidence.append(f"Độ bao phủ văn bản cấp trên: {cov[0]:.0%}")
            evidence += [f"Đoạn chung: «{_short(s, 120)}»" for s in cov[1][:3]]
        _add_edge(st, child, st.ids[best.parent], "implements", round(conf, 3), evidence, "text", best.parent)
        st.cascade.edges[-1].coverage = edge_cov


def _group_candidates(
    st: _State, child: int, candidates: dict[int, list[Candidate]], rejected: set
) -> list[Candidate]:
    """The child's candidates mapped to final versions, its own group and rejected parents left out."""
    seen: dict[int, Candidate] = {}
    for i in st.members.get(child, [child]):
        for c in candidates.get(i, []):
            target = st.head[c.parent]
            if target == child or st.ids[target] in rejected or _is_descendant(st, target, child):
                continue
            if target not in seen or c.score > seen[target].score:
                seen[target] = Candidate(target, c.bands, c.score, c.shared, c.cover)
    return sorted(seen.values(), key=lambda c: (-c.score, c.parent))


def _is_descendant(st: _State, node: int, ancestor: int, depth: int = 0) -> bool:
    if depth > 20:
        return False
    return any(q == ancestor or _is_descendant(st, q, ancestor, depth + 1) for q in st.parents.get(node, []))


def _sibling_parent(st: _State, child: int, best: Candidate, cands: list[Candidate],
                    options: CascadeOptions) -> Candidate | None:  # fmt: skip
    """When the best candidate sits at the child's level and its own parent is a good candidate too."""
    c_rank, b_rank = rank(st.profiles[child].level), rank(st.profiles[best.parent].level)
    if c_rank is None or b_rank is None or b_rank < c_rank:
        return None
    for q in st.parents.get(best.parent, []):
        hit = next((c for c in cands if c.parent == q), None)
        if hit is not None and hit.score >= options.sibling_ratio * best.score:
            return hit
    return None


def _apply_manual(cascade: Cascade, manual: dict[str, list[Override]]) -> None:
    """A person's decisions over the edges: child node id → its decisions (parents as node ids)."""
    for cid, overrides in manual.items():
        for o in overrides:
            if o.action == "reject":
                cascade.edges = [e for e in cascade.edges if not (e.child == cid and e.parent == o.parent)]
            elif o.action in ("set", "confirm") and o.parent:
                if o.action == "set":
                    cascade.edges = [e for e in cascade.edges if e.child != cid or e.source == "manual"]
                note = f"Xác nhận thủ công{': ' + o.note if o.note else ''}"
                existing = next((e for e in cascade.edges if e.child == cid and e.parent == o.parent), None)
                if existing is not None:
                    existing.confidence, existing.source = 1.0, "manual"
                    existing.evidence.insert(0, note)
                else:
                    if o.parent not in cascade.nodes:
                        continue
                    cascade.edges.append(CascadeEdge(cid, o.parent, o.relation, 1.0, [note], "manual"))


def apply_overrides(cascade: Cascade, overrides: Sequence[Override]) -> Cascade:
    """Lay a person's decisions on a cascade made without them applied (`decide(apply_manual=False)`),
    e.g. one read back from a store: the same edges as `decide` with them (children and parents
    named by node id, source path or `#<store id>`, drafts standing for their final version).
    A parent rejected after the cascade was made leaves its child without one until the next run
    looks for another."""
    by_ref: dict[str, CascadeNode] = {}
    for n in cascade.nodes.values():
        if n.missing:
            continue
        by_ref[n.id] = n
        if n.source_path:
            by_ref[n.source_path] = n
        if n.doc_id is not None:
            by_ref[f"#{n.doc_id}"] = n

    def head(n: CascadeNode) -> str:
        return n.version_of if n.version_of in cascade.nodes else n.id

    manual: dict[str, list[Override]] = {}
    for o in overrides:
        if o.child in by_ref:
            parent = head(by_ref[o.parent]) if o.parent in by_ref else o.parent
            manual.setdefault(head(by_ref[o.child]), []).append(replace(o, parent=parent))
    _apply_manual(cascade, manual)
    return cascade


def _measure(st: _State, coverage: Callable[[Profile, Profile], tuple[float, list[str]] | None]) -> None:
    """Coverage on explicit edges between two documents of the corpus."""
    by_id = {nid: i for i, nid in enumerate(st.ids)}
    for e in st.cascade.edges:
        if e.coverage is not None or e.parent not in by_id:
            continue
        cov = coverage(st.profiles[by_id[e.parent]], st.profiles[by_id[e.child]])
        if cov is not None:
            e.coverage = cov[0]
            e.evidence.append(f"Độ bao phủ văn bản cấp trên: {cov[0]:.0%}")


def _short(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def aligner_coverage(parent: Profile, child: Profile) -> tuple[float, list[str]] | None:
    """The aligner's coverage of the parent's units by the child's, and the longest shared phrases."""
    if not parent.units or not child.units:
        return None
    from kehoach.align import align_units

    al = align_units(parent.units, child.units)
    shared = sorted((s for pr in al.pairs for s in pr.shared), key=len, reverse=True)
    return al.coverage.overall, shared


def shingle_coverage(prep: Prepared) -> Callable[[Profile, Profile], tuple[float, list[str]] | None]:
    """A cheap stand-in for the aligner at scale: share of the parent's content shingles in the child."""

    def cov(parent: Profile, child: Profile) -> tuple[float, list[str]] | None:
        a = prep.content(parent)
        if not len(a):
            return None
        return int(in_sorted(a, prep.content(child)).sum()) / len(a), []

    return cov


def build_cascade(
    profiles: Sequence[Profile],
    options: CascadeOptions = DEFAULT,
    overrides: Sequence[Override] = (),
    *,
    apply_manual: bool = True,
) -> Cascade:
    """The local engine: the whole corpus in this process (`apply_manual`: see `decide`)."""
    prep = prepare(profiles, options.workers)
    cands, near = text_candidates(profiles, prep, options)
    keep_units = all(p.units is not None for p in profiles)
    cover = aligner_coverage if (options.align and keep_units) else None
    cascade = decide(profiles, cands, near, options, overrides, cover, apply_manual=apply_manual)
    if cover is None:
        _measure_edges(cascade, shingle_coverage(prep), profiles)
    return cascade


def _measure_edges(cascade: Cascade, coverage: Callable, profiles: Sequence[Profile]) -> None:
    """Coverage on the edges between two documents of the corpus not measured yet."""
    by_id = {n.id: n.idx for n in cascade.nodes.values() if n.idx is not None}
    for e in cascade.edges:
        if e.coverage is None and e.parent in by_id and e.child in by_id:
            cov = coverage(profiles[by_id[e.parent]], profiles[by_id[e.child]])
            if cov is not None:
                e.coverage = round(cov[0], 4)
                e.evidence.append(f"Độ bao phủ văn bản cấp trên (ước lượng theo cụm từ): {cov[0]:.0%}")


__all__ = [
    "DEFAULT",
    "CascadeOptions",
    "Override",
    "apply_overrides",
    "build_cascade",
    "decide",
    "jaccard",
    "prepare",
]
