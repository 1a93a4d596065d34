"""Text similarity between units: TF-IDF cosine and containment on folded, level-mapped words.

Features are the words and word pairs of each unit after `vocab.tokenize` (folded, with
level and audience phrases replaced by class tokens). IDF is taken over the units of both
documents, so the boilerplate every item repeats (`xây dựng Đảng, xây dựng hệ thống chính
trị`) weighs little. All pairwise scores come from two sparse matrix products.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from scipy import sparse

from kehoach.align.vocab import tokenize_many
from kehoach.model.alignment import Unit


@dataclass
class Prepared:
    """One document's units with their words and features."""

    units: list[Unit]
    folded: list[list[str]] = field(default_factory=list)
    mapped: list[list[str]] = field(default_factory=list)
    level: list[list[bool]] = field(default_factory=list)
    levels: list[list[str]] = field(default_factory=list)
    display: list[list[str]] = field(default_factory=list)
    """Words as printed, for evidence (same count as `folded`)."""
    features: list[Counter[str]] = field(default_factory=list)


def features_of(mapped: list[str]) -> Counter[str]:
    """Words and adjacent word pairs."""
    return Counter([*mapped, *map(" ".join, zip(mapped, mapped[1:], strict=False))])


def prepare(units: list[Unit]) -> Prepared:
    """Tokenize every unit once."""
    prep = Prepared(units=units)
    for folded, mapped, level, levels, shown in tokenize_many([u.text for u in units]):
        prep.folded.append(folded)
        prep.mapped.append(mapped)
        prep.level.append(level)
        prep.levels.append(levels)
        prep.display.append(shown)
        prep.features.append(features_of(mapped))
    return prep


@dataclass
class Scores:
    """Pairwise scores, rows = child units, columns = parent units."""

    cosine: np.ndarray
    parent_in_child: np.ndarray
    """Share of the parent unit's (idf-weighted) features found in the child unit."""
    idf: dict[str, float]
    child_weight: sparse.csr_matrix
    parent_presence: sparse.csr_matrix

    def child_in_parent(self, i: int) -> np.ndarray:
        """Share of child unit `i`'s (idf-weighted) features found in each parent unit (computed on demand)."""
        return (self.child_weight[i] @ self.parent_presence.T).toarray().ravel()


def score(parent: Prepared, child: Prepared) -> Scores:
    """TF-IDF cosine and parent-in-child containment for every (child, parent) pair."""
    docs = parent.features + child.features
    vocab = {f: k for k, f in enumerate(dict.fromkeys(chain.from_iterable(docs)))}
    cols: list[int] = []
    tfs: list[int] = []
    indptr = [0]
    for feats in docs:
        cols.extend(map(vocab.__getitem__, feats))
        tfs.extend(feats.values())
        indptr.append(len(cols))
    col_arr = np.asarray(cols, dtype=np.int64)
    df = np.bincount(col_arr, minlength=len(vocab))
    idf_arr = np.log((1 + len(docs)) / (1 + df)) + 1.0
    w_idf = idf_arr[col_arr]
    tf = 1.0 + np.log(np.asarray(tfs, dtype=np.float64))
    ptr = np.asarray(indptr, dtype=np.int64)
    shape_all = (len(docs), len(vocab))
    tfidf = _row_normalize(sparse.csr_matrix((tf * w_idf, col_arr, ptr), shape=shape_all), squared=True)
    presence = sparse.csr_matrix((np.ones(len(col_arr)), col_arr, ptr), shape=shape_all)
    weight = _row_normalize(sparse.csr_matrix((w_idf, col_arr, ptr), shape=shape_all), squared=False)
    n_p = len(parent.features)
    cosine = (tfidf[n_p:] @ tfidf[:n_p].T).toarray()
    parent_in_child = (presence[n_p:] @ weight[:n_p].T).toarray()
    idf = dict(zip(vocab, idf_arr.tolist(), strict=True))
    return Scores(
        cosine=cosine,
        parent_in_child=parent_in_child,
        idf=idf,
        child_weight=weight[n_p:],
        parent_presence=presence[:n_p].tocsr(),
    )


def _row_normalize(m: sparse.csr_matrix, *, squared: bool) -> sparse.csr_matrix:
    """Rows scaled to unit L2 norm (`squared`) or unit sum."""
    sums = np.asarray((m.multiply(m) if squared else m).sum(axis=1)).ravel()
    norms = np.sqrt(sums) if squared else sums
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def weighted_cover(
    child_feats: Counter[str], parent_feats: list[Counter[str]], idf: dict[str, float]
) -> float:
    """Share of the child's idf weight found in the union of some parents' features."""
    total = sum(idf.get(f, 1.0) for f in child_feats)
    if not total:
        return 0.0
    union: set[str] = set()
    for p in parent_feats:
        union.update(p)
    found = sum(idf.get(f, 1.0) for f in union.intersection(child_feats))
    return found / total
