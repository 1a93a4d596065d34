"""Where a cited issuing body ends: whole names with `và`, never running into the next citation.

Cases found by the citation property test (tests/test_refs_properties.py) and by reading state
documents; expected values are what a reader takes the issuer to be.
"""

from __future__ import annotations

import pytest

from kehoach.pipeline import process_text


def _refs(text: str) -> list[tuple[str | None, str | None]]:
    return [(r.number_symbol, r.issuer) for r in process_text(text).references]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # `Bộ Chính trị` is a whole name: `và Nhân …` is not part of it; the next citation is kept
            "tiếp 1/KH-CP\ncủa\nBộ\nChính\ntrị và Nhân công Kế hoạch số\n10-KH/TW khóa V về tiếp.",
            [("1/KH-CP", "Bộ Chính trị"), ("10-KH/TW", None)],
        ),
        (
            "Thực hiện Kết luận số 21-KL/TW của Bộ Chính trị và Ban Bí thư về x.",
            [("21-KL/TW", "Bộ Chính trị")],
        ),
        (  # `tư` (also the word `từ`, folded) is the second syllable of `Đầu tư` here
            "Thực hiện Kế hoạch số 12/KH-UBND của Sở Kế hoạch và Đầu tư về việc x.",
            [("12/KH-UBND", "Sở Kế hoạch và Đầu tư")],
        ),
        (
            "Căn cứ Quyết định số 5/QĐ-BGDĐT ngày 1/2/2020 của Bộ Giáo dục và Đào tạo về x.",
            [("5/QĐ-BGDĐT", "Bộ Giáo dục và Đào tạo")],
        ),
        (
            "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh từ ngày 1/1/2020.",
            [("12/KH-UBND", "UBND tỉnh")],
        ),
    ],
)
def test_cited_issuer_ends_where_the_name_ends(
    text: str, expected: list[tuple[str | None, str | None]]
) -> None:
    assert _refs(text) == expected


def test_a_ministrys_and_ends_where_the_sentence_goes_on():
    # found by test_refs_properties: `Bộ Nội vụ và Hồ tiếp …`, `… và Hồ tục …` are not `Bộ … và Đào tạo`:
    # the word after the capital must be a word of bodies' names
    from kehoach.refs import extract_references

    refs = extract_references(
        "theo Kết luận số 10-KL/ThU của Bộ Nội vụ và Hồ tiếp tục; Kế hoạch số 12/KH-SKHĐT "
        "ngày 2/3/2020 của Sở Kế hoạch và Đầu tư tỉnh về việc"
    )
    assert [r.issuer for r in refs] == ["Bộ Nội vụ", "Sở Kế hoạch và Đầu tư tỉnh"]
    refs = extract_references(
        "theo Kế hoạch số 10-KH/TW của Bộ Nội vụ và Hồ tục 1/KH-UBND; Quyết định số 5/QĐ-BNNMT của Bộ Nông "
        "nghiệp và Môi trường về; Văn bản số 348/KSTT-VP của Cục Kiểm soát thủ tục hành chính về việc; Công "
        "văn số 6/BKHCN-CNC của Bộ Khoa học và Công nghệ về"
    )
    assert [r.issuer for r in refs if r.issuer] == [
        "Bộ Nội vụ",
        "Bộ Nông nghiệp và Môi trường",
        "Cục Kiểm soát thủ tục hành chính",
        "Bộ Khoa học và Công nghệ",
    ]


def test_an_issuer_ends_before_quy_dinh():
    # d3ec59a0ceeaeb95 (Thông tư 24/2025/TT-BGDĐT): `… của Chính phủ quy định chức năng, nhiệm vụ …`
    from kehoach.refs import extract_references

    refs = extract_references(
        "Căn cứ Nghị định số 37/2025/NĐ-CP ngày 26 tháng 02 năm 2025 của Chính phủ quy định chức năng, nhiệm vụ"
    )
    assert [r.issuer for r in refs] == ["Chính phủ"]


def test_a_regulation_issued_with_a_cited_circular_is_the_circular():
    # d3ec59a0ceeaeb95: the amended Quy chế is named before the circular that issued it; one citation
    from kehoach.refs import extract_references

    refs = extract_references(
        "Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Thông tư sửa đổi, bổ sung một số điều của Quy chế Cuộc thi "
        "nghiên cứu khoa học, kỹ thuật cấp quốc gia dành cho học sinh trung học cơ sở và trung học phổ thông "
        "ban hành kèm theo Thông tư số 06/2024/TT-BGDĐT ngày 10 tháng 4 năm 2024 của Bộ trưởng Bộ Giáo dục và "
        "Đào tạo. Căn cứ Quy chế này, ban hành hướng dẫn."
    )
    assert [r.number_symbol for r in refs] == ["06/2024/TT-BGDĐT"]
