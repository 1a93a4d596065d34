"""Resolutions cited by name, without a number: a congress's (`Nghị quyết Đại hội XIII`, `Nghị
quyết Đại hội Đảng bộ tỉnh lần thứ XI`, `Nghị quyết Đại hội XIV Công đoàn Giáo dục Việt Nam`) and a
Central Committee plenum's (`Nghị quyết Trung ương 4 khóa XII`)."""

from __future__ import annotations

import re

from kehoach.identity import slug
from kehoach.refs import patterns as P
from kehoach.refs.mention import Mention, squash
from kehoach.refs.tail import WORD, read_term


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


# the group holding a congress's number, which is printed in upper-case Roman numerals
_ROMAN_GROUP = {"congress": "nat_roman", "org": "org_roman", "local": "loc_roman"}


def resolution_mention(text: str, folded: str, m: re.Match[str], which: str) -> Mention | None:
    """A resolution named by its congress or plenum, from a match of the `which` pattern (`congress`,
    `org`, `local`, `plenum`)."""
    g = m.groupdict()
    roman = ""
    if which in _ROMAN_GROUP:
        printed = text[m.start(_ROMAN_GROUP[which]) : m.end(_ROMAN_GROUP[which])]
        if not printed.isupper():
            return None
        roman = printed.lower()
    mention = Mention("named", m.start(), m.end(), doc_type="Nghị quyết")
    if which == "congress":
        mention.named_key = f"named:nq-dai-hoi-{roman}"
        org = P.ORG_AFTER.match(folded, m.end())
        if org:  # `Nghị quyết Đại hội XIV Công đoàn Giáo dục Việt Nam`: that organisation's congress
            end = _org_name_end(text, folded, org.end())
            if end is None:
                return None
            mention.end = end
            mention.named_key = f"named:nq-dai-hoi-{_org_slug(folded[org.end() : end])}-{roman}"
    elif which == "org":
        mention.named_key = f"named:nq-dai-hoi-{_org_slug(g['org'])}-{roman}"
        term = _ORG_TERM.match(folded, m.end())
        if term:  # `…, nhiệm kỳ 2022 – 2024`, `(2022 – 2027)`: part of the congress's name
            mention.end = term.end()
    elif which == "local":
        mention.named_key = f"named:nq-dai-hoi-dang-bo-{slug(g['unit'])}-{roman}"
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
