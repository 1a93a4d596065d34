"""The cascade on the parent–child pairs of the real corpus (its README, "Pairs").

Expected links read from the originals:
- btctw-hd38 (38-HD/BTCTW): `Căn cứ Điều lệ Đảng, Quy định số 294-QĐ/TW, ngày 26-5-2025 …`;
- the Hà Nội Hướng dẫn (blank number, `Số    -HD/BTCTU`): `- Căn cứ Điều lệ Đảng, Quy định số
  294-QĐ/TW, … Hướng dẫn số 38-HD/BTCTW ngày 29/9/2025 của Ban Tổ chức Trung ương …`;
- tnt-qd01779: `Căn cứ Quyết định số 4831/QĐ-BNNMT ngày 17/11/2025 …`;
- tnt-cv11654: `… theo chỉ đạo của Thủ tướng Chính phủ tại Thông báo số 627/TB-VPCP ngày 18 tháng 11 năm 2025`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.cascade import cascade_files
from kehoach.ingest.ocr import unavailable as ocr_unavailable

REAL = Path("/work/shared/corpus/real")
if not REAL.is_dir():
    REAL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
FILES = {
    "294": "tw-quydinh294-2025-thihanh-dieule.pdf",
    "38": "btctw-hd38-2025-congtac-dangvien.pdf",
    "hanoi": "btctu-hanoi-hd-2025-to-chuc-dang-dangvien.pdf",
    "4831": "tnt-qd4831-2025-bnnmt.md",
    "1779": "tnt-qd01779-2025-ubnd-camau.md",
    "627": "tnt-tb627-2025-vpcp.md",
    "11654": "tnt-cv11654-2025-vpcp-webnoise.md",
}
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not REAL.is_dir(), reason="real corpus not present")]


@pytest.fixture(scope="module")
def real():
    run = cascade_files([str(REAL / f) for f in FILES.values()])
    assert run.failed == []
    c = run.cascade
    ids = {k: c.by_path(str(REAL / f)).id for k, f in FILES.items()}
    return c, ids


def _parents(c, node_id):
    return {e.parent: e for e in c.parents(node_id)}


def test_three_level_party_chain(real):
    c, ids = real
    p38 = _parents(c, ids["38"])
    assert ids["294"] in p38 and p38[ids["294"]].relation == "based_on"
    assert any("Quy định số 294-QĐ/TW" in x for x in p38[ids["294"]].evidence)
    hanoi = _parents(c, ids["hanoi"])
    assert {ids["294"], ids["38"]} <= set(hanoi)  # several parents: `Căn cứ` A and B
    assert hanoi[ids["38"]].confidence >= 0.9
    # its number and day are stamped as images by the signing system (read by OCR when Tesseract
    # is there, `ingest/stamps.py`); without them it is a blank-numbered node, still in the corpus
    assert c.nodes[ids["hanoi"]].number_symbol == (None if ocr_unavailable() else "2-HD/BTCTU")
    # a cited document absent from the corpus is a placeholder
    assert c.nodes["06-HD/TW@2025"].missing and c.nodes["06-HD/TW@2025"].issuer == "Ban Bí thư"


def test_ministry_to_province_decision(real):
    c, ids = real
    edge = _parents(c, ids["1779"])[ids["4831"]]
    assert edge.relation == "based_on"
    assert any("Quyết định số 4831/QĐ-BNNMT" in x for x in edge.evidence)
    assert ids["1779"] not in _parents(c, ids["4831"])  # not the other way round


def test_letter_acting_on_a_conclusion_notice(real):
    c, ids = real
    edge = _parents(c, ids["11654"])[ids["627"]]
    assert edge.relation == "implements"
    assert any("Thông báo số 627/TB-VPCP" in x for x in edge.evidence)
    # the report it answers (`Xét báo cáo … văn bản số 84/BC-UBND`) is not a parent
    assert not any("84/BC-UBND" in p for p in _parents(c, ids["11654"]))
