"""The speed shortcuts answer what the patterns and functions they stand for answer.

Each shortcut (a first-characters test before a pattern, a table lookup instead of NFD, a
one-character scan instead of a pattern opening on a space) is checked against its definition
on generated strings and on the lines of the samples.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach import normalize as N
from kehoach import vntext
from kehoach.patterns import LIST_MARKER, may_open_list_marker

_PIECES = [
    "phần", "PHẦN", "pHẦN", "Chương", "cHƯƠNG", "mục", "MỤC", "điều", "ĐIỀU", "Điều", "I", "IV", "XL",
    "A", "B", "Đ", "a", "c", "đ", "p", "m", "1", "12", "٣", ".", ")", " ", "  ", "-", "–", "—", "•", "·",
    "+", ",", "thứ nhất", "Thực", "công", "các", "ngày", "Hà Nội", "Trang", "/", "KH-", "UBND", "2022",
    ";", "(", "x", "\n",
]  # fmt: skip
_texts = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_texts)
def test_may_open_list_marker_never_hides_a_marker(line: str) -> None:
    if LIST_MARKER.match(line):
        assert may_open_list_marker(line)


def test_may_open_list_marker_on_sample_lines(sample_paths) -> None:
    for path in sample_paths.values():
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            assert may_open_list_marker(line) or not LIST_MARKER.match(line), line


@settings(max_examples=800, deadline=None)
@given(_texts, _texts)
def test_starts_paragraph_prefilters_agree_with_their_patterns(prev: str, line: str) -> None:
    prev, line = prev.strip(), line.strip()
    assert N._place_date(line) == bool(line.find(",", 1, 43) > 0 and N._PLACE_DATE.match(line))
    if line:
        assert N._is_furniture(line) == bool(N._PAGE_FURNITURE.match(line))


@settings(max_examples=800, deadline=None)
@given(_texts)
def test_inline_scans_find_what_their_patterns_find(text: str) -> None:
    spaced = re.compile(r" +(?=[,;)])")
    assert list(N._spaces_before_punctuation(text)) == [
        (m.start(), m.end(), "") for m in spaced.finditer(text)
    ]
    slash = [
        (m.start(), m.end(), "/")
        for m in N._SLASH_BEFORE_SYMBOL.finditer(text)
        if m.start() and text[m.start() - 1].isdecimal()
    ]
    assert list(N._symbol_slash(text)) == slash


_ODD = ["¿", "÷", "º", "□", "\uf0e5", "Œ", "İ", "\u212a", "\u2260", "\U0001f600", "\x00", "\u0301", "ß"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES + ["Đảng ủy", "Huyện", "ƣ", "“", "…", "\u00a0"] + _ODD), max_size=400)
)
def test_table_folds_equal_nfd_folds(pieces: list[str]) -> None:
    text = "".join(pieces) * 3  # long enough for the tables (`_TABLE_FROM`)
    by_nfd = vntext._nfd_ascii_each(text)
    assert vntext._nfd_ascii(text) == by_nfd
    assert vntext.ascii_form.__wrapped__(text) == (by_nfd if len(by_nfd) == len(text) else None)
    expected_fold = by_nfd.lower() if len(by_nfd) == len(text) else text.translate(vntext._FOLD).lower()
    assert vntext.fold(text) == expected_fold


_WORDS = [
    "các",
    "đơn",
    "vị",
    "thực",
    "hiện",
    "Đảng",
    "ủy",
    "Zalo",
    "covid",
    "lĩnhtin",
    "mộtthuộc",
    "b",
    "ng",
    "x",
]
_NO_FORM = [
    "ø",
    "Œ",
    "ß",
    "¿",
    "÷",
    "□",
    "\uf0e5",
    "µ",
    "\u3000",
    "Ω",
    "ж",
    "º",
    "½",
    "中",
    "٣",
    "\U0001f600",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(_WORDS + _NO_FORM + [w + c for w in _WORDS[:4] + _WORDS[-3:] for c in _NO_FORM[:4]]),
        min_size=200,
    )
)
def test_odd_words_by_bytes_equal_odd_words(words: list[str]) -> None:
    from kehoach.parse.quality import _odd_words, _odd_words_fast

    text = " ".join(words)
    fast = _odd_words_fast(text)
    assert fast is None or fast == _odd_words(text)
