"""Drafts and versions of one document, grouped, the most final first.

Two documents are versions of one another when their texts are near duplicates (Jaccard of
their shingle sets ≥ `NEAR_DUP`), they have the same type and a close title, compatible
issuers, and they do not carry two different numbers (two numbered documents with different
numbers are two documents, however alike). Most final: not marked `DỰ THẢO`, with a number,
with a full date, the latest, the longest.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from kehoach.cascade.profile import Profile
from kehoach.cascade.textsim import in_sorted
from kehoach.identity import number_key, split_key
from kehoach.vntext import fold

NEAR_DUP = 0.6
TITLE_SAME = 90


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    inter = int(in_sorted(a, b).sum())
    return inter / (len(a) + len(b) - inter)


_fold = lru_cache(maxsize=1 << 17)(fold)  # the same titles and issuers meet in many pairs


@lru_cache(maxsize=1 << 17)
def _number(key: str) -> str:
    return number_key(split_key(key)[0])


def same_document(a: Profile, b: Profile) -> bool:
    """Whether `a` and `b` can be two versions of one document (text aside)."""
    if a.level and b.level and a.level != b.level:
        return False
    if a.doc_type and b.doc_type and _fold(a.doc_type) != _fold(b.doc_type):
        return False
    if a.key and b.key and _number(a.key) != _number(b.key):
        return False
    if a.issuer and b.issuer:
        x, y = _fold(a.issuer), _fold(b.issuer)
        if not (x in y or y in x or fuzz.ratio(x, y) >= 90):
            return False
    return not (a.title and b.title and fuzz.token_set_ratio(_fold(a.title), _fold(b.title)) < TITLE_SAME)


def finality(p: Profile) -> tuple:
    """Sort key: the most final version first."""
    return (p.draft, p.blank_number, -len(p.date or ""), _neg(p.date), -p.n_units, p.idx)


def _neg(date: str | None) -> tuple[int, ...]:
    return tuple(-int(x) for x in (date or "").split("-") if x.isdigit())


def group_versions(
    profiles: Sequence[Profile], pairs: np.ndarray, jaccards: dict[tuple[int, int], float] | None = None
) -> dict[int, int]:
    """Each document in a version group → the group's most final document (itself when final)."""
    parent = list(range(len(profiles)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs.tolist():
        if i >= j or find(i) == find(j):
            continue
        a, b = profiles[i], profiles[j]
        if not same_document(a, b):
            continue
        sim = jaccards.get((i, j), 0.0) if jaccards is not None else jaccard(a.shingles, b.shingles)
        if sim >= NEAR_DUP:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(profiles)):
        groups.setdefault(find(i), []).append(i)
    head: dict[int, int] = {}
    for members in groups.values():
        best = min(members, key=lambda i: finality(profiles[i]))
        for i in members:
            head[i] = best
    return head
