"""Property tests: citations built from random valid parts, in random Vietnamese text with random
line wraps and stray spaces, are all recovered with the right parts and exact spans."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.identity import base_key, slug
from kehoach.refs import extract_references

TYPES = [  # (type word, symbol abbreviation)
    ("Kế hoạch", "KH"),
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Kết luận", "KL"),
    ("Quy định", "QĐ"),
    ("Quyết định", "QĐ"),
    ("Hướng dẫn", "HD"),
    ("Thông báo", "TB"),
    ("Báo cáo", "BC"),
    ("Chương trình", "CTr"),
    ("Công văn", "CV"),
    ("Nghị định", "NĐ"),
    ("Thông tư", "TT"),
    ("Quy chế", "QC"),
    ("Tờ trình", "TTr"),
    ("Đề án", "ĐA"),
]
BY_ABBR = {
    "KH": "Kế hoạch",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "CTr": "Chương trình",
    "CV": "Công văn",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "QC": "Quy chế",
    "TTr": "Tờ trình",
    "ĐA": "Đề án",
}
PARTY_ISSUERS = [
    "TW",
    "TU",
    "ThU",
    "HU",
    "ĐU",
    "ĐUK",
    "BTGTW",
    "BTGTU",
    "BTCTW",
    "VPTW",
    "UBKTTW",
    "ĐTN",
    "BCĐ-TU",
]
STATE_ISSUERS = ["UBND", "CP", "BNV", "MTTQ-BTT", "UBND-VX", "BTTTT", "TTg"]
ISSUERS = [
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Thường vụ Huyện uỷ",
    "Tỉnh ủy",
    "Ủy ban nhân dân tỉnh Lâm Đồng",
    "Chính phủ",
    "Ban Tuyên giáo Trung ương",
    "Thủ tướng Chính phủ",
    "Ban Thường vụ Đảng ủy Khối",
    "Bộ Nội vụ",
    "Hội nghị Trung ương 4",
    "Ban Tổ chức Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Ban Chỉ đạo 35 Trung ương",
    "Đảng ủy Khối các cơ quan tỉnh",
]
ROMANS = ["V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]
_FILLER_TEXT = (
    "tiếp tục đẩy mạnh công tác tuyên truyền xây dựng Đảng hệ thống chính trị cán bộ đảng viên Nhân dân "
    "nâng cao chất lượng hiệu quả trong mới địa phương cơ quan đơn vị phát triển kinh tế xã hội "
    "quốc phòng an ninh đạo đức lối sống phong cách Hồ Chí Minh tổ chức thực hiện nghiêm túc"
)
# `an` is left out: `để an` after `để` folds to `de an`, the type word of `Đề án`
FILLER = [w for w in _FILLER_TEXT.split() if w != "an"]
AFTER = [" về ", ", ", "; ", ". ", " và ", " thực hiện ", " để ", ".\n"]


@dataclass
class Piece:
    """A stretch of text; citations carry what must be read from them."""

    text: str
    expect: dict | None = None


@st.composite
def dates(draw) -> tuple[str, str | None]:
    """(printed date part including its lead, ISO value); all the printed forms."""
    form = draw(
        st.sampled_from(["none", "slash", "slash2", "dash", "dot", "words", "month", "month_words", "stray"])
    )
    y = draw(st.integers(1990, 2029))
    m = draw(st.integers(1, 12))
    d = draw(st.integers(1, 28))
    lead = draw(st.sampled_from([" ngày ", ", ngày ", " ngày ", " ban hành ngày "]))
    if form == "none":
        return "", None
    if form == "slash":
        return f"{lead}{d}/{m}/{y}", f"{y:04d}-{m:02d}-{d:02d}"
    if form == "slash2":
        return f"{lead}{d:02d}/{m:02d}/{y}", f"{y:04d}-{m:02d}-{d:02d}"
    if form == "dash":
        return f"{lead}{d:02d}-{m:02d}-{y}", f"{y:04d}-{m:02d}-{d:02d}"
    if form == "dot":
        return f"{lead}{d}.{m}.{y}", f"{y:04d}-{m:02d}-{d:02d}"
    if form == "words":
        return f", ngày {d:02d} tháng {m} năm {y}", f"{y:04d}-{m:02d}-{d:02d}"
    if form == "month":
        return f"{lead}{draw(st.sampled_from(['', '   ', ' ... ']))}/{m}/{y}", f"{y:04d}-{m:02d}"
    if form == "month_words":
        return f", tháng {m} năm {y}", f"{y:04d}-{m:02d}"
    return f"{lead}{d} /{m}/{y}", f"{y:04d}-{m:02d}-{d:02d}"


@st.composite
def terms(draw) -> tuple[str, str | None]:
    if draw(st.booleans()):
        return "", None
    romans = draw(st.lists(st.sampled_from(ROMANS), min_size=1, max_size=2, unique=True))
    word = draw(st.sampled_from(["khóa", "khoá", "Khóa"]))
    inner = f"{word} {', '.join(romans)}"
    printed = f" ({inner})" if draw(st.booleans()) else f" {inner}"
    return printed, "khóa " + ", ".join(romans)


@st.composite
def numbered(draw) -> Piece:
    word, abbr = draw(st.sampled_from(TYPES))
    state = draw(st.booleans())
    n = draw(st.integers(1, 999))
    num = f"{n:02d}" if (not state and n < 10 and draw(st.booleans())) else str(n)
    if state:
        iss = draw(st.sampled_from(STATE_ISSUERS))
        year = str(draw(st.integers(2000, 2029))) if draw(st.booleans()) else None
        number = f"{num}/{year}" if year else num
        symbol = f"{abbr}-{iss}"
        printed_ns = number_symbol = f"{number}/{symbol}"
    else:
        iss = draw(st.sampled_from(PARTY_ISSUERS))
        year, number, symbol = None, num, f"{abbr}/{iss}"
        number_symbol = f"{num}-{symbol}"
        dash = draw(st.sampled_from(["-", "-", " -", "- ", " - ", "-\n"]))
        printed_ns = f"{num}{dash}{symbol}"
    typed = draw(st.integers(0, 3)) > 0
    if typed:
        so = draw(st.sampled_from([" số ", " số  ", " số: ", " Số ", " "]))
        head = draw(st.sampled_from([word, word.upper(), word.lower()])) + so
        doc_type = word
        ambiguous = False
    else:
        head = ""
        doc_type = ("Quyết định" if state else None) if abbr == "QĐ" else BY_ABBR[abbr]
        ambiguous = abbr == "QĐ" and not state
    date_text, date = draw(dates())
    issuer = draw(st.sampled_from([None, *ISSUERS]))
    term_text, term = draw(terms())
    text = f"{head}{printed_ns}{date_text}" + (f" của {issuer}" if issuer else "") + term_text
    expect = dict(
        kind="numbered",
        number=number,
        symbol=symbol,
        number_symbol=number_symbol,
        date=date,
        issuer=issuer,
        term=term,
        doc_type=doc_type,
        doc_type_ambiguous=ambiguous,
    )
    return Piece(text, expect)


@st.composite
def named(draw) -> Piece:
    roman = draw(st.sampled_from(ROMANS))
    form = draw(st.sampled_from(["national", "local", "plenum"]))
    if form == "national":
        text = "Nghị quyết Đại hội " + draw(
            st.sampled_from(["", "đại biểu ", "đại biểu toàn quốc ", "toàn quốc "])
        )
        text += draw(st.sampled_from(["", "lần thứ "])) + roman + draw(st.sampled_from(["", " của Đảng"]))
        return Piece(text, dict(kind="named", key=f"named:nq-dai-hoi-{roman.lower()}", term=None))
    if form == "local":
        unit = draw(
            st.sampled_from(["tỉnh", "huyện", "thành phố", "Khối các cơ quan tỉnh", "xã", "tỉnh Lâm Đồng"])
        )
        text = (
            "Nghị quyết Đại hội "
            + draw(st.sampled_from(["", "đại biểu "]))
            + f"Đảng bộ {unit} lần thứ {roman}"
        )
        return Piece(
            text, dict(kind="named", key=f"named:nq-dai-hoi-dang-bo-{slug(unit)}-{roman.lower()}", term=None)
        )
    n = draw(st.integers(1, 15))
    term_text, term = draw(terms().filter(lambda t: t[1] is not None))
    head = draw(st.sampled_from(["Nghị quyết Trung ương", "Nghị quyết Hội nghị Trung ương", "Nghị quyết TW"]))
    key = f"named:nq-tw-{n}-{slug(term)}"
    return Piece(f"{head} {n}{term_text}", dict(kind="named", key=key, term=term))


@st.composite
def incomplete(draw) -> Piece:
    word, abbr = draw(st.sampled_from(TYPES))
    blank = draw(st.sampled_from(["      ", " ", " ...... ", "…"]))
    if draw(st.booleans()):
        iss = draw(st.sampled_from(PARTY_ISSUERS))
        symbol, sym_text = f"{abbr}/{iss}", f"-{abbr}/{iss}"
    else:
        iss = draw(st.sampled_from(STATE_ISSUERS))
        symbol, sym_text = f"{abbr}-{iss}", f"/{abbr}-{iss}"
    y, m = draw(st.integers(2000, 2029)), draw(st.integers(1, 12))
    text = f"{word} số{blank}{sym_text}, ngày {blank}/{m}/{y}"
    return Piece(
        text, dict(kind="incomplete", symbol=symbol, number=None, number_symbol=None, date=f"{y:04d}-{m:02d}")
    )


def filler(words: list[str]) -> str:
    return " ".join(words)


def _identity(p: Piece) -> str:
    """Which document a citation names: `1-KH/TW` and `01-KH/TW` are one (keys pad numbers), and
    `1/KH-UBND` merges with the one dated `1/2020/KH-UBND` cited beside it."""
    exp = p.expect or {}
    if exp.get("kind") == "numbered":
        return base_key(exp["number"].split("/")[0], exp["symbol"])  # an undated one merges with a dated one
    return exp.get("key") or exp.get("symbol") or ""


@st.composite
def documents(draw, citation=numbered) -> tuple[str, list[tuple[Piece, tuple[int, int]]]]:
    """A text of filler and citations, wrapped at random spaces; each citation with its span."""
    cites = draw(
        st.lists(
            citation(),
            min_size=1,
            max_size=4,
            unique_by=_identity,
        )
    )
    pieces: list[Piece] = []
    for c in cites:
        pieces.append(Piece(filler(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=8))) + " "))
        pieces.append(c)
        pieces.append(Piece(draw(st.sampled_from(AFTER))))
    pieces.append(Piece(filler(draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=8))) + "."))
    rnd = draw(st.randoms(use_true_random=False))
    text, spans = "", []
    for p in pieces:
        chars = list(p.text)
        for i, ch in enumerate(chars):
            if ch == " " and 0 < i < len(chars) - 1 and rnd.random() < 0.15:
                chars[i] = rnd.choice(["\n", " \n", "  "])
        piece = "".join(chars)
        if p.expect is not None:
            spans.append((p, (len(text), len(text) + len(piece))))
        text += piece
    return text, spans


def _check(text: str, spans) -> None:
    refs = extract_references(text)
    assert len(refs) == len(spans), (text, [r.key for r in refs])
    for piece, span in spans:
        exp = piece.expect
        ref = next((r for r in refs if r.spans and r.spans[0][0] == span[0]), None)
        assert ref is not None, (text, span, exp)
        assert ref.spans == [span], (text, text[ref.spans[0][0] : ref.spans[0][1]], text[span[0] : span[1]])
        for name, value in exp.items():
            assert getattr(ref, name) == value, (name, text[span[0] : span[1]], getattr(ref, name), value)
        assert ref.count == 1


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_numbered_citations_are_recovered(doc):
    _check(*doc)


@SETTINGS
@given(documents(citation=named))
def test_named_citations_are_recovered(doc):
    _check(*doc)


@SETTINGS
@given(documents(citation=incomplete))
def test_blank_numbers_are_kept_as_incomplete(doc):
    _check(*doc)


@SETTINGS
@given(st.lists(st.sampled_from(FILLER), min_size=1, max_size=60))
def test_plain_text_has_no_citation(words):
    assert extract_references(" ".join(words)) == []
