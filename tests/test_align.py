"""`kehoach align`: scored against hand-written alignments of the real pairs, plus unit and CLI tests.

The scores of each real pair (precision, recall, F1 of links; accuracy of relations) are printed
after the module's tests, in every run (not only with -s).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.align import align_documents, align_units, units_from_document
from kehoach.align.evaluate import Metrics, evaluate, evaluate_links
from kehoach.cli import app
from kehoach.export.align_html import render_alignment_html
from kehoach.model.alignment import Unit

PAIRS = ["001_000", "001_002", "000_002"]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "expected" / "align"
runner = CliRunner()
_REPORT: list[str] = []


def load_fixture(name: str) -> dict:
    """One expected alignment (`001_000` …)."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _print_scores(request):
    """Print the collected scores once the module is done, bypassing output capture."""
    yield
    if not _REPORT:
        return
    plugins = request.config.pluginmanager
    reporter = plugins.getplugin("terminalreporter")
    capture = plugins.getplugin("capturemanager")
    lines = [
        "",
        "align scores against tests/fixtures/expected/align (link P/R/F1, relation accuracy):",
        *_REPORT,
    ]
    if reporter is None or capture is None:  # pragma: no cover - plugins disabled
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():
        for line in lines:
            reporter.write_line(line)


def _score(name: str, parsed) -> tuple[Metrics, object]:
    fx = load_fixture(name)
    alignment = align_documents(parsed[fx["parent"]], parsed[fx["child"]])
    return evaluate(alignment, fx), alignment


# ---------------------------------------------------------------- real pairs, scored


@pytest.mark.parametrize("name", PAIRS)
def test_real_pair_scores(name, parsed_samples) -> None:
    m, alignment = _score(name, parsed_samples)
    line = f"  {name.replace('_', ' → ')}: {m.summary()}  coverage={alignment.coverage.overall:.2f}"
    _REPORT.append(line)
    print(line)
    detail = f"false={m.false_links} missed={m.missed_links} relations={m.wrong_relations}"
    assert not m.missing_units, f"fixture ids the parser did not produce: {m.missing_units}"
    assert m.f1 >= 0.90, detail
    assert m.relation_accuracy >= 0.85, detail


@pytest.mark.parametrize("name", PAIRS)
def test_parser_ids_match_fixture(name, parsed_samples) -> None:
    fx = load_fixture(name)
    assert [u.id for u in units_from_document(parsed_samples[fx["parent"]])] == fx["parent_units"]
    assert [u.id for u in units_from_document(parsed_samples[fx["child"]])] == [
        r["child"] for r in fx["child_units"]
    ]


def test_unrelated_plan_has_clearly_lower_coverage(parsed_samples) -> None:
    cov = {
        k: align_documents(parsed_samples["001"], parsed_samples[k]).coverage.overall
        for k in ("000", "002", "004")
    }
    _REPORT.append(
        f"  coverage of 001 by 000 {cov['000']:.2f}, by 002 {cov['002']:.2f}, by 004 {cov['004']:.2f}"
    )
    assert cov["004"] < 0.5 * min(cov["000"], cov["002"]), cov


def test_merges_splits_and_moves_on_real_pairs(parsed_samples) -> None:
    a = align_documents(parsed_samples["001"], parsed_samples["002"])
    assert a.pair("I.-2").parent_ids == ["I.-2", "I.-3"]  # merge
    assert a.pair("II.1.1").parent_ids == ["II.1.1", "II.1.5"]  # merge of non-adjacent siblings
    assert a.pair("IV.3.-2").parent_ids == ["IV.6.-1"]  # moved from the press agencies' duties
    assert a.pair("IV.3.-1").parent_ids == ["IV.1.-1"] == a.pair("IV.1.-1").parent_ids  # split
    assert a.pair("IV.1").relation == "adapted"  # Ban Tổ chức Trung ương → Ban Tổ chức Huyện ủy
    assert "IV.1.-3" in a.omitted
    assert a.coverage.by_section["II"] == 1.0


def test_fixtures_are_consistent() -> None:
    for name in PAIRS:
        fx = load_fixture(name)
        parents = set(fx["parent_units"])
        linked = set()
        for row in fx["child_units"]:
            assert row["relation"] in ("verbatim", "adapted", "added"), row
            assert (row["relation"] == "added") == (not row["parents"]), row
            assert set(row["parents"]) | set(row.get("maybe", [])) <= parents, row
            linked |= set(row["parents"])
        assert set(fx["omitted"]) | set(fx["omitted_unless_maybe"]) == parents - linked


# ---------------------------------------------------------------- units, without the parser


def _units(*rows: tuple[str, str]) -> list[Unit]:
    out = []
    for uid, text in rows:
        parts = uid.split(".")
        kind = "section" if len(parts) == 1 else ("bullet" if parts[-1].startswith("-") else "item")
        out.append(
            Unit(id=uid, text=text, section=parts[0], kind=kind, outline_parent=".".join(parts[:-1]) or None)
        )
    return out


LONG = {
    "a": "Tăng cường công tác kiểm tra, giám sát việc thực hiện các nghị quyết về phòng, chống tham nhũng.",
    "b": "Đổi mới nội dung, phương thức sinh hoạt chi bộ, nâng cao chất lượng tổ chức cơ sở đảng.",
    "c": "Tổ chức hội nghị báo cáo viên hằng tháng, cung cấp thông tin định hướng dư luận xã hội.",
    "d": "Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể trong giám sát, phản biện xã hội.",
}


def test_level_substitution_is_adapted_with_evidence() -> None:
    parent = _units(
        ("I", "MỤC ĐÍCH"),
        (
            "I.-1",
            "Ban Tổ chức Trung ương phối hợp với Ban Tuyên giáo Trung ương chỉ đạo, định hướng thông tin.",
        ),
    )
    child = _units(
        ("I", "MỤC ĐÍCH"),
        ("I.-1", "Ban Tổ chức Huyện ủy phối hợp với Ban Tuyên giáo Huyện ủy chỉ đạo, định hướng thông tin."),
    )
    a = align_units(parent, child)
    pair = a.pair("I.-1")
    assert pair.parent_ids == ["I.-1"] and pair.relation == "adapted"
    assert pair.score > 0.9  # the level vocabulary makes them the same item
    assert "Trung ương → Huyện ủy" in pair.substitutions
    assert a.pair("I").relation == "verbatim"


def test_spelling_and_extraction_damage_stay_verbatim() -> None:
    parent = _units(
        ("I", "MỤC ĐÍCH"),
        ("I.-1", "Củng cố, nâng cao chất lượng hoạt động của Đảng uỷ và các tổ chức trong hệ thống."),
    )
    child = _units(
        ("I", "Mục đích"),
        ("I.-1", "Củng cố, nâng cao chất lƣợng hoạt động của Đảng ủy và các tổ chức trong hệ thống"),
    )
    a = align_units(parent, child)
    assert a.pair("I.-1").relation == "verbatim"
    assert a.pair("I").relation == "verbatim"


def test_one_word_is_verbatim_two_are_adapted() -> None:
    parent = _units(("I", "X"), ("I.-1", LONG["a"]), ("I.-2", LONG["b"]))
    child = _units(
        ("I", "X"),
        ("I.-1", LONG["a"].replace("thực hiện các nghị", "thực hiện nghị")),  # one word dropped
        ("I.-2", LONG["b"].replace("nâng cao chất lượng", "nâng chất lượng cao hơn nữa")),
    )
    a = align_units(parent, child)
    assert a.pair("I.-1").relation == "verbatim"
    assert a.pair("I.-2").relation == "adapted"


def test_merge_split_move_add_omit() -> None:
    parent = _units(
        ("I", "NỘI DUNG"),
        ("I.-1", LONG["a"]),
        ("I.-2", LONG["b"]),
        ("I.-3", LONG["c"]),
        ("II", "TỔ CHỨC THỰC HIỆN"),
        ("II.-1", LONG["d"]),
        ("II.-2", "Ban Tuyên giáo hướng dẫn tổ chức các cuộc thi tìm hiểu về lịch sử Đảng bộ địa phương."),
    )
    child = _units(
        ("I", "NỘI DUNG"),
        ("I.-1", LONG["a"] + " " + LONG["b"]),  # merge of I.-1 and I.-2
        ("I.-2", "Xây dựng kho dữ liệu số về các văn kiện, tài liệu tuyên truyền của huyện."),  # added
        ("II", "TỔ CHỨC THỰC HIỆN"),
        ("II.-1", LONG["c"]),  # moved from section I
        ("II.-2", "Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể trong giám sát"),  # split of II.-1 …
        ("II.-3", "các đoàn thể tham gia phản biện xã hội, vai trò của Mặt trận Tổ quốc."),  # … in two
    )
    a = align_units(parent, child)
    assert a.pair("I.-1").parent_ids == ["I.-1", "I.-2"]
    assert a.pair("I.-2").relation == "added" and a.pair("I.-2").parent_ids == []
    assert a.pair("II.-1").parent_ids == ["I.-3"] and a.pair("II.-1").relation == "verbatim"
    assert a.pair("II.-2").parent_ids == ["II.-1"] == a.pair("II.-3").parent_ids
    assert a.omitted == ["II.-2"]
    assert a.coverage.overall == pytest.approx(6 / 7, abs=1e-3)
    assert a.coverage.by_section == {"I": 1.0, "II": 0.6667}
    assert 0 < a.coverage.child_own_share < 0.5
    assert a.coverage.relations["added"] == 1


def test_empty_inputs_do_not_crash() -> None:
    assert align_units([], []).pairs == []
    a = align_units(_units(("I", "MỤC ĐÍCH")), [])
    assert a.omitted == ["I"] and a.coverage.overall == 0.0
    b = align_units([], _units(("I", "MỤC ĐÍCH")))
    assert b.pair("I").relation == "added"


def test_evaluate_counts_maybe_links_as_neutral() -> None:
    expected = [
        {"child": "A", "parents": ["1"], "relation": "adapted"},
        {"child": "B", "parents": [], "relation": "added", "maybe": ["2"]},
    ]
    m = evaluate_links({"A": (["1", "3"], "adapted"), "B": (["2"], "adapted")}, expected)
    assert (m.tp, m.fp, m.fn) == (1, 1, 0)
    assert m.relation_accuracy == 1.0


# ---------------------------------------------------------------- HTML export


def test_html_is_self_contained_and_escaped() -> None:
    parent = _units(("I", "MỤC ĐÍCH <script>alert(1)</script>"), ("I.-1", LONG["a"]), ("I.-2", LONG["c"]))
    child = _units(
        ("I", "MỤC ĐÍCH <script>alert(1)</script>"), ("I.-1", LONG["a"].replace("Tăng cường", "Đẩy mạnh"))
    )
    page = render_alignment_html(align_units(parent, child))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "&lt;script&gt;" in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert 'class="r-omitted"' in page  # I.-2 omitted, marked
    assert '<ins class="w">' in page and '<del class="w">' in page  # word-level differences
    assert 'id="p-I.-1"' in page and 'id="c-I.-1"' in page


def test_html_fragment_for_the_web_app() -> None:
    fragment = render_alignment_html(align_units(_units(("I", "A")), _units(("I", "A"))), full_page=False)
    assert not fragment.startswith("<!DOCTYPE") and "<table" in fragment


# ---------------------------------------------------------------- CLI


def test_cli_table(sample_paths) -> None:
    result = runner.invoke(app, ["align", str(sample_paths["001"]), str(sample_paths["000"])])
    assert result.exit_code == 0, result.output
    assert "Độ bao phủ" in result.stdout and "bị bỏ" in result.stdout
    assert "IV.1.-3" in result.stdout


def test_cli_json_contract(sample_paths) -> None:
    result = runner.invoke(
        app, ["align", str(sample_paths["001"]), str(sample_paths["002"]), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"parent", "child", "units", "pairs", "omitted", "coverage"} <= set(data)
    assert {"source", "number_symbol"} <= set(data["parent"]) and data["child"]["number_symbol"] == "72-KH/HU"
    assert set(data["units"]) == {"parent", "child"}
    assert set(data["units"]["child"][0]) == {"id", "text"}
    pair = data["pairs"][0]
    assert {"child_id", "parent_ids", "relation", "score"} <= set(pair)
    assert {"overall", "by_section"} <= set(data["coverage"])
    assert "IV.1.-3" in data["omitted"]


def test_cli_html_to_file(sample_paths, tmp_path) -> None:
    out = tmp_path / "so-sanh.html"
    result = runner.invoke(
        app,
        ["align", str(sample_paths["000"]), str(sample_paths["002"]), "--format", "html", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "72-KH/HU" in page and "39-KH/ĐUK" in page and "Độ bao phủ" in page


def test_cli_annex_without_annexes_warns(sample_paths) -> None:
    result = runner.invoke(
        app, ["align", str(sample_paths["001"]), str(sample_paths["002"]), "--annex", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scope"] == "annex" and data["warnings"]


def test_cli_errors(sample_paths) -> None:
    bad = runner.invoke(app, ["align", str(sample_paths["001"]), str(sample_paths["000"]), "--format", "xml"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["align", "khong-co.txt", str(sample_paths["000"])])
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output
