"""Task tables read from every source a plan comes in: .docx, text PDF, scanned PDF, Markdown/web
pipe tables.

Real text: the task table of evn-a2 (dev, .docx) written out as a Markdown pipe table, as the
one-cell-per-line form of the thuvienphapluat conversions and printed to PDF by LibreOffice; the
quota table of tnt-hd baocaovien (dev, a thuvienphapluat conversion) as printed in the corpus.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kehoach.ingest.convert import soffice_path
from kehoach.pipeline import process_file
from kehoach.tracking.duties import extract_duties
from kehoach.tracking.tables import docx_tables, rows_of_tables, table_rows, text_tables

REAL = Path("/work/shared/corpus/real")
EVN = REAL / "evn-a2-kh-2024-quocphong-quansu.docx"


def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path


def _task_table() -> list[list[str]]:
    return next(t for t in docx_tables(_need(EVN)) if len(t) > 3)


def _gfm(rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(" ".join(c.split()) for c in cells) + " |"

    return "\n".join([line(rows[0]), "|" + "---|" * len(rows[0]), *(line(r) for r in rows[1:])])


def _one_cell_per_line(rows: list[list[str]]) -> str:
    out = []
    for row in rows:
        for cell in row:
            out += ["|", *(cell.split("\n") if cell.strip() else [])]
        out.append("|")
    return "\n".join(out)


def test_markdown_pipe_table_gives_the_rows_of_the_docx_table():
    rows = _task_table()
    want = table_rows(EVN)
    assert len(want) == 11 and want[1].units == [
        ("Lãnh đạo Trung tâm", "chủ trì"),
        ("BCH Quân sự", "thực hiện"),
        ("phòng Tổng hợp", "thực hiện"),
    ]
    text = "**PHỤ LỤC**\n\n" + _gfm(rows) + "\n\nTrên đây là kế hoạch …\n"
    assert rows_of_tables(text_tables(text)) == want
    text = "**PHỤ LỤC**\n\n" + _one_cell_per_line(rows) + "\n\nTrên đây là kế hoạch …\n"
    assert rows_of_tables(text_tables(text)) == want


def test_markdown_plan_file_gives_table_duties(tmp_path: Path):
    rows = _task_table()
    md = tmp_path / "kh.md"
    md.write_text(
        "**KẾ HOẠCH**\n\n**Công tác quốc phòng, quân sự địa phương năm 2024**\n\n**I. MỤC ĐÍCH, YÊU CẦU**\n\n"
        "1. Quán triệt các nghị quyết.\n\n**II. NỘI DUNG**\n\n" + _gfm(rows) + "\n",
        encoding="utf-8",
    )
    got = [(e.node_id, e.unit, e.role, e.deadline) for e in extract_duties(process_file(md))]
    assert ("II:row I.2", "Lãnh đạo Trung tâm", "chủ trì", "Quí I/2024") in got  # under section II
    assert sum(1 for g in got if g[0].startswith("II:row ")) == 27  # as from the .docx (fixture: 27)


def test_thuvienphapluat_one_cell_per_line_table_is_read():
    """tnt-hd baocaovien (dev): its quota table, one cell per line, `|` twice between rows."""
    text = _need(REAL / "tnt-hd-2025-baocaovien-noheader.md").read_text(encoding="utf-8")
    tables = text_tables(text)
    assert len(tables) == 1 and len(tables[0]) == 35  # header + 34 provinces
    assert tables[0][0][:2] == ["**TT**", "**Tỉnh, thành ủy**"]
    assert tables[0][11][:3] == ["11", "**Bắc Ninh** (Bắc Giang + Bắc Ninh)", "30"]
    assert rows_of_tables(tables) == []  # not a task table: no task or role column


def test_header_and_signature_fragments_are_not_task_tables():
    """tnt-kh141 (dev): the header and signature printed as pipe fragments give no task row; tnt-cv11654
    (dev): the site's notes after the letter ("Nội dung văn bản cũ có …", "… biết, thực hiện./.")
    run into one long row are sentences, not a header's column names."""
    assert table_rows(_need(REAL / "tnt-kh141-2025-ubnd-bacninh.md")) == []
    assert table_rows(_need(REAL / "tnt-cv11654-2025-vpcp-webnoise.md")) == []


def test_mixed_role_column_and_a_table_broken_over_pages():
    """huit-kh753 (dev, scan) prints 'Đơn vị chủ trì/phối hợp' with 'A; B' cells, its table going on
    over a page under a repeated header (cells as printed on pages 3–4)."""
    header = ["TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị chủ trì/phối hợp"]
    page3 = [
        header,
        ["1", "Ban hành kế hoạch; rà soát danh sách sinh viên thuộc 05 Khoa được chọn", "Trước ngày 27/6/2026",
         "Phòng Đào tạo; Trung tâm QLCL"],
    ]  # fmt: skip
    page4 = [
        header,
        ["2", "Tổng hợp dữ liệu, rà soát tỷ lệ tham gia, hoàn thiện báo cáo kết quả khảo sát",
         "10/7/2026 - 13/7/2026", "Trung tâm QLCL; các đơn vị liên quan"],
    ]  # fmt: skip
    rows = rows_of_tables([page3, page4])
    assert [(r.number, r.units) for r in rows] == [
        ("1", [("Phòng Đào tạo", "chủ trì"), ("Trung tâm QLCL", "phối hợp")]),
        ("2", [("Trung tâm QLCL", "chủ trì"), ("các đơn vị liên quan", "phối hợp")]),
    ]


def test_text_pdf_table_gives_the_rows_of_the_docx_table(tmp_path: Path):
    """evn-a2 printed to PDF: the ruled table read with pdfplumber, through the whole pipeline."""
    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice missing: run scripts/setup-system.sh")
    _need(EVN)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(EVN)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (EVN.stem + ".pdf")
    assert table_rows(pdf) == table_rows(EVN)

    def table_entries(path: Path) -> list[tuple]:
        es = extract_duties(process_file(path))
        return [(e.node_id, e.unit, e.role, e.deadline) for e in es if ":row " in e.node_id]

    assert table_entries(pdf) == table_entries(EVN) and len(table_entries(pdf)) == 27


def test_a_scanned_table_is_read_cell_by_cell():
    """huit-kh753 (dev, scan): its 'Tiến độ thực hiện' table (rows 1–3 on page 3, 4–5 on page 4
    under a repeated header) read from the page images, each cell recognised on its own; the units
    and deadlines as the fixture writers read them from the scan."""
    from kehoach.ingest.ocr import unavailable

    if unavailable() is not None:
        pytest.skip(unavailable())
    rows = table_rows(_need(REAL / "huit-kh753-2026-khaosat-hailong-scan.pdf"))
    assert [(r.number, r.deadline, r.units) for r in rows] == [
        ("1", "Trước ngày 27/6/2026", [("Phòng Đào tạo", "chủ trì"), ("Trung tâm QLCL", "phối hợp")]),
        ("2", "Trước ngày 30/6/2026", [("Trung tâm QLCL", "chủ trì"), ("các khoa", "phối hợp")]),
        (
            "3",
            "29/6/2026 - 09/7/2026",
            [
                ("Trung tâm QLCL", "chủ trì"),
                ("các khoa", "phối hợp"),
                ("cố vấn học tập và cán bộ phụ trách lớp", "phối hợp"),
            ],
        ),
        ("4", "10/7/2026 - 13/7/2026", [("Trung tâm QLCL", "chủ trì"), ("các đơn vị liên quan", "phối hợp")]),
        ("5", "Trước ngày 15/7/2026", [("Trung tâm QLCL", "chủ trì")]),
    ]
    assert rows[2].task.startswith("Triển khai khảo sát trực tuyến; theo dõi, đôn đốc sinh viên")


def test_a_scan_without_a_task_table_gives_no_rows():
    """hp-cv4532 (dev, scan): a Công văn with no ruled task table."""
    assert table_rows(_need(REAL / "hp-cv4532-ubnd-phutho-2011-scan.pdf")) == []


def test_a_damaged_pdf_gives_no_table(tmp_path: Path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    with pytest.raises(Exception):  # noqa: B017 - the reader's own error, whatever pdfminer raises
        table_rows(bad)


def test_ruling_lines_make_one_table_even_where_a_rule_is_missed():
    """A grid drawn as a scan shows it: three bands, the middle one missing a column rule (a cell's
    text over it); a paragraph rule below, too short to be a table's, is left out."""
    from PIL import Image, ImageDraw

    from kehoach.tracking.scan_tables import grids

    image = Image.new("L", (1000, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 180, 260, 340):
        draw.line([(100, y), (900, y)], fill=90, width=3)
    for x in (100, 160, 600, 900):
        for top, bottom in ((100, 180), (180, 260), (260, 340)):
            if not (x == 600 and top == 180):
                draw.line([(x, top), (x, bottom)], fill=90, width=3)
    draw.line([(100, 500), (300, 500)], fill=0, width=3)
    (table,) = grids(image)
    assert [abs(a - b) <= 2 for a, b in zip(table[0], (100, 180, 260, 340), strict=True)] == [True] * 4
    assert len(table[1]) == 4


NEW = Path(__file__).parent / "fixtures" / "duties_new" / "originals"
KH617 = NEW / "tnt-kh617-2025-ubnd-dongthap.md"  # 617/KH-UBND Đồng Tháp (tnt305 8718801c…), web copy

# The first rows of 617/KH-UBND's annex task table as the thuvienphapluat conversion prints them:
# one cell per line, each group title one bold cell spanning the table.
KH617_ANNEX = """**PHỤ LỤC**

DANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM

|
**STT**
|
**Tên nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn thành**
|
|
**I.
NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY**
|
|
1
|
Triển khai nền tảng đào tạo
trực tuyến mở đại trà, cung cấp kiến thức, kỹ năng số, công nghệ số cơ bản
cho người dân, doanh nghiệp.
|
Sở KH&CN
|
Các sở, ban, ngành tỉnh; UBND các xã, phường
|
Thường xuyên
|
|
3
|
Biểu dương, tôn vinh, khen
thưởng, khích lệ, động viên kịp thời bằng nhiều hình thức đa dạng cho các
doanh nghiệp, tổ chức, cá nhân có thành tích trong chuyển đổi số.
|
Sở Nội vụ
|
Sở KH&CN; các cơ quan, đơn vị liên quan
|
Thường xuyên, hằng năm
|
|
**II. HOÀN
THIỆN CƠ CHẾ, CHÍNH SÁCH HỖ TRỢ CHUYỂN ĐỔI SỐ DOANH NGHIỆP**
|
|
4
|
Xây dựng Bộ tiêu chí đánh
giá mức độ chuyển đổi số doanh nghiệp.
|
Sở KH&CN
|
Các sở, ban, ngành tỉnh
|
Quí IV-2025
|
"""

KH617_ROWS = [
    ("1", [("Sở KH&CN", "chủ trì"), ("Các sở, ban, ngành tỉnh", "phối hợp"), ("UBND các xã, phường", "phối hợp")],
     "Thường xuyên"),
    ("3", [("Sở Nội vụ", "chủ trì"), ("Sở KH&CN", "phối hợp"), ("các cơ quan, đơn vị liên quan", "phối hợp")],
     "Thường xuyên, hằng năm"),
    ("4", [("Sở KH&CN", "chủ trì"), ("Các sở, ban, ngành tỉnh", "phối hợp")], "Quí IV-2025"),
]  # fmt: skip


def _rows(text: str) -> list[tuple]:
    return [(r.number, r.units, r.deadline) for r in rows_of_tables(text_tables(text))]


def test_a_group_title_spanning_a_one_cell_per_line_table_ends_its_row():
    """617/KH-UBND: `**I. NÂNG CAO …**` alone between `|` lines is a group row, not the first cell of
    the task row after it; the rows keep their printed STT (1, 3, 4: straight through the groups)."""
    assert _rows(KH617_ANNEX) == KH617_ROWS
    assert rows_of_tables(text_tables(KH617_ANNEX))[0].task.startswith(
        "Triển khai nền tảng đào tạo trực tuyến"
    )


def test_a_web_pipe_table_with_the_sites_formatting():
    """The same rows as a GitHub pipe table with a web copy's formatting: bold and `<br>` in the
    header, a group row of one cell spanning the table, units separated by `<br>`, a task cell split
    over two rows (the second without STT), the header printed again inside the table."""
    text = "\n".join(
        [
            "| **STT** | **Tên nhiệm vụ** | **Cơ quan<br>chủ trì** | **Cơ quan<br>phối hợp** | **Thời gian<br>hoàn thành** |",
            "|---|---|---|---|---|",
            "| **I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY** |",
            "| 1 | Triển khai nền tảng đào tạo trực tuyến mở đại trà, cung cấp kiến thức, | **Sở KH&CN** "
            "| Các sở, ban, ngành tỉnh<br>UBND các xã, phường | Thường xuyên |",
            "| | kỹ năng số, công nghệ số cơ bản cho người dân, doanh nghiệp. | | | |",
            "| 3 | Biểu dương, tôn vinh, khen thưởng, khích lệ, động viên kịp thời | Sở Nội vụ "
            "| Sở KH&CN<br>các cơ quan, đơn vị liên quan | Thường xuyên, hằng năm |",
            "| **STT** | **Tên nhiệm vụ** | **Cơ quan<br>chủ trì** | **Cơ quan<br>phối hợp** | **Thời gian<br>hoàn thành** |",
            "| **II** | **HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH HỖ TRỢ CHUYỂN ĐỔI SỐ DOANH NGHIỆP** | | | |",
            "| 4 | Xây dựng Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp. | Sở KH&CN "
            "| Các sở, ban, ngành tỉnh | Quí IV-2025 |",
        ]
    )
    assert _rows(text) == KH617_ROWS
    first = rows_of_tables(text_tables(text))[0].task
    assert first.endswith("cung cấp kiến thức, kỹ năng số, công nghệ số cơ bản cho người dân, doanh nghiệp.")


def test_a_table_without_stt_counts_its_task_rows():
    """Without an STT column the rows are counted from 1 (group rows not counted)."""
    text = "\n".join(
        [
            "| Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |",
            "|---|---|---|---|",
            "| I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY | I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"
            " | I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY | I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY |",
            "| Triển khai đánh giá mức độ chuyển đổi số | Sở KH&CN | Các sở, ban, ngành tỉnh | Thường xuyên |",
            "| Xây dựng Bộ tiêu chí đánh giá mức độ chuyển đổi số | Sở KH&CN | Các sở, ban, ngành tỉnh |"
            " Quí IV-2025 |",
        ]
    )
    assert [r.number for r in rows_of_tables(text_tables(text))] == ["1", "2"]


def test_row_numbers_misread_by_ocr_are_mended_from_their_neighbours():
    """huit-kh753 (dev, scan): Tesseract read the TT cells 1 and 5 as `|` and `b`; a letter run with
    no number in digits (`a`, `b`) is left as printed."""
    from kehoach.tracking.tables import _mend

    assert _mend(["|", "2", "3", "4", "b"]) == ["1", "2", "3", "4", "5"]
    assert _mend(["a", "b"]) == ["a", "b"]
    assert _mend(["1", "x", "4"]) == ["1", "x", "4"]  # no single number fits between 1 and 4


def test_annex_table_rows_are_labelled_by_annex_and_printed_number():
    """617/KH-UBND (web copy): the annex's 11 tasks give `A1:row <STT>` entries, the chủ trì cell
    chủ trì, each name of the phối hợp cell phối hợp, the time cell the deadline."""
    got = [(e.node_id, e.unit, e.role, e.deadline) for e in extract_duties(process_file(KH617))]
    rows = [g for g in got if g[0].startswith("A1:row ")]
    assert len(rows) == 35 and {g[0] for g in rows} == {f"A1:row {n}" for n in range(1, 12)}
    assert ("A1:row 8", "các doanh nghiệp viễn thông", "phối hợp", "Quí IV-2025") in rows
    assert got.index(rows[0]) > max(i for i, g in enumerate(got) if g[0].startswith("IV."))


def test_pdf_text_layers_are_read_under_the_readers_lock():
    """hp-cv4532 (dev, scan): no text layer on its pages; a text PDF has one per page."""
    from kehoach.ingest.pdf import text_layers

    assert all(len(t) < 20 for t in text_layers(_need(REAL / "hp-cv4532-ubnd-phutho-2011-scan.pdf")))
    layers = text_layers(_need(REAL / "btctu-hanoi-hd-2025-huyhieu-dang.pdf"))
    assert len(layers) == 8 and "HƯỚNG DẪN" in layers[0].upper()


# 980/KH-UBND Nghệ An (tnt305 c5d930a5…, a thuvienphapluat copy without blank lines, kept outside the
# repository for the site's notices): the end of the signature, the annex's task table with its
# group rows (a bold Roman number and a bold title), the cut the copy made (`…....`), and the site's
# footer run on after the last row (values elided here).
KH980_ANNEX = """Nguyễn Văn Đệ
|
** **
**PHỤ LỤC**
DANH MỤC NHIỆM VỤ TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH QUY ĐỊNH
*(Kèm theo Kế hoạch
số 980/KH-UBND ngày 18 tháng 11 năm 2025 của UBND tỉnh Nghệ An)*
|
**TT**
|
**Nội dung thực
hiện**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn
thành**
|
**Sản phẩm dự kiến**
|
|
**I**
|
**KIỆN TOÀN VÀ HOÀN THIỆN
CƠ CHẾ CHỈ ĐẠO, ĐIỀU HÀNH PHÒNG THỦ DÂN SỰ**
|
|
1
|
Tổ chức lại Ban Chỉ huy Phòng thủ dân sự cấp tỉnh,
cấp xã; ban hành quy chế hoạt động của Ban Chỉ huy phòng thủ dân sự các cấp
(Điều 7, 8 Nghị định)
|
Bộ CHQS tỉnh; UBND
cấp xã
|
Văn phòng Ban Chỉ
huy; các sở, ban, ngành
|
Trước ngày
30/11/2025
|
Quyết định của Chủ
tịch UBND cấp tỉnh, cấp xã
|
|
**II**
|
**TRIỂN KHAI ĐỒNG BỘ VĂN
BẢN QUY PHẠM PHÁP LUẬT, CƠ CHẾ, CHÍNH SÁCH VỀ PHÒNG THỦ DÂN SỰ**
|
|
1
|
Triển khai thực hiện một số nội dung chi, mức chi
đặc thù trong nội dung chi ngân sách cho hoạt động phòng thủ dân sự.
|
Sở Tài chính
|
Cơ quan, địa
phương liên quan
|
Thường xuyên
|
|
|
5
|
Hướng dẫn thanh toán chi phí khám bệnh, chữa bệnh,
xử lý môi trường, phòng, chống dịch bệnh nguy hiểm trong phòng thủ dân sự
|
Sở Y tế
|
Sở Tài chính và cơ
quan, địa phương liên quan
|
2025
|
|
|
8
|
Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn hàng
không dân dụng thay thế Quy chế hiện hành
|
Sở Xây dựng
|
Văn phòng Ban Chỉ
huy và cơ quan, địa phương liên quan
|
Sau khi có Quy chế
của TW
|
Quyết định Chủ tịch
UBND tỉnh
|
….................................
|
2
|
Thành lập bộ máy quản lý Quỹ và ban hành Quy chế
hoạt động Quỹ Phòng thủ dân sự cấp tỉnh (khoản 4, Điều 51 Nghị định)
|
Sở Tài chính
|
Sở Tài chính và cơ
quan, địa phương liên quan
|
2025
|
Quyết định của Chủ
tịch UBND tỉnh
|
Kế hoạch 980/KH-UBND năm 2025 thực hiện Quyết định 1899/QĐ-TTg
|
|
|
|
**Địa chỉ:**
|
…
|
**Điện thoại:**
|
…
|
"""


def test_a_task_table_after_page_text_with_no_blank_line_and_a_cut():
    """980/KH-UBND: the header row comes after cells of the page that no `|` twice ended (it starts
    the table); group rows `**II**` + bold title; numbers start again under each group, so they are
    group-prefixed; after the copy's cut the group is unknown (no prefix); `Sở Tài chính và cơ quan,
    địa phương liên quan` is two bodies; the footer run on after the last row is no task row."""
    rows = [(r.number, r.units, r.deadline) for r in rows_of_tables(text_tables(KH980_ANNEX))]
    cdp = "cơ quan, địa phương liên quan"
    assert rows == [
        ("I.1", [("Bộ CHQS tỉnh", "chủ trì"), ("UBND cấp xã", "chủ trì"), ("Văn phòng Ban Chỉ huy", "phối hợp"),
                 ("các sở, ban, ngành", "phối hợp")], "Trước ngày 30/11/2025"),
        ("II.1", [("Sở Tài chính", "chủ trì"), ("Cơ quan, địa phương liên quan", "phối hợp")], "Thường xuyên"),
        ("II.5", [("Sở Y tế", "chủ trì"), ("Sở Tài chính", "phối hợp"), (cdp, "phối hợp")], "2025"),
        ("II.8", [("Sở Xây dựng", "chủ trì"), ("Văn phòng Ban Chỉ huy", "phối hợp"), (cdp, "phối hợp")],
         "Sau khi có Quy chế của TW"),
        ("2", [("Sở Tài chính", "chủ trì"), ("Sở Tài chính", "phối hợp"), (cdp, "phối hợp")], "2025"),
    ]  # fmt: skip


def _cells(*rows: list[str]) -> str:
    """A web copy's one-cell-per-line table: each cell then `|`, a second `|` ends the row."""
    return "".join("".join(f"{c}\n|\n" for c in row) + "|\n" for row in rows)


_HEAD_I = ["**STT**", "**Nhiệm vụ**", "**Văn bản giao\nnhiệm vụ**", "**Cơ quan chủ trì\nthực hiện**",
           "**Thời hạn hoàn\nthành**"]  # fmt: skip
_HEAD_II = ["**STT**", "**Tên nhiệm vụ**", "**Đơn vị chủ trì**", "**Thời hạn**", "**Kết quả thực hiện**"]
# Văn phòng Chính phủ, Thông báo kết luận 624/TB-VPCP (web copy, third evaluation set; rows shortened):
# Phụ lục I prints three tables, each under its own heading and numbered from 1; the copy runs them
# together, the next heading and header trailing the last row above; Phụ lục II is a table of other
# columns that lists again tasks of Phụ lục I.
TB624_ANNEXES = (
    "Điều hành chung.\n\n**Nơi nhận:**\n- Như trên;\n- Lưu: VT.\n\n**KT. BỘ TRƯỞNG, CHỦ NHIỆM**\n"
    "**PHÓ CHỦ NHIỆM**\n**Trần Văn Sơn**\n\n**PHỤ LỤC I**\nTỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN\n"
    "*(Kèm theo Thông báo kết luận số 624/TB-VPCP ngày 16 tháng 11 năm 2025 của Văn phòng Chính phủ)*\n"
    "**1. Các nhiệm vụ về khoa học, công nghệ quá hạn chưa hoàn thành**\n|\n"
    + _cells(
        _HEAD_I,
        [
            "1.",
            "Khẩn trương xây dựng kế hoạch triển khai các nhiệm vụ trọng tâm",
            "Thông báo số 07-TB/CQTTBCĐ",
            "Các bộ, ngành, địa phương",
            "18/10/2025",
        ],
        [
            "2.",
            "Xây dựng, triển khai đề án ứng dụng IoT trong sản xuất",
            "Nghị quyết số 71/NQ-CP",
            "Các bộ, ngành, địa phương",
            "30/09/2025",
            "**2. Các nhiệm vụ về chuyển đổi số quá hạn chưa hoàn thành**",
            *_HEAD_I,
        ],
        [
            "1.",
            "Ban hành Chiến lược dữ liệu của bộ, ngành, địa phương mình",
            "Thông báo số 44-TB/TGV",
            "Các bộ, ngành, địa phương",
            "30/10/2025",
        ],
        [
            "2.",
            "Hoàn thành kết nối cơ sở dữ liệu quốc gia về dân cư",
            "Nghị quyết số 214/NQ-CP",
            "Bộ Công an",
            "31/10/2025",
        ],
    )  # fmt: skip
    + "\n**PHỤ LỤC II**\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ\n"
    "*(Kèm theo Thông báo kết luận số 624/TB-VPCP ngày 16 tháng 11 năm 2025 của Văn phòng Chính phủ)*\n|\n"
    + _cells(
        _HEAD_II,
        [
            "1",
            "Hoàn thành kết nối cơ sở dữ liệu quốc gia về dân cư",
            "Bộ Công an",
            "31/10/2025",
            "Đã hoàn thành",
        ],
        [
            "2",
            "Xây dựng nền tảng số dùng chung của các bộ ngành",
            "Bộ Khoa học và Công nghệ",
            "30/11/2025",
            "Đang thực hiện",
        ],
    )  # fmt: skip
)


def test_tables_run_together_in_a_web_copy_are_told_apart(tmp_path):
    """Three tables numbered from 1 each, the second's heading and header run onto the last row of the
    first, and an annex's table of other columns listing a task of the annex above again: each is its
    own table, labelled in its own annex, the first annex's tables by the heading they stand under
    (`A1:row 2.1`), as a reader labels them by the printed numbers."""
    from kehoach.pipeline import process_file
    from kehoach.tracking.duties import extract_duties

    src = tmp_path / "tb624.md"
    src.write_text(TB624_ANNEXES, encoding="utf-8")
    got = {(e.node_id, e.unit, e.role) for e in extract_duties(process_file(src)) if ":row" in e.node_id}
    assert got == {
        ("A1:row 1.1", "Các bộ, ngành, địa phương", "chủ trì"),
        ("A1:row 1.2", "Các bộ, ngành, địa phương", "chủ trì"),
        ("A1:row 2.1", "Các bộ, ngành, địa phương", "chủ trì"),
        ("A1:row 2.2", "Bộ Công an", "chủ trì"),
        ("A2:row 1", "Bộ Công an", "chủ trì"),
        ("A2:row 2", "Bộ Khoa học và Công nghệ", "chủ trì"),
    }


# 552/KH-UBND Đồng Tháp (tnt305 19206835…, fresh4 development set): Sở Tài chính's bullet in the body
# prints the task of the annex table's first row word for word.
KH552 = """**KẾ HOẠCH**

THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035

**V. TỔ CHỨC THỰC HIỆN**

**1. Sở Tài chính**

- Rà soát, kịp thời cụ thể
hoá các cơ chế, chính sách khuyến khích xã hội hóa, thu hút đầu tư *(PPP,
FDI, ODA) *hỗ trợ đổi mới công nghệ phù hợp với điều kiện kinh tế xã hội của
Tỉnh

**2. Sở Khoa học và Công nghệ**

- Chủ trì tham mưu Ủy ban nhân dân Tỉnh triển khai Kế hoạch.

|
*Nơi nhận:*
- Thường trực Tỉnh ủy;
- Lưu: VT, KGVX. Thg.
|
**TM. ỦY BAN
NHÂN DÂN**
KT. CHỦ TỊCH
**PHÓ CHỦ TỊCH**
**Huỳnh Minh Tuấn**
|


**PHỤ LỤC**

NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN

|
**STT**
|
**NHIỆM VỤ VÀ GIẢI PHÁP**
|
**CHỦ TRÌ**
|
**PHỐI HỢP**
|
**THỜI GIAN**
|
|
**I**
|
**NHÓM
GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH**
|
|
1
|
Rà soát, kịp thời cụ thể
hoá các cơ chế, chính sách khuyến khích xã hội hóa, thu hút đầu tư (PPP, FDI,
ODA) hỗ trợ đổi mới công nghệ phù hợp với điều kiện kinh tế xã hội của tỉnh.
|
Sở Tài chính
|
Sở, ban, ngành có liên quan
|
Thường xuyên
|
|
2
|
Đề xuất giải pháp cải thiện
môi trường đầu tư, kinh doanh; ưu tiên thu hút dự án ứng dụng công nghệ cao.
|
Sở Tài chính
|
Sở Công Thương; Ban Quản lý khu Kinh tế tỉnh Đồng Tháp
|
2026
|
|
**II**
|
**NHÓM GIẢI PHÁP VỀ NGUỒN NHÂN LỰC**
|
|
1
|
Đào tạo nguồn nhân lực chất lượng cao cho các ngành kinh tế mũi nhọn.
|
Sở Giáo dục và Đào tạo
|
Sở, ban, ngành có liên quan
|
Thường xuyên
|
"""


def test_a_table_stands_where_its_rows_units_follow_the_task(tmp_path):
    """The annex's first task is also a bullet of the body: the table stands where the task is
    followed by its row's units (the annex), so its rows are `A1:row I.1`, not rows under item V.1."""
    src = tmp_path / "kh552.md"
    src.write_text(KH552, encoding="utf-8")
    got = {(e.node_id, e.unit, e.role) for e in extract_duties(process_file(src)) if ":row" in e.node_id}
    assert ("A1:row I.1", "Sở Tài chính", "chủ trì") in got
    assert ("A1:row I.2", "Ban Quản lý khu Kinh tế tỉnh Đồng Tháp", "phối hợp") in got
    assert all(label.startswith("A1:") for label, _, _ in got)


# 2820/QĐ-UBND HCM (tnt305 001c610b…, fresh4 development set), its annex table in the one-cell-per-line
# form: the `Nguồn kinh phí` cell is merged over each group's rows, so the rows below the first are a
# cell short and end with `|` twice before the next row's number; an unnumbered sub-row prints a second
# task and its own chủ trì, the other cells merged with the row above.
QD2820_TABLE = """|
**TT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian dự kiến hoàn thành**
|
**Kết quả dự kiến**
|
**Nguồn kinh phí**
|
|
**V**
|
**Đào
tạo, tập huấn chuyên môn nghiệp vụ**
|
|
1
|
Đào tạo, bồi dưỡng, tập huấn
chuyên môn nghiệp vụ liên quan đến khoa học dữ liệu, GIS, công nghệ thông
tin, thu thập, xử lý, đồng bộ hóa dữ liệu, cập nhật, Hệ thống thông tin và cơ
sở dữ liệu quốc gia về quy hoạch.
|
Sở Khoa học và Công nghệ, Trung tâm Chuyển đổi số Thành phố
|
Sở Nội vụ, các sở, ngành, UBND xã, phường, đặc khu
|
Năm 2025-2030
|
Khoá đào tạo, lớp tập huấn
|
Chi thường xuyên hoặc nguồn vốn hợp pháp khác (nếu có)
|
|
Quản lý, vận hành, quy hoạch,
khai thác, sử dụng Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch.
|
Sở Tài chính
|
|
2
|
Học tập kinh nghiệm nước
ngoài về xây dựng, quản lý hệ thống thông tin quy hoạch.
|
Sở Tài chính
|
Các sở, ngành, UBND xã, phường, đặc khu
|
Năm 2025-2030
|
Báo cáo
|
|
3
|
Tổng hợp kế hoạch thực hiện
Đề án của các sở, ngành, UBND xã, phường, đặc khu.
|
Sở Tài chính
|
Các sở, ngành, UBND xã, phường, đặc khu
|
Hằng năm.
|
|
|
|
"""


def test_rows_short_of_a_merged_cell_and_a_sub_row_under_a_numbered_row():
    """Each row ends before the next row's number although it is a cell short; the sub-row's task
    goes to its own chủ trì and to the partners of the merged cell, under the row's number (one group:
    numbers as printed); empty
    cells at a row's end are still read as empty cells."""
    rows = rows_of_tables(text_tables(QD2820_TABLE))
    assert [(r.number, r.task[:20], r.deadline) for r in rows] == [
        ("1", "Đào tạo, bồi dưỡng, ", "Năm 2025-2030"),
        ("1", "Quản lý, vận hành, q", "Năm 2025-2030"),
        ("2", "Học tập kinh nghiệm ", "Năm 2025-2030"),
        ("3", "Tổng hợp kế hoạch th", "Hằng năm."),
    ]
    assert rows[1].units[0] == ("Sở Tài chính", "chủ trì")
    assert ("Sở Nội vụ", "phối hợp") in rows[1].units
    assert rows[2].units == [
        ("Sở Tài chính", "chủ trì"), ("Các sở, ngành", "phối hợp"), ("UBND xã, phường, đặc khu", "phối hợp")
    ]  # fmt: skip


# QĐ 2629/QĐ-TTg (fresh5 development set now, tnt305 2edf5927…), PHỤ LỤC II in the one-cell-per-line
# form: group III holds sub-groups III.1 (bold), III.1.1 (italic) and III.2, and numbers its rows
# straight through them (1 … 26 under III.1, 27 under III.2), so the rows are III.1 … III.27.
_SUBGROUPS = """|
**TT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian hoàn thành**
|
|
**III**
|
**Phát triển các ứng dụng,
nền tảng số cho Chính phủ số**
|
|
**III.1**
|
**Nhóm ứng dụng, nền tảng số quy mô quốc gia**
|
|
*III.1.1*
|
*Nhóm các nền tảng số giải quyết thủ tục
hành chính*
|
|
1
|
Triển khai Cổng Dịch vụ công quốc gia tại Trung
tâm Dữ liệu quốc gia.
|
Bộ Công an
|
Các bộ, ngành, địa
phương
|
Tháng 02/2026
|
|
2
|
Xây dựng, hoàn thiện Cổng thông tin một cửa quốc gia.
|
Bộ Tài chính
|
Các bộ, ngành, địa phương
|
Năm 2025-2030
|
|
**III.2**
|
**Nhóm ứng dụng, nền tảng số cấp bộ, cấp tỉnh**
|
|
3
|
Xây dựng, phát triển, hoàn thiện Nền tảng/Hệ thống
thông tin giải quyết thủ tục hành chính cấp bộ.
|
Các bộ, ngành, địa
phương
|
Bộ Công an, Văn
phòng Chính phủ
|
Tháng 12/2025
|
|
**IV**
|
**Phát triển dữ liệu số**
|
|
1
|
Xây dựng cơ sở dữ liệu.
|
Bộ Công an
|
Các bộ, ngành
|
Năm 2026
|
|
"""


def test_sub_groups_are_group_rows_and_rows_take_the_group_their_numbers_restart_under(tmp_path: Path):
    src = tmp_path / "plan.md"
    src.write_text(_SUBGROUPS, encoding="utf-8")
    rows = table_rows(src)
    assert [r.number for r in rows] == ["III.1", "III.2", "III.3", "IV.1"]
    assert rows[0].units == [("Bộ Công an", "chủ trì"), ("Các bộ, ngành, địa phương", "phối hợp")]
    assert rows[2].units == [
        ("Các bộ, ngành, địa phương", "chủ trì"),
        ("Bộ Công an", "phối hợp"),
        ("Văn phòng Chính phủ", "phối hợp"),
    ]
