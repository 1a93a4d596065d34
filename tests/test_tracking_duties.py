"""Duties extracted from plans match the lists written by reading them.

Samples: tests/fixtures/expected/duties_samples (section "TỔ CHỨC THỰC HIỆN" of examples/corpus).
Real plans: tests/fixtures/expected/duties (fixture teams). The held-out kh1026 is not used here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duty_score import score
from kehoach.cli import app
from kehoach.ingest.convert import soffice_path
from kehoach.pipeline import process_file
from kehoach.tracking.duties import extract_duties, find_deadline, sentences
from kehoach.tracking.names import canonical, split_units, subject

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
REAL = Path("/work/shared/corpus/real")
SAMPLE_FIXTURES = sorted((EXPECTED / "duties_samples").glob("*.json"))


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fixture", SAMPLE_FIXTURES, ids=lambda p: p.stem)
def test_sample_duties_match_reading(fixture: Path):
    doc = process_file(ROOT / "examples" / "corpus" / f"{fixture.stem}.txt")
    s = score(_load(fixture), extract_duties(doc))
    assert not s.missing and not s.extra, (s.missing, s.extra)
    assert s.role_ok == s.text_ok == s.deadline_ok == s.expected


def _real(stem: str, tmp_path_factory) -> Path:
    src = next(REAL.glob(stem + ".*"), None)
    if src is None:
        pytest.skip(f"{REAL} not present")
    if src.suffix == ".doc" and soffice_path() is None:  # .doc is read through LibreOffice
        pytest.skip("LibreOffice missing: run scripts/setup-system.sh")
    return src


# (fixture, least share of expected entries found, least share with the right duty count)
REAL_CASES = [
    ("tnt-kh141-2025-ubnd-bacninh", 1.0, 0.9),  # inline "Đơn vị chủ trì:" blocks + subject sentences
    ("evn-a2-kh-2024-quocphong-quansu", 0.95, 0.95),  # task table in a .docx
    ("hp-kh-sotttt-phutho-2011-daotao-qlvb", 1.0, 1.0),  # heading per unit, .doc
]


@pytest.mark.parametrize(("stem", "recall", "counts"), REAL_CASES, ids=[c[0] for c in REAL_CASES])
def test_real_duties_match_reading(stem: str, recall: float, counts: float, tmp_path_factory):
    src = _real(stem, tmp_path_factory)
    s = score(_load(EXPECTED / "duties" / f"{stem}.json"), extract_duties(process_file(src)))
    assert s.recall >= recall, s.missing
    assert s.precision >= 0.95, s.extra
    assert s.role_ok >= 0.95 * s.matched
    assert s.count_ok >= counts * s.expected
    assert s.deadline_ok >= 0.85 * s.expected


def test_unit_lists_split_where_a_name_starts():
    assert split_units("Sở Nội vụ, Sở Tư pháp") == ["Sở Nội vụ", "Sở Tư pháp"]
    assert split_units("Các Sở, ngành, đơn vị, UBND cấp xã") == ["Các Sở, ngành, đơn vị", "UBND cấp xã"]
    assert split_units("Ban Cán sự đảng Bộ Văn hóa - Thể thao và Du lịch") == [
        "Ban Cán sự đảng Bộ Văn hóa - Thể thao và Du lịch"
    ]
    assert split_units("Sở Tư pháp; các cơ quan, đơn vị liên quan.") == [
        "Sở Tư pháp",
        "các cơ quan, đơn vị liên quan",
    ]
    assert split_units("BCH Quân sự, phòng Tổng hợp") == ["BCH Quân sự", "phòng Tổng hợp"]


def test_subject_and_deadlines():
    assert subject("Sở Tài chính chủ trì, phối hợp với các Sở")[0] == "Sở Tài chính"
    assert subject("Giao Sở Tư pháp theo dõi, đôn đốc")[0] == "Sở Tư pháp"
    assert subject("Tổ chức tập huấn cho cán bộ") is None
    assert find_deadline(["Báo cáo kết quả trước ngày 15/12 hằng năm"]) == "trước ngày 15/12"
    assert find_deadline(["Tổng hợp, báo cáo định kỳ 6 tháng"]) == "định kỳ 6 tháng"
    assert find_deadline(["Sơ kết hằng quý"]) == "hằng quý"
    assert find_deadline(["Tổ chức hội nghị"]) is None
    assert sentences("Làm việc này. Họp tại TP. Hà Nội.\nLàm C") == [
        "Làm việc này.",
        "Họp tại TP. Hà Nội.",
        "Làm C",
    ]


def test_name_variants_share_a_key():
    assert canonical("BTG Huyện ủy") == canonical("Ban Tuyên giáo Huyện ủy")
    assert canonical("UBND tỉnh") == canonical("Ủy ban nhân dân tỉnh Lâm Đồng", place="Lâm Đồng")
    assert canonical("Sở Nội vụ") != canonical("Sở Tư pháp")


def test_cli_duties_json_and_table():
    sample = ROOT / "examples" / "corpus" / "004_5c34ffd921cbe0dd.txt"
    runner = CliRunner()
    res = runner.invoke(app, ["duties", str(sample), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [d["unit"] for d in data] == [
        "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
        "Ủy ban Mặt trận Tổ quốc",
        "các đoàn thể chính trị - xã hội của tỉnh",
        "Ban Tuyên giáo Tỉnh ủy",
    ]
    assert set(data[0]) == {"unit", "unit_id", "role", "duties", "deadline", "node_id"}
    assert data[3]["node_id"] == "III.3" and len(data[3]["duties"]) == 3
    res = runner.invoke(app, ["duties", str(sample)])
    assert res.exit_code == 0 and "III.3" in res.output and "Ban Tuyên" in res.output
    res = runner.invoke(app, ["duties", str(sample), "--format", "xml"])
    assert res.exit_code == 2 and "Định dạng không hỗ trợ" in res.output


def test_cli_duties_bad_file(tmp_path: Path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf")
    res = CliRunner().invoke(app, ["duties", str(bad)])
    assert res.exit_code == 1 and "Lỗi" in res.output
