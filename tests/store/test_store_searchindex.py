"""The search index beside the store stays in step with it: what is stored, replaced, deleted or
written by another process is what the next search sees; a lost or stale index is rebuilt."""

from __future__ import annotations

import shutil

from kehoach.store import Store, open_store


def _found(store: Store, query: str) -> list[str | None]:
    return [h.document.number_symbol for h in store.search(query, limit=50).hits]


def test_index_follows_the_store(store: Store, store_url: str, parsed_samples) -> None:
    store.ingest_document(parsed_samples["000"])
    assert _found(store, "39-KH/ĐUK")[:1] == ["39-KH/ĐUK"]
    assert "72-KH/HU" not in _found(store, "Đức Trọng")
    with open_store(store_url) as other:  # another process stores a document
        other.ingest_document(parsed_samples["002"])
    assert _found(store, "Đức Trọng")[:1] == ["72-KH/HU"]
    doc_id = store.search("Đức Trọng").hits[0].document.id
    assert store.delete_document(doc_id)
    assert "72-KH/HU" not in _found(store, "Đức Trọng")
    assert store.search("Đức Trọng").total == len(_found(store, "Đức Trọng"))


def test_new_version_replaces_the_old_in_the_index(store: Store, parsed_samples) -> None:
    doc = parsed_samples["000"]
    first = store.ingest_document(doc, source_key="/x/plan.txt")
    assert store.search("39-KH/ĐUK").hits[0].document.id == first.document_id
    changed = doc.model_copy(deep=True)
    changed.source.sha256 = "0" * 64
    second = store.ingest_document(changed, source_key="/x/plan.txt")
    hits = store.search("xây dựng Đảng").hits
    assert [h.document.id for h in hits] == [second.document_id]  # the old version is not current
    old = store.search("xây dựng Đảng", {"all_versions": True}).hits
    assert {h.document.id for h in old} == {first.document_id, second.document_id}


def test_reindex_and_a_lost_index(store: Store, store_url: str, parsed_samples) -> None:
    for key in ("000", "001", "002"):
        store.ingest_document(parsed_samples[key])
    before = [(h.document.id, h.tier, h.score) for h in store.search("tuyên truyền").hits]
    assert store.reindex() == 3
    assert [(h.document.id, h.tier, h.score) for h in store.search("tuyên truyền").hits] == before
    directory = store.search_index.dir
    store.close()
    shutil.rmtree(directory)  # lost: the next store opened on it builds it again
    with open_store(store_url) as again:
        assert [(h.document.id, h.tier, h.score) for h in again.search("tuyên truyền").hits] == before
