"""A parent citation → a document of the corpus, by number when it decides, else by what the citation says.

1. By number: the documents whose own key has the citation's number and symbol (compared
   by `kehoach.refs.keys`: `5-CT/TW` = `05-CT/TW`, folded symbols), the same year when both
   have one; an undated document or an undated citation matches on number and symbol alone.
2. When the number cannot decide (the citation's number matches nothing, or the citation has a
   blank number): a document of the corpus without a number of its own (a pre-signature copy,
   `Số:    /KH-UBND`) of the same type, a compatible symbol, issuer and date, and a title close
   to the one the citation gives (`… về cải cách hành chính nhà nước năm 2026`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from kehoach.cascade.profile import Citation, Profile
from kehoach.refs.keys import split_key
from kehoach.vntext import fold

TITLE_MATCH = 75
"""rapidfuzz token_set_ratio (folded) at or above which a citation's title names a document."""

_ISSUER_ALIASES = (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"), ("bch", "ban chap hanh"))


@dataclass
class Match:
    idx: int
    confidence: float
    how: str  # Vietnamese, for the evidence list


def _base(key: str | None) -> str | None:
    return fold(split_key(key)[0]) if key else None


def _issuer(text: str | None) -> str:
    out = fold(text or "")
    for short, long in _ISSUER_ALIASES:
        out = out.replace(short, long)
    return out


def issuer_compatible(a: str | None, b: str | None) -> bool:
    """Two issuer names that can be one body (either unknown, or one largely within the other)."""
    if not a or not b:
        return True
    return fuzz.token_set_ratio(_issuer(a), _issuer(b)) >= 70


def date_compatible(cited: str | None, own: str | None) -> bool:
    """A cited date (`2025-12-24`, `2025-12`) and a document's own (possibly partial) date agree."""
    if not cited or not own:
        return True
    n = min(len(cited), len(own))
    return cited[:n] == own[:n]


def title_similarity(about: str | None, title: str | None) -> float:
    """0..100: how well the title a citation gives matches a document's title."""
    if not about or not title:
        return 0.0
    return float(fuzz.token_set_ratio(fold(about), fold(title)))


class Resolver:
    """Looks up citations among the documents of one corpus."""

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self.profiles = profiles
        self.by_base: dict[str, list[int]] = defaultdict(list)
        self.unnumbered: list[int] = []
        for p in profiles:
            base = _base(p.key)
            if base:
                self.by_base[base].append(p.idx)
            if p.blank_number:
                self.unnumbered.append(p.idx)

    def resolve(self, cite: Citation, child: Profile) -> Match | None:
        """The document `cite` names, or None when it is not in the corpus."""
        if cite.kind == "numbered":
            m = self._by_number(cite, child)
            if m is not None:
                return m
        if cite.kind in ("numbered", "incomplete", "partial"):
            return self._by_description(cite, child)
        return None

    def _by_number(self, cite: Citation, child: Profile) -> Match | None:
        base, year = split_key(cite.key)
        same = [i for i in self.by_base.get(fold(base), []) if i != child.idx]
        if not same:
            return None
        exact = [i for i in same if split_key(self.profiles[i].key or "")[1] == year] if year else []
        undated = [i for i in same if split_key(self.profiles[i].key or "")[1] is None]
        if exact:
            pick, conf, how = exact, 0.99, "số, ký hiệu và năm trùng"
        elif year is None and same:
            pick, conf, how = same, 0.95, "số và ký hiệu trùng (trích dẫn không ghi năm)"
        elif undated:
            pick, conf, how = undated, 0.93, "số và ký hiệu trùng (văn bản không rõ năm)"
        else:
            return None
        if len(pick) > 1:  # several documents carry it: the closest date, issuer and title decide
            pick = sorted(pick, key=lambda i: -self._fit(cite, self.profiles[i]))
            conf -= 0.1
        return Match(pick[0], conf, how)

    def _fit(self, cite: Citation, p: Profile) -> float:
        score = title_similarity(cite.about, p.title) / 100
        score += 0.5 * (cite.date is not None and p.date is not None and date_compatible(cite.date, p.date))
        score += 0.3 * (bool(cite.issuer and p.issuer) and issuer_compatible(cite.issuer, p.issuer))
        return score

    def _by_description(self, cite: Citation, child: Profile) -> Match | None:
        best: tuple[float, int] | None = None
        for i in self.unnumbered:
            p = self.profiles[i]
            if i == child.idx:
                continue
            if cite.doc_type and p.doc_type and fold(cite.doc_type) != fold(p.doc_type):
                continue
            if cite.symbol and p.symbol and fold(cite.symbol) != fold(p.symbol):
                continue
            if not date_compatible(cite.date, p.date) or not issuer_compatible(cite.issuer, p.issuer):
                continue
            sim = title_similarity(cite.about, p.title)
            if sim >= TITLE_MATCH and (best is None or sim > best[0]):
                best = (sim, i)
        if best is None:
            return None
        return Match(
            best[1],
            round(0.6 + 0.3 * best[0] / 100, 3),
            f"loại, cơ quan, ngày và trích yếu khớp ({best[0]:.0f}%)",
        )
