"""`relation._Marks` finds a citation's clause, its basis verb and its quotes by looking up positions found
once per text; it must give what scanning the sentence or clause (a slice of the text) gives, the way
earlier versions read it (property tests on generated text, against those scans written out here)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.refs import extract_references
from kehoach.refs import patterns as P
from kehoach.refs.relation import _Marks

_BREAK = re.compile(r"[;:]|\.\s")
_WORDS = re.compile(r"\w+")


def _scanned(folded: str, start: int, pos: int) -> int:
    clause_start = start
    for m in _BREAK.finditer(folded, start, pos):
        clause_start = m.end()
    return clause_start


def _quoted_by_scan(before: str) -> bool:
    return before.rfind("“") > before.rfind("”") or before.count('"') % 2 == 1


_PINPOINT = re.compile(
    r"\s*(?:(?:quy\s+dinh\s+)?tai\s+)?(?:(?:diem\s+\w{1,2}|khoan\s+\d{1,3}|dieu\s+\d{1,3}\w?|muc\s+\w{1,4}"
    r"|chuong\s+\w{1,4})[\s,]*(?:va\s+)?)+(?:cua\s+)?"
)
_LEADS = ([], ["de"], ["de", "tiep", "tuc"], ["trien", "khai"], ["de", "trien", "khai"])


def _governed_by_scan(folded: str, sentence_start: int, pos: int) -> tuple[str, bool]:
    """The reading of a clause by scanning it whole (session 9's code, kept as the reference)."""
    clause = folded[_scanned(folded, sentence_start, pos) : pos]
    best = None
    for t in P.TRIGGER.finditer(clause):
        best = t
    if best is None:
        return "mentions", False
    word = " ".join(best.group("word").split())
    after = clause[best.end() :]
    pinpoint = _PINPOINT.match(after) if word == "can cu" else None
    if pinpoint:
        after = after[pinpoint.end() :]
    gap = _WORDS.findall(after)
    if len(gap) > 2:
        return "mentions", False
    if word == "theo" and re.search(r"(?<!\w)tiep\s*\Z", clause[: best.start()]):
        return "mentions", False
    if word == "theo" and re.search(r"(?<!\w)(?:ban\s+hanh(?:\s+kem)?|kem)\s*\Z", clause[: best.start()]):
        return ("based_on" if re.match(r"[\s*_>|-]*can\s+cu(?!\w)", clause) else "mentions"), False
    if word == "can cu":
        return "based_on", False
    if re.search(r"(?<!\w)ve(?:\s+\w+){0,2}\s*\Z|(?<!\w)ve\s+viec\s", clause[: best.start()]):
        return "mentions", False
    lead = _WORDS.findall(clause[: best.start()])
    return "based_on", lead in _LEADS and all(w in ("nghiem", "tuc") for w in gap)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .;:\n\t", max_size=60), st.data())
def test_the_clause_start_is_the_last_break_a_scan_finds(text, data):
    start = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(start, len(text)))
    assert _Marks(text, text, (0, len(text)), (0, len(text))).clause_start(start, pos) == _scanned(
        text, start, pos
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='a “”" .;', max_size=40), st.data())
def test_quotes_are_read_as_a_scan_of_the_sentence_reads_them(text, data):
    start = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(start, len(text)))
    assert _Marks(text, text, (0, len(text)), (0, len(text))).in_quotes(start, pos) == _quoted_by_scan(
        text[start:pos]
    )


# clause text made of the words the rules read, joined by blanks and breaks; the citation at `pos` opens
# on a document's word, as every citation does
_PIECES = [
    "thuc hien",
    "can cu",
    "theo",
    "trien khai",
    "thi hanh",
    "de",
    "tiep tuc",
    "tiep",
    "nghiem",
    "tuc",
    "ban hanh",
    "kem",
    "ve",
    "viec",
    "tai",
    "khoan 2",
    "dieu 5",
    "diem a",
    "quy dinh",
    "cua",
    "va",
    "ke hoach so 1",
    "nghi dinh",
    "x",
    ";",
    ":",
    ".",
    ",",
    "\n",
    "*",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from([" ", "  ", "\n"]), st.data())
def test_a_clause_is_governed_as_a_scan_of_the_whole_clause_reads_it(pieces, blank, data):
    folded = blank.join(pieces) + blank + "nghi dinh so 30/2020/nd-cp"
    pos = len(folded) - len("nghi dinh so 30/2020/nd-cp")
    start = data.draw(st.sampled_from([0, *[m.end() for m in re.finditer(r"\s", folded[:pos])]]))
    expected = _governed_by_scan(folded, start, pos)
    assert _Marks(folded, folded, (0, len(folded)), (0, len(folded))).governed(start, pos) == expected
    # … and the same with the marks found from the sentence's start only (as `classify` asks for them)
    assert _Marks(folded, folded, (start, len(folded)), (start, len(folded))).governed(start, pos) == expected


def test_a_sentence_citing_thousands_of_documents_is_read_whole():
    # one sentence, 4,000 citations (a hostile input): each citation's clause found from its own end
    # (benchmarks/hostile.py measures how the time grows; no timing asserted here)
    text = "Căn cứ " + "; ".join(
        f"Quyết định số {i}/QĐ-UBND ngày 05/11/2025 của Ủy ban nhân dân tỉnh" for i in range(4000)
    )
    refs = extract_references(text + ".")
    assert len(refs) == 4000 and {r.relation for r in refs} == {"based_on"}


def test_an_unbroken_clause_of_thousands_of_subject_lines_keeps_its_relations():
    # 1,500 subject lines without a period (a hostile input that took 14 s): each document is mentioned,
    # not a basis, as on a single line
    line = "V/v đề xuất giải pháp tháo gỡ vướng mắc trong việc triển khai Nghị định số {}/2025/NĐ-CP"
    text = "Kính gửi: Bộ Tài chính\n" + "\n".join(line.format(i) for i in range(1, 1501)) + "\n"
    refs = extract_references(text)
    assert len(refs) == 1500 and {r.relation for r in refs} == {"mentions"}
