"""The write path: prepared rows as the workers send them, what the writer stores, the LSH index."""

from __future__ import annotations

import random
import zlib
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select, text

from kehoach.store import Store
from kehoach.store.neardup import LINK_THRESHOLD, NearDupIndex
from kehoach.store.prepare import (
    MINHASH_SEED,
    NUM_PERM,
    SHINGLE,
    _node_specs,
    document_nodes,
    minhash_signature,
    prepare_document,
)
from kehoach.store.schema import DocumentRow, NodeRow, SearchChunkRow
from kehoach.store.textindex import GAP, tokens, tokens_many, tsvector_literal

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_tokens_many_is_tokens_of_each(parsed_samples) -> None:
    texts = [s[5] for doc in parsed_samples.values() for s in _node_specs(doc)]
    odd = ["Xa\u0302y du\u031bng Đảng", "ǅemal ﬁ K Å", "Σίσυφος ĐẢNG 40-KH/TU", "", "a\nb", "uỷ ủy"]
    for batch in (texts, odd, odd[:1], []):
        assert tokens_many(batch) == [tokens(t) for t in batch]


def test_tsvector_literal_positions() -> None:
    assert tsvector_literal(["xay", "dung", GAP, "dang", "xay"]) == "xay:1,5 dung:2 dang:4"
    long = ["a"] * 16_390
    assert tsvector_literal(long).endswith(",16383,16383,16383,16383,16383,16383,16383,16383")


def _reference_signature(words: list[str]) -> bytes:
    """The MinHash of store schema 0001, written the slow and obvious way (compatibility)."""
    rng = np.random.RandomState(MINHASH_SEED)
    a = (rng.randint(1, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(
        1
    )
    b = rng.randint(0, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
    h = [zlib.crc32(w.encode()) for w in words]
    if len(h) >= SHINGLE:
        h = [
            ((h[i] * 0x9E3779B1 + h[i + 1]) * 0x9E3779B1 + h[i + 2]) & 0xFFFFFFFF
            for i in range(len(h) - SHINGLE + 1)
        ]
    x = np.array(sorted(set(h)), dtype=np.uint64)
    out = ((a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)).min(axis=1) if len(x) else None
    if out is None:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32).tobytes()
    return out.astype(np.uint32).tobytes()


def test_minhash_is_unchanged(parsed_samples) -> None:
    """Signatures stored by earlier versions stay comparable with new ones."""
    rng = random.Random(3)
    for doc in parsed_samples.values():
        body = [t for n in document_nodes(doc) if n["kind"] not in {"header", "signature", "recipients"}
                for t in n["tokens"].split()]  # fmt: skip
        assert minhash_signature([body]) == _reference_signature(body)
        sample = rng.sample(body, 1500)  # more than one block of shingles, repeats included
        assert minhash_signature([sample]) == _reference_signature(sample)
    assert minhash_signature([["a", "b"]]) == _reference_signature(["a", "b"])
    assert minhash_signature([]) == _reference_signature([])


def test_lsh_matches_datasketch() -> None:
    from datasketch import LeanMinHash, MinHashLSH

    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, size=(40, NUM_PERM), dtype=np.uint64).astype(np.uint32)
    sigs = {}
    for i in range(200):  # copies of 40 originals with more or fewer values changed
        values = base[i % 40].copy()
        changed = rng.random(NUM_PERM) < rng.choice([0.05, 0.2, 0.4, 0.8])
        values[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint64)
        sigs[i] = values.tobytes()
    ours = NearDupIndex(list(sigs.items())[:150])
    theirs = MinHashLSH(threshold=0.6, num_perm=NUM_PERM)
    lean = {
        i: LeanMinHash(seed=MINHASH_SEED, hashvalues=np.frombuffer(s, dtype=np.uint32))
        for i, s in sigs.items()
    }
    for i in range(150):
        theirs.insert(i, lean[i])
    for i in range(150, 200):
        expected = sorted(
            ((k, round(float(lean[i].jaccard(lean[k])), 4)) for k in theirs.query(lean[i])),
            key=lambda x: (-x[1], x[0]),
        )
        expected = [x for x in expected if x[1] >= LINK_THRESHOLD][:10]
        assert ours.similar(sigs[i]) == expected
    assert len(ours) == 150
    for i in range(0, 150, 3):
        ours.remove(i)
    for i in range(0, 150, 3):
        ours.add(i + 1000, sigs[i])  # rows freed by removals are reused
    assert len(ours) == 150
    for i in range(150, 200):
        assert all(k % 3 or k >= 1000 for k, _ in ours.similar(sigs[i]))


def test_text_is_stored_as_text(store: Store, parsed_samples) -> None:
    outcome = store.ingest_document(parsed_samples["002"])
    with store.engine.connect() as conn:
        row = conn.execute(
            select(DocumentRow.text, DocumentRow.raw_text, DocumentRow.data).where(
                DocumentRow.id == outcome.document_id
            )
        ).one()
        assert all(isinstance(v, str) for v in row)
        assert row.text == parsed_samples["002"].text
        node_text = conn.execute(
            select(NodeRow.text).where(NodeRow.document_id == outcome.document_id)
        ).scalars()
        assert all(isinstance(t, str) and t for t in node_text)
        if store.dialect == "sqlite":
            kinds = conn.execute(
                text("SELECT DISTINCT typeof(text), typeof(raw_text), typeof(data) FROM documents")
            )
            assert kinds.all() == [("text", "text", "text")]
            assert conn.execute(text("SELECT DISTINCT typeof(text) FROM nodes")).scalars().all() == ["text"]
            # the FTS5 rowid is the chunk id
            chunk = conn.execute(select(func.max(SearchChunkRow.id))).scalar_one()
            assert conn.execute(text("SELECT max(rowid) FROM chunk_fts")).scalar() == chunk
    assert store.search("Huyện ủy").hits


def test_same_content_written_twice_is_a_skip(store: Store, parsed_samples) -> None:
    """The unique content hash decides (no lookup before the insert); the connection stays usable."""
    prep = prepare_document(parsed_samples["000"], store.dialect)
    with store.writer() as writer:
        first = writer.write(prep)
        again = writer.write(prep)
        assert (first.status, again.status) == ("stored", "skipped")
        assert again.document_id == first.document_id
        other = writer.write(prepare_document(parsed_samples["001"], store.dialect))
        assert other.status == "stored"
        assert writer.seconds > 0
    assert store.count_documents() == 2
    assert store.write(prep).status == "skipped"


def test_report_counts_write_time(store: Store, sample_paths, tmp_path: Path) -> None:
    report = store.ingest_paths([sample_paths["000"], sample_paths["002"]], jobs=2)
    assert len(report.stored) == 2 and report.write_seconds > 0
    assert store.ingest_paths([sample_paths["000"]], jobs=1).write_seconds == 0  # skipped: no write


def test_a_failed_write_leaves_nothing_and_the_writer_usable(store: Store, parsed_samples) -> None:
    bad = prepare_document(parsed_samples["000"], store.dialect)
    if isinstance(bad.nodes, str):  # PostgreSQL: one JSON array of rows
        bad.nodes = bad.nodes.replace('["header",', "[null,", 1)
    else:
        bad.nodes[0] = (None, *bad.nodes[0][1:])  # node_id is NOT NULL
    with store.writer() as writer:
        with pytest.raises(Exception):  # noqa: B017 - the driver's own IntegrityError
            writer.write(bad)
        assert store.count_documents() == 0  # the document row went with the failed node
        assert writer.write(prepare_document(parsed_samples["001"], store.dialect)).status == "stored"
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(NodeRow)).scalar_one() > 0
    assert store.count_documents() == 1
