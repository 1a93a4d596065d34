"""Find every citation occurrence (a `Mention`) in a text, with its parts.

Matching runs on the folded text (see `patterns`), values are read from the
text itself, so a number symbol keeps its printed letters (`39-KH/ĐUK`) and an
issuing body its printed spelling (`Ban Thường vụ Huyện uỷ`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from kehoach.refs import patterns as P
from kehoach.refs.laws import fold_law_variants, law_heads, law_mention, without_title_subjects
from kehoach.refs.mention import Mention
from kehoach.refs.numbered import blank_mention, numbered_mention, partial_mention
from kehoach.refs.programmes import PROGRAMME_BYTES, programme_heads, programme_links, programme_mention
from kehoach.refs.resolutions import resolution_mention
from kehoach.vntext import fold_aligned

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
        add(numbered_mention(text, folded, m))
    for m in anchored_matches(folded, "blank", anchors["blank"]):
        add(blank_mention(text, folded, m))
    named_starts = [m.start() for m in _NAMED_START.finditer(folded)]
    for which in ("org", "local", "congress", "plenum"):
        for m in _matches_from(P.PATTERNS[which], folded, named_starts):
            add(resolution_mention(text, folded, m, which))
    for m in programme_heads(text, folded, anchors["programme"]):
        add(programme_mention(text, folded, m))
    for m in anchored_matches(folded, "partial", anchors["partial"]):
        add(partial_mention(text, folded, m))
    out.sort(key=lambda x: x.start)
    fold_law_variants(out)
    return programme_links(text, folded, without_title_subjects(folded, out))
