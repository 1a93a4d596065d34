"""`kehoach draft`: a draft made from each sample parent parses back with the header given on the
command line and, aligned with its parent, covers at least 95% of the parent's units."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import kehoach
from kehoach.cli import app
from kehoach.draft import DraftSpec, draft_plan
from kehoach.draft.levels import substitute
from kehoach.lint import lint_document
from kehoach.pipeline import process_file

runner = CliRunner()

PARTY = {
    "--issuer": "Ban Thường vụ Huyện ủy Đức Trọng",
    "--superior": "Đảng bộ tỉnh Lâm Đồng",
    "--number": "72",
    "--date": "2022-06-13",
    "--place": "Đức Trọng",
    "--signer": "Lê Hồng Khánh",
    "--position": "PHÓ BÍ THƯ",
    "--authority": "T/M BAN THƯỜNG VỤ",
}


def _args(opts: dict[str, str]) -> list[str]:
    return [x for kv in opts.items() for x in kv]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory, sample_paths):
    out = {}
    for key, path in sample_paths.items():
        target = tmp_path_factory.mktemp("draft") / f"draft-{key}.docx"
        result = runner.invoke(app, ["draft", str(path), *_args(PARTY), "--out", str(target)])
        assert result.exit_code == 0, result.output
        out[key] = process_file(target)
    return out


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_draft_parses_back_with_the_given_header(drafts, key):
    doc = drafts[key]
    assert doc.doc_type == "Kế hoạch"
    assert doc.number_symbol == "72-KH/HU"
    assert doc.issuer == "Huyện ủy Đức Trọng"  # the header prints the committee (36-HD/VPTW II.1.2)
    assert doc.issuer_parent == "Đảng bộ tỉnh Lâm Đồng"
    assert (doc.place, doc.date) == ("Đức Trọng", "2022-06-13")
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Lê Hồng Khánh",
    )
    assert doc.filing == "Lưu VP"
    assert doc.recipients and doc.recipients[-1].name.startswith("Các ban xây dựng Đảng Huyện ủy")
    assert "ban hành Kế hoạch thực hiện như sau" in (doc.preamble or "")
    assert lint_document(doc).ok


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_draft_covers_its_parent(drafts, parsed_samples, key):
    parent = parsed_samples[key]
    alignment = kehoach.align(parent, drafts[key])
    assert alignment.coverage.overall >= 0.95, alignment.coverage


def test_draft_cites_its_parent(drafts, parsed_samples):
    # 000 is 39-KH/ĐUK of 09/5/2022; the draft's preamble names it and parses as `implements`
    imp = drafts["000"].implements
    assert imp is not None
    assert (imp.number_symbol, imp.date) == ("39-KH/ĐUK", "2022-05-09")
    assert drafts["000"].preamble.startswith("Thực hiện Kế hoạch số 39-KH/ĐUK ngày 09/5/2022 của")


def test_organisation_section_lists_units_below(parsed_samples):
    doc = draft_plan(parsed_samples["002"], DraftSpec(issuer="Ban Thường vụ Huyện ủy Đức Trọng"))
    org = next(n for n in doc.outline if "TỔ CHỨC THỰC HIỆN" in n.text.upper())
    assert "Các chi, đảng bộ cơ sở trực thuộc Huyện ủy" in org.children[-1].text


def test_level_vocabulary():
    assert substitute("Ban Tuyên giáo Tỉnh uỷ chủ trì trong toàn tỉnh", "province", "district") == (
        "Ban Tuyên giáo Huyện ủy chủ trì trong toàn huyện"
    )
    assert substitute("BAN THƯỜNG VỤ TỈNH ỦY", "province", "district") == "BAN THƯỜNG VỤ HUYỆN ỦY"
    assert (
        substitute("Ban Tổ chức Trung ương phối hợp", "central", "province") == "Ban Tổ chức Tỉnh ủy phối hợp"
    )
    assert (
        substitute("tình hình, tinh thần của tỉnh", "province", "district") == "tình hình, tinh thần của tỉnh"
    )


def test_state_draft_header(sample_paths, tmp_path):
    target = tmp_path / "ubnd.docx"
    result = runner.invoke(
        app,
        ["draft", str(sample_paths["000"]), "--issuer", "Ủy ban nhân dân huyện Đức Trọng", "--number", "15",
         "--date", "2022-06-20", "--place", "Đức Trọng", "--signer", "Nguyễn Văn An", "--out", str(target)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = process_file(target)
    assert doc.number_symbol == "15/KH-UBND"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text[:300]
    assert doc.signer.authority == "TM. ỦY BAN NHÂN DÂN"


def test_draft_rejects_bad_date(sample_paths, tmp_path):
    result = runner.invoke(app, ["draft", str(sample_paths["000"]), "--issuer", "Huyện ủy", "--date", "13/6/2022",
                                 "--out", str(tmp_path / "x.docx")])  # fmt: skip
    assert result.exit_code == 2
    assert "Ngày không hợp lệ" in result.output


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory, sample_paths):
    """A store holding plan 000 of the Đảng ủy Khối các cơ quan tỉnh with its duties saved (the units
    registry learns the Khối's units from it)."""
    from kehoach.store import open_store
    from kehoach.tracking.repo import Tracker

    url = f"sqlite:///{tmp_path_factory.mktemp('registry') / 'r.db'}"
    with open_store(url) as store:
        doc_id = store.ingest_paths([sample_paths["000"]], jobs=1).files[0].document_id
        Tracker(store).save_duties(doc_id, store.get_document(doc_id).document)
    return url


KHOI = {"--issuer": "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh", "--superior": "Đảng bộ tỉnh Lâm Đồng",
        "--number": "41", "--date": "2022-05-20", "--place": "Đà Lạt", "--signer": "Lương Văn Mừng",
        "--position": "PHÓ BÍ THƯ"}  # fmt: skip


def test_units_below_come_from_the_registry(registry_db, sample_paths, parsed_samples, tmp_path):
    # 000's own "IV. TỔ CHỨC THỰC HIỆN" gives duties to 1. Các tổ chức cơ sở Đảng trực thuộc,
    # 2. Các Đoàn thể Khối, 3. Các Ban, Văn phòng Đảng ủy Khối (Ban Xây dựng tổ chức cơ sở đảng,
    # Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối): the Khối's next draft addresses them
    target = tmp_path / "khoi.docx"
    result = runner.invoke(
        app, ["draft", str(sample_paths["001"]), *_args(KHOI), "--db", registry_db, "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "danh mục đơn vị (6 đơn vị)" in result.output
    doc = process_file(target)
    org = next(n for n in doc.outline if "TỔ CHỨC THỰC HIỆN" in n.text.upper())
    added = org.children[-1].text
    assert added.startswith(
        "Các tổ chức cơ sở Đảng trực thuộc, các Đoàn thể Khối, các Ban, Văn phòng Đảng ủy Khối"
    )
    for unit in ("Ban Xây dựng tổ chức cơ sở đảng", "Ủy ban Kiểm tra", "Văn phòng Đảng ủy Khối"):
        assert unit in added
    assert "huyện ủy" not in added.lower() and "tỉnh ủy" not in added.lower()  # not the per-level list
    names = [r.name for r in doc.recipients]
    assert "Các Đoàn thể Khối" in names and "Ủy ban Kiểm tra" in names
    assert kehoach.align(parsed_samples["001"], doc).coverage.overall >= 0.95
    assert lint_document(doc).ok


def test_units_below_fall_back_to_the_level_list_and_say_so(registry_db, sample_paths, tmp_path):
    # the registry does not know the Đức Trọng district committee; without a store neither
    for extra in (["--db", registry_db], []):
        target = tmp_path / "dt.docx"
        result = runner.invoke(
            app, ["draft", str(sample_paths["000"]), *_args(PARTY), *extra, "--out", str(target)]
        )
        assert result.exit_code == 0, result.output
        assert "danh sách chung của cấp huyện" in " ".join(result.output.split())
        org = next(n for n in process_file(target).outline if "TỔ CHỨC THỰC HIỆN" in n.text.upper())
        assert org.children[-1].text.startswith("Các chi, đảng bộ cơ sở trực thuộc Huyện ủy")


def test_unit_level_reads_co_quan_as_no_district():
    from kehoach.tracking.units import unit_level

    assert unit_level("Đảng ủy Khối các cơ quan tỉnh") == "province"
    assert unit_level("Quận ủy Ba Đình") == "district"
    assert unit_level("Các cơ quan báo chí Trung ương") == "central"


def test_level_words_come_from_the_aligners_table():
    """One table (`kehoach.align.vocab.SWAPS`) for both: what a draft swaps in, the aligner reads as
    the same class of word, so a drafted sentence is the parent's sentence adapted, not changed."""
    from kehoach.align.vocab import SWAPS, tokenize
    from kehoach.draft import levels

    assert levels.BODY["district"] == SWAPS["body"]["district"][0] == "Huyện ủy"
    sentences = {
        "province": [
            "Ban Thường vụ Tỉnh ủy chỉ đạo cấp ủy các cấp trong toàn tỉnh",
            "Ủy ban nhân dân tỉnh chỉ đạo các sở, ban, ngành; UBND tỉnh bố trí kinh phí",
            "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI",
        ],
        # (`cả nước` → `toàn tỉnh` is not in: the aligner reads `toàn` as one word more)
        "central": ["Ban Tuyên giáo Trung ương chủ trì, phối hợp với Ban Tổ chức Trung ương"],
    }
    for frm, texts in sentences.items():
        # not to grassroots: its place word `xã` is no class for the aligner (`xã hội`, NOT_ALONE)
        for to in ("province", "district"):
            if to == frm:
                continue
            for text in texts:
                drafted = substitute(text, frm, to)
                assert drafted != text, (frm, to, text)
                assert tokenize(drafted)[1] == tokenize(text)[1], (frm, to, text, drafted)
    assert substitute("UBND tỉnh bố trí kinh phí", "province", "district") == "UBND huyện bố trí kinh phí"
    assert substitute("Ủy ban nhân dân tỉnh bố trí", "province", "district") == "UBND huyện bố trí"
    # a city committee under a province is a unit below, not the province's body: kept
    assert substitute("Thành ủy Đà Lạt", "province", "district") == "Thành ủy Đà Lạt"
