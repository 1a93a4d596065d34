"""`kehoach lint`: the mandatory format elements, checked against what a reader found.

Sample expectations come from reading the sample texts (000 has its full Party header; 001, 002
and 004 were saved without the header table, so the title line, issuer, number and place-date
are not in them). Real-corpus expectations come from tests/fixtures/expected/real/*.json,
written by reading the originals: a null field there is an element the reader found missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.lint import lint_document
from kehoach.pipeline import process_file, process_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_real_fixtures_schema import CORPUS_REAL, REAL  # noqa: E402

runner = CliRunner()
HEADER_PARTS = ("motto", "issuer", "number_symbol", "place_date")


def test_sample_000_has_every_element(parsed_samples):
    report = lint_document(parsed_samples["000"])
    assert report.system == "party"
    assert report.ok
    for f in report.findings:
        assert f.status == "present", f
    assert report.finding("number_symbol").value == "39-KH/ĐUK"
    # as the preamble prints it: Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy
    assert report.finding("parent").value == "Kế hoạch 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy"
    assert report.finding("place_date").value == "Đà Lạt, ngày 9 tháng 5 năm 2022"
    assert "36-HD/VPTW" in report.finding("filing").rule


@pytest.mark.parametrize("key", ["001", "002", "004"])
def test_samples_without_header_table_miss_the_header(parsed_samples, key):
    report = lint_document(parsed_samples[key])
    assert not report.ok
    for element in HEADER_PARTS:
        assert report.finding(element).status == "missing", element
    for element in ("type_title", "recipients", "filing", "authority", "position", "signer_name"):
        assert report.finding(element).status == "present", element


def test_sample_001_names_no_parent_but_002_and_004_do(parsed_samples):
    # 001 (Ban Tổ chức Trung ương) is a plan of its own; 002 implements 40-KH/TU, 004 26-KH/BTGTW
    assert lint_document(parsed_samples["001"]).finding("parent").status == "missing"
    assert lint_document(parsed_samples["002"]).finding("parent").value.startswith("Kế hoạch 40-KH/TU")
    assert lint_document(parsed_samples["004"]).finding("parent").value.startswith("Kế hoạch 26-KH/BTGTW")


HEADER = "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nHUYỆN ỦY ĐỨC TRỌNG\n*\nSố {num}\nĐẢNG CỘNG SẢN VIỆT NAM\n"
BODY = (
    "Đức Trọng, ngày 13 tháng 6 năm 2022\n\nKẾ HOẠCH\nThông tin, tuyên truyền năm 2022\n-----\n"
    "Thực hiện Kế hoạch số 40-KH/TU, ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy "
    "ban hành Kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\n"
    "II. TỔ CHỨC THỰC HIỆN\n1. Ban Tuyên giáo Huyện ủy theo dõi, đôn đốc./.\n\n"
    "Nơi nhận:\n- Ban Thường vụ Tỉnh ủy (báo cáo),\n- Các chi, đảng bộ trực thuộc,\n- Lưu VP.\n"
    "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nNguyễn Văn An\n"
)


@pytest.mark.parametrize(
    ("num", "status", "note"),
    [
        ("72-KH/HU", "present", None),
        ("7-KH/HU", "malformed", "số 0"),  # 36-HD/VPTW II.1.3.2: a number below 10 has a leading 0
        ("72/KH-HU", "malformed", "nhà nước"),  # the state shape on a Party document
        ("     -KH/HU", "malformed", "để trống"),  # a draft with the number left blank
    ],
)
def test_party_number_shape(num, status, note):
    report = lint_document(process_text(HEADER.format(num=num) + BODY))
    assert report.system == "party"
    f = report.finding("number_symbol")
    assert f.status == status, f
    if note:
        assert note in f.note
    assert report.ok  # a malformed number is reported, but it is not missing


def test_missing_filing_and_signer_fail():
    text = HEADER.format(num="72-KH/HU") + BODY.replace("- Lưu VP.\n", "").replace("Nguyễn Văn An\n", "")
    report = lint_document(process_text(text))
    assert report.finding("filing").status == "missing"
    assert report.finding("signer_name").status == "missing"
    assert not report.ok


def test_state_motto_and_number():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 5/KH-UBND\nBắc Ninh, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH\nNâng cao năng lực\n"
        "I. MỤC ĐÍCH\n1. Mục đích\nNâng cao./.\nNơi nhận:\n- Bộ Tư pháp;\n- Lưu: VT, NC.\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhạm Văn Thịnh\n"
    )
    report = lint_document(process_text(text))
    assert report.system == "state"
    assert report.finding("motto").status == "present"
    assert "NĐ 30/2020" in report.finding("motto").rule
    assert report.finding("number_symbol").status == "malformed"  # 05/KH-UBND: NĐ 30 asks for a leading 0


# --- real documents: lint agrees with the reader (fixtures written by reading the originals) ---

# Development-split files whose parse gives the reader's header and closing; the others are in
# the README table with the element where lint and reader disagree (a parser miss or a text
# layer without the printed value).
REAL_AGREE = [
    "hp-kh-sotttt-phutho-2011-daotao-qlvb.doc",  # blank number and day: malformed, as the reader found
    "vip-bc-thuchien-kh2004-kh2005-tcvn3.pdf",  # a headerless TCVN3 report: header parts missing
    "tnt-ct09-2025-ubnd-cantho.md",
    "tnt-kh141-2025-ubnd-bacninh.md",
    "tnt-qd4831-2025-bnnmt.md",
    "tnt-qd99-2025-ubnd-nghean-quyche.md",
    "tw-quydinh294-2025-thihanh-dieule.pdf",
]


def reader_statuses(fx: dict) -> dict[str, str]:
    """What the reader found, as lint statuses: a null field is a missing element."""
    signer = fx.get("signer") or {}

    def have(value) -> str:
        return "present" if value else "missing"

    number = (
        "malformed" if fx.get("number_blank") else "missing" if fx.get("number_symbol") is None else "present"
    )
    place, date = fx.get("place"), fx.get("date")
    if place and date and len(date) == 10:
        place_date = "present"
    else:
        place_date = "missing" if not place and not date else "malformed"
    return {
        "issuer_parent": have(fx.get("issuer_parent")),
        "number_symbol": number,
        "place_date": place_date,
        "type_title": "present" if fx.get("doc_type") and fx.get("title") else "missing",
        "recipients": have(fx.get("recipients")),
        "filing": have(fx.get("filing")),
        "authority": have(signer.get("authority")),
        "position": have(signer.get("position")),
        "signer_name": have(signer.get("name")),
    }


@pytest.mark.skipif(not CORPUS_REAL.is_dir(), reason="real corpus not present")
@pytest.mark.parametrize("name", REAL_AGREE)
def test_real_lint_matches_reader(name):
    fx = json.loads((REAL / (Path(name).stem + ".json")).read_text(encoding="utf-8"))
    assert fx["split"] == "dev"
    report = lint_document(process_file(CORPUS_REAL / name))
    expected = reader_statuses(fx)
    got = {k: report.finding(k).status for k in expected}
    assert got == expected
    assert report.ok == all(expected[k] != "missing" for k in expected if report.finding(k).mandatory)


@pytest.mark.skipif(not CORPUS_REAL.is_dir(), reason="real corpus not present")
def test_real_headerless_file_fails():
    # tnt-hd-2025-baocaovien-noheader: the reader found no header block (fixture notes)
    report = lint_document(process_file(CORPUS_REAL / "tnt-hd-2025-baocaovien-noheader.md"))
    assert report.finding("place_date").status == "missing"
    assert report.finding("motto").status == "missing"
    assert not report.ok


def test_cli_lint_exit_codes_and_json(sample_paths):
    ok = runner.invoke(app, ["lint", str(sample_paths["000"]), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["ok"] is True and data["system"] == "party"
    assert {f["element"] for f in data["findings"]} >= {"motto", "number_symbol", "filing", "signer_name"}
    bad = runner.invoke(app, ["lint", str(sample_paths["001"])])
    assert bad.exit_code == 1
    assert "Thiếu thành phần bắt buộc" in bad.output
    assert runner.invoke(app, ["lint", str(sample_paths["001"]), "--format", "xml"]).exit_code == 2


def test_cli_lint_unreadable_file(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["lint", str(empty)])
    assert result.exit_code == 1
    assert "Lỗi" in result.output


@pytest.mark.skipif(not CORPUS_REAL.is_dir(), reason="real corpus not present")
def test_real_blank_number_is_malformed():
    # evn-a2-kh-2024: the reader found `Số: /KH-ĐĐMN` printed with the number left blank
    fx = json.loads((REAL / "evn-a2-kh-2024-quocphong-quansu.json").read_text(encoding="utf-8"))
    assert fx["number_blank"] is True
    f = lint_document(process_file(CORPUS_REAL / "evn-a2-kh-2024-quocphong-quansu.docx")).finding(
        "number_symbol"
    )
    assert f.status == "malformed"
    assert "/KH-ĐĐMN" in f.value
