"""Near-duplicate detection: datasketch MinHash LSH over folded word shingles.

The LSH index lives in memory and is rebuilt from the signatures stored in
`documents.minhash` (512 bytes each) the first time a store needs it, so it
never has to be saved or repaired: the store is the only truth.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from kehoach.store.prepare import MINHASH_SEED, NUM_PERM

LSH_THRESHOLD = 0.6  # candidates from LSH bands (recall side)
LINK_THRESHOLD = (
    0.75  # estimated Jaccard at or above which two documents are linked (independent plans < 0.6)
)
MAX_LINKS = 10


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature back as a MinHash."""
    values = np.frombuffer(data, dtype=np.uint32).astype(np.uint64)
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=values)


class NearDupIndex:
    """Candidates for a new document among the stored ones (thread-safe)."""

    def __init__(self, signatures: Iterable[tuple[int, bytes]] = ()) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[int, LeanMinHash] = {}
        self._lock = threading.Lock()
        with self._lsh.insertion_session() as session:
            for doc_id, data in signatures:
                m = from_bytes(data)
                self._sigs[doc_id] = m
                session.insert(doc_id, m, check_duplication=False)

    def __len__(self) -> int:
        return len(self._sigs)

    def similar(self, signature: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Stored documents whose estimated Jaccard with `signature` is >= LINK_THRESHOLD, best first."""
        m = from_bytes(signature)
        with self._lock:
            found = [(k, m.jaccard(self._sigs[k])) for k in self._lsh.query(m) if k != exclude]
        found = [(k, round(float(s), 4)) for k, s in found if s >= LINK_THRESHOLD]
        return sorted(found, key=lambda x: (-x[1], x[0]))[:MAX_LINKS]

    def add(self, doc_id: int, signature: bytes) -> None:
        """Index a document once its transaction has committed."""
        with self._lock:
            if doc_id not in self._sigs:
                m = from_bytes(signature)
                self._sigs[doc_id] = m
                self._lsh.insert(doc_id, m, check_duplication=False)

    def remove(self, doc_id: int) -> None:
        """Forget a deleted document."""
        with self._lock:
            if self._sigs.pop(doc_id, None) is not None:
                self._lsh.remove(doc_id)
