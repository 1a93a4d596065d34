"""`kehoach parse`, `schema` and `summary` as a user runs them."""

from __future__ import annotations

import json

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
