"""How a citation relates to the citing document: implements, based_on, mentions, self.

Rules (each documented choice, in order):
- `self`: the citation names the document's own number (header, parser, annex head), or it is
  the `(theo Kế hoạch số …)` line that heads an annex (the annex says which plan it belongs to).
- In the preamble's issuing sentence (the one with `như sau` or `ban hành / xây dựng Kế hoạch`;
  the whole preamble when there is none), a citation governed by a basis verb (`thực hiện`,
  `theo`, `triển khai`, `thi hành`, `căn cứ`, at most two words before it, not inside “quotes”):
  - `implements` when the verb is `Thực hiện` / `Theo` / `Triển khai` opening the clause and
    directly before the citation (every such citation: `Thực hiện Chỉ thị …; Thực hiện Thông báo …`
    implements both, as the readers' fixtures list them);
  - `based_on` otherwise (`căn cứ …`, `đảm bảo thực hiện nghiêm túc Chỉ thị …`);
  - a citation coordinated with a basis citation (`căn cứ A và B`, `thực hiện A, B`, `Căn cứ A …;
    B …` listed after a `;` with no verb of its own) takes that citation's relation.
  The preamble's sentences that open on a basis verb (`Thực hiện Chỉ thị số …;`) are basis sentences
  besides the issuing one.
- Outside the annexes, a document the rules above leave `mentions` is `based_on` when the sentence of a
  paragraph opening on `Căn cứ` cites it (a letter's grounds, a dispatch's `Căn cứ chỉ đạo … tại Thông
  báo số …`).
- Everything else is `mentions` (the body's `Việc thực hiện Kế hoạch số …` is content).
A reference cited several times takes its strongest relation: self > implements > based_on >
mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from kehoach.identity import same_base
from kehoach.refs import patterns as P
from kehoach.refs.mention import Mention, mention_base, mention_year
from kehoach.vntext import fold_aligned

RANK = {"mentions": 0, "based_on": 1, "implements": 2, "self": 3}
Span = tuple[int, int]


@dataclass
class Layout:
    """The parts of a document that decide relations."""

    preamble: Span | None = None
    annexes: list[Span] = field(default_factory=list)
    annex_heads: list[Span] = field(default_factory=list)
    forms: list[Span] = field(default_factory=list)  # attached forms (`Mẫu số 08`): cite nothing
    own: list[tuple[str, str | None]] = field(default_factory=list)  # (base key, year) of itself


_RULE = re.compile(r"^[ \t]*[-–—_=*]{3,}[ \t]*$", re.MULTILINE)
_SECTION = re.compile(r"^[ \t]*(?:I|1)[ \t]*[.\-–][ \t]+\S", re.MULTILINE)
# Line openings, found from their words (a literal the regex engine skips to) and then checked to
# open their line after blanks only: a pattern that starts with `^` is tried at every character.
_ANNEX_TITLE = re.compile(r"(?:de cuong|phu luc|danh muc|bieu mau)\b")  # on folded text
_ANNEX_ITEM = re.compile(r"^[ \t]*(?:[IVX]+|\d+)[ \t]*[.\-–][ \t]+\S", re.MULTILINE)
_RECIPIENTS = re.compile(r"noi nhan\s*:")  # on folded text


def _line_openings(pattern: re.Pattern[str], text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """(line start, match end) of each match of `pattern` from `pos` that only blanks (spaces, tabs)
    precede on its line: what `^[ \t]*` + the pattern finds, line by line, in MULTILINE mode."""
    for m in pattern.finditer(text, pos):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start >= pos and not text[line_start : m.start()].strip(" \t"):
            yield line_start, m.end()


def guess_preamble(text: str) -> Span | None:
    """The preamble of plain text: after the rule under the title, up to the first section."""
    rule = _RULE.search(text)
    start = rule.end() if rule else 0
    section = _SECTION.search(text, start)
    return (start, section.start()) if section else None


def guess_annexes(text: str) -> tuple[list[Span], list[Span]]:
    """Annexes of plain text and their heads: titles in capitals after the recipients."""
    folded = fold_aligned(text)
    annexes: list[Span] = []
    heads: list[Span] = []
    recipients = next(_line_openings(_RECIPIENTS, folded), None)
    if recipients:
        for start, end in _line_openings(_ANNEX_TITLE, folded, recipients[1]):
            line_end = text.find("\n", start)
            line = text[start : line_end if line_end >= 0 else len(text)]
            if not line.strip().isupper():
                continue
            annexes.append((start, len(text)))
            item = _ANNEX_ITEM.search(text, end)
            heads.append((start, item.start() if item else len(text)))
        for i in range(len(annexes) - 1):
            annexes[i] = (annexes[i][0], annexes[i + 1][0])
    return annexes, heads


def layout_from_text(text: str) -> Layout:
    """Guess preamble and annexes from plain text (when no parsed `Document` is at hand).

    Works on normalized text and, less surely, on raw extracted text (wrapped lines, `ƣ`).
    """
    annexes, heads = guess_annexes(text)
    return Layout(preamble=guess_preamble(text), annexes=annexes, annex_heads=heads)


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s <= pos < e for s, e in spans)


# a sentence ends at `. ` before a capital, or at a line end after . ! ? : (a hard wrap is no end)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-ZĐÀ-Ỹ])|[.!?:][ \t]*\n")
_WORDS = re.compile(r"\w+")
# (a dispatch's or a letter's: `Thủ tướng Chính phủ yêu cầu:`, `Bộ Tài chính đề nghị:`)
_ISSUING = re.compile(
    r"nhu\s+sau|(?:ban\s+hanh|xay\s+dung|trien\s+khai)\s+(?:ke\s+hoach|chuong\s+trinh)"
    r"|(?:yeu\s+cau|chi\s+thi|de\s+nghi)\s*:"
)


def _sentences(text: str, span: Span) -> list[Span]:
    """Sentences of `text[span]`."""
    s, e = span
    out: list[Span] = []
    cur = s
    for m in _SENTENCE_END.finditer(text, s, e):
        out.append((cur, m.end()))
        cur = m.end()
    out.append((cur, e))
    return [x for x in out if text[x[0] : x[1]].strip()]


# a preamble's paragraph that opens on a basis verb (`Thực hiện Chỉ thị số …;`, `Căn cứ …`) states a basis
# even where another sentence (`… ban hành Kế hoạch … như sau:`) is the issuing one
_OPENS_ON_BASIS = re.compile(
    r"[\s*_>|-]*(?:de\s+(?:tiep\s+tuc\s+)?)?(?:thuc\s+hien|can\s+cu|trien\s+khai|thi\s+hanh)(?!\w)"
)


def _basis_sentences(text: str, folded: str, preamble: Span) -> list[Span]:
    sentences = _sentences(text, preamble)
    issuing = [s for s in sentences if _ISSUING.search(folded, s[0], s[1])]
    if not issuing:
        return sentences
    return [s for s in sentences if s in issuing or _OPENS_ON_BASIS.match(folded, s[0], s[1])]


# a paragraph of the body opening on `Căn cứ` states what the text rests on (a letter's `Căn cứ khoản 2
# Điều 15 Luật Thuế giá trị gia tăng …`, a dispatch's `Căn cứ chỉ đạo của Bộ Chính trị tại Thông báo số
# 99-TB/TW …, Nghị quyết 380/NQ-CP …`): every document its sentence cites is a basis (outside the annexes)
# its sentence in its paragraph, up to a `;` that opens another kind of clause (`…; Theo đề nghị của …`)
_GROUNDS_END = re.compile(
    r"\.\s+(?=[A-ZĐÀ-Ỹ])|[.!?:;]?[ \t]*\n|;\s*(?=(?:Theo|Xét|Thực hiện|Trên cơ sở|Sau khi)\b)"
)
_PARAGRAPH_CAN_CU = re.compile(r"(?:^|\n)[ \t*_>|-]*(?=can\s+cu(?!\w))")


def _body_grounds(text: str, folded: str, layout: Layout) -> list[Span]:
    out: list[Span] = []
    for m in _PARAGRAPH_CAN_CU.finditer(folded):
        start = m.end()
        if _inside(start, layout.annexes):
            continue
        end = _GROUNDS_END.search(text, start)
        out.append((start, end.end() if end else len(text)))
    return out


def _is_own(m: Mention, own: list[tuple[str, str | None]]) -> bool:
    """The mention names the document itself (same number and symbol; same year when both known)."""
    base = mention_base(m)
    if base is None:
        return False
    year = mention_year(m)
    return any(same_base(base, b) and (year is None or y is None or year == y) for b, y in own)


# what joins a citation to a basis cited just before it: `và`, a comma, or the amending document of the
# basis (`Luật Ngân sách nhà nước số 83/2015/QH13 được sửa đổi, bổ sung bởi Luật số 59/2020/QH14`)
_COORDINATED = re.compile(
    r"[\s,]*(?:va|cung|,|(?:duoc\s+)?sua\s+doi\s*,?\s*bo\s+sung(?:\s+mot\s+so\s+dieu)?\s+(?:boi|theo|tai))?"
    r"[\s,]*(?:cac\s+)?"
)
# the next document of a list in one basis clause: `Căn cứ Nghị định số 63/2010/NĐ-CP … về kiểm soát
# thủ tục hành chính; Nghị định số 48/2013/NĐ-CP …` (after `;` the next document, no verb of its own)
_LISTED = re.compile(r"[^;.:\n]*(?:\n[^;.:\n]*)?;[\s*_]*(?:va\s+)?")
# what opens the line that says which document an annex belongs to: `(Kèm theo Kế hoạch số …)`,
# `*(Ban hành kèm theo Quyết định số …)*`, `(theo Kế hoạch số …)`; a task table's `… theo Nghị định số
# …` inside the annex's head is a citation
_ANNEX_HEAD_LEAD = re.compile(r"[\s*_|]*\(?\s*(?:ban\s+hanh\s+)?(?:kem\s+)?theo\s*")


def classify(text: str, mentions: list[Mention], layout: Layout) -> list[str]:
    """One relation per mention (same order), following the module's rules."""
    folded = fold_aligned(text)
    basis = _basis_sentences(text, folded, layout.preamble) if layout.preamble else []
    basis_starts = [s for s, _ in basis]
    grounds = _body_grounds(text, folded, layout)
    ground_starts = [s for s, _ in grounds]
    spans = basis + grounds
    marks = _Marks(
        text,
        folded,
        clauses=(basis[0][0], basis[-1][1]) if basis else (0, 0),
        quoted=(min(s for s, _ in spans), max(e for _, e in spans)) if spans else (0, 0),
    )
    out: list[str] = []
    prev: tuple[Mention, str] | None = None
    head: tuple[Mention, str] | None = None  # the first document of the clause `prev` stands in
    for m in mentions:
        rel = "mentions"
        line_start = folded.rfind("\n", 0, m.start) + 1
        head_of_annex = _inside(m.start, layout.annex_heads) and _ANNEX_HEAD_LEAD.fullmatch(
            folded, max(line_start, m.start - 40), m.start
        )
        if _is_own(m, layout.own) or (head_of_annex and m.kind in {"numbered", "incomplete"}):
            rel = "self"
        else:
            sent = _containing(basis, basis_starts, m.start)
            if sent and not marks.in_quotes(sent[0], m.start):
                rel, opens = marks.governed(sent[0], m.start)
                if rel == "mentions" and prev and prev[1] in {"implements", "based_on"}:
                    between = folded[prev[0].end : m.start]
                    if prev[0].end <= m.start and _COORDINATED.fullmatch(between):
                        rel = prev[1]  # `Thực hiện A và B`: the same relation
                    elif prev[0].end <= m.start and _LISTED.fullmatch(between):
                        # `Căn cứ A …; B …`: the relation of the clause before, taken from its first
                        # document (`A`), not from one its title names (`… thực hiện Nghị quyết số 57`)
                        rel = head[1] if head and head[1] in {"implements", "based_on"} else prev[1]
                elif rel == "based_on" and opens:
                    rel = "implements"
        if rel != "self" and _SUBJECT_LINE.search(folded, max(0, m.start - 240), m.start):
            rel = "mentions"  # a letter's `V/v …` subject line says what it is about, not what it rests on
        ground = _containing(grounds, ground_starts, m.start)
        if rel == "mentions" and ground and not marks.in_quotes(ground[0], m.start):
            rel = "based_on"
        out.append(rel)
        if head is None or prev is None or any(ch in folded[prev[0].end : m.start] for ch in ";\n"):
            head = (m, rel)  # `m` opens a clause
        prev = (m, rel)
    return out


# a letter's subject line (`V/v đề xuất … triển khai Nghị định` / `136/2025/NĐ-CP`), up to a citation on it
# or on the one line it wraps to
_SUBJECT_LINE = re.compile(r"(?<![\w/])v\s*/\s*v\b[^;\n]*(?:\n[^;\n]*)?\Z")
# `về (việc|tình hình) thực hiện`; `về việc đề xuất giải pháp … trong việc triển khai`: the subject of the
# document cited before (the first form ends at the verb, the second may stand anywhere before it)
_SUBJECT_LEAD_TAIL = re.compile(r"(?<!\w)ve(?:\s+\w+){0,2}\s*\Z")
_VE_VIEC = re.compile(r"(?<!\w)ve\s+viec\s")
# how far back a pattern anchored at a verb (`tiếp theo`, `kèm theo`, `về việc thực hiện`) is looked for
_TAIL = 200


def _containing(spans: list[Span], starts: list[int], pos: int) -> Span | None:
    """The span of `spans` (sorted, not overlapping; `starts` their starts) that holds `pos`."""
    i = bisect_right(starts, pos) - 1
    return spans[i] if i >= 0 and pos < spans[i][1] else None


def _last_in(positions: list[int], lo: int, hi: int) -> int:
    """The last of the sorted `positions` in [lo, hi), or -1."""
    i = bisect_left(positions, hi) - 1
    return positions[i] if i >= 0 and positions[i] >= lo else -1


_SEMICOLON, _COLON, _DOT_BEFORE_BLANK = re.compile(";"), re.compile(":"), re.compile(r"\.(?=\s)")
_OPENING_QUOTE, _CLOSING_QUOTE, _STRAIGHT_QUOTE = re.compile("“"), re.compile("”"), re.compile('"')


class _Marks:
    """What each citation's relation is read from, found once per text: breaks, quote marks, basis
    verbs. Each citation then looks them up (bisect) instead of rescanning its sentence or clause, which
    made a text citing thousands of documents in one unbroken clause quadratic (4,000 lines of
    `V/v … triển khai Nghị định …` without a period: 67 s). The lookups give what a scan of the sentence
    or clause (a slice of the text) gives, but for three cases no document shows: a word character right
    before a clause's opening, a verb run into the citation (`theoNghị định`), and a verb's lead (`tiếp
    theo`, `kèm theo`, `về việc …`) spread over more than `_TAIL` characters of blanks."""

    def __init__(self, text: str, folded: str, clauses: Span, quoted: Span) -> None:
        """`clauses`: where the citations whose clause is read stand (the basis sentences); `quoted`: where
        the sentences and paragraphs whose quotes are counted stand. Each list is found when first asked
        for, in its span only (a text whose preamble cites nothing reads none of them)."""
        self.text, self.folded = text, folded
        self.clauses, self.quoted = clauses, quoted

    def _in(self, pattern: re.Pattern[str], text: str, span: Span) -> list[int]:
        return [m.start() for m in pattern.finditer(text, *span)]

    @cached_property
    def semicolons(self) -> list[int]:
        return self._in(_SEMICOLON, self.folded, self.clauses)

    @cached_property
    def colons(self) -> list[int]:
        return self._in(_COLON, self.folded, self.clauses)

    @cached_property
    def dots(self) -> list[int]:
        return self._in(_DOT_BEFORE_BLANK, self.folded, self.clauses)

    @cached_property
    def opening_quotes(self) -> list[int]:
        return self._in(_OPENING_QUOTE, self.text, self.quoted)

    @cached_property
    def closing_quotes(self) -> list[int]:
        return self._in(_CLOSING_QUOTE, self.text, self.quoted)

    @cached_property
    def straight_quotes(self) -> list[int]:
        return self._in(_STRAIGHT_QUOTE, self.text, self.quoted)

    @cached_property
    def triggers(self) -> list[tuple[int, int, str]]:
        found = P.TRIGGER.finditer(self.folded, *self.clauses)
        return [(t.start(), t.end(), " ".join(t.group("word").split())) for t in found]

    @cached_property
    def ve_viec(self) -> list[tuple[int, int]]:
        return [(v.start(), v.end()) for v in _VE_VIEC.finditer(self.folded, *self.clauses)]

    def in_quotes(self, start: int, pos: int) -> bool:
        """Whether `pos` is inside “…” or "…" opened after `start` (a sentence's or paragraph's start)."""
        opened = _last_in(self.opening_quotes, start, pos)
        closed = _last_in(self.closing_quotes, start, pos)
        straight = bisect_left(self.straight_quotes, pos) - bisect_left(self.straight_quotes, start)
        return opened > closed or straight % 2 == 1

    def clause_start(self, start: int, pos: int) -> int:
        """Where the clause holding `pos` opens: after the last `;`, `:`, or `.` before a blank, between
        `start` and `pos`."""
        lo = max(_last_in(self.semicolons, start, pos), _last_in(self.colons, start, pos)) + 1
        lo = max(lo, start)
        dot = _last_in(self.dots, lo, max(lo, pos - 1))
        return dot + 2 if dot >= 0 else lo

    def _ends_with(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """`pattern` (anchored by `\\Z`) matches at the end of the text between `start` and `end`."""
        window = max(start, end - _TAIL)
        if window == start:  # the clause's opening: nothing before it (as in a slice)
            return pattern.search(self.folded[start:end]) is not None
        return pattern.search(self.folded, window, end) is not None

    def _about(self, start: int, end: int) -> bool:
        """A `về việc` between `start` and `end`, or a `về (việc) …` just before `end`."""
        i = bisect_left(self.ve_viec, start, key=lambda v: v[0])
        if i < len(self.ve_viec) and self.ve_viec[i][1] <= end:
            return True
        return self._ends_with(_SUBJECT_LEAD_TAIL, start, end)

    def governed(self, sentence_start: int, pos: int) -> tuple[str, bool]:
        """(`based_on` or `mentions`, whether the verb opens its clause and touches the citation at
        `pos`), from the last basis verb of the clause."""
        folded = self.folded
        clause = self.clause_start(sentence_start, pos)
        i = bisect_right(self.triggers, pos, key=lambda t: t[1]) - 1  # the last verb ending by `pos`
        if i < 0 or self.triggers[i][0] < clause:
            return "mentions", False
        verb, after, word = self.triggers[i]
        pinpoint = _PINPOINT.match(folded, after, pos) if word == "can cu" else None
        if pinpoint:  # `Căn cứ (tại) khoản 2 Điều 15 Luật …`: the article of the document it rests on
            after = pinpoint.end()
        gap = [w.group() for w in islice(_WORDS.finditer(folded, after, pos), 3)]
        if len(gap) > 2:
            return "mentions", False
        if word == "theo" and self._ends_with(_FOLLOWING, clause, verb):
            return "mentions", False  # `tiếp theo các Công điện số …`: what came before, no basis
        if word == "theo" and self._ends_with(_ISSUED_WITH, clause, verb):
            # `Quy định … ban hành (kèm) theo Nghị quyết số 20/2023/NQ-HĐND`: the document a regulation was
            # issued with (what is amended or described), a basis only where the clause opens on `Căn cứ`
            # (`Căn cứ Quy định … ban hành kèm theo Quyết định số 214/QĐ-DCT`)
            return ("based_on" if _OPENS_ON_CAN_CU.match(folded, clause, pos) else "mentions"), False
        if word == "can cu":
            return "based_on", False
        if self._about(clause, verb):
            # `Kế hoạch số 283/KH-UBND … về thực hiện Nghị quyết số 71/NQ-CP`: what the document cited
            # before is about, not a basis of this one
            return "mentions", False
        # `Thực hiện Chỉ thị …`, `Để tiếp tục thực hiện nghiêm Chỉ thị …`: the verb opens the clause (after
        # `để (tiếp tục)`) and touches the citation (but for `nghiêm (túc)`)
        lead = [w.group() for w in islice(_WORDS.finditer(folded, clause, verb), 4)]
        opens = lead in _OPENING_LEADS and all(w in _MANNER for w in gap)
        return "based_on", opens


# what may stand before `thực hiện` opening a clause that implements: `Để (tiếp tục) thực hiện`,
# `Triển khai thực hiện`, `Để triển khai thực hiện`
_OPENING_LEADS = ([], ["de"], ["de", "tiep", "tuc"], ["trien", "khai"], ["de", "trien", "khai"])
# a pinpoint between `Căn cứ` and the document: `(quy định) tại điểm a khoản 3 Điều 30`, `Điều 76`
_PINPOINT = re.compile(
    r"\s*(?:(?:quy\s+dinh\s+)?tai\s+)?(?:(?:diem\s+\w{1,2}|khoan\s+\d{1,3}|dieu\s+\d{1,3}\w?|muc\s+\w{1,4}"
    r"|chuong\s+\w{1,4})[\s,]*(?:va\s+)?)+(?:cua\s+)?"
)


_OPENS_ON_CAN_CU = re.compile(r"[\s*_>|-]*can\s+cu(?!\w)")
_ISSUED_WITH = re.compile(r"(?<!\w)(?:ban\s+hanh(?:\s+kem)?|kem)\s*\Z")  # `(ban hành) kèm theo`
_FOLLOWING = re.compile(r"(?<!\w)tiep\s*\Z")
_MANNER = frozenset(["nghiem", "tuc"])
