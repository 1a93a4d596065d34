"""Rules reading what a report says of a plan's items: figures, results against the plan's figures,
the state of the work. Each rule on real report text, the expected values read from it:

- the Government's report on carrying out the 2004 plan (`vip-bc-thuchien-kh2004-kh2005-tcvn3.pdf`
  of /work/shared/corpus/real, its text as the TrizenX/viparse-corpus ground-truth transcript
  gives it: `ground-truth/2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.txt`, the 15 chief targets of
  Phần thứ nhất and the paragraphs after them), line breaks as printed;
- the Đoàn trường ĐH SPKT congress report on carrying out its previous term's resolution
  (`doan-spkt-vankien-daihoi-xxii-2024-duthao.pdf`, `pdftotext -layout`);
- the hand-written report on 72-KH/HU (tests/fixtures/tracking) for the state of the work.
"""

from __future__ import annotations

import pytest

from kehoach.tracking.reports import assess, measures, number, read_figures, status_of

# Government report, Phần thứ nhất, I. (the 15 chief targets of 2004), as printed
GDP = (
    "(1) Tốc độ tăng trưởng tổng sản phẩm trong nước (G DP) khoảng 7,6% (kế\n"
    "hoạch là 7,5 - 8%), trong đó khu vực nông, lâm ngư nghiệp tăng 3,3%, khu vực\n"
    "công nghiệp và xây dựng tăng 10,2%, khu vực dịch vụ tăng 7,3%."
)
FARM = "(2) Giá trị sản xuất nông, lâm, ngư nghiệp tăng 4,9% so với năm 200 3 (kế\nhoạch là 4,6%);"
EXPORT = "(5) Kim ngạch xuất khẩu đạt 25 tỷ USD, tăng gần 24% (kế hoạch là 12%);"
DEFICIT = "(8) Bội chi ngân sách nhà nước là 5% GDP, bằng dự toán đề ra;"
INVEST = "(9) Vốn đầu tư toàn xã hội đạt 35,4% GDP (kế hoạch đề ra là 36%);"
PRICES = "(10) Giá hàng tiêu dùng tăng khoảng 9,5% (kế hoạch đề ra là dưới 5%);"
TRAINING = "(12) Số học sinh học nghề tuyển mới tăng 7%, đạt kế hoạch;"
POOR = "(13) Tỷ lệ hộ đói nghèo còn 8,3%, so với kế hoạch là dưới 10%;"
INDUSTRY = (
    "Một là, tình hình phát triển ở nhiều ngành kinh tế có tiến bộ. Giá trị sản xuất\n"
    "công nghiệp tiếp tục tăng khá (15, 6%), vượt kế hoạch đề ra, trong đó tốc độ giá trị\n"
    "tăng thêm đạt 10, 6%2, cao nhất từ nhiều năm nay"
)
GROWTH = (
    "trong lĩnh vực nông nghiệp, dịch vụ, tốc độ tăng trưởng thấp xa so với mục tiêu của\n"
    "Nghị quyết Hội nghị Trung ương 9 (trên 8%)."
)
# Đoàn report, 1. and 8.2
CONTESTS = "Trong nhiệm kỳ, có 12.445 lượt dự thi; Đạt 01 giải ba, 01 giải khuyến khích Toàn quốc năm 2022"
PARTY = "Đảng hằng năm còn thấp và chưa đạt chỉ tiêu đề ra."
MEMBERS = "Có hơn 90% đoàn viên tại trường có tham gia các hoạt động thể dục"


def test_vietnamese_numbers() -> None:
    assert number("12.445") == 12445 and number("7,6") == 7.6 and number("01") == 1
    assert number("1.234,5") == 1234.5


def test_figures_as_reports_print_them() -> None:
    got = [(f.value, f.what, f.qualifier) for f in read_figures(CONTESTS)]
    assert got == [(12445, "lượt dự", None), (1, "giải ba", None), (1, "giải khuyến", None)]
    assert [(f.value, f.what, f.qualifier) for f in read_figures(MEMBERS)] == [(90, "%", "hơn")]
    export = read_figures(EXPORT)
    assert [(f.value, f.what) for f in export] == [(25, "tỷ USD"), (24, "%"), (12, "%")]
    assert export[1].qualifier == "gần"
    gdp = read_figures(" ".join(GDP.split()))
    assert (gdp[0].value, gdp[0].qualifier) == (7.6, "khoảng")
    assert (gdp[1].value, gdp[1].upper) == (7.5, 8.0)  # the range "7,5 - 8%"
    assert not read_figures("ngày 12 tháng 01 năm 2004")  # a date is not a figure


@pytest.mark.parametrize(
    ("text", "result", "target", "assessment"),
    [
        (GDP, 7.6, (7.5, 8.0), "đạt"),  # inside the planned range
        (FARM, 4.9, (4.6, None), "vượt"),
        (EXPORT, 24, (12, None), "vượt"),  # the result with the target's unit (%), not 25 tỷ USD
        (INVEST, 35.4, (36, None), "chưa đạt"),
        (PRICES, 9.5, (5, None), "chưa đạt"),  # planned: below 5%
        (POOR, 8.3, (10, None), "đạt"),  # planned: below 10%
        (DEFICIT, 5, None, "đạt"),  # "bằng dự toán"
        (TRAINING, 7, None, "đạt"),  # "đạt kế hoạch"
    ],
)
def test_results_against_the_plans_figures(text, result, target, assessment) -> None:
    found = measures(text)
    assert len(found) == 1, found
    m = found[0]
    assert m.assessment == assessment
    assert m.result is not None and m.result.value == result
    if target is None:
        assert m.target is None
    else:
        assert m.target is not None and (m.target.value, m.target.upper) == target


def test_assessment_words_without_figures() -> None:
    assert [m.assessment for m in measures(INDUSTRY)] == ["vượt"]  # "vượt kế hoạch đề ra"
    assert [m.assessment for m in measures(GROWTH)] == ["chưa đạt"]  # "thấp xa so với mục tiêu"
    assert [m.assessment for m in measures(PARTY)] == ["chưa đạt"]
    assert assess("Kim ngạch xuất khẩu vượt mức kế hoạch đề ra") == "vượt"
    assert assess("vượt 11,8% dự toán năm") == "vượt"
    assert assess("Trong nhiệm kỳ, có 12.445 lượt dự thi") is None
    assert not measures(CONTESTS)  # figures, but nothing measured against the plan


def test_target_printed_before_the_result() -> None:
    # Government report, footnote 9
    (m,) = measures("9 Kế hoạch đặt ra là 4%, nhưng chỉ ước đạt 3,3%")
    assert (m.target.value, m.result.value, m.assessment) == (4, 3.3, "chưa đạt")
    # … and section II.1 (1): the words decide
    text = (
        "Giá\ntrị sản xuất công nghiệp dự kiến tăng khoảng 15, 6% so với năm 2003, vượt mức kế\n"
        "hoạch đề ra; trong đó khu vực quốc doanh tăng 11,5 %"
    )
    assert [m.assessment for m in measures(text)] == ["vượt"]
    assert [m.assessment for m in measures("Mức giải ngân vốn ODA chưa đạt kế hoạch ;")] == ["chưa đạt"]


def test_state_of_the_work() -> None:
    # Đoàn report (pdftotext lines, joined)
    assert status_of("Trong nhiệm kỳ Đoàn trường và các Đoàn cơ sở đã tổ chức trên 130 mini game") == "done"
    assert (
        status_of("Có 02 đồng chí tham gia học tập và hoàn thành lớp trung cấp Lý luận chính\ntrị") == "done"
    )
    assert status_of("tiếp tục triển khai chuyên trang “UTE - Những câu chuyện đẹp”") == "under_way"
    assert status_of("Trong nhiệm kỳ, có 12.445 lượt dự thi") is None
    # Government report: carried out, but not in full
    assert status_of("Công tác xã hội hóa chưa được thực hiện triệt để") == "under_way"
    text = "Trung ương Đảng lần thứ 9 đã đề ra v ẫn chưa được triển khai tương xứng, kịp thời"
    assert status_of(text) == "under_way"
    assert status_of("Việc ban hành một số cơ chế, chính sách chưa kịp thời và đồng bộ") is None
    # the hand-written report on 72-KH/HU: late, so under way; without "kịp thời" (the same
    # sentence shortened: no real report here says a duty was not taken up at all) not started
    assert status_of("Một số tổ chức cơ sở đảng chưa kịp thời xây dựng kế hoạch thực hiện") == "under_way"
    assert status_of("Một số tổ chức cơ sở đảng chưa xây dựng kế hoạch thực hiện") == "not_started"
