"""Where citations may start, found fast: anchors (a number, a blank `số …-KH/HU`, a programme's
type word) found by cheap searches, and the full patterns matched from them only, with the same
matches as a `finditer` of the full patterns over the whole text (`tests/test_refs_anchors.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kehoach.refs import patterns as P

# the programme type words (`chuong trinh`, `de an` …) on the folded text as bytes, one pattern per
# first word (a literal search in the bytes is several times faster than in the text)
_PROGRAMME_BYTES = tuple(
    re.compile(
        rf"{first}\s+(?:{'|'.join(n.split()[1] for n in P.PROGRAMME_TYPES if n.split()[0] == first)})(?!\w)".encode()
    )
    for first in dict.fromkeys(n.split()[0] for n in P.PROGRAMME_TYPES)
)


def first_word_branches(names: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern per name (folded words: `bo luat`, `chuong trinh`) opening on its whole first word,
    the literal the regex engine skips to; the look-behind after it checks the character before the
    word (nothing of a word or a symbol), and `(?!\\w)` ends the last word."""
    return tuple(
        re.compile(rf"{first}(?<![\w/]{first})" + "".join(rf"\s+{w}" for w in rest) + r"(?!\w)")
        for first, *rest in (name.split() for name in names)
    )


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


def matches_from(pattern: re.Pattern[str], folded: str, starts: list[int]) -> Iterator[re.Match[str]]:
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
