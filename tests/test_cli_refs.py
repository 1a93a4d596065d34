"""`kehoach refs` and `kehoach graph` as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from kehoach.cli import app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
CONTRACT = {
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "date",
    "issuer",
    "term",
    "relation",
    "count",
    "spans",
    "context",
}


def test_refs_table_reads_in_80_columns(sample_paths):
    """In an 80-column terminal every line fits: type and number together, no key or context
    (they come back with --wide)."""
    result = runner.invoke(app, ["refs", str(sample_paths["000"])], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    out = result.stdout
    assert "Kế hoạch 40-KH/TU" in out and "21/4/2022" in out and "thực hiện" in out
    assert "Ngữ cảnh" not in out and "Khóa" not in out
    wide = runner.invoke(app, ["refs", "--wide", str(sample_paths["000"])], env={"COLUMNS": "80"})
    header = lambda out: next(line for line in out.splitlines() if line.startswith("┏"))  # noqa: E731
    assert header(result.stdout).count("┳") == 4 and header(wide.stdout).count("┳") == 7


def test_refs_table(sample_paths):
    result = runner.invoke(app, ["refs", str(sample_paths["000"])], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Trích dẫn trong 000_e11a6b2333e4ca78.txt — 39-KH/ĐUK: 11 văn bản" in out
    for text in (
        "40-KH/TU",
        "21/4/2022",
        "Ban Thường vụ Tỉnh ủy",
        "thực hiện",
        "35-NQ/TW",
        "khóa XII",
        "nhắc đến",
    ):
        assert text in out


def test_refs_json_single_and_many(sample_paths):
    one = runner.invoke(app, ["refs", str(sample_paths["004"]), "--format", "json"])
    assert one.exit_code == 0, one.output
    data = json.loads(one.stdout)
    assert data["file"].endswith("004_5c34ffd921cbe0dd.txt")
    assert {r["number_symbol"]: r["relation"] for r in data["references"] if r["number_symbol"]} == {
        "01-CT/TW": "based_on",
        "26-KH/BTGTW": "based_on",
        "05-CT/TW": "mentions",
    }
    assert all(set(r) >= CONTRACT for r in data["references"])
    many = runner.invoke(app, ["refs", "-f", "json", str(sample_paths["000"]), str(sample_paths["002"])])
    assert [d["number_symbol"] for d in json.loads(many.stdout)] == ["39-KH/ĐUK", "72-KH/HU"]


def test_parse_json_carries_the_same_references(sample_paths):
    parsed = json.loads(runner.invoke(app, ["parse", str(sample_paths["002"]), "--format", "json"]).stdout)
    listed = json.loads(runner.invoke(app, ["refs", str(sample_paths["002"]), "--format", "json"]).stdout)
    assert parsed["references"] == listed["references"]


def test_refs_bad_file_is_one_line(tmp_path, sample_paths):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    result = runner.invoke(app, ["refs", str(bad), str(tmp_path / "khong-co.txt"), str(sample_paths["001"])])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Lỗi")]
    assert len(errors) == 2 and "hong.pdf" in errors[0] and "khong-co.txt" in errors[1]
    assert "001_0adb6059266a309d.txt" in result.stdout  # the good file is still listed


def test_refs_unknown_format(sample_paths):
    result = runner.invoke(app, ["refs", str(sample_paths["000"]), "--format", "xml"])
    assert result.exit_code == 2 and "Định dạng không hỗ trợ" in result.stderr


def test_graph_json_of_a_folder():
    result = runner.invoke(app, ["graph", str(CORPUS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["40-KH/TU@2022"]["missing"] is True
    assert nodes["72-KH/HU@2022"]["in_corpus"] is True
    assert {(e["source"], e["relation"]) for e in data["edges"] if e["target"] == "40-KH/TU@2022"} == {
        ("39-KH/ĐUK@2022", "implements"),
        ("72-KH/HU@2022", "implements"),
    }


def test_graph_graphml_and_dot_to_file(tmp_path):
    out = tmp_path / "g.graphml"
    result = runner.invoke(app, ["graph", str(CORPUS), "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.stderr and "4 văn bản trong tập" in result.stderr
    assert ET.parse(out).getroot().tag.endswith("graphml")
    dot = runner.invoke(app, ["graph", str(CORPUS), "--format", "dot"])
    assert dot.stdout.startswith("digraph citations {")


def test_graph_cited_by_table_and_json():
    table = runner.invoke(app, ["graph", str(CORPUS), "--cited-by", "40-KH/TU"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Các văn bản trích dẫn Kế hoạch 40-KH/TU 2022-04-21: 2" in table.stdout
    assert "39-KH/ĐUK" in table.stdout and "72-KH/HU" in table.stdout and "thực hiện" in table.stdout
    rows = json.loads(
        runner.invoke(app, ["graph", str(CORPUS), "--cited-by", "26-KH/BTGTW", "-f", "json"]).stdout
    )
    assert [(r["path"].rsplit("/", 1)[-1], r["relation"]) for r in rows] == [
        ("004_5c34ffd921cbe0dd.txt", "based_on")
    ]


def test_graph_cited_by_unknown_key():
    result = runner.invoke(app, ["graph", str(CORPUS), "--cited-by", "999-KH/TU"])
    assert result.exit_code == 0
    assert "Không có văn bản nào trong tập trích dẫn 999-KH/TU" in result.stderr


def test_graph_wrong_format_and_empty_folder(tmp_path):
    assert runner.invoke(app, ["graph", str(CORPUS), "--format", "png"]).exit_code == 2
    assert (
        runner.invoke(app, ["graph", str(CORPUS), "--cited-by", "40-KH/TU", "--format", "dot"]).exit_code == 2
    )
    empty = runner.invoke(app, ["graph", str(tmp_path)])
    assert empty.exit_code == 2 and "Không tìm thấy tệp" in empty.stderr
