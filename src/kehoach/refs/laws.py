"""Laws, codes, ordinances and charters cited by name (`Luật Cán bộ, công chức`, `Bộ luật Lao động
số 45/2019/QH14`, `Điều lệ Đảng`, `Hiến pháp năm 2013`), and the passes over all mentions that fold
the variants of one law's name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.patterns import read_numsym
from kehoach.refs import patterns as P
from kehoach.refs.anchors import first_word_branches, matches_from
from kehoach.refs.mention import Mention, named_mention, squash
from kehoach.refs.tail import WORD, read_tail, word_after
from kehoach.vntext import fold

# Laws, codes, ordinances and charters (`Điều lệ Đảng`, `Cương lĩnh chính trị`, `Hiến pháp`) cited
# by name: a clerk's `Căn cứ Điều lệ Đảng` cites the Party's charter as surely as a law.
# Each branch opens on its letter and looks behind it (`b(?<![\w/]b)`: nothing of a word or a
# symbol before the `b`): the same matches as one look-behind in front, but the regex engine then
# skips to the letters b, l, p instead of trying the look-behind at every position (2.5× faster).
LAW_HEAD = re.compile(
    r"(?P<law>b(?<![\w/]b)o\s+luat|l(?<![\w/]l)uat|p(?<![\w/]p)hap\s+lenh"
    r"|d(?<![\w/]d)ieu\s+le|c(?<![\w/]c)uong\s+linh|h(?<![\w/]h)ien\s+phap)(?!\w)"
)
# the bodies whose charter (`Điều lệ Đảng`, `Điều lệ đoàn`, `Điều lệ Hội`) is cited by that one word
_CHARTER_OF = frozenset(["dang", "doan", "hoi", "cong"])
_LAW_TYPES = {
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "phap lenh": "Pháp lệnh",
    "hien phap": "Hiến pháp",
    "dieu le": "Điều lệ",
    "cuong linh": "Cương lĩnh",
}
# words that end a law's name: what follows a name (`ngày`, `số`, `của`, `đã`, `quy định` …), as printed
# in lower case (folded, `về` would end `Luật Bảo vệ dữ liệu cá nhân` and `năm` `… Việt Nam`)
_LAW_STOP_WORDS = (
    "ngày số của đã được quy hiện nay này trong tại theo thì khi để đối với có về năm tháng những nhưng "
    "các sửa nhằm mà là ban trên dưới như riêng sau trước cũng cùng đều chưa sẽ phải cho đến hoặc hay "
    "nếu thuộc vào trình tới từ nên do"
)
_LAW_STOP = frozenset(_LAW_STOP_WORDS.split())
# first words (folded) of laws commonly printed in lower case (`Luật bảo vệ bí mật nhà nước`)
_LAW_LOWER_OPENERS_WORDS = (
    "to bao ban doanh dau dat xay giao can vien tai bau phong thuong so chuyen da thue ngan ke thi "
    "khieu tiep hon lao dan hinh thanh an quoc cong luu thong quy kiem canh bien hai moi tre nguoi "
    "hop chung cu nha ho tin dien buu bi tuong"
)
_LAW_LOWER_OPENERS = frozenset((_LAW_LOWER_OPENERS_WORDS + " thuc").split())
# how the stop words that fold like an opener are printed (`số` ends, `sở hữu trí tuệ` opens)
_PRINTED_STOPS = frozenset(["số", "tại", "đã", "thì", "quy", "ban", "bao"])  # `bao gồm`; `bảo` opens


_DIGIT_NEXT = re.compile(r"\s*:?\s*\d")
_HANH_NEXT = re.compile(r"\s+hanh(?!\w)")
_DINH_NEXT = re.compile(r"\s+dinh(?!\w)")
_CONG_NEXT = re.compile(r"\s+cong\s+voi\s+cach\s+mang(?!\w)")


def _stop_word_in_name(text: str, folded: str, end: int, core: str) -> bool:
    """A stop word that is a word of the name here: `số` not before a number (`Pháp lệnh Dân số`),
    `ban` not before `hành` (`Luật tổ chức Hội đồng nhân dân và Ủy ban nhân dân`), `quy` not before
    `định` (`Luật Ban hành văn bản quy phạm pháp luật`)."""
    printed = core.lower()
    if printed == "số":
        return not _DIGIT_NEXT.match(text, end)
    if printed == "ban":
        return not _HANH_NEXT.match(folded, end)
    if printed == "quy":  # `quy định` ends a name, `văn bản quy phạm pháp luật` does not
        return not _DINH_NEXT.match(folded, end)
    if printed == "có":  # `Pháp lệnh Ưu đãi người có công với cách mạng`: `có` ends other names
        return bool(_CONG_NEXT.match(folded, end))
    if printed == "với":  # … `người có công với cách mạng`
        return folded[max(0, end - 12) : end - len(core)].split()[-2:] == ["co", "cong"]
    return False


def _names_law(core: str, f: str) -> bool:
    """The first word after `Luật` opens the law's name though it folds like a stop word:
    capitalized (`Luật Tài nguyên nước`, `Luật Thi đua`, `Luật Ban hành văn bản`) or an opener
    printed with other marks than the stop word (`Luật sở hữu trí tuệ`, `Luật đa dạng sinh học`)."""
    if core[:1].isupper():
        return core.lower() != "số"
    return f in _LAW_LOWER_OPENERS and core.lower() not in _PRINTED_STOPS


# a capital word before `Luật` that makes it part of a proper name (`Khoa Luật`), unless a lead word
# (as printed, lower case: `dẫn` of `Hướng dẫn Luật …` leads, `Dân` of `Dân Luật Việt Nam` does not)
_LAW_LEADS_WORDS = "theo căn cứ và với tại trong thi hành hướng dẫn các của cùng"
_LAW_LEADS = frozenset(_LAW_LEADS_WORDS.split())
_AND_ENDS = frozenset(
    [
        "luat",
        "bo",
        "nghi",
        "thong",
        "quyet",
        "phap",
        "chi",
        "ke",
        "huong",
        "cong",
        "van",
        "dieu",
        "hien",
        "cuong",
    ]
)
_LAW_KEEP_AFTER_COMMA = 2  # `Luật Cán bộ, công chức`, `Luật Phòng, chống tham nhũng`: one comma early on
# a name's last item after a later comma (`Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ`): two lower-case
# words, then the name's end (a word after a name, a mark, a number, the line's end)
_LAST_OF_LIST = re.compile(
    r"[^\W\d]+\s+[^\W\d]+(?=\s*(?:[.,;:)\n]|$|\s(?:" + "|".join(_LAW_STOP_WORDS.split()) + r"|do)\b))"
)
_LAW_SO = re.compile(r"\s*,?\s*(?:so\s*:?\s*)")
_NUMSYM = re.compile(P.NUMSYM)
# the rest of a law's name run on to its number printed without `số` (`Luật Thuế xuất khẩu, thuế nhập
# khẩu 107/2016/QH13`): lower-case words, then a National Assembly number
_NAME_TO_NUMBER = re.compile(
    r"((?:\s*,)?(?:\s+(?!so\b|ngay\b|nam\b)[^\W\d]+){1,6}?)\s+(?=\d{1,4}/(?:19|20)\d\d/qh\d{1,2}(?![\w/]))"
)
_PREV_WORD = re.compile(r"(\S+)\s+\Z")
_LAW_YEAR = re.compile(r"\s*,?\s*(?:nam\s+)?((?:19|20)\d\d)(?![\d/])")  # `năm 2020`, `Luật Đầu tư 2025`
# `Khoa Kinh tế và Luật`, `Trường Đại học Kinh tế - Luật`, `Viện Nhà nước và Pháp luật`: `Luật` ends a name
_FACULTY_AND = re.compile(r"(?<!\w)(?:khoa|truong|vien|bo\s+mon|hoc\s+vien)\s+(?:\w+\s+){1,4}(?:va|-)\s*\Z")
# `LAW_HEAD`'s branches one by one, each opening on its whole first word
_LAW_BRANCHES = first_word_branches(_LAW_TYPES)


# A charter is named by its body, whole or short: `Điều lệ Đảng [Cộng sản Việt Nam]`, `Điều lệ Đoàn
# [TNCS Hồ Chí Minh]`, `Điều lệ Công đoàn [Việt Nam]`, `Điều lệ Hội`, `Điều lệ Mặt trận Tổ quốc Việt Nam`,
# with a term for a past one (`Điều lệ Đảng khoá II`). One key per body: the long and short names
# are one document. What follows the body's name is not read (`Điều lệ Đảng Thực hiện …` where a
# line break was lost).
_CHARTER = re.compile(
    r"\s+(?P<body>dang(?P<long_dang>\s+cong\s+san\s+viet\s+nam)?"
    r"|doan(?P<long_doan>\s+(?:thanh\s+nien\s+cong\s+san|tncs)\s+ho\s+chi\s+minh)?"
    r"|cong\s+doan(?P<long_cd>\s+viet\s+nam)?|hoi|mat\s+tran\s+to\s+quoc\s+viet\s+nam)(?!\w)"
    r"(?:\s*\(?\s*(?P<term>khoa\s+(?P<roman>[ivxl]{1,5}))(?!\w))?"
)
_CHARTER_BODY = {"cong doan": "Công đoàn", "dang": "Đảng", "doan": "Đoàn", "hoi": "Hội"}
_CONSTITUTION_YEAR = re.compile(r"\s+nam\s+\d{4}(?!\d)")


# `về "Thi hành Điều lệ Đảng"`: the charter is the subject of a document cited just before, not cited
def _charter(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """A charter named by its body after `Điều lệ` (`Điều lệ Đảng`, `Điều lệ Công đoàn Việt Nam`)."""
    c = _CHARTER.match(folded, m.end())
    if c is None:
        return None
    body = " ".join(c["body"].split())
    short = next((b for b in _CHARTER_BODY if body == b or body.startswith(b + " ")), None)
    name = f"Điều lệ {_CHARTER_BODY[short] if short else 'Mặt trận Tổ quốc Việt Nam'}"
    if c["term"]:
        name += f" khoá {c['roman'].upper()}"
    return named_mention(m.start(), c.end(), "Điều lệ", name)


def law_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Luật Cán bộ, công chức`, `Bộ luật Lao động số 45/2019/QH14`, `Điều lệ Đảng`: cited by name."""
    head = text[m.start() : m.end()]
    if not head[:1].isupper() or not head[1:2].islower():
        return None  # `luật`, `PHÁP LUẬT`: not a name
    kind = " ".join(m["law"].split())
    if kind == "dieu le":
        return _charter(text, folded, m)
    if kind == "hien phap":  # `Hiến pháp năm 2013` is cited; `phù hợp với Hiến pháp, pháp luật` is a formula
        year = _CONSTITUTION_YEAR.match(folded, m.end())
        if year is None:
            return None
        return named_mention(m.start(), year.end(), "Hiến pháp", squash(text[m.start() : year.end()]))
    before = folded[max(0, m.start() - 12) : m.start()].split()
    if before and before[-1] == "phap":
        return None  # `pháp Luật`
    if before[-2:] in (["du", "an"], ["du", "thao"]):
        return None  # `dự án Luật …`, `dự thảo Luật …`: a bill, no law yet
    if before[-2:] == ["dai", "hoc"]:
        return None  # `Trường Đại học Luật Hà Nội`: a university's name
    if _FACULTY_AND.search(folded, max(0, m.start() - 48), m.start()):
        return None  # `Khoa Chính trị và Luật Tổ chức …`: a faculty's name, then a verb
    prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
    if (
        prev
        and prev.group(1)[:1].isupper()
        and not prev.group(1).endswith((";", ",", ".", ":"))  # `Pháp lệnh CBCC; Pháp lệnh …`
        and prev.group(1).lower() not in _LAW_LEADS
    ):
        return None  # `Khoa Luật`, `Trường Đại học Luật`: part of another name
    amending = _amending_law(text, folded, m)
    if amending is not None:
        return amending
    words: list[tuple[int, int]] = []
    pos = m.end()
    for wm in WORD.finditer(text, pos, min(len(text), pos + 160)):
        token = wm.group(0)
        core = token.rstrip(",.;:)”\"'’…")
        if not core or not core[0].isalpha():
            break
        f = folded[wm.start() : wm.start() + len(core)]
        first = not words
        if (
            core.lower() in _LAW_STOP
            and not _stop_word_in_name(text, folded, wm.end(), core)
            and not (first and (kind == "dieu le" or _names_law(core, f)))
            and not (f == "ban" and words and folded[words[-1][0] : words[-1][1]] == "van")  # `văn bản`
        ):
            break
        if f == "va":  # `… Quốc hội và đại biểu Hội đồng nhân dân` goes on; `… và Luật Viên chức` ends
            nxt = folded[wm.end() : wm.end() + 14].split()
            printed_next = text[wm.end() : wm.end() + 14].split()
            if not nxt or nxt[0] in _AND_ENDS or printed_next[0].strip(",.;").lower() in _LAW_STOP:
                break
        if kind == "dieu le" and first and not core[0].isupper() and f not in _CHARTER_OF:
            return None  # `điều lệ hoạt động`: not a name
        if (
            first
            and not core[0].isupper()
            and kind not in ("bo luat", "dieu le", "cuong linh")
            and (f not in _LAW_LOWER_OPENERS or core.lower() in _PRINTED_STOPS)
        ):
            return None  # `Luật quy định`, `Luật bao gồm`: not a name
        if kind == "dieu le" and not first and not core[0].isupper():
            break
        if "\n" in text[pos : wm.start()] and not _wrapped(text, pos, wm.start(), core):
            break
        words.append((wm.start(), wm.start() + len(core)))
        pos = wm.start() + len(core)
        if token.endswith(","):
            nxt = word_after(text, wm.end())
            nf = folded[nxt.start() : nxt.end()].rstrip(",.;") if nxt else ""
            if (
                nxt
                and nxt.group(0)[:1].islower()
                and nxt.group(0).rstrip(",.;").lower() not in _LAW_STOP
                and (
                    len(words) <= _LAW_KEEP_AFTER_COMMA
                    or nf == "chong"  # `tiết kiệm, chống lãng phí`
                    or (  # `… chữa cháy và cứu nạn, cứu hộ đối với`: the list the `và` opened goes on
                        _lower_list_after_and(text, folded, words) and _LAST_OF_LIST.match(text, nxt.start())
                    )
                )
            ):
                continue
            break
        if core != token or len(words) >= 16:
            break
    if not words:
        return None
    return _law_named(text, folded, m.start(), words[-1][1], _LAW_TYPES[kind])


def _lower_list_after_and(text: str, folded: str, words: list[tuple[int, int]]) -> bool:
    """The name's words hold a `và` and only lower-case words after it (`… chữa cháy và cứu nạn`), not a
    body's name (`… Hội đồng Nhân dân và ủy ban Nhân dân`)."""
    at = next((i for i in range(len(words) - 1, -1, -1) if folded[words[i][0] : words[i][1]] == "va"), None)
    return at is not None and at < len(words) - 1 and all(text[a:b].islower() for a, b in words[at + 1 :])


def _law_named(text: str, folded: str, start: int, end: int, doc_type: str) -> Mention:
    """A law named by `text[start:end]`, with what may follow its name: a year (`Luật Thanh niên năm
    2020`: the law of that year, a partial date), its number (`số 45/2019/QH14`: then a numbered
    citation), a date, an issuer, a term."""
    rest = _NAME_TO_NUMBER.match(folded, end)
    if rest and text[rest.start(1) : rest.end(1)].strip(" ,").islower():
        end = rest.end(1)
    mention = named_mention(start, end, doc_type, squash(text[start:end]))
    year = _LAW_YEAR.match(folded, end)
    if year:
        mention.date, end = year.group(1), year.end()
        mention.end = end
    so = _LAW_SO.match(folded, end)
    nm = _NUMSYM.match(folded, so.end()) if so else None
    if nm is None and rest:
        nm = _NUMSYM.match(folded, rest.end())
    parts = read_numsym(text, nm) if nm else None
    if parts and nm:
        mention.kind = "numbered"
        mention.number, mention.symbol = parts["number"], parts["symbol"]
        mention.number_symbol, mention.state_year = parts["number_symbol"], parts["year"]
        mention.end = nm.end()
    mention.end = read_tail(text, folded, mention.end, mention)
    return mention


def _wrapped(text: str, end: int, nxt: int, core: str) -> bool:
    """Whether the line break between a name's word (ending at `end`) and the next word (at `nxt`) is
    a hard wrap inside the name: one line break, no blank line, and the next line going on in lower
    case (`Luật Giáo dục` / `đại học ngày …`, `Pháp lệnh Ưu đãi người` / `có công với cách mạng`)
    where a new paragraph or item would open on a capital, a label or a dash."""
    return text.count("\n", end, nxt) == 1 and not text[end:nxt].strip() and core[:1].islower()


# `Luật sửa đổi, bổ sung một số điều của Luật A [và Luật B]`: an amending law is named by the laws
# it amends (its own name runs on through `của`); read on folded text after the type word
_AMENDING = re.compile(
    r"\s+sua\s+doi\s*,?\s*bo\s+sung(?:\s+mot\s+so\s+dieu)?\s+cua\s+(?:(?=(?:bo\s+)?luat\b)|\d{1,3}\s+(?=luat\b))"
)  # `… của 37 luật có liên quan đến quy hoạch`: the laws amended counted
# the amended laws listed with `,` or `và` (`… của Luật Đấu thầu, Luật Hải quan, Luật Thuế xuất khẩu,
# thuế nhập khẩu, Luật Đầu tư … số 90/2025/QH15`): a lower-case piece between commas is the last law's
_AMENDED_AND = re.compile(r"\s*(?:,\s*|,?\s+va\s+)(?=(?:bo\s+)?luat\b)")
_AMENDED_LOWER = re.compile(
    r"\s*(?:,\s+|\s+)(?!ngay\b|so\b|nam\b)((?:\w+\s+){0,7}\w+)(?=\s*(?:,\s*|,?\s+va\s+)(?:bo\s+)?luat\b)"
    r"|\s*,\s+(?!ngay\b|so\b|nam\b)((?:\w+\s+){0,7}?\w+)(?=\s+(?:ngay|so|nam)\b|\s*[;.]|\s*$)"
)
# a later amended law whose name the law grammar does not read (`luật quán lý` misspelt): its words
_PLAIN_ITEM = re.compile(r"(?:\s+(?!ngay\b|so\b|nam\b|cua\b)[^\s,;.()]+){1,10}")


def _amending_law(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """An amending law cited whole (`Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Giáo dục đại
    học ngày 19 tháng 11 năm 2018`): one document, not the amended law (which is cited apart where
    its own name opens a citation)."""
    if " ".join(m["law"].split()) not in ("luat", "bo luat"):
        return None
    a = _AMENDING.match(folded, m.end())
    if a is None:
        return None
    end = a.end()
    items = 0
    while True:
        head = LAW_HEAD.match(folded, end)
        inner = law_mention(text, folded, head) if head else None
        if inner is not None and inner.title:
            end = _name_end(text, inner.start, inner.title)
        elif head:  # `… của luật chứng khoán, luật kế toán …`: amended laws in lower case, or misspelt
            plain = _PLAIN_ITEM.match(folded, head.end())
            end = plain.end() if plain else head.end()
        else:
            return None
        items += 1
        more = _AMENDED_AND.match(folded, end)
        lower = _AMENDED_LOWER.match(folded, end) if more is None else None
        piece = (
            (lower.group(1) or lower.group(2)) and lower.span(1 if lower.group(1) else 2) if lower else None
        )
        if piece and text[piece[0] : piece[1]].islower():
            end = piece[1]
            more = _AMENDED_AND.match(folded, end)
        if more is None:
            break
        end = more.end()
    return _law_named(text, folded, m.start(), end, _LAW_TYPES[" ".join(m["law"].split())])


def _name_end(text: str, start: int, title: str) -> int:
    """Where a name printed from `start` ends in `text` (its words as `title` has them, whatever the
    blanks and line breaks between them)."""
    pos = start
    for word in title.split():
        found = text.find(word, pos)
        if found < 0:
            break
        pos = found + len(word)
    return pos


def law_heads(folded: str) -> Iterator[re.Match[str]]:
    """The matches `LAW_HEAD.finditer(folded)` finds: each branch's matches (found from its first
    word), leftmost first, none overlapping the one before, matched again by `LAW_HEAD` (at most
    one branch matches at a place: they open on different words). `LAW_HEAD` itself is tried at
    every b, l, p, d, c and h of the text."""
    starts = sorted({m.start() for branch in _LAW_BRANCHES for m in branch.finditer(folded)})
    return matches_from(LAW_HEAD, folded, starts)


_LAW_DOC_TYPES = frozenset(_LAW_TYPES.values()) - {"Điều lệ"}


def fold_law_variants(mentions: list[Mention]) -> None:
    """A law's name read on into the sentence (`theo Luật doanh nghiệp tăng cả về số lượng`) where the
    text names the law elsewhere (`Luật Doanh nghiệp`): the longer name is the shorter one followed
    by lower-case words, so it is that law (`Luật Doanh nghiệp Nhà nước`, capitalized, is another)."""
    laws = [m for m in mentions if m.named_key and m.title and m.doc_type in _LAW_DOC_TYPES]
    names = {m.named_key: fold(m.title or "").split() for m in laws}
    titles = {m.named_key: m.title for m in reversed(laws)}  # the first printed, for each name
    for m in laws:
        printed = (m.title or "").split()
        words = fold(m.title or "").split()
        best: str | None = None
        for key, other in names.items():
            n = len(other)
            if (
                key != m.named_key
                and n < len(words)
                and words[:n] == other
                and all(w[:1].islower() for w in printed[n:])
                and (best is None or n > len(names[best]))
            ):
                best = key
        if best is not None and m.kind == "named":
            m.title, m.named_key = titles[best], best
    # `Luật BHYT` where the text names `Luật Bảo hiểm y tế`: a name shortened to its words' initials
    for m in laws:
        rest = (m.title or "").split()[len((m.doc_type or "").split()) :]
        if m.kind != "named" or len(rest) != 1 or not (2 <= len(rest[0]) <= 8 and rest[0].isupper()):
            continue
        initials = fold(rest[0])
        for key, other in names.items():
            spelled = other[len(fold(m.doc_type or "").split()) :]
            if key != m.named_key and len(spelled) >= 2 and "".join(w[0] for w in spelled) == initials:
                m.title, m.named_key = titles[key], key
                break
    # `Luật Đất đai năm 2013` and `Luật Đất đai năm 2024` in one text: two laws (one year: one law)
    years: dict[str, set[str]] = {}
    for m in laws:
        if m.kind == "named" and m.date:
            years.setdefault(m.named_key or "", set()).add(m.date[:4])
    for m in laws:
        if m.kind == "named" and m.date and len(years.get(m.named_key or "", ())) > 1:
            m.named_key = f"{m.named_key}@{m.date[:4]}"
