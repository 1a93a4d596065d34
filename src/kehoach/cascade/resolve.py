"""A parent citation → a document of the corpus, by number when it decides, else by what the citation says.

1. By number: the documents whose own key has the citation's number and symbol (compared by
   `kehoach.identity.number_key`: `5-CT/TW` = `05-CT/TW`, folded symbols), the same year when
   both have one; an undated document or an undated citation matches on number and symbol
   alone (the year rule of `kehoach.identity.choose`). A document of that number under another
   issuer or on another subject is another document (numbers repeat across issuers); several
   that fit are told apart by date, issuer and title.
2. When the number cannot decide (the citation's number matches nothing, or the citation has a
   blank number): a document of the corpus without a number of its own (a pre-signature copy,
   `Số:    /KH-UBND`) of the same type, a compatible symbol, issuer and date, and a title close
   to the one the citation gives (`… về cải cách hành chính nhà nước năm 2026`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from kehoach.cascade.profile import Citation, Profile
from kehoach.identity import number_key, split_key
from kehoach.vntext import fold

TITLE_MATCH = 75
"""rapidfuzz token_set_ratio (folded) at or above which a citation's title names a document."""

_ISSUER_ALIASES = (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"), ("bch", "ban chap hanh"))


@dataclass
class Match:
    idx: int
    confidence: float
    how: str  # Vietnamese, for the evidence list


@lru_cache(maxsize=1 << 17)
def _base(key: str | None) -> str | None:
    """The comparable number key of a document or citation key (`5-CT/TW@2020` → `05-ct/tw`)."""
    return number_key(split_key(key)[0]) if key else None


_GENERIC = set(
    [
        "uy",
        "ban",
        "nhan",
        "dan",
        "hoi",
        "dong",
        "tinh",
        "thanh",
        "pho",
        "huyen",
        "xa",
        "quan",
        "phuong",
        "thi",
        "tran",
        "dang",
        "bo",
        "khoi",
        "cac",
        "co",
        "thuong",
        "vu",
        "truc",
        "chap",
        "hanh",
        "trung",
        "uong",
        "chu",
        "tich",
        "so",
        "phong",
        "van",
        "chinh",
        "phu",
        "cua",
    ]
)


@lru_cache(maxsize=1 << 17)
def _fold(text: str) -> str:
    """`fold`, cached: the same issuers and titles are compared for every citation."""
    return fold(text)


@lru_cache(maxsize=1 << 17)
def _issuer(text: str | None) -> str:
    out = " ".join(_fold(text or "").split())
    for short, long in _ISSUER_ALIASES:
        out = out.replace(short, long)
    return out.removeprefix("ban thuong vu ").removeprefix("thuong truc ")


def _place(issuer: str) -> str:
    """What is left of a folded issuer name without the words every body's name has: the place."""
    return " ".join(w for w in issuer.split() if w not in _GENERIC)


def issuer_compatible(a: str | None, b: str | None) -> bool:
    """Two issuer names that can be one body (either unknown, or one largely within the other)."""
    if not a or not b:
        return True
    x, y = _issuer(a), _issuer(b)
    if x in y or y in x:
        return True
    px, py = _place(x), _place(y)
    if px and py:  # two places named: they must agree (`tỉnh Thanh Hóa` is not `tỉnh Nam Định`)
        return fuzz.ratio(px, py) >= 80
    return fuzz.token_set_ratio(x, y) >= 60


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
    return float(fuzz.token_set_ratio(_fold(about), _fold(title)))


def _same_place(child: Profile, p: Profile) -> float:
    """0.5 when the candidate's place is named in the child's issuer lines (`Đảng bộ huyện Quỳnh Lưu`)."""
    place = _place(_issuer(p.issuer))
    if not place:
        return 0.0
    return 0.5 * (place in _place(_issuer(f"{child.issuer_parent or ''} {child.issuer or ''}")))


class Resolver:
    """Looks up citations among the documents of one corpus."""

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self.profiles = profiles
        self.ambiguous = False
        self.by_base: dict[str, list[int]] = defaultdict(list)
        self.by_base_year: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        self.unnumbered: list[int] = []
        self.by_month: dict[tuple[str, str], list[int]] = defaultdict(list)  # (symbol, yyyy-mm) → documents
        # unnumbered documents by date (exact, and under every prefix of it) and by symbol, so a
        # citation looks only at those its date or symbol allows, not at every unnumbered document
        self._u_date: dict[str, list[int]] = defaultdict(list)
        self._u_prefix: dict[str, list[int]] = defaultdict(list)
        self._u_undated: list[int] = []
        self._u_symbol: dict[str | None, list[int]] = defaultdict(list)
        for p in profiles:
            base = _base(p.key)
            if base:
                self.by_base[base].append(p.idx)
                self.by_base_year[(base, split_key(p.key or "")[1])].append(p.idx)
            if p.blank_number:
                self.unnumbered.append(p.idx)
                self._u_symbol[_fold(p.symbol) if p.symbol else None].append(p.idx)
                if p.date:
                    self._u_date[p.date].append(p.idx)
                    for k in range(1, len(p.date) + 1):
                        self._u_prefix[p.date[:k]].append(p.idx)
                else:
                    self._u_undated.append(p.idx)
            if p.symbol and p.date and len(p.date) >= 7:
                self.by_month[(_fold(p.symbol), p.date[:7])].append(p.idx)

    def _unnumbered_for(self, cite: Citation) -> list[int]:
        """The unnumbered documents whose date (else symbol) can agree with the citation's."""
        if cite.date:  # `date_compatible`: one date is a prefix of the other, or the document's is unknown
            pool = set(self._u_undated) | set(self._u_prefix.get(cite.date, []))
            for k in range(1, len(cite.date)):
                pool.update(self._u_date.get(cite.date[:k], []))
            return sorted(pool)
        if cite.symbol:
            return sorted(self._u_symbol.get(_fold(cite.symbol), []) + self._u_symbol.get(None, []))
        return self.unnumbered

    def resolve(self, cite: Citation, child: Profile) -> Match | None:
        """The document `cite` names, or None when it is not in the corpus (or, `ambiguous`, not one of it)."""
        self.ambiguous = False
        if cite.kind == "numbered":
            m = self._by_number(cite, child)
            if m is not None:
                return m
        if cite.kind in ("numbered", "incomplete", "partial"):
            return self._by_description(cite, child)
        return None

    def _by_number(self, cite: Citation, child: Profile) -> Match | None:
        base, year = split_key(cite.key)
        b = _base(base) or ""

        def plausible(pool: list[int]) -> list[int]:
            return [i for i in pool if i != child.idx and self._plausible(cite, self.profiles[i])]

        if year:  # only that year's documents and the undated ones can be meant: no scan of the others
            exact = plausible(self.by_base_year.get((b, year), []))
            undated = plausible(self.by_base_year.get((b, None), []))
            same = exact or undated
        else:
            same = plausible(self.by_base.get(b, []))
            exact = []
            undated = [i for i in same if split_key(self.profiles[i].key or "")[1] is None]
        if not same:
            return None
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

    @staticmethod
    def _plausible(cite: Citation, p: Profile) -> bool:
        """The same number under another issuer, or on another subject, is another document."""
        if cite.issuer and p.issuer and not issuer_compatible(cite.issuer, p.issuer):
            return False
        return not (cite.about and p.title and title_similarity(cite.about, p.title) < 50)

    def _fit(self, cite: Citation, p: Profile) -> float:
        """How well a document fits what the citation says of it (date, issuer, title)."""
        score = title_similarity(cite.about, p.title) / 100
        if cite.date and p.date:
            score += 1.0 if cite.date == p.date else 0.3 if date_compatible(cite.date, p.date) else 0.0
        if cite.issuer and p.issuer:
            score += fuzz.ratio(_issuer(cite.issuer), _issuer(p.issuer)) / 100
        return score

    def _by_description(self, cite: Citation, child: Profile) -> Match | None:
        fits: list[tuple[float, int, float]] = []
        pool = self._unnumbered_for(cite)
        if cite.kind == "incomplete" and cite.symbol and cite.date and len(cite.date) >= 7:
            # a blank number in the citation: any document of that symbol and month may be meant
            pool = sorted(set(pool) | set(self.by_month.get((_fold(cite.symbol), cite.date[:7]), [])))
        for i in pool:
            p = self.profiles[i]
            if i == child.idx:
                continue
            if cite.doc_type and p.doc_type and _fold(cite.doc_type) != _fold(p.doc_type):
                continue
            if cite.symbol and p.symbol and _fold(cite.symbol) != _fold(p.symbol):
                continue
            if not date_compatible(cite.date, p.date) or not issuer_compatible(cite.issuer, p.issuer):
                continue
            sim = title_similarity(cite.about, p.title)
            if sim < TITLE_MATCH:
                continue
            fits.append((self._fit(cite, p) + _same_place(child, p), i, sim))
        if not fits:
            return None
        fits.sort(reverse=True)
        best = fits[0]
        if len(fits) > 1 and fits[1][0] >= best[0] - 0.05:
            self.ambiguous = True
            return None  # several fit as well: the text decides
        sim = best[2]
        return Match(
            best[1], round(0.6 + 0.3 * sim / 100, 3), f"loại, cơ quan, ngày và trích yếu khớp ({sim:.0f}%)"
        )
