"""The cascade on the sample plans, on hand-written pairs, and its command line.

Expected parents are read from the documents: 000 (39-KH/ĐUK) and 002 (72-KH/HU) both open
with `Thực hiện Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy …` (not in the
samples), 004 with `… căn cứ Kế hoạch số 26-KH/BTGTW, ngày 05/5/2021 của Ban Tuyên giáo Trung ương`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cascade import cascade_files
from kehoach.cascade.engine import CascadeOptions, Override, build_cascade
from kehoach.cascade.profile import profile
from kehoach.cli import app
from kehoach.levels import allowed, level_of
from kehoach.pipeline import process_text

runner = CliRunner()
CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
NODE_KEYS = {"id", "source_path", "number_symbol", "doc_type", "issuer", "date", "title", "level", "missing",
             "version_of"}  # fmt: skip
EDGE_KEYS = {"child", "parent", "relation", "confidence", "evidence"}


@pytest.fixture(scope="module")
def samples():
    return cascade_files([str(CORPUS)]).cascade


def _node(c, path_part):
    return next(n for n in c.nodes.values() if n.source_path and path_part in n.source_path)


def test_siblings_meet_at_their_missing_parent(samples):
    c = samples
    placeholder = c.nodes["40-KH/TU@2022"]
    assert placeholder.missing and placeholder.source_path is None
    assert placeholder.number_symbol == "40-KH/TU" and placeholder.date == "2022-04-21"
    assert placeholder.issuer == "Ban Thường vụ Tỉnh ủy" and placeholder.level == "province"
    kids = {e.child: e for e in c.children("40-KH/TU@2022")}
    assert set(kids) == {_node(c, "000_").id, _node(c, "002_").id}
    for e in kids.values():
        assert e.relation == "implements"
        assert any("Thực hiện Kế hoạch số 40-KH/TU" in x for x in e.evidence)
        assert 0.5 < e.confidence < 1
    assert _node(c, "000_").level == "bloc" and _node(c, "002_").level == "district"


def test_based_on_a_central_plan(samples):
    c = samples
    n004 = _node(c, "004_")
    parents = {e.parent: e for e in c.parents(n004.id)}
    assert "26-KH/BTGTW@2021" in parents
    edge = parents["26-KH/BTGTW@2021"]
    assert edge.relation == "based_on"
    assert any("căn cứ Kế hoạch số 26-KH/BTGTW" in x for x in edge.evidence)
    assert c.nodes["26-KH/BTGTW@2021"].issuer == "Ban Tuyên giáo Trung ương"
    # the central plan 001 cites nothing: a root
    assert c.parents(_node(c, "001_").id) == []


def test_json_shape_from_the_command_line():
    result = runner.invoke(
        app, ["cascade", str(CORPUS / "000_e11a6b2333e4ca78.txt"), str(CORPUS), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"nodes", "edges"}
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids))
    for n in data["nodes"]:
        assert set(n) == NODE_KEYS
        assert (n["source_path"] is None) == n["missing"]
    for e in data["edges"]:
        assert set(e) == EDGE_KEYS
        assert e["child"] in ids and e["parent"] in ids
        assert e["relation"] in ("implements", "based_on")
        assert all(isinstance(x, str) and x for x in e["evidence"])
    paths = {n["source_path"] for n in data["nodes"] if n["source_path"]}
    assert str(CORPUS / "000_e11a6b2333e4ca78.txt") in paths  # as given on the command line
    assert len(paths) == 4  # the file named twice (alone and in its folder) is one document


def test_tree_dot_graphml_and_errors():
    tree = runner.invoke(app, ["cascade", str(CORPUS)])
    assert tree.exit_code == 0
    lines = tree.stdout.splitlines()
    top = next(i for i, ln in enumerate(lines) if ln.startswith("[Tỉnh] Kế hoạch 40-KH/TU"))
    assert "không có trong tập" in lines[top] and "21/04/2022" in lines[top]
    assert "39-KH/ĐUK" in lines[top + 1] and "thực hiện" in lines[top + 1]
    assert "72-KH/HU" in lines[top + 2]
    dot = runner.invoke(app, ["cascade", str(CORPUS), "--format", "dot"]).stdout
    assert dot.startswith("digraph cascade {") and '"40-KH/TU@2022" -> "39-KH/ĐUK@2022"' in dot
    root = ET.fromstring(runner.invoke(app, ["cascade", str(CORPUS), "--format", "graphml"]).stdout)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f".//{ns}edge")) == 4
    bad = runner.invoke(app, ["cascade", str(CORPUS), "--format", "xml"])
    assert bad.exit_code == 2 and "Định dạng không hỗ trợ" in bad.stderr
    missing = runner.invoke(app, ["cascade", "/no/such/folder"])
    assert missing.exit_code == 1 and "Không tìm thấy" in missing.stderr


# -- a parent whose own number is blank, cited by number ---------------------------------

PARENT_BLANK = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:      /KH-UBND
Nghệ An, ngày      tháng 12 năm 2025
KẾ HOẠCH
Cải cách hành chính nhà nước năm 2026
Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đẩy mạnh cải cách thủ tục hành chính, nâng cao chỉ số hài lòng của người dân và doanh nghiệp.
2. Xây dựng chính quyền số, chuyển đổi số trong giải quyết thủ tục hành chính trên địa bàn tỉnh.
II. NHIỆM VỤ
1. Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh.
2. Cải cách tổ chức bộ máy hành chính nhà nước, sắp xếp đơn vị sự nghiệp công lập.
"""

CHILD_CITES_NUMBER = """ỦY BAN NHÂN DÂN
XÃ DIỄN CHÂU
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Diễn Châu, ngày 08 tháng 01 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026 trên địa bàn xã
Thực hiện Kế hoạch số 9669/KH-UBND ngày 24/12/2025 của UBND tỉnh về cải cách hành chính nhà nước năm 2026; Ủy ban nhân dân xã ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Thực hiện có hiệu quả cải cách thủ tục hành chính trên địa bàn xã.
II. NHIỆM VỤ
1. Niêm yết công khai thủ tục hành chính tại bộ phận một cửa của xã.
"""


def test_blank_numbered_parent_resolved_by_type_issuer_date_and_title():
    docs = [process_text(PARENT_BLANK, "tinh.txt"), process_text(CHILD_CITES_NUMBER, "xa.txt")]
    assert docs[0].number is None and docs[1].number_symbol == "12/KH-UBND"
    c = build_cascade([profile(d, i) for i, d in enumerate(docs)])
    edges = c.parents(c.by_path("xa.txt").id)
    assert [e.parent for e in edges] == [c.by_path("tinh.txt").id]
    assert any("trích yếu khớp" in x for x in edges[0].evidence)
    assert not any(n.missing for n in c.nodes.values() if n.number_symbol == "9669/KH-UBND")
    assert edges[0].confidence < 0.95  # the number did not decide


def test_manual_override_is_respected(samples):
    docs = [process_text((CORPUS / f).read_text(encoding="utf-8"), f) for f in
            ("000_e11a6b2333e4ca78.txt", "001_0adb6059266a309d.txt")]  # fmt: skip
    profiles = [profile(d, i) for i, d in enumerate(docs)]
    plain = build_cascade(profiles)
    assert [e.parent for e in plain.parents("39-KH/ĐUK@2022")] == ["40-KH/TU@2022"]
    central = plain.by_path("001_0adb6059266a309d.txt").id
    fixed = build_cascade(
        profiles, overrides=[Override("39-KH/ĐUK@2022", central, "set", note="cán bộ kiểm tra")]
    )
    edges = fixed.parents("39-KH/ĐUK@2022")
    assert [(e.parent, e.confidence) for e in edges] == [(central, 1.0)]
    assert "Xác nhận thủ công: cán bộ kiểm tra" in edges[0].evidence
    rejected = build_cascade(profiles, overrides=[Override("39-KH/ĐUK@2022", "40-KH/TU@2022", "reject")])
    assert "40-KH/TU@2022" not in [e.parent for e in rejected.parents("39-KH/ĐUK@2022")]


def test_text_evidence_without_citations(samples):
    """With citations ignored, the district plan 002 finds the central plan 001 in its text, not
    the bloc plan 000 (a bloc's plans do not go to districts) and not the unrelated 004."""
    run = cascade_files([str(CORPUS)], CascadeOptions(use_citations=False))
    c = run.cascade
    edges = c.parents(_node(c, "002_").id)
    assert [e.parent for e in edges] == [_node(c, "001_").id]
    assert edges[0].coverage is not None and edges[0].coverage > 0.5
    assert any("Độ bao phủ" in x for x in edges[0].evidence)
    assert c.parents(_node(c, "001_").id) == []  # nothing above the central plan


def test_levels_and_constraints():
    assert level_of("Ban Thường vụ Huyện ủy", None, "KH/HU", "2022-06-13") == "district"
    assert level_of("Ban Thường vụ Tỉnh ủy", None, None, None) == "province"
    assert level_of("Đảng ủy Khối các cơ quan tỉnh", "Đảng bộ tỉnh Lâm Đồng", "KH/ĐUK", None) == "bloc"
    assert level_of(None, None, "QĐ-BNNMT", None) == "central"
    assert level_of("Ủy ban nhân dân xã Tân Hội", None, None, "2025-09-01") == "grassroots"
    # no district level after 1 July 2025
    assert level_of("Ban Thường vụ Huyện ủy", None, "KH/HU", "2025-08-01") is None
    assert allowed("province", "2022-04-21", "district", "2022-06-13")
    assert not allowed("province", "2022-07-01", "district", "2022-06-13")  # a parent is not later
    assert allowed("province", "2022-06", "district", "2022-06-13")  # partial dates compare on what they say
    assert not allowed("district", "2022-01-01", "province", "2022-06-13")  # nor lower
    assert not allowed("district", "2025-03-01", "grassroots", "2025-09-01")  # the district is gone
    assert allowed("district", "2025-03-01", "grassroots", "2025-05-01")
    assert not allowed("bloc", "2022-01-01", "district", "2022-06-13")
    assert allowed(None, None, "district", None)
