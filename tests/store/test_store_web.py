"""The store's reads for one document's page, upload jobs and failed sign-ins, on both dialects."""

from __future__ import annotations

import time
from pathlib import Path

CHILDREN = 3


def _cascade(store, sample_paths) -> int:
    """Sample 000 (39-KH/ĐUK) and CHILDREN variants of sample 002 implementing it; the parent's id."""
    store.ingest_paths([sample_paths["000"]], jobs=1)
    base = Path(sample_paths["002"]).read_text(encoding="utf-8")
    for i in range(CHILDREN):
        text = base.replace("40-KH/TU", "39-KH/ĐUK").replace("72-KH/HU", f"{80 + i}-KH/HU")
        assert store.ingest_bytes(text.encode("utf-8"), f"con-{i}.txt").status == "stored"
    return store.find_documents("39-KH/ĐUK")[0]


def test_document_view_is_get_document_with_the_first_citing_documents(store, sample_paths) -> None:
    parent = _cascade(store, sample_paths)
    for doc_id in (parent, parent + 1):
        full = store.get_document(doc_id)
        cache: dict = {}
        for _ in range(2):  # parsed once, then from the cache
            view = store.document_view(doc_id, cited_by_limit=2, documents=cache)
            stored = view.stored
            assert stored.summary == full.summary and stored.created_at == full.created_at
            assert stored.versions == full.versions and stored.near_duplicates == full.near_duplicates
            assert stored.document == full.document.model_copy(update={"raw_text": None, "offset_map": []})
            assert stored.cited_by == full.cited_by[:2]
            assert view.cited_by_total == len(full.cited_by)
            assert view.cited_by_more == (len(full.cited_by) > 2)
        assert list(cache) == [(doc_id, full.summary.content_hash)]
    assert len(store.get_document(parent).cited_by) == CHILDREN
    assert store.document_view(99999) is None


def test_citing_pages_and_texts(store, sample_paths) -> None:
    parent = _cascade(store, sample_paths)
    full = store.get_document(parent)
    pages = [store.citing_page(parent, full.summary.number_symbol, limit=2, offset=o) for o in (0, 2)]
    assert [t for _, t in pages] == [CHILDREN, CHILDREN]
    assert [c for items, _ in pages for c in items] == full.cited_by
    assert store.document_texts(parent) == full.document
    assert store.content_hash(parent) == full.summary.content_hash
    assert store.document_summary(parent) == full.summary
    assert store.content_hash(99999) is None and store.document_texts(99999) is None


def test_upload_job_lifecycle(store) -> None:
    job = store.create_upload_job("job1", None, [("a.txt", 3), ("b.pdf", 4)])
    assert [(f.name, f.size, f.status) for f in job.files] == [("a.txt", 3, "queued"), ("b.pdf", 4, "queued")]
    assert not job.done and job.pid is not None and job.host
    store.set_upload_file(job.files[0].id, "skipped", code="already_stored", message="Đã có.")
    assert store.fail_unfinished("job1", "interrupted", "Máy chủ dừng.") == 1
    again = store.get_upload_job("job1")
    assert again.done
    assert [(f.status, f.code) for f in again.files] == [
        ("skipped", "already_stored"),
        ("failed", "interrupted"),
    ]
    assert store.get_upload_job("khong-co") is None


def test_signin_failures_are_counted_per_key_and_expire(store) -> None:
    now = time.time()
    keys = ("ip:127.0.0.1", "user:viewer")
    for t in (now - 400, now - 10, now - 5):
        store.record_signin_failure(keys, t, forget_before=now - 1000)
    counts = store.signin_failures(keys, since=now - 300)
    assert counts == {"ip:127.0.0.1": (2, now - 10), "user:viewer": (2, now - 10)}
    store.clear_signin_failures("user:viewer")
    assert set(store.signin_failures(keys, since=now - 300)) == {"ip:127.0.0.1"}
    store.record_signin_failure(["ip:10.0.0.1"], now, forget_before=now - 1)  # drops the old ones
    assert store.signin_failures(keys, since=0) == {}


def test_latest_document_id(store, sample_paths) -> None:
    assert store.latest_document_id() == 0
    store.ingest_paths([sample_paths["000"]], jobs=1)
    assert store.latest_document_id() == store.find_documents("39-KH/ĐUK")[0]
