"""Repair extraction damage, keeping a map from every repaired character to the raw text.

Steps, in order (each a small function on a `MappedText`):
1. characters: line ends, NBSP and zero-width characters, `ƣ`→`ư`, NFC; a legal-documents web
   page's own text after the document (`page_tail_start`) left out (it stays in the raw text);
2. markup: markdown-like `**…**` and `*(…)*`;
3. lines: drop blank lines and page furniture, split two-column lines, join
   hard-wrapped lines into paragraphs while every list item starts its own;
4. inline: stray spaces inside numbers, symbols and dates, doubled spaces;
5. glue: words glued across a page break, an item run into the sentence before it (`… tiêu cực.2. Giao …`),
   a symbol run into the next word (`35/2025/QĐ-TTgcủa`).

The result's `text` has one paragraph per line (`\\n`-separated).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kehoach.mapped import Builder, MappedText
from kehoach.patterns import DOC_TYPE_BY_FOLD, LIST_MARKER, may_open_list_marker
from kehoach.patterns import LOWER_MARKER_INITIALS as _LOWER_MARKER_INITIALS
from kehoach.vntext import SYLLABLE, fold, fold_aligned, is_syllable

# -- 1. characters -------------------------------------------------------------

PAGE_TAIL = "page tail"
# The text a legal-documents web site prints below a document it publishes (thuvienphapluat.vn, the
# source of most web copies clerks save): its "not translated" notice, the list of related documents
# with their dates, the amendments panel, its personal-data notice. Any of these lines, alone on its
# line, ends the document; the site's one-line summary of the page just above the first is the tail's
# too. Written here because it is the site's page layout, not a text property a library knows.
_PAGE_TAIL_LINE = re.compile(
    r"^[#*\s]*(?:Văn bản này chưa cập nhật nội dung Tiếng Anh"
    r"|Văn bản liên quan"
    r"|NỘI DUNG SỬA ĐỔI, HƯỚNG DẪN"
    r"|Nghị định 13/2023/NĐ-CP về Bảo vệ dữ liệu cá nhân \(hiệu lực)[*\s]*$",
    re.M,
)
_PAGE_SUMMARY = re.compile(r"^[#*\s]*[A-ZĐ][^\n]{0,30}? \d+[^\n]*(?: năm \d{4}| ngày \d)[^\n]*$")


def page_tail_start(text: str) -> int | None:
    """Where a web page's own text below the document begins (see `_PAGE_TAIL_LINE`), else None.
    Only in the last two thirds of the text: the page's chrome above a document is the header
    finder's business."""
    m = _PAGE_TAIL_LINE.search(text, len(text) // 3)
    if m is None:
        return None
    start = m.start()
    lines = text[:start].rstrip("\n").split("\n")
    while lines and not lines[-1].strip(" *"):  # a blank or `** **` line between
        lines.pop()
    if lines and _PAGE_SUMMARY.match(lines[-1]):
        start = len("\n".join(lines[:-1])) + (1 if len(lines) > 1 else 0)
    return start


_SAME_LENGTH_FIXES = (
    ("\u01a3", "\u01b0"),  # ƣ → ư (PDF font damage)
    ("\u01a2", "\u01af"),  # Ƣ → Ư
    ("\u00d0", "\u0110"),  # Ð (Icelandic eth, OCR and some fonts) → Đ: Vietnamese has no eth
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u202f", " "),
    ("\f", "\n"),
)
_LENGTH_CHANGING_CHARS = "\t\u200b\u200c\u200d\ufeff\u00ad"
_LENGTH_CHANGING = re.compile(f"[{_LENGTH_CHANGING_CHARS}]")
_LENGTH_CHANGING_REPL = {"\t": "    "}
_CRLF = re.compile(r"\r\n?")
_DECOMPOSED = re.compile(r"[^\u0300-\u036f\n][\u0300-\u036f\u0323]+")


# Cyrillic letters that look Latin, typed or converted into a Latin word (`CР` with a Cyrillic `Р` in a
# web copy's `cơ quan thuộc CР`): the Latin letter, same length. A word wholly Cyrillic stays.
_CYRILLIC_TO_LATIN = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")
_CYRILLIC_LOOKALIKE_CHARS = re.compile("[АВЕКМНОРСТХаеорсух]")
_CYRILLIC_IN_LATIN = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f\u1e00-\u1eff])[АВЕКМНОРСТХаеорсух]+"  # Latin (Vietnamese) letters only:
    r"|[АВЕКМНОРСТХаеорсух]+(?=[A-Za-z\u00c0-\u024f\u1e00-\u1eff])"  # `À-ỹ` would span Cyrillic
)


def _fix_chars(t: MappedText) -> MappedText:
    if "\r" in t.text:
        t = t.sub(_CRLF, "\n")
    text = t.text
    for bad, good in _SAME_LENGTH_FIXES:  # str.replace: far faster than str.translate
        if bad in text:
            text = text.replace(bad, good)
    if _CYRILLIC_LOOKALIKE_CHARS.search(text):
        text = _CYRILLIC_IN_LATIN.sub(lambda m: m.group(0).translate(_CYRILLIC_TO_LATIN), text)
    t = MappedText(text, t.bp_out, t.bp_raw, t.raw_len)
    if any(c in text for c in _LENGTH_CHANGING_CHARS):  # `in` runs far faster than a class search
        t = t.sub(_LENGTH_CHANGING, lambda m: _LENGTH_CHANGING_REPL.get(m.group(0), ""))
    if not unicodedata.is_normalized("NFC", t.text):
        t = t.sub(_DECOMPOSED, lambda m: unicodedata.normalize("NFC", m.group(0)))
        if not unicodedata.is_normalized("NFC", t.text):
            t = MappedText(unicodedata.normalize("NFC", t.text), [0], [0], t.raw_len)
    return t


# -- 2. markup -----------------------------------------------------------------

# `**`, or one `*` before `(` at a word start, or after `)` at a word end; starts with the literal
_MARKDOWN = re.compile(r"\*(?:\*|(?<!\S\*)(?=\()|(?<=\)\*)(?=\s|$))", re.MULTILINE)


# table cells of a markdown/HTML conversion: `| cell | cell |`, often one `|` per line
_TABLE_LINE = re.compile(r"^[ \t]*\||\|[ \t]*$", re.MULTILINE)
_PIPE = re.compile(r"[ \t]*\|[ \t]*")
# `__word__` (underline or bold in a conversion), not a rule of underscores (`____`)
_UNDERLINE = re.compile(r"(?<![\w_])__(?=[^\s_])|(?<=[^\s_])__(?![\w_])")
# italics `*Bắc Ninh, ngày …*` at a line's ends, and lines of stars alone (`* *`, `** **`)
_ITALIC = re.compile(
    r"^[ \t]*\*+(?:[ \t]+\*+)+[ \t]*$|^\*(?=[^\s*])|(?<=[^\s*])\*$"
    r"|(?<=[;,.:])[ \t]+\*$",  # `…/QH15; *`: an italic run closed after a blank
    re.MULTILINE,
)


def _italic_edits(text: str) -> Iterator[tuple[int, int, str]]:
    """`_ITALIC`'s matches, each removed, looked for only on the lines holding a `*` (a match never
    spans lines): the pattern opens on no literal, so a scan of the whole text tries it at every
    character, which costs more than the rest of this step."""
    pos = text.find("*")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        for m in _ITALIC.finditer(text, start, end):
            yield m.start(), m.end(), ""
        pos = text.find("*", end)


def _strip_markup(t: MappedText) -> MappedText:
    if "|" in t.text and len(_TABLE_LINE.findall(t.text)) >= 2:
        t = t.sub(_PIPE, "\n")  # one table cell per line, as a reader of the page sees them
    if "__" in t.text:
        t = t.sub(_UNDERLINE, "")  # `__Nơi nhận__:`: underlined, as a conversion writes it
    if "*" not in t.text:
        return t
    return t.edit(_italic_edits(t.text)).sub(_MARKDOWN, "")


# -- 3. lines ------------------------------------------------------------------

# lines that open a paragraph (`Kính` alone: a web copy broke `Kính gửi` after it)
_ANCHOR = re.compile(
    r"^(?:Nơi\s+nhận|T/M\b|TM\.|K/T\b|KT\.|T/L\b|TL\.|T/UQ\b|TUQ\.|Q\.\s|Lưu\b|Số\s*:?\s*\d|Số\s*:?\s*-|"
    r"Trên\s+đây|-{3,}|_{3,}|\*$|\(theo\s|\(kèm\s|\(Kèm\s|\(Ban\s+hành|Kính\s+gửi|Kính$|\[\d{1,3}\](?:\s|$))",
    re.IGNORECASE,
)
_ANCHOR_INITIALS = frozenset("NnTtKkQqLlSs-*(_[")  # what an `_ANCHOR` line can start with (`[1]`: a footnote)


_PLACE_DATE = re.compile(r"^[^\W\d][^,\n]{1,40},\s*ngày\s+\S+\s+tháng\s+\S+\s+năm\s+\d{4}", re.IGNORECASE)
_PAGE_FURNITURE = re.compile(
    r"^(?:[-–]?\s*\d{1,3}\s*[-–]?|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.IGNORECASE
)
_COLUMN_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")


def _ends_open(line: str) -> bool:
    """`… số 26-`, `… Chỉ thị số`, a title's `… QUYẾT ĐỊNH SỐ`: a number goes on on the next line."""
    last = line[-1:]
    if last == "-":
        return line[-2:-1].isdigit() or line[-3:-2].isdigit()
    if last != "ố" and last != "Ố" and last != ":":
        return False
    if line in ("số", "Số", "SỐ"):
        return True
    if not line.endswith((" số", " số:", " Số", " Số:", " SỐ", " SỐ:")):
        return False
    before = line.rstrip(":").rsplit(None, 2)
    return len(before) < 2 or before[-2].lower() not in _DIGITAL_NOUN_ENDS


# an article's label alone on its line, and what ends a line before an article the sentence names
_ARTICLE_ALONE = re.compile(r"^Điều\s+\d{1,3}[a-z]?\s*[.,;]?$")
_PINPOINT_END = re.compile(r"(?i:\b(?:khoản|điểm)\s+[\wđ]{1,3}|\btại|\bcủa)\s*$")


def _number_wrapped(prev: str, line: str) -> bool:
    """`line` is the number a word ending `prev` takes (`… tại Phụ lục` / `VIII.`), wrapped onto its own line."""
    if len(line) > 12:
        return False  # (a number alone is short: most lines end here)
    alone = (len(line) <= 6 and _BARE_LABEL.match(line)) or _NUMBER_ALONE.match(line)
    return bool(alone) and _TAKES_NUMBER.search(prev) is not None


# a number alone with its punctuation (`24):*`), no word
_NUMBER_ALONE = re.compile(r"^(?:[IVXL]{1,5}|\d{1,3}[a-z]?)[.):,;*_ ]*$")
# a word a number follows (`Phụ lục VIII`, `Mục 2`, `khoản 3`), ending a line
_TAKES_NUMBER = re.compile(r"(?i:\b(?:phụ\s+lục|mục|chương|phần|điều|khoản|điểm|số|khóa|khoá|thứ))\s*$")


def _caps_words_after_phrase(prev: str, line: str, caps: bool) -> bool:
    """`VỀ KẾT QUẢ XÁC ĐỊNH TRƯỚC MÃ SỐ` / `CỤC TRƯỞNG CỤC`: words in capitals, no number, after a phrase
    ending on `số` (not a bare `Số:`): a line of its own, not the number the phrase waits for."""
    return (
        caps
        and prev.rstrip(":").lower().endswith(" số")
        and line[:1].isalpha()
        and len(line.split()) > 1
        and not any(ch.isdigit() or ch == "/" for ch in line.split()[0])
    )


# last syllables of the nouns `số` qualifies as "digital" (`chữ ký số`, `chuyển đổi số`, `kinh tế số`,
# `chính quyền số`, `dữ liệu số` …): a line ending so is a phrase, not a number to come
_DIGITAL_NOUN_ENDS = frozenset(
    {"ký", "đổi", "tế", "phủ", "quyền", "tảng", "tầng", "liệu", "năng", "dân", "nghệ", "thuật", "dung", "thư"}
)


_SENTENCE_END = frozenset(".;:!?")


def _ends_sentence(line: str) -> bool:
    """The line ends with . ; : ! ? (closing quotes and brackets allowed after it)."""
    return line.rstrip('"”’)')[-1:] in _SENTENCE_END


_TYPE_LINE_MAX = 2 * max(map(len, DOC_TYPE_BY_FOLD))  # room for stray spaces and punctuation


_TYPE_INITIALS = frozenset({k[0].upper() for k in DOC_TYPE_BY_FOLD} | {"Đ"})


def is_type_line(line: str) -> bool:
    """`KẾ HOẠCH`, `NGHỊ QUYẾT` …: a document-type line."""
    return (
        len(line) <= _TYPE_LINE_MAX
        and line.lstrip(" .:")[:1] in _TYPE_INITIALS
        and is_caps(line)
        and fold(line.strip(" .:")) in DOC_TYPE_BY_FOLD
    )


def is_caps(line: str) -> bool:
    """True when the line has letters and none of them is lower case."""
    return line.isupper()  # stops at the first lower-case letter; Vietnamese letters are all cased


def _starts_upper(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
        if ch in "\"“'‘(":
            continue
        return False
    return False


def _mostly_caps(line: str) -> bool:
    """A heading whose legacy font (`.VnTimeH`) showed typed lower case as capitals, so the text
    mixes both (`QUYẾT ĐỊNH của ỦY BAN NHÂN DÂN THÀNH PHỐ cần thơ`): it opens with two words in
    capitals, has four or more, and most of its letters are capitals."""
    # the first word in capitals and letters only: neither of its first two characters is in lower
    # case (a cheap test that settles most lines: they open in lower case)
    first = line[:1]
    if not first.isalpha() or first.islower() or line[1:2].islower():
        return False
    words = line.split(None, 3)
    if len(words) < 4 or not all(w.isupper() and w.isalpha() for w in words[:2]):
        return False
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _place_date(line: str) -> bool:
    """`_PLACE_DATE` matches `line` (`Hà Nội, ngày …`): tried only when the first comma is near the
    start and `ngày` (any case) follows it."""
    comma = line.find(",", 1, 43)
    if comma < 0 or line[comma + 1 :].lstrip()[:4].lower() != "ngày":
        return False
    return _PLACE_DATE.match(line) is not None


def _is_anchor(line: str) -> bool:
    return line[:1] in _ANCHOR_INITIALS and _ANCHOR.match(line) is not None


# a preamble's opening words, printed with a capital: after a greeting (`Kính gửi: …`) wrapped over
# lines with no final stop, they open the preamble (a web copy's greeting has no `;` or `.`)
_PREAMBLE_OPENINGS = ("Thực hiện ", "Căn cứ ", "Triển khai ", "Nhằm ", "Theo đề nghị ", "Xét ")

_BARE_AUTHORITY = frozenset({"TL.", "KT.", "TM.", "TUQ.", "T/L", "K/T", "T/M", "T/UQ"})
_BARE_LABEL = re.compile(r"^(?:(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,2}|[a-zđ])[.)]|[A-HJKMNO-UWYZĐ]\.|[-+])$")


# first words of a body's name that never stand alone on a header line (`HỘI` / `ĐỒNG NHÂN DÂN`)
_NAME_OPENERS = frozenset({"ỦY", "UỶ", "HỘI", "SỞ", "BỘ", "MẶT", "LIÊN", "TỔNG", "VĂN", "TRUNG"})


def _starts_paragraph(
    prev: str, line: str, prev_caps: bool, caps: bool, prev_anchor: bool, anchor: bool
) -> bool:
    """Whether `line` begins a new paragraph after `prev` (both stripped), given what is known of
    them already: `caps` (`isupper` or `_mostly_caps`) and `anchor` (`_is_anchor`) of each."""
    if _ends_open(prev) and not _opens_legal_unit(line) and not _caps_words_after_phrase(prev, line, caps):
        return False  # "… số 26-" / "… Chỉ thị số": the number goes on on the next line
    if _number_wrapped(prev, line):
        return False  # "… tại Phụ lục" / "VIII.", "(Khoản 1, Điều" / "24):*": the number the sentence ends on
    if _ARTICLE_ALONE.match(line) and _PINPOINT_END.search(prev):
        return False  # "… tại khoản 3" / "Điều 1.": the article the pinpoint names, wrapped
    if (
        len(prev) <= 6
        and _BARE_LABEL.match(prev)
        and not (may_open_list_marker(line) and LIST_MARKER.match(line))
    ):
        return False  # "1." on a line of its own (a web copy's bold label): its text is the next line
    if len(line) <= 6 and _BARE_LABEL.match(line) and (_ends_sentence(prev) or prev_caps):
        return True  # "…Trung ương." then "**1.**" alone on its line (a web copy's bold label)
    if prev in _BARE_AUTHORITY:
        return False  # "**TL.** / **CỤC TRƯỞNG**": a signing mark alone on its line, the title on the next
    if prev in _NAME_OPENERS and caps:
        return False  # "**ỦY** / **BAN NHÂN DÂN**", "**HỘI** / **ĐỒNG NHÂN DÂN**": a name broken after its first word
    if prev_caps and caps and len(prev) <= 8 and not is_type_line(prev) and is_type_line(f"{prev} {line}"):
        return False  # "**NGHỊ** / **QUYẾT**": a type line broken after its first word
    m = LIST_MARKER.match(line) if may_open_list_marker(line) else None
    if m:
        if m.group("bullet") or m.group("plus"):
            rest = line[m.end() :]
            # a wrapped sentence that happens to begin with "- nghệ thuật", "- 19", "-2025": not a bullet
            if (rest[:1].islower() or rest[:1].isdigit()) and not _ends_sentence(prev):
                return False
        if (
            m.group("letter")
            and line[m.start("letter") + 1 : m.start("letter") + 2] == "."
            and not (prev.endswith((":", ";", ".")))
        ):
            return False  # `a. Text` opens a point only after a clause's `:` or the point before it
        if m.group("num") and not _ends_sentence(prev) and not prev.isupper():
            # "… năm\n2045 theo" never matches; "… số\n1. " is a real item only after a full stop
            rest = line[m.end() :]
            if rest[:1].islower():
                return False
        return True
    if anchor or _place_date(line):
        return True
    if caps:
        # a wrapped all-caps title goes on after "ĐẢNG," or "… VÀ"
        return not (prev_caps and prev.endswith((",", "-", "VÀ", "CỦA", "VỀ")))
    if prev_caps and len(prev) > 1:
        return True
    if prev_anchor and not prev.startswith(("Trên", "(", "Số", "Kính")):
        return True
    return prev.rstrip('"”’)')[-1:] in _SENTENCE_END and _starts_upper(line)


# A legal label's word alone on its line with its number on the next (`**Chương\nI**`, `**Điều\n1. Phạm
# vi**`: a web copy wraps inside the bold run): one line, so the outline sees `Chương I`, `Điều 1.`
_LABEL_WORD_WRAP = re.compile(
    r"^[ \t]*(?:Chương|CHƯƠNG|Điều|ĐIỀU|Mục|MỤC|Phần|PHẦN)[ \t]*(\n[ \t]*(?:\n[ \t]*)?)"
    r"(?=(?:[IVXL]{1,6}|\d{1,3}[a-z]?)(?:[ \t.:\-–]|$))",
    re.MULTILINE,
)


def _label_word_wraps(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits joining a label word alone on its line to the number on the next (`_LABEL_WORD_WRAP`)."""
    if "\n" not in text:
        return
    for m in _LABEL_WORD_WRAP.finditer(text):
        yield m.start(1), m.end(1), " "


def _opens_legal_unit(line: str) -> bool:
    """`Điều 8.`, `Chương II`, `1. Các loại hình …`: a label no document number reads as (a number
    after `số` is `125/KH-UBND`, `26-KH/TU`), so a line opening so starts a paragraph."""
    m = LIST_MARKER.match(line) if may_open_list_marker(line) else None
    if not m:
        return False
    if m.group("article") or m.group("chapter") or m.group("part"):
        return True
    return bool(m.group("num")) and line[m.end() :][:1].isupper()


def _fragments(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Non-blank line fragments as (start, end, stripped text, from a two-column line)."""
    s = 0
    for line in text.split("\n"):
        e = s + len(line)
        stripped = line.strip()
        if not stripped:
            s = e + 1
            continue
        if "    " not in stripped:  # the usual case: one fragment, the whole line
            if len(stripped) > _FURNITURE_MAX or not _is_furniture(stripped):
                fs2 = s if line[0] == stripped[0] else s + len(line) - len(line.lstrip())
                yield fs2, fs2 + len(stripped), stripped, False
            s = e + 1
            continue
        # split at column gaps: "Nơi nhận:          T/M BAN THƯỜNG VỤ"
        starts = [s]
        ends = []
        for g in _COLUMN_GAP.finditer(line):
            if not _starts_upper(line[g.end() :]):
                continue  # "số      -KH/HU": a blank in a draft, not a column
            ends.append(s + g.start())
            starts.append(s + g.end())
        ends.append(e)
        split = len(starts) > 1
        pieces = [(fs, text[fs:fe]) for fs, fe in zip(starts, ends, strict=True)]
        for fs, frag in pieces:
            stripped = frag.strip()
            if not stripped or (len(stripped) <= _FURNITURE_MAX and _is_furniture(stripped)):
                continue
            fs2 = fs + len(frag) - len(frag.lstrip())
            yield fs2, fs2 + len(stripped), stripped, split
        s = e + 1


_BULLETS = frozenset("-–—•·+")  # the signs `LIST_MARKER` reads as bullets (`-`) or plus items (`+`)
_FURNITURE_MAX = 40  # page furniture is short: `- 12 -`, `Trang 3/10`
_FURNITURE_INITIALS = frozenset("-–Tt")  # what `_PAGE_FURNITURE` can open on, besides a digit


def _is_furniture(stripped: str) -> bool:
    """`_PAGE_FURNITURE` matches the (stripped, non-empty) line; tried only on what it can open on."""
    first = stripped[0]
    return (first in _FURNITURE_INITIALS or first.isdecimal()) and _PAGE_FURNITURE.match(stripped) is not None


def _blank_line_between(t: MappedText, raw: str, end: int, start: int) -> bool:
    """Was a blank line printed between two fragments (not the `|` of a one-cell-per-line table, which
    `_strip_markup` turned into line breaks)?"""
    gap = raw[t.to_raw(end) : t.to_raw(start)]
    return gap.count("\n") > 1 and "|" not in gap


def _lines(t: MappedText, raw: str) -> MappedText:
    """Drop blank lines and furniture, split columns, and join wrapped lines into paragraphs.

    What `_starts_paragraph` asks of a line (capitals, an anchor) is computed once per line and
    carried to the next as what it asks of the line before; the usual lines (going on in lower
    case, bullets) are decided here with the few of its tests that can apply to them."""
    parts: list[tuple[str, int, int, str]] = []  # (separator before, start, end, text) of each fragment
    prev = ""
    prev_caps = prev_anchor = False  # of `prev`: `isupper` or `_mostly_caps`; `_is_anchor`
    in_title = False  # just after a type line (KẾ HOẠCH): the title wraps only onto lower-case lines
    prev_is_type = False
    in_greeting = False  # in the `Kính gửi:` paragraph: a preamble's opening words or a blank line end it
    prev_end = 0  # where the last fragment read in the greeting ended
    for fs, fe, line, split in _fragments(t.text):
        first = line[0]
        anchor = first in _ANCHOR_INITIALS and _ANCHOR.match(line) is not None
        if (
            first.islower()
            and parts
            and not split
            and not (first in _LOWER_MARKER_INITIALS and may_open_list_marker(line))
        ):
            # the usual line, a wrapped sentence going on in lower case: `_starts_paragraph`
            # with what such a line settles (no capitals, no marker, not the end of a title)
            last = prev[-1]
            if (last == "-" or last == "ố" or last == ":") and _ends_open(prev):
                brk = False
            else:
                comma = line.find(",", 1, 43)
                brk = (
                    anchor
                    or (comma > 0 and _place_date(line))
                    or (prev_caps and len(prev) > 1)
                    or (prev_anchor and not prev.startswith(("Trên", "(", "Số", "Kính")))
                )
            if brk and not prev_is_type:
                in_title = False
            in_greeting = in_greeting and not brk
            parts.append(("\n" if brk else " ", fs, fe, line))
            prev, prev_caps, prev_anchor, prev_is_type = line, False, anchor, False
            prev_end = fe
            continue
        if first in _BULLETS and len(line) > 1 and parts and not split:
            # a `-` or `+` line: `_starts_paragraph` when `LIST_MARKER` reads a bullet (the
            # line is stripped, so something follows the sign), which no other branch can read
            last = prev[-1]
            if (last == "-" or last == "ố" or last == ":") and _ends_open(prev):
                brk = False
            else:
                after = line[1:].lstrip()[:1]  # what follows the sign and its blanks
                brk = not ((after.islower() or after.isdigit()) and not _ends_sentence(prev))
            if brk and not prev_is_type:
                in_title = False
            in_greeting = in_greeting and not brk
            parts.append(("\n" if brk else " ", fs, fe, line))
            # not a type line (it opens on a sign), and `_mostly_caps` needs a letter first
            prev, prev_caps, prev_anchor, prev_is_type = line, line.isupper(), anchor, False
            prev_end = fe
            continue
        upper = line.isupper()
        caps = upper or _mostly_caps(line)
        if not parts:
            sep = ""
        else:
            if split:
                brk = True  # each column of a two-column line is its own paragraph
            elif in_title and not prev.isupper() and _starts_upper(line) and not prev.endswith(","):
                brk = True  # "…năm 2022" then "Năm 2022 - năm thứ hai…": the title has ended
            elif len(line) <= 6 and _BARE_LABEL.match(line) and _blank_line_between(t, raw, prev_end, fs):
                brk = True  # "*1.1.*" or "-" alone after a blank line: a label whose text is the next line
            elif in_greeting and (
                line.startswith(_PREAMBLE_OPENINGS) or t.text.count("\n", prev_end, fs) > 1
            ):
                # "Kính gửi: Các / Doanh nghiệp … Hồ Chí Minh" then "Thực hiện …", or a blank line
                # after the greeting (`Kính gửi: Ban …` / blank / `Cục Thuế` / `nhận được …`)
                brk = True
            else:
                brk = _starts_paragraph(prev, line, prev_caps, caps, prev_anchor, anchor)
            sep = "\n" if brk else " "
            if brk and not prev_is_type:
                in_title = False
        prev_is_type = upper and (is_type_line(line) or (sep == " " and is_type_line(f"{prev} {line}")))
        if prev_is_type:
            in_title = True
        parts.append((sep, fs, fe, line))
        if sep != " ":
            in_greeting = anchor and line.startswith("Kính")
        # a number joined to the sentence it ends (`… khóa` / `XVII.`) is no bare label for the next line
        number_joined = sep == " " and _number_wrapped(prev, line)
        prev, prev_caps, prev_anchor = (f"{prev} {line}" if number_joined else line), caps, anchor
        prev_end = fe
    b = Builder(t)
    b.join(parts)
    return b.build()


# -- 4. inline -----------------------------------------------------------------


def _date_without_spaces(m: re.Match[str]) -> str:
    if m.start() and m.string[m.start() - 1].isdigit():
        return m.group(0)  # part of a longer number
    return m.group(0).replace(" ", "")


# The regex engine skips ahead fast only to a literal: a pattern that starts with `\d` or a
# lookbehind is tried at every character. So each fix starts at a literal or is skipped when
# a substring it needs is absent (`str.__contains__` is a fast search).


def _symbol_dash(text: str) -> Iterator[tuple[int, int, str]]:
    """`39 -KH/ĐUK`, `39- KH/HU`, `39 - KH/HU` → `39-KH/HU` (and `26-\nKH` once joined as `26- KH`)."""
    for m in _DASH_BEFORE_SYMBOL.finditer(text):
        i = m.start()
        start = i - 1 if text[i - 1 : i] == " " else i
        end = i + 2 if text[i + 1 : i + 2] == " " else i + 1
        if start > 0 and text[start - 1].isdecimal() and end - start > 1:
            yield start, end, "-"


def _positions(text: str, char: str) -> list[int]:
    """Every offset of `char` in `text` (`str.find` on one character is a fast memory scan, where a
    two-character search or a pattern opening on a space steps through the text)."""
    out = []
    at = text.find(char)
    while at >= 0:
        out.append(at)
        at = text.find(char, at + 1)
    return out


def _symbol_slash(text: str) -> Iterator[tuple[int, int, str]]:
    """`125 /KH-UBND` → `125/KH-UBND` (`_SLASH_BEFORE_SYMBOL`'s matches, from the slashes)."""
    for at in _positions(text, "/"):
        start = at - 1
        if (
            start > 0
            and text[start] == " "
            and text[start - 1].isdecimal()
            and _SYMBOL_AFTER_SLASH.match(text, at + 1)
        ):
            yield start, at + 1, "/"


_SYMBOL_AFTER_SLASH = re.compile(r"[A-ZĐ]{1,6}-")
_DATE = re.compile(r"\d\d? ?/ ?\d\d? ?/ ?\d{4}(?!\d)")


def _spaced_dates(text: str) -> Iterator[tuple[int, int, str]]:
    """`13 /6/2022`, `13/ 6 /2022` → `13/6/2022`: dates looked for only around a spaced slash."""
    slashes = []  # where ` /` or `/ ` starts
    for at in _positions(text, "/"):
        if at and text[at - 1] == " ":
            slashes.append(at - 1)
        if text[at + 1 : at + 2] == " ":
            slashes.append(at)
    last = 0
    for at in slashes:
        if at < last:
            continue
        end = min(len(text), at + 24)  # a spaced date is at most 14 characters long
        m = _DATE.search(text, max(last, at - 6), end)
        if m and m.start() <= at < m.end() and (m.end() < end or end == len(text)):
            last = m.end()
            yield m.start(), m.end(), _date_without_spaces(m)


def _regex_fix(
    pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
) -> Callable[[str], Iterator[tuple[int, int, str]]]:
    def edits(text: str) -> Iterator[tuple[int, int, str]]:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), repl(m) if callable(repl) else m.expand(repl)

    return edits


def _spaces_before_punctuation(text: str) -> Iterator[tuple[int, int, str]]:
    """`Tỉnh ủy ,` → `Tỉnh ủy,`: each run of spaces before `,` `;` `)` removed (what ` +(?=[,;)])`
    finds, found from the two-character strings: that pattern, opening on a space, is tried at
    every space of the text)."""
    ends: list[int] = []
    at = text.find(" ,")  # commas are many: found with the space before them
    while at >= 0:
        ends.append(at + 1)
        at = text.find(" ,", at + 2)
    for char in ";)":
        ends.extend(at for at in _positions(text, char) if at and text[at - 1] == " ")
    for end in sorted(ends):
        start = end - 1
        while start and text[start - 1] == " ":
            start -= 1
        yield start, end, ""


_DASH_BEFORE_SYMBOL = re.compile(r"-(?= ?[A-ZĐ][A-ZĐa-z]{0,7}/[A-ZĐ])")
_SLASH_BEFORE_SYMBOL = re.compile(r" /(?=[A-ZĐ]{1,6}-)")  # what `_symbol_slash` finds
# (substrings of which one must be present, or () for a fix whose pattern starts with a literal; edits)
_INLINE_FIXES: list[tuple[tuple[str, ...], Callable[[str], Iterator[tuple[int, int, str]]]]] = [
    ((), _regex_fix(re.compile(r"   *"), " ")),  # `  +`, opening on the literal two spaces
    ((), _symbol_dash),
    ((), _symbol_slash),
    ((), _spaced_dates),
    # "( b/c )" → "(b/c)"; "Tỉnh ủy(b.cáo)" stays as printed
    ((), _regex_fix(re.compile(r"\( +"), "(")),
    ((), _spaces_before_punctuation),
]


def _inline(t: MappedText) -> MappedText:
    for needles, edits in _INLINE_FIXES:
        if not needles or any(n in t.text for n in needles):
            t = t.edit(edits(t.text))
    return t


# -- 5. page-break glue ----------------------------------------------------------
# A page break can glue the last word of a page to the first of the next
# ("củaĐảng", "Tỉnhủy"). Vietnamese words are written syllable by syllable, so a
# marked token that is not one valid syllable but splits into two is glue.
_SYLLABLE = re.compile(rf"^{SYLLABLE}$")
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»-–—…/*"


def non_syllables(tokens: list[str]) -> set[str]:
    """The tokens (lower case, no spaces) that cannot be one syllable; folded in one call, not one each."""
    folded = fold("\n".join(tokens)).split("\n")
    if len(folded) != len(tokens):  # a token folds to more or fewer characters: test one by one
        return {t for t in tokens if not is_syllable(t)}
    return {t for t, f in zip(tokens, folded, strict=True) if not _SYLLABLE.match(f)}


def _split_glued(token: str) -> str | None:
    if len(token) < 4 or is_syllable(token) or not token.isalpha():
        return None
    for i in range(len(token) - 1, 0, -1):
        left, right = token[:i], token[i:]
        if not (is_syllable(left) and is_syllable(right)):
            continue
        if any(c.isupper() for c in left[1:] + right[1:]):
            continue  # a syllable is capitalized at most on its first letter
        if fold(right)[0] in "aeiouy" and fold(left)[-1] in "aeiouy":
            continue  # the right part would continue a vowel cluster
        camel = right[0].isupper() and left[-1].islower()
        both_marked = not left.isascii() and not right.isascii()  # not loanwords: "Lênin", "panô"
        if camel or both_marked:
            return f"{left} {right}"
    return None


# Two vowel groups in one word (one syllable has one), found on the folded text as bytes with
# every vowel written `a` and every consonant `b`: `ab+a` starts with a literal, which the
# regex engine finds faster than a character class (half the time of the same class regex).
_VOWELS_CONSONANTS = bytes.maketrans(b"aeiouybcdfghjklmnpqrstvwxz", b"aaaaaa" + b"b" * 20)
_TWO_NUCLEI = re.compile(rb"abb*a")  # `ab+a`, written to open on the literal `ab`
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _glued_candidates(text: str) -> set[str]:
    """Marked words of 4+ letters with two vowel groups (one syllable has one), found on the folded text."""
    folded = fold_aligned(text)  # cached: the citation step folds the same text again
    n = len(folded)
    out: set[str] = set()
    end = 0
    shapes = folded.encode("ascii", "replace").translate(_VOWELS_CONSONANTS)  # one byte per character
    for m in _TWO_NUCLEI.finditer(shapes):
        if m.start() < end:
            continue
        start, end = m.start(), m.end()
        while start > 0 and folded[start - 1] in _LETTERS:
            start -= 1
        while end < n and folded[end] in _LETTERS:
            end += 1
        word = text[start:end]
        if len(word) >= 4 and not word.isascii() and word.isalpha():
            out.add(word)
    return out


def _unglue(t: MappedText) -> MappedText:
    # Each distinct candidate word is checked once; only glued ones are then looked for.
    fixes: dict[str, str] = {}
    for word in _glued_candidates(t.text):
        fixed = _split_glued(word)
        if fixed:
            fixes[word] = fixed
    if not fixes:
        return t
    return t.edit(_whole_words(t.text, fixes))


def _whole_words(text: str, fixes: dict[str, str]) -> list[tuple[int, int, str]]:
    """An edit for each occurrence of a word of `fixes` (letters only) as a whole word, in text
    order: what `\b(?:word|…)\b` finds, found by `str.find` (a pattern opening on `\b` is tried at
    every character). A whole word is a run of word characters, so no two overlap."""
    edits = []
    for word, fixed in fixes.items():
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _is_word_char(text[at - 1])) and not (
                end < len(text) and _is_word_char(text[end])
            ):
                edits.append((at, end, fixed))
            at = text.find(word, end)  # an occurrence overlapping this one is in the same run
    edits.sort()
    return edits


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # `\w`


# -- the step ------------------------------------------------------------------


@dataclass
class Normalized:
    """Repaired text (one paragraph per line) and its map back to the raw text."""

    text: str
    raw: str
    mapped: MappedText
    repairs: list[str] = field(default_factory=list)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.mapped.span_to_raw(start, end)

    @property
    def offset_map(self) -> list[tuple[int, int]]:
        return self.mapped.breakpoints()


def normalize(raw: str) -> Normalized:
    """Repair `raw` extracted text; see the module docstring for the steps."""
    t = MappedText(raw)
    repairs: list[str] = []
    if "\u01a3" in raw or "\u01a2" in raw:
        repairs.append("ƣ→ư")
    t = _fix_chars(t)
    tail = page_tail_start(t.text)
    if tail is not None:
        t = t.edit([(tail, len(t.text), "")])
        repairs.append(PAGE_TAIL)
    before = t.text
    t = _strip_markup(t)
    if t.text != before:
        repairs.append("markup")
    t = t.edit(_label_word_wraps(t.text))
    t = _lines(t, raw)
    t = _inline(t)
    before = t.text
    t = _unglue(t)
    if t.text != before:
        repairs.append("page-break glue")
    run_in = _run_in_items(t.text)
    if run_in:
        t = t.edit(run_in)
        repairs.append("run-in item")
    glued = [
        (m.end(), m.end(), " ") for m in _GLUED_SYMBOL.finditer(t.text) if _number_before(t.text, m.start())
    ]
    if glued:
        t = t.edit(glued)
        repairs.append("glued symbol")
    return Normalized(text=t.text, raw=raw, mapped=t, repairs=repairs)


# a document's symbol run into the word after it (`Quyết định số 35/2025/QĐ-TTgcủa Thủ tướng`): a blank
# goes between (the symbol's letters are capitals, but for the Prime Minister's `TTg`)
# (from its slash, a literal the regex engine skips to; `_number_before` checks the number before it)
_GLUED_SYMBOL = re.compile(
    r"/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9&-]*(?:-TTg|[A-ZĐ0-9])(?=(?:của|ngày|về|do|tại|đã|và|năm)\b)"
)


def _number_before(text: str, slash: int) -> bool:
    """One to five digits stand right before `slash`, and nothing of a word or a number before them."""
    at = slash
    while at > 0 and text[at - 1].isdigit() and slash - at < 6:
        at -= 1
    return 1 <= slash - at <= 5 and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_/"))


# an item's label run into the sentence before it by a conversion (`1. Giao Ủy ban … không để xảy ra tiêu
# cực.2. Giao Thường trực …`): the next number of the line's own label, right after a word's full stop,
# before a capital
_LINE_ITEM = re.compile(r"[ \t*_]*(\d{1,2})\.[ \t]")  # matched at a line's start
# (it opens on the full stop before them, a literal the regex engine skips to; the word before that is
# checked apart)
_RUN_IN_ITEM = re.compile(r"\.(\d{1,2})\.[ \t]+(?=[A-ZĐÀ-Ỹ])")


def _run_in_items(text: str) -> list[tuple[int, int, str]]:
    """Line breaks to put before the items run into the line of the item before them."""
    edits: list[tuple[int, int, str]] = []
    expected: dict[int, int] = {}  # line start → the number the next run-in item of that line must have
    line_start = scanned = 0  # (the last line break is looked for since the candidate before only)
    for m in _RUN_IN_ITEM.finditer(text):
        at = m.start(1)
        if at < 2 or not text[at - 2].isalpha():
            continue  # `cực.2. Giao`: right after a word's full stop only
        line_break = text.rfind("\n", scanned, at)
        line_start = line_break + 1 if line_break >= 0 else line_start
        scanned = at
        if line_start not in expected:
            label = _LINE_ITEM.match(text, line_start)
            expected[line_start] = int(label.group(1)) + 1 if label else -1
        if int(m.group(1)) != expected[line_start]:
            expected[line_start] = -1  # (a number out of sequence ends the line's run-in items)
            continue
        edits.append((at, at, "\n"))
        expected[line_start] += 1
    return edits
