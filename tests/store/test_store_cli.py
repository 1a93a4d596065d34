"""`kehoach ingest`, `ls`, `show`, `search`, `stats`, `failures` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app

runner = CliRunner()
DOCUMENT_KEYS = {"id", "number_symbol", "title", "issuer", "source_path"}


@pytest.fixture
def loaded(store_url: str, sample_paths, tmp_path: Path, bad_inputs) -> str:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sample_paths.values():
        shutil.copyfile(p, corpus / p.name)
    result = runner.invoke(
        app, ["ingest", str(corpus), str(tmp_path / "bad"), "--db", store_url, "--jobs", "1"]
    )
    assert result.exit_code == 1, result.output  # some files failed
    assert "Đã lưu 4" in result.output
    for name in bad_inputs:
        assert name in result.output
    return store_url


def test_ingest_again_skips(loaded: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "corpus"), "--db", loaded, "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Đã lưu 0, bỏ qua 4" in result.output


def test_ls_json_and_filters(loaded: str) -> None:
    result = runner.invoke(app, ["ls", "--db", loaded, "--format", "json"])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert len(docs) == 4 and all(set(d) >= DOCUMENT_KEYS for d in docs)
    only = json.loads(runner.invoke(app, ["ls", "--db", loaded, "-f", "json", "--issuer", "huyen uy"]).stdout)
    assert [d["number_symbol"] for d in only] == ["72-KH/HU"]
    by_year = json.loads(
        runner.invoke(app, ["ls", "--db", loaded, "-f", "json", "--year", "2022", "--type", "KH"]).stdout
    )
    assert {d["number_symbol"] for d in by_year} == {"39-KH/ĐUK", "72-KH/HU"}
    table = runner.invoke(app, ["ls", "--db", loaded])
    assert table.exit_code == 0 and "72-KH/HU" in table.stdout


def test_show_formats(loaded: str) -> None:
    data = json.loads(runner.invoke(app, ["show", "39-KH/ĐUK", "--db", loaded]).stdout)
    assert data["number_symbol"] == "39-KH/ĐUK" and data["outline"]
    assert set(data["store"]) >= {"id", "version", "near_duplicates", "cited_by", "versions"}
    same = json.loads(runner.invoke(app, ["show", str(data["store"]["id"]), "--db", loaded]).stdout)
    assert same["number_symbol"] == "39-KH/ĐUK"
    md = runner.invoke(app, ["show", "39-KH/DUK", "--db", loaded, "--format", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# ")
    tree = runner.invoke(app, ["show", "72-KH/HU", "--db", loaded, "--format", "tree"])
    assert tree.exit_code == 0 and "#II.1" in tree.stdout
    missing = runner.invoke(app, ["show", "999-KH/XX", "--db", loaded])
    assert missing.exit_code == 1 and "Không có văn bản" in missing.output


def test_search_json_shape(loaded: str) -> None:
    result = runner.invoke(
        app, ["search", "xay dung dang", "--db", loaded, "--format", "json", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    for hit in hits:
        assert set(hit) >= {"document", "node_id", "snippet", "score"}
        assert set(hit["document"]) == DOCUMENT_KEYS
    cited = json.loads(runner.invoke(app, ["search", "40-KH/TU", "--db", loaded, "-f", "json"]).stdout)
    assert {h["document"]["number_symbol"] for h in cited} >= {"39-KH/ĐUK", "72-KH/HU"}
    table = runner.invoke(app, ["search", "Huyện uỷ", "--db", loaded, "--year", "2022"])
    assert table.exit_code == 0 and "72-KH/HU" in table.stdout
    empty = runner.invoke(app, ["search", "...", "--db", loaded])
    assert empty.exit_code == 2 and "Truy vấn rỗng" in empty.output


def test_reindex(loaded: str) -> None:
    before = json.loads(runner.invoke(app, ["search", "Đức Trọng", "--db", loaded, "-f", "json"]).stdout)
    result = runner.invoke(app, ["reindex", "--db", loaded])
    assert result.exit_code == 0 and "Đã dựng lại chỉ mục tìm kiếm: 4 văn bản" in result.stdout
    after = json.loads(runner.invoke(app, ["search", "Đức Trọng", "--db", loaded, "-f", "json"]).stdout)
    assert after == before and after[0]["document"]["number_symbol"] == "72-KH/HU"


def test_stats_and_failures(loaded: str, bad_inputs) -> None:
    stats = json.loads(runner.invoke(app, ["stats", "--db", loaded, "-f", "json"]).stdout)
    assert stats["current"] == 4 and stats["failures"] == len(bad_inputs)
    assert sum(stats["by_level"].values()) == 4
    failures = json.loads(runner.invoke(app, ["failures", "--db", loaded, "-f", "json"]).stdout)
    assert {Path(f["path"]).name for f in failures} == set(bad_inputs)
    assert runner.invoke(app, ["stats", "--db", loaded]).exit_code == 0


def test_db_from_environment(tmp_path: Path, sample_paths, monkeypatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("KEHOACH_DB", str(db))
    assert runner.invoke(app, ["ingest", str(sample_paths["000"]), "-j", "1"]).exit_code == 0
    assert db.exists()
    docs = json.loads(runner.invoke(app, ["ls", "-f", "json"]).stdout)
    assert [d["number_symbol"] for d in docs] == ["39-KH/ĐUK"]


def test_bad_db_url(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ls", "--db", "mysql://nobody@localhost/x"])
    assert result.exit_code == 2 and "Chỉ hỗ trợ SQLite và PostgreSQL" in result.output
    result = runner.invoke(app, ["ls", "--db", str(tmp_path / "no" / "such" / "dir" / "k.db")])
    assert result.exit_code == 2 and "không tồn tại" in result.output


def test_ingest_page_bars_one_per_file_being_read() -> None:
    """`kehoach ingest -j 2`: a page bar per file being read, at most one per worker; a file's
    bar goes when its outcome comes, and the oldest when a worker starts its next file."""
    import io

    from rich.console import Console
    from rich.progress import Progress, TextColumn

    from kehoach.cli.store_cmd import FilePageBars

    progress = Progress(TextColumn("{task.description}"), console=Console(file=io.StringIO()))
    bars = FilePageBars(progress, slots=2)
    bars.update("/d/a.pdf", 1, 40, "text")
    bars.update("/d/b.pdf", 1, 3, "text")
    bars.update("/d/a.pdf", 40, 40, "text")
    shown = {t.description.strip(): (t.completed, t.total) for t in progress.tasks}
    assert shown == {"a.pdf: đọc trang": (40, 40), "b.pdf: đọc trang": (1, 3)}
    bars.update("/d/c.pdf", 1, 2, "ocr")  # a third file: a's worker moved on, a's bar goes
    assert [t.description.strip() for t in progress.tasks] == [
        "b.pdf: đọc trang",
        "c.pdf: nhận dạng chữ (OCR) trang",
    ]
    bars.finish("/d/b.pdf")
    bars.finish("/d/unknown.pdf")  # a file without pages (a .txt): nothing to remove
    assert [t.description.strip() for t in progress.tasks] == ["c.pdf: nhận dạng chữ (OCR) trang"]
