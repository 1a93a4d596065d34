"""Ingest: idempotent by content hash, failures recorded with reasons, versions, near-duplicates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kehoach.store import Store
from kehoach.store.schema import CitationRow, DocumentRow, IngestRunRow, NodeRow

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _corpus(tmp_path: Path, sample_paths: dict[str, Path]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sample_paths.values():
        shutil.copyfile(path, folder / path.name)
    return folder


def test_sample_corpus_twice_stores_four(store: Store, sample_paths, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, sample_paths)
    first = store.ingest_paths([corpus], jobs=1)
    assert len(first.stored) == 4 and not first.failed and not first.skipped
    second = store.ingest_paths([corpus], jobs=1)
    assert len(second.stored) == 0 and len(second.skipped) == 4
    assert {f.document_id for f in second.skipped} == {f.document_id for f in first.stored}
    assert store.count_documents() == 4
    runs = store.runs()
    assert [r.status for r in runs] == ["done", "done"]
    assert (runs[0].n_skipped, runs[1].n_stored) == (4, 4)
    numbers = {d.number_symbol for d in store.list_documents().items}
    assert {"39-KH/ĐUK", "72-KH/HU"} <= numbers


def test_bad_inputs_are_listed_with_reasons(store: Store, sample_paths, tmp_path: Path, bad_inputs) -> None:
    corpus = _corpus(tmp_path, sample_paths)
    report = store.ingest_paths([corpus, tmp_path / "bad", tmp_path / "missing.txt"], jobs=1)
    assert len(report.stored) == 4
    failed = {Path(f.path).name: f for f in report.failed}
    assert set(failed) == {*bad_inputs, "missing.txt"}
    for name, code in bad_inputs.items():
        assert failed[name].code == code, (name, failed[name])
        assert failed[name].message  # a Vietnamese reason a clerk can act on
    assert failed["missing.txt"].code == "not_found"
    recorded = {Path(f.path).name: f for f in store.failures(run_id=report.run_id)}
    assert set(recorded) == set(failed)
    assert all(recorded[n].message == failed[n].message for n in failed)
    assert store.count_documents() == 4
    # and nothing half-stored: every node belongs to one of the four documents
    with store.engine.connect() as conn:
        orphans = conn.execute(
            select(func.count())
            .select_from(NodeRow)
            .where(NodeRow.document_id.not_in(select(DocumentRow.id)))
        ).scalar_one()
    assert orphans == 0


def test_parallel_ingest_matches_serial(store: Store, sample_paths, tmp_path: Path, bad_inputs) -> None:
    corpus = _corpus(tmp_path, sample_paths)
    events = []
    report = store.ingest_paths([corpus, tmp_path / "bad"], jobs=2, on_progress=events.append)
    assert len(report.stored) == 4 and len(report.failed) == len(bad_inputs)
    assert events[0].outcome is None and events[-1].files_done == events[-1].files_total == 9
    assert events[-1].bytes_done == sum(f.stat().st_size for f in corpus.iterdir()) + sum(
        f.stat().st_size for f in (tmp_path / "bad").iterdir()
    )


def test_same_content_twice_in_one_run(store: Store, sample_paths, tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    folder.mkdir()
    shutil.copyfile(sample_paths["000"], folder / "a.txt")
    shutil.copyfile(sample_paths["000"], folder / "b.txt")
    report = store.ingest_paths([folder], jobs=1)
    assert len(report.stored) == 1 and report.skipped[0].code == "duplicate_in_run"


def test_changed_file_keeps_old_version(store: Store, sample_paths, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    text = sample_paths["000"].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = store.ingest_paths([path], jobs=1).stored[0]
    path.write_text(text.replace("Định hướng thông tin", "Chủ động định hướng thông tin"), encoding="utf-8")
    second = store.ingest_paths([path], jobs=1).stored[0]
    assert second.version == 2 and second.previous_id == first.document_id
    assert store.count_documents() == 2 and store.count_documents(all_versions=False) == 1
    old = store.get_document(first.document_id)
    assert old is not None and not old.summary.is_current  # still addressable by id
    assert [v.id for v in old.versions] == [first.document_id, second.document_id]
    assert (
        store.get_document("39-KH/ĐUK").summary.id == second.document_id
    )  # the number names the current one
    assert [d.id for d in store.list_documents().items] == [second.document_id]
    assert len(store.list_documents({"all_versions": True}).items) == 2
    assert {h.document.id for h in store.search("Chủ động định hướng").hits} == {second.document_id}
    # a near-duplicate of its previous version, too
    assert any(
        n.document.id == first.document_id for n in store.get_document(second.document_id).near_duplicates
    )


def _retyped(text: str) -> str:
    """A re-typed copy: other tone placement, other line breaks, a few typos."""
    text = text.replace("ủy", "uỷ").replace("hòa", "hoà").replace("\n\n", "\n")
    return text.replace("tuyên truyền", "tuyen truyền", 3).replace("nhiệm vụ", "nhiêm vụ", 2)


def test_near_duplicates_are_linked(store: Store, sample_paths, tmp_path: Path) -> None:
    folder = tmp_path / "nd"
    folder.mkdir()
    for key in ("000", "001", "002", "004"):
        shutil.copyfile(sample_paths[key], folder / f"{key}.txt")
    original = sample_paths["000"].read_text(encoding="utf-8")
    (folder / "zz_retyped.txt").write_text(_retyped(original), encoding="utf-8")
    draft = original.replace("Số  39 -KH/ĐUK", "Số       -KH/ĐUK").replace(
        "ngày 09 tháng 5", "ngày    tháng 5"
    )
    (folder / "zz_draft.txt").write_text("DỰ THẢO\n" + draft, encoding="utf-8")
    report = store.ingest_paths([folder], jobs=1)
    by_name = {Path(f.path).name: f for f in report.stored}
    original_id = by_name["000.txt"].document_id
    for name in ("zz_retyped.txt", "zz_draft.txt"):
        linked = dict(by_name[name].near_duplicates)
        assert original_id in linked and linked[original_id] >= 0.8, (name, linked)
    # sibling and parent plans reuse text but are not near-duplicates of each other
    for name in ("001.txt", "002.txt", "004.txt"):
        assert by_name[name].near_duplicates == []
    stored = store.get_document(original_id)
    assert {n.document.id for n in stored.near_duplicates} >= {
        by_name["zz_retyped.txt"].document_id,
        by_name["zz_draft.txt"].document_id,
    }
    # the LSH index is only a cache: rebuilt from the stored signatures it answers the same
    before = store.neardup.similar(store_signature(store, original_id), exclude=original_id)
    assert store.rebuild_neardup() == 6
    assert store.neardup.similar(store_signature(store, original_id), exclude=original_id) == before


def test_near_duplicate_index_catches_up_with_another_process(
    store: Store, sample_paths, monkeypatch
) -> None:
    """Another process (a second Store on the same database) stores a retyped copy: this one's
    index reads only the new signature (no rebuild) and links the copy; after a deletion there it
    is rebuilt."""
    from kehoach.store import neardup, open_store

    original_id = store.ingest_paths([sample_paths["000"], sample_paths["002"]], jobs=1).stored[0].document_id
    assert len(store.neardup) == 2
    other = open_store(store.url)
    copy = other.ingest_bytes(
        _retyped(sample_paths["000"].read_text(encoding="utf-8")).encode(), "go-lai.txt"
    )
    assert copy.status == "stored"
    builds = []
    real_init = neardup.NearDupIndex.__init__
    monkeypatch.setattr(
        neardup.NearDupIndex, "__init__", lambda self, sigs=(): builds.append(1) or real_init(self, sigs)
    )
    assert store.refresh_neardup() == 3 and builds == []  # caught up without a rebuild
    linked = dict(store.neardup.similar(store_signature(store, copy.document_id), exclude=copy.document_id))
    assert original_id in linked
    assert other.delete_document(copy.document_id)
    assert store.refresh_neardup() == 2 and builds == [1]  # deleted elsewhere: rebuilt
    other.close()


def store_signature(store: Store, doc_id: int) -> bytes:
    with store.engine.connect() as conn:
        return bytes(conn.execute(select(DocumentRow.minhash).where(DocumentRow.id == doc_id)).scalar_one())


def _docx_of(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))


def _pdf_of(text: str, path: Path) -> None:
    from fpdf import FPDF

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVuSans.ttf not installed: cannot write a Vietnamese PDF")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 6, line.strip(), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_same_plan_as_txt_docx_pdf_is_linked(store: Store, sample_paths, tmp_path: Path) -> None:
    folder = tmp_path / "formats"
    folder.mkdir()
    text = sample_paths["001"].read_text(encoding="utf-8")
    shutil.copyfile(sample_paths["001"], folder / "a.txt")
    _docx_of(text, folder / "b.docx")
    _pdf_of(text, folder / "c.pdf")
    report = store.ingest_paths([folder], jobs=1)
    assert len(report.stored) == 3, [(f.path, f.code, f.message) for f in report.failed]
    by_name = {Path(f.path).name: f for f in report.stored}
    txt_id = by_name["a.txt"].document_id
    assert txt_id in dict(by_name["b.docx"].near_duplicates)
    assert txt_id in dict(by_name["c.pdf"].near_duplicates) or by_name["b.docx"].document_id in dict(
        by_name["c.pdf"].near_duplicates
    )


def test_ingest_bytes_and_document(store: Store, sample_paths, parsed_samples) -> None:
    data = sample_paths["002"].read_bytes()
    outcome = store.ingest_bytes(data, "upload.txt")
    assert outcome.status == "stored" and outcome.size == len(data)
    assert store.ingest_bytes(data, "again.txt").status == "skipped"
    bad = store.ingest_bytes(b"", "empty.txt")
    assert bad.status == "failed" and bad.code == "empty"
    assert store.failures()[0].path == "empty.txt"
    assert store.ingest_document(parsed_samples["000"]).status == "stored"
    stored = store.get_document(outcome.document_id)
    assert stored.document.number_symbol == "72-KH/HU"
    assert stored.document.text == parsed_samples["002"].text  # the full model round-trips
    assert stored.document.outline == parsed_samples["002"].outline
    assert stored.document.references == parsed_samples["002"].references


def test_citations_and_cited_by(store: Store, parsed_samples) -> None:
    for key in ("000", "001", "002", "004"):
        store.ingest_document(parsed_samples[key])
    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(CitationRow)).scalar_one()
    assert n == sum(len(parsed_samples[k].references) for k in ("000", "001", "002", "004"))
    citing = store.cited_by("40-KH/TU")
    assert {c.document.number_symbol for c in citing} == {"39-KH/ĐUK", "72-KH/HU"}
    assert all(c.relation == "implements" for c in citing)
    key = next(r.key for r in parsed_samples["000"].references if r.number_symbol == "40-KH/TU")
    assert {c.document.number_symbol for c in store.cited_by(key)} >= {"39-KH/ĐUK"}


def test_delete_document_restores_previous_version(store: Store, parsed_samples) -> None:
    doc = parsed_samples["000"]
    first = store.ingest_document(doc, source_key="/x/plan.txt")
    changed = doc.model_copy(deep=True)
    changed.source.sha256 = "0" * 64
    second = store.ingest_document(changed, source_key="/x/plan.txt")
    assert second.previous_id == first.document_id
    assert store.search("39-KH/ĐUK").hits[0].document.id == second.document_id
    assert store.delete_document(second.document_id)
    assert store.get_document(first.document_id).summary.is_current
    assert store.search("39-KH/ĐUK").hits[0].document.id == first.document_id
    assert store.delete_document(first.document_id) and store.count_documents() == 0
    assert store.search("xây dựng Đảng").total == 0
    assert not store.delete_document(12345)


def _crash_on_poison(path: str):
    """A parser that kills its worker process on one file (like a crashing PDF library)."""
    if "poison" in path:
        os._exit(1)
    from kehoach.pipeline import process_file

    return process_file(path)


def test_a_crashing_worker_costs_only_its_file(sample_paths, tmp_path: Path, make_store_url) -> None:
    from kehoach.store import open_store

    corpus = _corpus(tmp_path, sample_paths)
    shutil.copyfile(sample_paths["000"], corpus / "poison.txt")
    (corpus / "poison.txt").write_text(
        "x" + sample_paths["000"].read_text(encoding="utf-8"), encoding="utf-8"
    )
    with open_store(make_store_url("sqlite")) as store:
        report = store.ingest_paths([corpus], jobs=2, parse=_crash_on_poison)
        assert len(report.stored) == 4
        assert [(Path(f.path).name, f.code) for f in report.failed] == [("poison.txt", "worker_crashed")]


def test_run_records(store: Store, sample_paths) -> None:
    report = store.ingest_paths([sample_paths["000"]], jobs=1)
    with store.engine.connect() as conn:
        run = conn.execute(
            select(
                IngestRunRow.status, IngestRunRow.n_stored, IngestRunRow.finished_at, IngestRunRow.paths
            ).where(IngestRunRow.id == report.run_id)
        ).one()
    assert run.status == "done" and run.n_stored == 1 and run.finished_at is not None
    assert run.paths == [str(sample_paths["000"])]


def test_parallel_ingest_reports_the_pages_of_every_file(store: Store, sample_paths, tmp_path: Path) -> None:
    """Two workers reading two multi-page PDFs at once: each file's pages come back to the
    caller (first and last page of the stage at least, none after the file's outcome)."""
    import pypdfium2 as pdfium

    from render import FONT_MISSING, build_pdf, dejavu_available

    if not dejavu_available():
        pytest.skip(FONT_MISSING)
    folder = tmp_path / "pdfs"
    folder.mkdir()
    pdfs = [
        build_pdf(sample_paths[key].read_text(encoding="utf-8").replace("ƣ", "ư"), folder / f"{key}.pdf")
        for key in ("000", "002")
    ]
    shutil.copyfile(sample_paths["001"], folder / "001.txt")
    events: list[tuple] = []
    report = store.ingest_paths(
        [folder],
        jobs=2,
        on_page=lambda path, done, total, stage: events.append(("page", path, done, total, stage)),
        on_progress=lambda ev: ev.outcome is not None and events.append(("done", ev.outcome.path)),
    )
    assert len(report.stored) == 3, report.failed
    for pdf in pdfs:
        doc = pdfium.PdfDocument(pdf)
        n = len(doc)
        doc.close()
        assert n >= 2
        pages = [i for i, e in enumerate(events) if e[0] == "page" and e[1] == str(pdf)]
        assert events[pages[0]][2:] == (1, n, "text") and events[pages[-1]][2:] == (n, n, "text")
        assert all(events[i][4] == "text" and 1 <= events[i][2] <= n for i in pages)
        assert pages[-1] < events.index(("done", str(pdf)))
    assert not [e for e in events if e[0] == "page" and e[1].endswith(".txt")]
