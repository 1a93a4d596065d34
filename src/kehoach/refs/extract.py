"""Find every citation occurrence (a `Mention`) in a text, with its parts.

Matching runs on the folded text (see `patterns`), values are read from the
text itself, so a number symbol keeps its printed letters (`39-KH/ĐUK`) and an
issuing body its printed spelling (`Ban Thường vụ Huyện uỷ`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from kehoach.identity import slug
from kehoach.patterns import is_symbol_part as _is_symbol_part
from kehoach.patterns import read_numsym
from kehoach.refs import patterns as P
from kehoach.refs.laws import LAW_HEAD, fold_law_variants, law_heads, law_mention, without_title_subjects
from kehoach.refs.mention import Mention, named_key, squash
from kehoach.refs.tail import WORD, iso_date, read_tail, read_term
from kehoach.vntext import fold, fold_aligned

# -- parts ---------------------------------------------------------------------


def _type_name(folded_words: str) -> str:
    return P.TYPE_WORDS[" ".join(folded_words.split())]


def _roman_ok(orig: str) -> bool:
    return orig.isupper()


# -- the matchers --------------------------------------------------------------


# `Số 39-KH/ĐUK`, `Số: 125/KH-UBND` (capital S, no type word); `Số: Z/3⁄2/UBND-KSTTHC`: a number written
# by hand and read by OCR as a few odd characters before the printed symbol
_HEADER_SO = re.compile(r"(?<!\w)(?:Số|SỐ)\s*:?\s*(?:[^\s\d,;.]\S{0,6})?$")


def _symbol_type(abbr_folded: str, state: bool) -> tuple[str | None, bool]:
    """Type named by a symbol abbreviation, and whether it is ambiguous (Party `QĐ`)."""
    if abbr_folded == "qd":
        return (P.STATE_QD, False) if state else (None, True)
    return P.TYPE_ABBREVIATIONS.get(abbr_folded), False


def _numbered(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    parts = read_numsym(text, m)
    if parts is None:
        return None
    if not m.group("type") and _FORM_BEFORE.search(folded, max(0, m.start() - 16), m.start()):
        return None  # `Mẫu số 01/BCĐBQH-MT`, `Phụ lục số 02/…`: a form or an annex, not a document
    number, symbol, number_symbol = parts["number"], parts["symbol"], parts["number_symbol"]
    year, abbr, state = parts["year"], parts["type_abbr"] or "", bool(parts["state"])
    g = m.groupdict()
    mention = Mention(
        "numbered", m.start(), m.end(), number=number, symbol=symbol, number_symbol=number_symbol
    )
    mention.state_year = year
    if g.get("type"):
        mention.doc_type, mention.type_from_word = _type_name(g["type"]), True
    else:
        mention.doc_type, mention.ambiguous = _symbol_type(re.sub(r"\d+$", "", abbr), state)
        mention.header = bool(_HEADER_SO.search(text, max(0, m.start() - 12), m.start()))
    if g.get("d_year") or g.get("w_year") or g.get("m_year"):
        mention.date = iso_date(m)
        if mention.date is None:  # an impossible date: read the citation without it
            mention.end = m.end("p_iss") if not state else max(m.end("s_iss"), m.end("s_type"))
    mention.end = read_tail(text, folded, mention.end, mention)
    return mention


def _blank(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    g = m.groupdict()
    if g.get("b_ptype"):
        t_orig, i_orig = (
            text[m.start("b_ptype") : m.end("b_ptype")],
            text[m.start("b_piss") : m.end("b_piss")],
        )
        symbol = f"{t_orig}/{i_orig}"
    else:
        t_orig, i_orig = (
            text[m.start("b_stype") : m.end("b_stype")],
            text[m.start("b_siss") : m.end("b_siss")],
        )
        symbol = f"{t_orig}{m.group('b_ssep')}{i_orig}"
    if not (_is_symbol_part(t_orig) and all(_is_symbol_part(p) for p in i_orig.split("-"))):
        return None
    mention = Mention("incomplete", m.start(), m.end(), symbol=symbol, doc_type=_type_name(g["type"]))
    mention.type_from_word = True
    if g.get("d_year") or g.get("w_year") or g.get("m_year"):
        mention.date = iso_date(m)
    mention.end = read_tail(text, folded, mention.end, mention)
    return mention


def _partial(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Chỉ thị 05`, `Nghị quyết số 35 của …`: type and number, no symbol."""
    orig_type = text[m.start("type") : m.end("type")]
    if not orig_type[:1].isupper():
        return None
    gap = text[m.end("type") : m.start("bare")]
    if (
        "\n" in gap
        and _LABEL_AFTER.match(text, m.end("bare"))
        and not gap[gap.rfind("\n") + 1 :].strip(" \t*_")
    ):
        return None  # `NỘI DUNG CỦA KẾ HOẠCH` / `1. Hoàn thiện …`: a heading, then the next item's label
    mention = Mention(
        "partial", m.start(), m.end("bare"), number=m.group("bare"), doc_type=_type_name(m["type"])
    )
    mention.type_from_word = True
    if mention.doc_type in _NUMBER_NAMED_TYPES and not m.group(0)[len(orig_type) :].strip().startswith("s"):
        # `Chương trình 135`, `Đề án 112`: the number is the name (no `số`); a numbered document of that
        # type and number cited elsewhere still takes it (`merge.assign_keys`)
        mention.title = f"{mention.doc_type} {m.group('bare')}"
        mention.named_key = named_key(mention.title)
        mention.programme = True
    mention.end = read_tail(text, folded, mention.end, mention)
    return mention


_LABEL_AFTER = re.compile(r"[.)]")
# types whose bare number is a name by which the document is known (`Chương trình 135`, `Đề án 06`)
_NUMBER_NAMED_TYPES = frozenset(["Chương trình", "Đề án"])


def _org_name_end(text: str, folded: str, pos: int) -> int | None:
    """End of an organisation's name from `pos` on the same line (`Công đoàn Giáo dục Việt Nam`):
    capitalized words and the lower-case words of bodies' names, up to a stop word or a mark."""
    end = None
    for wm in WORD.finditer(text, pos, min(len(text), pos + 100)):
        if "\n" in text[end or pos : wm.start()]:
            break
        core = wm.group(0).rstrip(",.;:)”\"'’…")
        f = folded[wm.start() : wm.start() + len(core)]
        upper = core[:1].isupper()
        if (
            not core
            or not (upper or (end is not None and f in P.ISSUER_LOWER))
            or (f in P.ISSUER_STOP and not upper)
        ):
            break
        end = wm.start() + len(core)
        if core != wm.group(0):
            break
    return end


_ORG_TERM = re.compile(r"\s*(?:,\s*nhiem\s+ky\s+\d{4}\s*[-–]\s*\d{4}|\(\s*\d{4}\s*[-–]\s*\d{4}\s*\))")
# abbreviations printed in organisations' names, read as the words (one key for one congress)
# short names of the organisations whose congresses are cited, so `Nghị quyết Đại hội XIV CĐGD Việt
# Nam` and `… XIV Công đoàn Giáo dục Việt Nam` are one key (`TNCS` stays: it is how the Đoàn is keyed)
_ORG_ABBREVIATIONS = {
    "tp": "thanh pho",
    "dh": "dai hoc",
    "tncs": "tncs",
    "cdgd": "cong doan giao duc",
    "ldld": "lien doan lao dong",
    "hlhpn": "hoi lien hiep phu nu",
    "hsv": "hoi sinh vien",
    "mttq": "mat tran to quoc",
    "ccb": "cuu chien binh",
    "hnd": "hoi nong dan",
}


def _org_slug(folded_words: str) -> str:
    words = re.findall(r"[a-z0-9]+", folded_words)
    return slug(" ".join(_ORG_ABBREVIATIONS.get(w, w) for w in words))


def _named(text: str, folded: str, m: re.Match[str], which: str) -> Mention | None:
    g = m.groupdict()
    mention = Mention("named", m.start(), m.end(), doc_type="Nghị quyết")
    if which == "congress":
        roman = text[m.start("nat_roman") : m.end("nat_roman")]
        if not _roman_ok(roman):
            return None
        mention.named_key = f"named:nq-dai-hoi-{roman.lower()}"
        org = P.ORG_AFTER.match(folded, m.end())
        if org:  # `Nghị quyết Đại hội XIV Công đoàn Giáo dục Việt Nam`: that organisation's congress
            end = _org_name_end(text, folded, org.end())
            if end is None:
                return None
            mention.end = end
            mention.named_key = f"named:nq-dai-hoi-{_org_slug(folded[org.end() : end])}-{roman.lower()}"
    elif which == "org":
        roman = text[m.start("org_roman") : m.end("org_roman")]
        if not _roman_ok(roman):
            return None
        mention.named_key = f"named:nq-dai-hoi-{_org_slug(g['org'])}-{roman.lower()}"
        term = _ORG_TERM.match(folded, m.end())
        if term:  # `…, nhiệm kỳ 2022 – 2024`, `(2022 – 2027)`: part of the congress's name
            mention.end = term.end()
    elif which == "local":
        roman = text[m.start("loc_roman") : m.end("loc_roman")]
        if not _roman_ok(roman):
            return None
        mention.named_key = f"named:nq-dai-hoi-dang-bo-{slug(g['unit'])}-{roman.lower()}"
    else:
        raw = g.get("num") or g.get("ord1") or g.get("ord2")
        if not raw:
            return None
        n = int(raw) if raw.isdigit() else P.ORDINALS[" ".join(raw.split())]
        mention.term, end = read_term(text, folded, m.end())
        mention.end = end
        key = f"named:nq-tw-{n}"
        if mention.term:
            key += "-" + slug(mention.term)
        mention.named_key = key
    if which != "plenum":
        mention.term, mention.end = read_term(text, folded, mention.end)
    title = squash(text[mention.start : mention.end])
    mention.title = title[:1].upper() + title[1:]
    return mention


_FORM_BEFORE = re.compile(r"(?:mau|bieu\s+mau|bieu|phu\s+luc)\s*(?:so)?\s*:?\s*\Z")


# -- programmes, projects and regulations cited by name --------------------------

# A programme, a project (đề án) or a regulation (quy chế) is cited by its name when the type word
# is capitalized inside a sentence (`thực hiện Chương trình mục tiêu quốc gia …`, `theo Quy chế bầu cử
# trong Đảng`): the capital makes the words after it a proper name, where `chương trình công tác`
# written in lower case is a plan's own work. At the start of a sentence or a line the capital says
# nothing, so the name must show it names one document: a period (`giai đoạn 2021-2025`, `đến năm
# 2030`), `quốc gia`, or quotes. Each branch opens on its first word (see `_LAW_BRANCHES`).
_PROGRAMME_TYPES = {
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "quy che": "Quy chế",
    "quy hoach": "Quy hoạch",
}
_PROGRAMME_PRINTED = frozenset(["chương trình", "đề án", "quy chế", "quy hoạch"])
_PROGRAMME_BRANCHES = tuple(
    re.compile(rf"{first}(?<![\w/]{first})\s+{second}(?!\w)")
    for first, second in (name.split() for name in _PROGRAMME_TYPES)
)
# words (as printed, lower case) that end a programme's name: verbs and links of the sentence around it
# (printed, not folded: `đang` ends a name, `Đảng` does not; `số` ends one before a number only)
_PROGRAMME_STOP_WORDS = "đã được đang sẽ cần phải là thì mà nhằm theo do tại của ngày khi"
_PROGRAMME_STOP = frozenset(
    (_PROGRAMME_STOP_WORDS + " nếu hoặc hay như trên dưới sau trước đều chưa này gồm với vào từ").split()
)
_PRINTED_PROGRAMME_STOPS = frozenset(["để", "đến", "trong", "về"])  # stop unless part of a name (below)
# first words (folded) of a programme's name that make it no one document: a body's own work
# (`Chương trình công tác năm`, `Chương trình hành động của …`, `Chương trình thực hiện Đề án …`)
_GENERIC_HEADS = frozenset(
    ["hanh dong", "cong tac", "thuc hien", "lam viec", "chi tieu", "hoat dong", "ke hoach"]
)
# words before a type word that make it a class, not one document (`các Chương trình mục tiêu quốc gia`)
_QUANTIFIERS = frozenset(["cac", "nhung", "moi", "tung", "nhieu", "mot", "hai", "ba", "so"])
_SPECIFIC = re.compile(r"quoc gia|giai doan|\bden nam\b|\bnam \d{4}|\d{4}")
_LINE_LABEL = re.compile(r"\s*(?:[-–+•*]|\(?\d{1,2}(?:\.\d{1,2})*[.)]?|\(?[a-zđ]\)|[IVXL]{1,5}[.)])?\s*\Z")
_LABEL_BEFORE = re.compile(
    r"(?:^|\s)(?:\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\))\s*\Z"
)  # `… thực hiện. (2) Chương trình`
_SUBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<verb>ban\s+hanh|phe\s+duyet)|ve\s+viec|v/v|ve)"
    r"(?:\s+kem\s+theo(?:\s+(?:quyet\s+dinh|nghi\s+quyet)\s+nay)?)?\s*:?\s*[\"“]?\s*\Z"
)
# up to the end of its clause, or up to a term (`khoá XIII`, read apart)
_CLAUSE_REST = re.compile(r"[^;\n]*?(?=\s*,?\s*\(?\s*(?i:kho[áa])\s+[IVXL]|\.\s|[;\n]|\.?\Z)")
# what before a programme's type word says it is not a document cited: an event organised, a document
# still to be written
_NOT_CITED_BEFORE = re.compile(
    r"(?:to\s+chuc|xay\s+dung(?:\s+(?:lai|moi|xong))?|soan\s+thao|de\s+ra|du\s+thao)\s*\Z"
)
# a regulation is named with the body that issued it (`Quy chế bầu cử trong Đảng của Ban
# Chấp hành Trung ương`); without it the words name a regime or a direction (`Quy chế dân chủ ở cơ sở`)
_ISSUER_NAMED_TYPES = frozenset(["Quy chế"])
# a master plan is named with its period (`Quy hoạch tỉnh … thời kỳ 2021 - 2030`)
_PERIOD_NAMED_TYPES = frozenset(["Quy hoạch"])
_PERIOD_IN_NAME = re.compile(r"(?:giai doan|thoi ky|den nam) \d{4}")
_OF_BODY = re.compile(r"\s*,?\s*của\s+(?=\w)")


def _of_body(text: str, pos: int) -> bool:
    """Whether `của` and a capitalized body's name follow `pos`."""
    m = _OF_BODY.match(text, pos)
    return bool(m) and text[m.end()].isupper()


_ACRONYM = re.compile(r"\s*[*_]*\(\s*[A-ZĐ][A-ZĐ0-9&-]{1,11}\s*\)[*_]*")  # `(OCOP)`, `(PCI)`
_IF_ANY = re.compile(r"\s*\(\s*neu\s+co\s*\)")
_QUOTED = re.compile(
    r"\s*:?\s*[\"“](?P<q>(?:[^\"”\n]|\n(?![ \t]*\n)){3,200})[\"”]"
)  # hard wraps inside, no blank line


def _sentence_initial(text: str, start: int) -> bool:
    """Whether only a line's label or the end of a sentence comes before `start` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 300) : start]
    if _LINE_LABEL.match(before) or _LABEL_BEFORE.search(before):
        return True
    stripped = before.rstrip()
    return stripped.endswith((".", "!", "?", ":", ";")) and not stripped.endswith("..")


_VISION = re.compile(r"\s*(?:tam\s+nhin|dinh\s+huong)\s+(?:den|toi)\s+nam\s+\d{4}(?!\d)")
_LIST_ITEM = re.compile(r"\s*((?:[^\s,.;:()]+\s+){0,2}[^\s,.;:()]+)(?=\s*[,.;:)]|\s*$)")


def _programme_name_end(text: str, folded: str, pos: int) -> int | None:
    """Where the name after a programme's type word ends, on its line (None when no name follows)."""
    line_end = text.find("\n", pos)
    tokens = list(WORD.finditer(text, pos, min(pos + 240, len(text) if line_end < 0 else line_end)))
    end: int | None = None
    count, prev_printed = 0, ""
    for i, wm in enumerate(tokens):
        token = wm.group(0)
        core = token.rstrip(",.;:)”\"'’…*_")
        if not core or core.lstrip("*_")[:1] in "(“\"'‘" or not (core[0].isalnum() or core in "-–"):
            break
        printed = core.lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        nf = fold(nxt.lower().rstrip(",.;:)")) if nxt else ""
        if printed in _PROGRAMME_STOP or (printed == "tiếp" and nf == "tuc"):
            break
        if printed == "số" and (nxt[:1].isdigit() or nf == ":"):
            break
        if printed == "năm" and prev_printed != "đến":
            break  # `… nông thôn mới năm 2022`: the year of the work, not of the programme (`đến năm 2030` is)
        if printed in _PRINTED_PROGRAMME_STOPS:
            keep = (
                (printed == "đến" and nf == "nam")  # `đến năm 2030`
                or (
                    printed == "trong" and (nxt[:1].isupper() or nf == "cac")
                )  # `trong Đảng`, `trong các ngành`
                or (printed == "về" and nf not in ("viec", "cac"))  # `mục tiêu quốc gia về dân số`
            )
            if not keep or end is None:
                break
        if printed == "và" and (not nxt[:1].islower() or nf in ("cac", "nhung")):
            break
        if printed == "mới" and nxt.lower() in _PROGRAMME_STOP:
            break  # `… quốc gia mới được xác định`: `mới` says when, not which
        if core[0].isupper() and (
            any(b.match(folded, wm.start()) for b in _PROGRAMME_BRANCHES)
            or LAW_HEAD.match(folded, wm.start())
        ):
            break  # another document's name begins (`Chương trình thực hiện Đề án …`)
        end, count, prev_printed = wm.start() + len(core), count + 1, printed
        if core != token:
            if not token[len(core) :].startswith(",") or not nxt[:1].isalpha():
                break
            vision = _VISION.match(folded, wm.end())
            if vision:  # `…, tầm nhìn đến năm 2050`: part of the name
                end = vision.end()
                break
            # after a comma: a short item of the same list goes on (`trường, lớp học`, `Bắc, Trung, Nam`)
            item = _LIST_ITEM.match(text, wm.end(), wm.end() + 40)
            item_words = item.group(1).split() if item else []
            if not item_words or len(item_words) > 2 or any(w.lower() in _PROGRAMME_STOP for w in item_words):
                break
        if count >= 24:
            break
    return end


def _programme(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Chương trình mục tiêu quốc gia …`, `Đề án “…”`, `Quy chế bầu cử trong Đảng`: cited by name."""
    printed = " ".join(text[m.start() : m.end()].split())
    if not printed[:1].isupper() or not printed[1:2].islower() or printed.lower() not in _PROGRAMME_PRINTED:
        return None
    kind = _PROGRAMME_TYPES[" ".join(m.group(0).split())]
    lead = folded[max(0, m.start() - 40) : m.start()]
    before = lead.split()
    if before and (before[-1] in _QUANTIFIERS or before[-1].isdigit()):
        return None  # `các Chương trình mục tiêu quốc gia`, `20 Chương trình`: a class, not one document
    if _NOT_CITED_BEFORE.search(lead) or lead.rstrip().endswith(("“", '"')):
        return (
            None  # `tổ chức Chương trình …` (an event), `xây dựng Đề án …` (not written yet), a quoted title
        )
    quoted = _QUOTED.match(text, m.end())
    end = quoted.end() if quoted else _programme_name_end(text, folded, m.end())
    if end is None or _IF_ANY.match(folded, end):
        return None  # `Ban Chủ nhiệm Chương trình (nếu có)`: a placeholder
    acronym = _ACRONYM.match(text, end)
    if acronym:  # `Chương trình mỗi xã một sản phẩm (OCOP)`: a proper name with its short name
        end = acronym.end()
    name_folded = " ".join(folded[m.end() : end].split())
    if not quoted:
        head = " ".join(name_folded.split()[:2])
        if head == "lam viec" and _of_body(text, end):
            # `Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị …`: the bodies make the name
            clause = _CLAUSE_REST.match(text, end, min(len(text), end + 200))
            end = clause.end() if clause else end
            name_folded = " ".join(folded[m.end() : end].split())
        elif head in _GENERIC_HEADS:
            return None
        if len(name_folded.split()) < 2 or name_folded[:1].isdigit():
            return None  # `Chương trình 135`: a partial citation known by its number (`_partial`)
    if kind in _ISSUER_NAMED_TYPES and not _of_body(text, end) and "cua" not in name_folded.split():
        return None  # `Quy chế dân chủ ở cơ sở`: a regime
    if kind in _PERIOD_NAMED_TYPES and not _PERIOD_IN_NAME.search(name_folded):
        return None  # `Quy hoạch chung xây dựng …` without its period: a planning task, not one plan
    if _sentence_initial(text, m.start()) and not (quoted or acronym) and not _SPECIFIC.search(name_folded):
        return None  # `Chương trình sách giáo khoa mới …` opening a sentence: no sign of a proper name
    name = squash(text[m.start() : end].replace("*", " ")).replace("( ", "(")  # no markdown emphasis
    mention = Mention("named", m.start(), end, doc_type=kind, title=name)
    mention.type_from_word, mention.programme = True, True
    mention.named_key = named_key(name)
    mention.end = read_tail(text, folded, end, mention)
    return mention


# the capitalized type words as printed (NFC), each opening on its literal first word: only a
# capitalized type word opens a programme's name, and a literal is found at the speed of `str.find`
# the same branches on the folded text as bytes (`find_anchors`)
# the same branches on the folded text as bytes (`find_anchors`), one pattern per first word
_PROGRAMME_BYTES = tuple(
    re.compile(
        rf"{first}\s+(?:{'|'.join(n.split()[1] for n in _PROGRAMME_TYPES if n.split()[0] == first)})(?!\w)".encode()
    )
    for first in dict.fromkeys(n.split()[0] for n in _PROGRAMME_TYPES)
)


def _programme_heads(text: str, folded: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The programme type words at `starts` (`find_anchors`) printed capitalized and opening a word
    (`Chương trình`, `Đề án` …), as matches on `folded`, in text order."""
    for start in starts:
        if text[start].isupper() and not (
            start and (folded[start - 1].isalnum() or folded[start - 1] in "_/")
        ):
            for branch in _PROGRAMME_BRANCHES:
                m = branch.match(folded, start)
                if m:
                    yield m
                    break


_ALIAS_OPEN = re.compile(r"\s*\(\s*")


def _programme_links(text: str, folded: str, mentions: list[Mention]) -> list[Mention]:
    """Programmes in context.

    - One named as the subject of the document cited just before it (`Quyết định số … ban hành Quy
      chế X`, `Nghị định 77/CP … về Quy chế X`) is that document under another name: an alias, so a
      later `Quy chế X` folds into it. One the document itself issues or approves (`Ban hành kèm theo
      Quyết định này Chương trình X`, a title `V/v phê duyệt Đề án X`) is the document itself: it and
      every later mention of that name are not citations.
    - A name followed by its number in brackets (`Đề án tin học hóa … (Đề án 112)`) is one mention,
      keyed by the number.
    - Variants of one name fold into one key: `và` or a dash between words, the period printed or not
      (`… dân số và kế hoạch hóa gia đình`, `… dân số - kế hoạch hoá gia đình giai đoạn 2001 - 2005`),
      unless the text cites the same name for two periods.
    """
    out: list[Mention] = []
    own: list[str] = []  # names (folded, cut to their stem) of what the document itself issues
    for m in mentions:
        prev = out[-1] if out else None
        if m.programme and m.kind == "named":
            stem = _name_stem(m)
            if any(stem.startswith(o) or o.startswith(stem) for o in own):
                continue
            lead = folded[max(0, m.start - 80) : m.start]
            subject = _SUBJECT_BEFORE.search(lead)
            gap_start = m.start - (len(lead) - subject.start()) if subject else m.start
            after_numbered = (
                prev is not None
                and prev.kind == "numbered"
                and not folded[prev.end : gap_start].strip(" \t\n,")
            )
            if subject and (after_numbered or subject.group("verb")):
                if after_numbered and prev is not None:
                    prev.aliases.append(m.named_key or "")
                else:
                    own.append(stem)
                continue  # the subject of a decision that issues or approves it, not cited apart
        if (
            m.programme
            and m.kind == "partial"
            and prev is not None
            and prev.programme
            and prev.kind == "named"
            and prev.doc_type == m.doc_type
            and _ALIAS_OPEN.fullmatch(folded, prev.end, m.start)
        ):
            close = re.compile(r"\s*\)").match(text, m.end)
            prev.kind, prev.number, prev.named_key = "partial", m.number, m.named_key
            prev.end = close.end() if close else m.end
            prev.title = squash(text[prev.start : prev.end])
            continue
        out.append(m)
    _fold_name_variants([m for m in out if m.programme and m.kind == "named"])
    return out


_PERIOD = re.compile(r"\s+(?:giai\s+doan|thoi\s+ky|den\s+nam|nam)\s+\d{4}.*\Z")


def _name_stem(m: Mention) -> str:
    """A programme's name folded, without its period and without `và` or dashes between words."""
    name = fold(m.title or "")
    name = _PERIOD.sub("", name)
    return " ".join(w for w in re.findall(r"[a-z0-9]+", name) if w != "va")


def _fold_name_variants(mentions: list[Mention]) -> None:
    """One key per programme name stem, unless the text cites it for two periods (two documents)."""
    periods: dict[str, set[str]] = {}
    for m in mentions:
        period = _PERIOD.search(fold(m.title or ""))
        periods.setdefault(_name_stem(m), set()).add(
            re.sub(r"\D+", "-", period.group(0)).strip("-") if period else ""
        )
    for m in mentions:
        stem = _name_stem(m)
        if len(periods[stem] - {""}) <= 1:
            m.named_key = named_key(stem)


_BEFORE_ANCHOR = frozenset(" \n:o")  # what ends a type word and `\s+` or `số`, `số:` before an anchor
_TYPE_ENDS = tuple({w.split()[-1] for w in P.TYPE_WORDS})  # the last word of each type word (folded)


def _may_follow_type_word(folded: str, start: int, end: int) -> bool:
    """False when no `{kind}_before` pattern (a type word, blanks, an optional `số:`, then the end)
    can match in `folded[start:end]`: its last word, after blanks and `số:` are taken off, is no
    type word's last word. A cheap test before the regex search, which tries every position."""
    tail = folded[start:end].rstrip()
    if tail.endswith(":"):
        tail = tail[:-1].rstrip()
        if not tail.endswith("so"):
            return False
    if tail.endswith("so"):
        tail = tail[:-2]
    words = tail.split()
    return bool(words) and words[-1].endswith(_TYPE_ENDS)


def find_anchors(folded: str) -> dict[str, list[int]]:
    """Where numbered, partial and blank citations may be: the start of each kind's anchor."""
    out: dict[str, list[int]] = {"numbered": [], "partial": [], "blank": []}
    # one byte per character (a non-ASCII one becomes `?`), so offsets stay those of `folded`
    digits = folded.encode("ascii", "replace").translate(P.DIGITS_AS_ZERO)
    for m in P.DIGIT_ANCHOR_RE.finditer(digits):
        out[m.lastgroup or "numbered"].append(m.start())
    out["blank"] = [m.start() for m in P.PATTERNS["blank_anchor"].finditer(folded)]
    # programme type words (`chuong trinh`, `de an` …), found in the bytes (a literal search there is
    # several times faster than in the text); `_programme_heads` keeps those that open a name
    out["programme"] = sorted(m.start() for b in _PROGRAMME_BYTES for m in b.finditer(digits))
    return out


def anchored_matches(
    folded: str, kind: str, anchors: list[int], prefix_optional: bool = False
) -> Iterator[re.Match[str]]:
    """The matches `P.PATTERNS[kind].finditer(folded)` finds, found from the kind's anchors.

    Every match of these patterns is a type word (and `số`) right before an anchor (a number,
    a blank `số …-KH/HU`): the anchor is found by a fast pattern, the type word by a short
    search that must end at the anchor, and the full pattern is then matched from there.
    """
    full, before = P.PATTERNS[kind], P.PATTERNS[f"{kind}_before"]
    last = 0
    for q in anchors:
        if q < last or (not prefix_optional and folded[q - 1 : q] not in _BEFORE_ANCHOR):
            continue
        lo = max(last, q - P.ANCHOR_BACK)
        prefix = before.search(folded, lo, q) if _may_follow_type_word(folded, lo, q) else None
        if prefix is None and not prefix_optional:
            continue
        m = full.match(folded, prefix.start() if prefix else q)
        if m is None and prefix is not None and prefix_optional:
            m = full.match(folded, q)
        if m is not None and m.end() > q:
            last = m.end()
            yield m


# every named pattern (`org`, `local`, `congress`, `plenum`) opens on `Nghị quyết`: found once for all four
_NAMED_START = re.compile(P.NQ)


def _matches_from(pattern: re.Pattern[str], folded: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(folded)` finds when each of them starts at one of `starts`
    (sorted): `pattern` is matched at each start not inside the match before (one scan of the
    text for the shared opening instead of one per pattern)."""
    last = 0
    for start in starts:
        if start >= last:
            m = pattern.match(folded, start)
            if m:
                last = m.end()
                yield m


def find_mentions(text: str) -> list[Mention]:
    """Every citation occurrence in `text`, in text order (header numbers included, flagged)."""
    folded = fold_aligned(text)
    taken_starts: list[int] = []  # disjoint spans taken so far, kept sorted
    taken_ends: list[int] = []
    out: list[Mention] = []

    def free(start: int, end: int) -> bool:
        i = bisect_right(taken_starts, start)
        if i and taken_ends[i - 1] > start:
            return False
        return not (i < len(taken_starts) and taken_starts[i] < end)

    def add(mention: Mention | None) -> None:
        if mention and free(mention.start, mention.end):
            i = bisect_right(taken_starts, mention.start)
            taken_starts.insert(i, mention.start)
            taken_ends.insert(i, mention.end)
            out.append(mention)

    anchors = find_anchors(folded)
    numsym = re.compile(P.NUMSYM)
    for m in law_heads(folded):
        add(law_mention(text, folded, m, numsym))
    for m in anchored_matches(folded, "numbered", anchors["numbered"], prefix_optional=True):
        add(_numbered(text, folded, m))
    for m in anchored_matches(folded, "blank", anchors["blank"]):
        add(_blank(text, folded, m))
    named_starts = [m.start() for m in _NAMED_START.finditer(folded)]
    for which in ("org", "local", "congress", "plenum"):
        for m in _matches_from(P.PATTERNS[which], folded, named_starts):
            add(_named(text, folded, m, which))
    for m in _programme_heads(text, folded, anchors["programme"]):
        add(_programme(text, folded, m))
    for m in anchored_matches(folded, "partial", anchors["partial"]):
        add(_partial(text, folded, m))
    out.sort(key=lambda x: x.start)
    fold_law_variants(out)
    return _programme_links(text, folded, without_title_subjects(folded, out))
