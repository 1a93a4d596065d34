"""Near-duplicate detection: MinHash LSH over folded word shingles.

The LSH index lives in memory and is rebuilt from the signatures stored in `documents.minhash`
(512 bytes each) the first time a store needs it, so it never has to be saved or repaired: the
store is the only truth.

It is the banding of datasketch's `MinHashLSH(threshold=0.6, num_perm=128)` (18 bands of 7 values,
the parameters datasketch derives for that threshold) kept in plain dicts: a band's key is the
band's bytes of the stored signature, so a lookup costs 18 dict probes and no conversion, and the
Jaccard estimates of all candidates (share of equal values, as datasketch computes it) are one
numpy comparison. This runs in the ingest writer, once per stored document.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from kehoach.store.prepare import NUM_PERM

LSH_THRESHOLD = 0.6  # candidates from LSH bands (recall side)
LINK_THRESHOLD = (
    0.75  # estimated Jaccard at or above which two documents are linked (independent plans < 0.6)
)
MAX_LINKS = 10
BANDS, ROWS = 18, 7  # datasketch's optimal (b, r) for LSH_THRESHOLD and NUM_PERM
_BAND_BYTES = ROWS * 4  # signatures are uint32


class Signature:
    """A stored MinHash signature (NUM_PERM uint32 values)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray) -> None:
        self.hashvalues = hashvalues

    def jaccard(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal values."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)


def from_bytes(data: bytes) -> Signature:
    """A stored signature back as values that can be compared."""
    return Signature(np.frombuffer(data, dtype=np.uint32))


def band_keys(signature: bytes) -> list[bytes]:
    """The LSH bucket key of each band of a signature."""
    return [signature[i * _BAND_BYTES : (i + 1) * _BAND_BYTES] for i in range(BANDS)]


class NearDupIndex:
    """Candidates for a new document among the stored ones (thread-safe)."""

    def __init__(self, signatures: Iterable[tuple[int, bytes]] = ()) -> None:
        self._bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
        self._row: dict[int, int] = {}  # document id → row of self._values
        self._values = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._free: list[int] = []
        self._lock = threading.Lock()
        self.newest = 0  # the highest document id ever indexed
        for doc_id, data in signatures:
            self._add(doc_id, data)

    def __len__(self) -> int:
        return len(self._row)

    def similar(self, signature: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Stored documents whose estimated Jaccard with `signature` is >= LINK_THRESHOLD, best first."""
        with self._lock:
            found: set[int] = set()
            for band, key in zip(self._bands, band_keys(signature), strict=True):
                ids = band.get(key)
                if ids:
                    found.update(ids)
            found.discard(exclude)  # type: ignore[arg-type]
            if not found:
                return []
            ids = sorted(found)
            rows = self._values[[self._row[i] for i in ids]]
        values = np.frombuffer(signature, dtype=np.uint32)
        scores = np.count_nonzero(rows == values, axis=1) / NUM_PERM
        linked = [(i, round(float(s), 4)) for i, s in zip(ids, scores, strict=True) if s >= LINK_THRESHOLD]
        return sorted(linked, key=lambda x: (-x[1], x[0]))[:MAX_LINKS]

    def add(self, doc_id: int, signature: bytes) -> None:
        """Index a document once its transaction has committed."""
        with self._lock:
            self._add(doc_id, signature)

    def _add(self, doc_id: int, signature: bytes) -> None:
        if doc_id in self._row:
            return
        self.newest = max(self.newest, doc_id)
        if self._free:
            row = self._free.pop()
        else:
            row = len(self._row)
            if row == len(self._values):
                self._values = np.concatenate([self._values, np.zeros_like(self._values)])
        self._values[row] = np.frombuffer(signature, dtype=np.uint32)
        self._row[doc_id] = row
        for band, key in zip(self._bands, band_keys(signature), strict=True):
            band.setdefault(key, []).append(doc_id)

    def remove(self, doc_id: int) -> None:
        """Forget a deleted document."""
        with self._lock:
            row = self._row.pop(doc_id, None)
            if row is None:
                return
            signature = self._values[row].tobytes()
            for band, key in zip(self._bands, band_keys(signature), strict=True):
                ids = band.get(key)
                if ids and doc_id in ids:
                    ids.remove(doc_id)
                    if not ids:
                        del band[key]
            self._free.append(row)
