"""Find every citation occurrence (a `Mention`) in a text, with its parts: each grammar
(`laws`, `numbered`, `resolutions`, `programmes`) runs in turn, a span taken by one is not read
again, then the passes over all mentions (law name variants, charters as subjects, programmes
in context).

Matching runs on the folded text (see `patterns`), values are read from the
text itself, so a number symbol keeps its printed letters (`39-KH/ĐUK`) and an
issuing body its printed spelling (`Ban Thường vụ Huyện uỷ`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kehoach.refs import patterns as P
from kehoach.refs.anchors import anchored_matches, find_anchors, matches_from
from kehoach.refs.laws import fold_law_variants, law_heads, law_mention
from kehoach.refs.letters import letter_matches, letter_mention
from kehoach.refs.mention import Mention
from kehoach.refs.numbered import blank_mention, numbered_mention, partial_mention
from kehoach.refs.programmes import programme_heads, programme_links, programme_mention
from kehoach.refs.resolutions import resolution_mention
from kehoach.refs.titles import without_title_subjects
from kehoach.vntext import fold_aligned

# every named pattern (`org`, `local`, `congress`, `plenum`) opens on `Nghị quyết`: found once for all four
_NAMED_START = re.compile(P.NQ)


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
    for m in law_heads(folded):
        add(law_mention(text, folded, m))
    for m in anchored_matches(folded, "numbered", anchors["numbered"], prefix_optional=True):
        add(numbered_mention(text, folded, m))
    for m in anchored_matches(folded, "blank", anchors["blank"]):
        add(blank_mention(text, folded, m))
    for m in letter_matches(folded):
        add(letter_mention(text, folded, m))
    named_starts = [m.start() for m in _NAMED_START.finditer(folded)]
    for which in ("org", "local", "congress", "plenum"):
        for m in matches_from(P.PATTERNS[which], folded, named_starts):
            add(resolution_mention(text, folded, m, which))
    for m in programme_heads(text, folded, anchors["programme"]):
        add(programme_mention(text, folded, m))
    for m in anchored_matches(folded, "partial", anchors["partial"]):
        add(partial_mention(text, folded, m))
    out.sort(key=lambda x: x.start)
    fold_law_variants(out)
    return programme_links(text, folded, without_title_subjects(folded, out))
