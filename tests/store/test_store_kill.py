"""SIGKILL in the middle of an ingest: the store still opens, passes its integrity check and
holds only whole documents; a second run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kehoach.store import open_store
from kehoach.store.schema import DocumentRow, NodeRow, SearchChunkRow
from kehoach.testing.generate import write_corpus

pytestmark = pytest.mark.slow
N_DOCS = 300
PSEUDO = ("header", "title", "preamble", "closing", "signature", "recipients", "annex")


def _count(url: str) -> int:
    try:
        with open_store(url, upgrade=False) as store:
            return store.count_documents()
    except Exception:  # not created yet, or locked for a moment
        return 0


def _assert_whole(store) -> int:
    """Every stored document has all its nodes, search rows and chunks; returns the count."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(DocumentRow.id, DocumentRow.n_nodes)).all()
        outline = dict(
            conn.execute(
                select(NodeRow.document_id, func.count())
                .where(NodeRow.kind.not_in(PSEUDO))
                .group_by(NodeRow.document_id)
            ).all()
        )
        chunks = dict(
            conn.execute(
                select(SearchChunkRow.document_id, func.count()).group_by(SearchChunkRow.document_id)
            ).all()
        )
        for doc_id, n_nodes in docs:
            assert outline.get(doc_id, 0) == n_nodes, doc_id
            assert chunks.get(doc_id, 0) >= 1, doc_id
        orphans = conn.execute(
            select(func.count())
            .select_from(NodeRow)
            .where(NodeRow.document_id.not_in(select(DocumentRow.id)))
        ).scalar_one()
        assert orphans == 0
        if store.dialect == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            n_chunks = conn.execute(select(func.count()).select_from(SearchChunkRow)).scalar_one()
            assert conn.execute(text("SELECT count(*) FROM chunk_fts")).scalar() == n_chunks
            # FTS5's own consistency check: raises if the index is corrupt
            conn.execute(text("INSERT INTO chunk_fts(chunk_fts) VALUES ('integrity-check')"))
        else:
            missing = conn.execute(text("SELECT count(*) FROM search_chunks WHERE tsv IS NULL")).scalar()
            assert missing == 0
        assert (
            conn.execute(select(func.count()).select_from(NodeRow).where(NodeRow.tokens == "")).scalar_one()
            == 0
        )
    return len(docs)


def test_sigkill_mid_ingest_leaves_whole_documents(store_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "generated"
    write_corpus(corpus, N_DOCS, seed=11, dup_rate=0.0)
    log = (tmp_path / "ingest.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kehoach.cli import app; app()", "ingest", str(corpus), "--db", store_url,
         "--jobs", "2"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while _count(store_url) < 40:
            assert proc.poll() is None, (tmp_path / "ingest.log").read_text()
            assert time.monotonic() < deadline, "ingest too slow to start"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its workers, mid-transaction or not
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with open_store(store_url) as store:
        killed = _assert_whole(store)
        assert 40 <= killed < N_DOCS
        assert store.runs()[0].status == "running"  # the killed run never finished
        assert store.search("xây dựng Đảng").total == killed
        report = store.ingest_paths([corpus], jobs=2)
        assert [r.status for r in store.runs()] == ["done", "interrupted"]
        assert len(report.skipped) == killed and len(report.stored) == N_DOCS - killed, report.failed[:3]
        assert _assert_whole(store) == N_DOCS
