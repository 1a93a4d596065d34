"""The anchored citation search finds exactly what a plain `finditer` of the full patterns finds.

`find_mentions` looks for numbered, blank and partial citations from fast anchors (a number, a
blank `số …-KH/HU`) instead of trying the full patterns at every position; these tests run both
on the sample documents, generated plans and hostile snippets and compare match by match.
"""

from __future__ import annotations

import pytest
from tests.support import SAMPLES

from kehoach.ingest import read_file
from kehoach.normalize import normalize
from kehoach.refs import patterns as P
from kehoach.refs.anchors import anchored_matches, find_anchors
from kehoach.testing.generate import generate_corpus
from kehoach.vntext import fold_aligned

KINDS = [("numbered", True), ("blank", False), ("partial", False)]
SNIPPETS = [
    "Thực hiện Kế hoạch số 40-KH/TU, ngày 13/6/2022 của Ban Thường vụ Tỉnh ủy và Chỉ thị 05 của Bộ Chính trị.",
    "Căn cứ Quyết định số 1234/2022/QĐ-UBND ngày 5 tháng 6 năm 2022; Thông báo số …/TB-UBND ngày …/6/2022",
    "Kế hoạch số      -KH/HU; Nghị quyết số: ......-NQ/TU và Kế hoạch số 12-KH/TU12-KH/TU 3-KH/ĐU",
    "số 39 -KH/ĐUK 26-\nKH/BTGTW, Công văn 77/UBND-VX, 2025-2030, năm 2022-2025, 1.1-KH, 12/KH-",
    "Kế hoạch số 12-KH/TU Kế hoạch số 13-KH/TU,Kế hoạch 14-KH/TU. Chỉ thị số 15, Chỉ thị 16 về",
    "Chỉ thị số5 của Tỉnh ủy; Kết luận số:7, và Quy định số  8 về; Hướng dẫn 9.",
]


def _texts() -> list[str]:
    texts = [normalize(read_file(path).text).text for path in SAMPLES.values()]
    texts += [normalize(text).text for _, text in generate_corpus(30, seed=3)]
    return texts + SNIPPETS


@pytest.mark.parametrize(("kind", "optional"), KINDS)
def test_anchored_search_equals_full_scan(kind: str, optional: bool) -> None:
    total = 0
    for text in _texts():
        folded = fold_aligned(text)
        expected = [(m.span(), m.groupdict()) for m in P.PATTERNS[kind].finditer(folded)]
        anchors = find_anchors(folded)[kind]
        got = [
            (m.span(), m.groupdict())
            for m in anchored_matches(folded, kind, anchors, prefix_optional=optional)
        ]
        assert got == expected, text[:80]
        total += len(expected)
    assert total > 0  # the texts do hold citations of this kind
