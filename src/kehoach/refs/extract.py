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
from kehoach.refs.laws import fold_law_variants, law_heads, law_mention, without_title_subjects
from kehoach.refs.mention import Mention, named_key, squash
from kehoach.refs.programmes import PROGRAMME_BYTES, programme_heads, programme_links, programme_mention
from kehoach.refs.tail import WORD, iso_date, read_tail, read_term
from kehoach.vntext import fold_aligned

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
    # several times faster than in the text); `programme_heads` keeps those that open a name
    out["programme"] = sorted(m.start() for b in PROGRAMME_BYTES for m in b.finditer(digits))
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
    for m in programme_heads(text, folded, anchors["programme"]):
        add(programme_mention(text, folded, m))
    for m in anchored_matches(folded, "partial", anchors["partial"]):
        add(_partial(text, folded, m))
    out.sort(key=lambda x: x.start)
    fold_law_variants(out)
    return programme_links(text, folded, without_title_subjects(folded, out))
