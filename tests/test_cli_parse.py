"""`kehoach parse`, `schema` and `summary` as a user runs them."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from kehoach.cli import app

runner = CliRunner()
CONTRACT_KEYS = {
    "source",
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "title",
    "signer",
    "recipients",
    "filing",
    "implements",
    "outline",
    "annexes",
    "references",
    "inferred",
    "quality",
    "warnings",
}


def test_parse_json_contract(sample_paths) -> None:
    result = runner.invoke(app, ["parse", str(sample_paths["002"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT_KEYS
    assert set(data["source"]) >= {"path", "format", "sha256"}
    assert data["number_symbol"] == "72-KH/HU"
    assert data["signer"] == {
        "authority": "T/M BAN THƯỜNG VỤ",
        "position": "PHÓ BÍ THƯ",
        "concurrent": None,
        "name": "Lê Hồng Khánh",
    }
    assert data["implements"]["number_symbol"] == "40-KH/TU"
    assert data["inferred"]["number_symbol"]["source"] == "annex"
    node = data["outline"][1]
    assert set(node) >= {"id", "label", "kind", "heading", "text", "span", "children"}
    assert data["annexes"][0]["outline"][0]["id"] == "A1:1"
    assert set(data["quality"]) >= {"score", "missing"}
    assert "text" not in data  # the full text only with --with-text


def test_parse_several_files_prints_a_list(sample_paths) -> None:
    result = runner.invoke(app, ["parse", str(sample_paths["000"]), str(sample_paths["001"])])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["number_symbol"] for d in data] == ["39-KH/ĐUK", None]


def test_parse_tree_and_markdown(sample_paths) -> None:
    tree = runner.invoke(app, ["parse", str(sample_paths["004"]), "--format", "tree"])
    assert tree.exit_code == 0
    assert "#II.1.a" in tree.stdout and "MỤC ĐÍCH, YÊU CẦU" in tree.stdout
    md = runner.invoke(app, ["parse", str(sample_paths["000"]), "--format", "md"])
    assert md.exit_code == 0
    assert "| Số, ký hiệu | 39-KH/ĐUK |" in md.stdout
    assert "Lương Văn Mừng" in md.stdout


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Document"
    assert "outline" in schema["properties"]


def test_bad_file_is_one_clear_line(tmp_path) -> None:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(empty)])
    assert result.exit_code == 1
    assert "Tệp rỗng" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["parse", str(tmp_path / "khong-co.txt")])
    assert missing.exit_code == 1 and "Không tìm thấy tệp" in missing.output


def test_summary_table(sample_paths) -> None:
    result = runner.invoke(app, ["summary", str(sample_paths["000"].parent)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "39-KH/ĐUK" in result.stdout and "72-KH/HU" in result.stdout
    # sample 002 is dated `ngày 13 tháng 6 năm 2022`: a clerk's date, never ISO; its type shown
    assert "13/6/2022" in result.stdout and "2022-06-13" not in result.stdout
    assert "Kế hoạch" in result.stdout


def test_summary_reads_in_80_columns(sample_paths) -> None:
    """At 80 columns every line fits and the fields stay whole words (one column holds type,
    number, date, issuer and counts); what to check is said in Vietnamese, not field names."""
    result = runner.invoke(app, ["summary", str(sample_paths["000"].parent)], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    assert "Kế hoạch 72-KH/HU" in result.stdout and "13/6/2022 ·" in result.stdout
    assert "number_symbol" not in result.stdout and "issuer" not in result.stdout
    wide = runner.invoke(app, ["summary", "--wide", str(sample_paths["002"])], env={"COLUMNS": "250"})
    assert "Nơi nhận" in wide.stdout  # --wide keeps one column per field
    assert "kiểm tra: số, ký hiệu; cơ quan ban hành; ngày ban hành" in wide.stdout


# --- per-page progress (issue 11) ------------------------------------------------------------


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory, sample_paths):
    """Sample 002 rendered to a 22-page PDF (DejaVu Sans)."""
    import unicodedata

    from render import FONT_MISSING, build_pdf, dejavu_available

    if not dejavu_available():
        pytest.skip(FONT_MISSING)
    text = unicodedata.normalize("NFC", sample_paths["002"].read_text(encoding="utf-8")).replace("ƣ", "ư")
    return build_pdf(text, tmp_path_factory.mktemp("pdf") / "ke-hoach-dai.pdf")


def terminal(monkeypatch) -> io.StringIO:
    """stderr as a terminal (Rich draws its bars), written to a buffer."""
    from rich.console import Console

    from kehoach.cli import common, store_cmd

    buf = io.StringIO()
    fake = Console(file=buf, force_terminal=True, width=120, soft_wrap=True)
    monkeypatch.setattr(common, "err_console", fake)
    monkeypatch.setattr(store_cmd, "err_console", fake)
    return buf


@pytest.mark.parametrize("command", ["parse", "summary"])
def test_page_progress_on_a_terminal(monkeypatch, long_pdf, command) -> None:
    buf = terminal(monkeypatch)
    result = runner.invoke(app, [command, str(long_pdf)])
    assert result.exit_code == 0, result.output
    shown = buf.getvalue()
    assert "ke-hoach-dai.pdf: đọc trang" in shown and "22/22" in shown


@pytest.mark.parametrize("command", ["parse", "summary"])
def test_no_progress_with_quiet_or_without_a_terminal(monkeypatch, long_pdf, command) -> None:
    buf = terminal(monkeypatch)
    result = runner.invoke(app, [command, "--quiet", str(long_pdf)])
    assert result.exit_code == 0 and buf.getvalue() == ""
    monkeypatch.undo()  # the real stderr: not a terminal under the test runner
    result = runner.invoke(app, [command, str(long_pdf)])
    assert result.exit_code == 0 and "đọc trang" not in result.output


def test_ingest_shows_pages_of_the_file_being_read(monkeypatch, long_pdf, tmp_path) -> None:
    buf = terminal(monkeypatch)
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "kho.db"), str(long_pdf)])
    assert result.exit_code == 0, result.output
    shown = buf.getvalue()
    assert "Nạp văn bản" in shown and "ke-hoach-dai.pdf: đọc trang" in shown and "22/22" in shown
    quiet = terminal(monkeypatch)
    result = runner.invoke(app, ["ingest", "-q", "--db", str(tmp_path / "kho2.db"), str(long_pdf)])
    assert result.exit_code == 0 and quiet.getvalue() == ""


def test_ingest_with_workers_shows_the_pages_of_each_file(
    monkeypatch, long_pdf, sample_paths, tmp_path
) -> None:
    """`ingest -j 2`: the files are read in two worker processes, and the pages of each still
    show (reported through a queue), the last page of each included."""
    import shutil
    import unicodedata

    import pypdfium2 as pdfium

    from render import build_pdf

    folder = tmp_path / "hai-tep"
    folder.mkdir()
    shutil.copyfile(long_pdf, folder / "mot.pdf")
    text = unicodedata.normalize("NFC", sample_paths["000"].read_text(encoding="utf-8")).replace("ƣ", "ư")
    second = build_pdf(text, folder / "hai.pdf")
    doc = pdfium.PdfDocument(second)
    pages = len(doc)
    doc.close()
    buf = terminal(monkeypatch)
    result = runner.invoke(app, ["ingest", "-j", "2", "--db", str(tmp_path / "kho.db"), str(folder)])
    assert result.exit_code == 0, result.output
    shown = buf.getvalue()
    assert "mot.pdf: đọc trang" in shown and "22/22" in shown
    assert "hai.pdf: đọc trang" in shown and f"{pages}/{pages}" in shown
