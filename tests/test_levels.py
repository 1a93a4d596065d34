"""One level rule (`kehoach.levels`) for the store's listing and the cascade, read from the samples.

000 is issued by the Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh (39-KH/ĐUK): a provincial bloc,
listed with the province; 002 by the Ban Thường vụ Huyện ủy (72-KH/HU): district; 001 by the Ban
Tổ chức Trung ương: central; 004 by the Ban Thường vụ Tỉnh ủy: province.
"""

from __future__ import annotations

from kehoach.levels import LEVEL_LABELS, LEVELS, band, level_of, level_of_citation, level_of_document


def test_the_store_lists_the_cascade_level_in_four_bands(parsed_samples) -> None:
    full = {k: level_of(d.issuer, d.issuer_parent, d.symbol, d.date) for k, d in parsed_samples.items()}
    assert full == {"000": "bloc", "001": "central", "002": "district", "004": "province"}
    listed = {k: level_of_document(d) for k, d in parsed_samples.items()}
    assert listed == {"000": "province", "001": "central", "002": "district", "004": "province"}
    assert set(LEVEL_LABELS) == set(LEVELS) and band("bloc") == "province"


def test_a_cited_document_takes_its_level_from_the_symbol_and_date() -> None:
    # "Kế hoạch số 40-KH/TU ngày 21/4/2022 của Ban Thường vụ Tỉnh ủy" (cited by 000 and 002)
    assert level_of_citation("40-KH/TU", "Ban Thường vụ Tỉnh ủy", "2022-04-21") == "province"
    assert level_of_citation("72-KH/HU", None, "2022-06-13") == "district"
    assert level_of_citation("72-KH/HU", None, "2025-09-01") is None  # no district level after 1/7/2025
    assert level_of_citation("39-KH/ĐUK", None, None) == "province"  # a bloc, listed with its province
