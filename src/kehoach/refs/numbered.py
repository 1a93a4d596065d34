"""Citations by type word and number: numbered (`Kế hoạch số 39-KH/ĐUK ngày …`, a header's own
`Số 125/KH-UBND`), blank (`Kế hoạch số …-KH/HU`, a form's number left to fill) and partial (`Chỉ thị
05`, `Nghị quyết số 35 của …`: a number without a symbol)."""

from __future__ import annotations

import re

from kehoach.patterns import is_symbol_part, read_numsym
from kehoach.refs import patterns as P
from kehoach.refs.mention import Mention, named_key
from kehoach.refs.tail import iso_date, read_tail


def _type_name(folded_words: str) -> str:
    return P.TYPE_WORDS[" ".join(folded_words.split())]


# `Số 39-KH/ĐUK`, `Số: 125/KH-UBND` (capital S, no type word); `Số: Z/3⁄2/UBND-KSTTHC`: a number written
# by hand and read by OCR as a few odd characters before the printed symbol; `(Số 37/2019/NĐ-CP …, số …)`
# in brackets or after a colon lists the documents a plural names (`Các Nghị định … (Số 37/2019/NĐ-CP
# …)`, `Báo cáo của Sở Tư pháp: Số 294/BC-STP …`), no header
_HEADER_SO = re.compile(r"(?<![\w(:,;])(?<![:,;] )(?:Số|SỐ)\s*:?\s*(?:[^\s\d,;.]\S{0,6})?$")
# `Mẫu số 01/BCĐBQH-MT`, `Phụ lục số 02/…`, a tax return's form `tờ khai (mẫu) 05/KK-TNCN`: a form's or an
# annex's number, not a document's
_FORM_BEFORE = re.compile(r"(?:mau|bieu\s+mau|bieu|phu\s+luc|to\s+khai)\s*(?:so)?\s*:?\s*\Z")
_LABEL_AFTER = re.compile(r"[.)]")
# types whose bare number is a name by which the document is known (`Chương trình 135`, `Đề án 06`)
_NUMBER_NAMED_TYPES = frozenset(["Chương trình", "Đề án"])


def _symbol_type(abbr_folded: str, state: bool) -> tuple[str | None, bool]:
    """Type named by a symbol abbreviation, and whether it is ambiguous (Party `QĐ`)."""
    if abbr_folded == "qd":
        return (P.STATE_QD, False) if state else (None, True)
    return P.TYPE_ABBREVIATIONS.get(abbr_folded), False


def numbered_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Kế hoạch số 39-KH/ĐUK ngày …`, `30/2020/NĐ-CP`: a number and symbol (a `numbered` match)."""
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


def blank_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Kế hoạch số …-KH/HU`: a type word and a symbol, the number left blank (a `blank` match)."""
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
    if not (is_symbol_part(t_orig) and all(is_symbol_part(p) for p in i_orig.split("-"))):
        return None
    mention = Mention("incomplete", m.start(), m.end(), symbol=symbol, doc_type=_type_name(g["type"]))
    mention.type_from_word = True
    if g.get("d_year") or g.get("w_year") or g.get("m_year"):
        mention.date = iso_date(m)
    mention.end = read_tail(text, folded, mention.end, mention)
    return mention


def partial_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
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
