"""Text evidence between documents: outline-unit shingles, boilerplate, MinHash LSH candidates.

- Shingles: folded word 4-grams inside each outline unit (never across two units), hashed
  with CRC-32 (stable across processes and machines, which the Spark job needs; Python's
  `hash` is salted per process).
- Boilerplate: shingles that a large share of the corpus carries (headings, stock phrases
  every plan repeats) are learned from the corpus itself: dropped from the MinHash sets and
  weighted down (IDF) in the verification score, as passim and TextPAIR discount them.
- MinHash: 128 values per document with multiply-shift hashing in numpy (one matrix
  operation per document; datasketch's `MinHash.update` loops in Python per shingle, about
  30× slower on 100k documents). Banding: 64 bands of 2 rows, so pairs sharing even a tenth of
  their shingles meet in some band (P ≈ 0.47 at Jaccard 0.1, 0.93 at 0.2, 0.998 at 0.3);
  pairs are then ranked by the number of bands they share (an estimate of their similarity).
  Our own banding because candidate pairs are wanted for the whole corpus at once, as arrays
  (datasketch's `MinHashLSH.query` answers one document at a time, in Python).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kehoach.vntext import words

SHINGLE = 4
NUM_PERM = 128
BANDS, ROWS = 64, 2
MAX_BUCKET = 60
"""A band bucket holding more documents than this says only that they share common text: skipped."""

_rng = np.random.default_rng(20250701)  # fixed: every process and every run hashes alike
_A = (_rng.integers(1, 2**63 - 1, NUM_PERM, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, NUM_PERM, dtype=np.int64).astype(np.uint64)
_EMPTY = np.zeros(0, dtype=np.uint32)


def shingles(unit_texts: Sequence[str], n: int = SHINGLE) -> np.ndarray:
    """Sorted unique CRC-32 hashes of the word `n`-grams of each unit (a short unit is one shingle)."""
    out: list[int] = []
    crc = zlib.crc32
    for text in unit_texts:
        ws = words(text)
        if not ws:
            continue
        if len(ws) < n:
            out.append(crc(" ".join(ws).encode()))
            continue
        for i in range(len(ws) - n + 1):
            out.append(crc(" ".join(ws[i : i + n]).encode()))
    return np.unique(np.asarray(out, dtype=np.uint32)) if out else _EMPTY


def minhash(hashes: np.ndarray) -> np.ndarray:
    """128 MinHash values (uint32) of a shingle set; all-ones for an empty set (matches nothing)."""
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    x = hashes.astype(np.uint64)[:, None]
    with np.errstate(over="ignore"):
        values = (x * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return values.min(axis=0).astype(np.uint32)


@dataclass
class Boilerplate:
    """Shingle document frequencies of a corpus: what is boilerplate, and the IDF of the rest."""

    hashes: np.ndarray  # sorted unique shingle hashes seen
    df: np.ndarray  # documents carrying each
    n_docs: int
    cutoff: int

    @classmethod
    def learn(
        cls, shingle_sets: Sequence[np.ndarray], *, share: float = 0.05, floor: int = 30
    ) -> Boilerplate:
        """Boilerplate = shingles in at least `share` of the documents and at least `floor` of them.

        The floor keeps a small corpus (the four samples, one cascade) from calling its own
        shared content boilerplate: only text many unrelated documents repeat is discounted.
        """
        n = len(shingle_sets)
        if n == 0:
            return cls(_EMPTY, np.zeros(0, dtype=np.int64), 0, 1)
        hashes, df = _counts(np.concatenate([s for s in shingle_sets if len(s)] or [_EMPTY]))
        return cls(hashes, df, n, max(floor, int(share * n)))

    @classmethod
    def from_counts(cls, hashes: np.ndarray, df: np.ndarray, n_docs: int, *, share: float = 0.05,
                    floor: int = 30) -> Boilerplate:  # fmt: skip
        """The same from counts computed elsewhere (the Spark job)."""
        order = np.argsort(hashes)
        return cls(hashes[order], df[order], n_docs, max(floor, int(share * n_docs)))

    def _df_of(self, s: np.ndarray) -> np.ndarray:
        if not len(self.hashes):
            return np.ones(len(s), dtype=np.int64)
        pos = np.clip(np.searchsorted(self.hashes, s), 0, len(self.hashes) - 1)
        found = self.hashes[pos] == s
        return np.where(found, self.df[pos], 1)

    def content(self, s: np.ndarray) -> np.ndarray:
        """The shingles of `s` that are not boilerplate."""
        if not len(s):
            return s
        return s[self._df_of(s) < self.cutoff]

    def weights(self, s: np.ndarray) -> np.ndarray:
        """IDF weight of each shingle: log(1 + N / df), boilerplate weighted 0."""
        df = self._df_of(s)
        w = np.log1p(max(self.n_docs, 1) / df)
        return np.where(df < self.cutoff, w, 0.0)

    def split(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`(content(s), weights(s))` with one frequency look-up."""
        if not len(s):
            return s, np.zeros(0, dtype=np.float64)
        df = self._df_of(s)
        keep = df < self.cutoff
        return s[keep], np.where(keep, np.log1p(max(self.n_docs, 1) / df), 0.0)

    def frequencies(self, s: np.ndarray) -> np.ndarray:
        """Document frequency of each shingle of `s`, 0 for boilerplate, in the smallest unsigned type
        (a sixth of `weights`' float64): `weight_table()[frequencies(s)] == weights(s)`, and the
        content is `s[frequencies(s) > 0]`."""
        dtype = np.uint16 if self.cutoff <= np.iinfo(np.uint16).max else np.uint32
        if not len(s):
            return np.zeros(0, dtype=dtype)
        df = self._df_of(s)
        return np.where(df < self.cutoff, df, 0).astype(dtype)

    def weight_table(self) -> np.ndarray:
        """IDF weight of each content frequency (index), 0 at index 0: the weights of `frequencies`."""
        df = np.arange(max(self.cutoff, 1), dtype=np.int64)
        with np.errstate(divide="ignore"):
            table = np.log1p(max(self.n_docs, 1) / df)
        table[0] = 0.0
        return table

    def common_share(self, s: np.ndarray) -> float:
        """Share of a document's shingles that are boilerplate."""
        return float((self._df_of(s) >= self.cutoff).mean()) if len(s) else 0.0


def in_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mask of the elements of `a` found in `b` (both sorted unique arrays).

    A binary search of `a` in `b`: O(|a| log |b|), without the concatenation and sort that
    `np.intersect1d` makes for every pair (verification runs it for every candidate pair).
    """
    if not len(a) or not len(b):
        return np.zeros(len(a), dtype=bool)
    pos = np.searchsorted(b, a)
    pos[pos == len(b)] = 0
    return b[pos] == a


def weighted_cosine(a: np.ndarray, wa: np.ndarray, b: np.ndarray, wb: np.ndarray) -> tuple[float, int]:
    """IDF-weighted cosine of two shingle sets (sorted unique arrays) and the number shared."""
    return weighted_cosine_mask(in_sorted(a, b), wa, wb)


def weighted_cosine_mask(hit: np.ndarray, wa: np.ndarray, wb: np.ndarray) -> tuple[float, int]:
    """`weighted_cosine` from the mask of `a`'s shingles found in `b`."""
    n_common = int(hit.sum())
    if not n_common:
        return 0.0, 0
    shared = float((wa[hit] ** 2).sum())
    na, nb = float((wa**2).sum()), float((wb**2).sum())
    if na <= 0 or nb <= 0:
        return 0.0, n_common
    return shared / (na * nb) ** 0.5, n_common


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """N × BANDS uint64 bucket keys (the ROWS values of each band packed)."""
    sig = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    return (sig[:, :, 0] << np.uint64(32)) | sig[:, :, 1]


def candidate_pairs(signatures: np.ndarray, *, max_bucket: int = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
    """Each unordered pair (i, j), i < j, sharing at least one band, and how many bands they share.

    Returns `(pairs, counts)`: pairs as an M × 2 array sorted by i then j (int32 below 2³¹
    documents), counts as uint8. Each pair once, not both directions: the directed ranking
    (`top_pairs`) is made after the constraints have dropped most of them.
    """
    n = len(signatures)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.uint8)
    keys = band_keys(signatures)
    empty = (signatures == 0xFFFFFFFF).all(axis=1)
    chunks: list[np.ndarray] = []
    for b in range(BANDS):
        col = keys[:, b]
        order = np.argsort(col, kind="stable")
        order = order[~empty[order]]
        sorted_keys = col[order]
        if len(sorted_keys) < 2:
            continue
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(sorted_keys)])
        for g in np.unique(sizes):
            if g < 2 or g > max_bucket:
                continue
            s = starts[sizes == g]
            members = order[s[:, None] + np.arange(g)[None, :]]  # groups × g
            a, b = np.triu_indices(g, 1)  # each unordered pair once: half the codes to sort
            lo = np.minimum(members[:, a], members[:, b]).ravel()
            hi = np.maximum(members[:, a], members[:, b]).ravel()
            chunks.append(lo * n + hi)
    del keys
    if not chunks:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.uint8)
    codes, counts = _counts(_drain(chunks))
    dtype = np.int32 if n < 2**31 else np.int64
    pairs = np.empty((len(codes), 2), dtype=dtype)
    pairs[:, 0] = codes // n
    pairs[:, 1] = codes % n
    return pairs, counts.astype(np.uint8)


def _drain(chunks: list[np.ndarray]) -> np.ndarray:
    """`np.concatenate(chunks)`, emptying the list as it copies: the chunks and the whole are
    never all in memory at once (the LSH codes of 100k documents are 250 MB)."""
    out = np.empty(sum(len(c) for c in chunks), dtype=chunks[0].dtype)
    at = 0
    chunks.reverse()
    while chunks:
        c = chunks.pop()
        out[at : at + len(c)] = c
        at += len(c)
    return out


def _counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_counts=True)`, sorting `values` in place (no sorted copy: the
    arrays here are the corpus's shingles or its LSH pairs)."""
    values.sort()
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    counts = np.diff(np.r_[starts, len(values)])
    return values[starts], counts


def top_pairs(
    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray],
    pairs: np.ndarray,
    counts: np.ndarray,
    n: int,
    top_k: int,
    *,
    block: int = 1 << 20,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per child, its best `top_k` parents by shared bands among the directed pairs `allowed(child, parent)` keeps.

    `pairs`, `counts` as `candidate_pairs` returns them (each unordered pair once); both
    directions are tried. Ties in shared bands go to the lower parent index. Returns
    `(children, offsets, parents, bands)`: the children in rising order, and child
    `children[k]`'s parents `parents[offsets[k]:offsets[k + 1]]`, most bands first. The constraint
    is checked in blocks, and the ranking sorts one int64 key per kept pair (child, falling
    bands, parent), so memory stays a few bytes per pair.
    """
    span = np.int64(BANDS + 1) * n
    keys: list[np.ndarray] = []
    for start in range(0, len(pairs), block):
        lo = pairs[start : start + block, 0].astype(np.int64)
        hi = pairs[start : start + block, 1].astype(np.int64)
        rest = (BANDS - counts[start : start + block].astype(np.int64)) * n
        for child, parent in ((lo, hi), (hi, lo)):
            ok = allowed(child, parent)
            keys.append(child[ok] * span + rest[ok] + parent[ok])
    key = _drain(keys) if keys else np.zeros(0, dtype=np.int64)
    if top_k < 1:
        key = key[:0]
    key.sort()
    child = key // span
    first = np.flatnonzero(np.r_[True, child[1:] != child[:-1]]) if len(key) else np.zeros(0, dtype=np.int64)
    children = child[first]
    del child
    sizes = np.diff(np.r_[first, len(key)])
    rank = np.arange(len(key)) - np.repeat(first, sizes)  # place in the child's run
    key = key[rank < top_k]
    del rank
    offsets = np.r_[0, np.cumsum(np.minimum(sizes, top_k))].astype(np.int64)
    return children, offsets, key % n, BANDS - (key // n) % (BANDS + 1)
