"""`Store.parent_id`: the stored plan a document carries out, read from the samples.

Written from the documents: 000 (Đảng ủy Khối, 39-KH/ĐUK) and 002 (Huyện ủy, 72-KH/HU) both open
with "Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy"; 004 (Tỉnh ủy, no
number) is issued "căn cứ Kế hoạch số 26-KH/BTGTW, ngày 05/5/2021 của Ban Tuyên giáo Trung ương",
the plan its header names; 001 (Ban Tổ chức Trung ương) names no plan it carries out. The
parents are short stubs (tests/fixtures/parents) carrying those numbers and dates, and decoys
carrying the same numbers in other years: a citation dated 2022 does not name a plan of 2021.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.store import Store

PARENTS = Path(__file__).resolve().parent.parent / "fixtures" / "parents"


def _ingest(store: Store, paths: list[Path]) -> dict[str, int]:
    store.ingest_paths(paths, jobs=1)
    items = store.list_documents({}, sort="id", page_size=100).items
    return {Path(i.source_path).stem.split("_")[0]: i.id for i in items}  # 000_e11a….txt → 000


def _parent(store: Store, doc_id: int) -> int | None:
    stored = store.get_document(doc_id)
    assert stored is not None
    return store.parent_id(stored.document)


def test_parent_is_the_plan_of_the_cited_number_and_year(store: Store, sample_paths) -> None:
    samples = [sample_paths[k] for k in ("000", "001", "002", "004")]
    ids = _ingest(store, [*samples, PARENTS / "kh40-tu-2021.txt", PARENTS / "kh26-btgtw-2019.txt"])
    # only plans of the same numbers in other years are stored: no parent, by citation or by header
    assert [_parent(store, ids[k]) for k in ("000", "001", "002", "004")] == [None, None, None, None]

    ids = _ingest(store, [PARENTS / "kh40-tu-2022.txt", PARENTS / "kh26-btgtw-2021.txt"])
    kh40, kh26 = ids["kh40-tu-2022"], ids["kh26-btgtw-2021"]
    assert _parent(store, ids["000"]) == kh40  # "Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022"
    assert _parent(store, ids["002"]) == kh40  # the same plan, carried out by a district
    assert _parent(store, ids["004"]) == kh26  # "căn cứ Kế hoạch số 26-KH/BTGTW, ngày 05/5/2021"
    assert _parent(store, ids["001"]) is None  # a central plan naming no plan it carries out
    assert _parent(store, kh40) is None  # the parent stub names none either
