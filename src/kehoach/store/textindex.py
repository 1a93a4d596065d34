"""What the search index holds and how a query reads: folded tokens, the query language, snippets.

The search index (`searchindex`, tantivy) holds exactly the tokens produced here (ASCII
`[0-9a-z]+` runs of `vntext.fold` of the NFC text), as do the store's own SQLite FTS5 rows and
PostgreSQL `tsvector`. `fold` is length preserving, so a token's offsets in the folded text are
its offsets in the real text: that is how hits are highlighted in the text as printed.

Query language (the folded form is matched, so `đ`/`d`, tone placement and case never matter;
marks typed in the query rank the texts carrying those marks first):
- `xây dựng Đảng`: every word must occur (AND); the words as typed next to each other rank
  first (see `store.search` for the tiers);
- `"xây dựng Đảng"`: the words in this order (phrase);
- `xay*`: a word starting with `xay` (prefix; also at the end of a phrase);
- `a OR b`: either side;
- `40-KH/TU`: a word with inner punctuation is a phrase of its parts; a query
  that is one document number also finds the document and those that cite it;
- `UBND` also finds `Ủy ban nhân dân` and the other way round (`kehoach/data/abbreviations.tsv`).

Marks: beside the folded tokens, each search chunk keeps the set of its words that carry marks
(lower case, NFC, one tone placement: `marks_row`), so a query word typed with marks can rank
the texts printing that very word (`trọng`) above those printing another one (`trong`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kehoach.identity import number_key
from kehoach.vntext import fold, unify_tone

TOKEN = re.compile(r"[0-9a-z]+")
CHUNK_POSITIONS = 16000  # PostgreSQL keeps positions up to 16,383 per tsvector
GAP = "qzxgapqzx"  # a token no query can contain: stops phrases across node boundaries on SQLite

_QUERY_PART = re.compile(r'"([^"]*)"(\*?)|(\S+)')
_NUMBER = re.compile(
    r"^\s*(?:s[oố]:?\s*)?(\d{1,5}(?:/\d{4})?)\s*[-/]\s*((?:[^\W\d_]|[0-9])+(?:\s*[/-]\s*(?:[^\W\d_]|[0-9])+)+)\s*$",
    re.UNICODE | re.IGNORECASE,
)


def folded(text: str) -> str:
    """`fold` of the NFC text (same length as the NFC text)."""
    return fold(unicodedata.normalize("NFC", text))


MAX_TOKEN = 2047  # PostgreSQL's tsvector refuses a longer word: such tokens are left out on both backends
_LONG_TOKEN = re.compile(f"[0-9a-z]{{{MAX_TOKEN + 1}}}")


def _drop_long(toks: list[str]) -> list[str]:
    return [t for t in toks if len(t) <= MAX_TOKEN]


def tokens(text: str) -> list[str]:
    """The folded word tokens the index holds for `text`."""
    return _drop_long(TOKEN.findall(folded(text)))


# ASCII bytes: token characters kept, every other byte a space (folded text is ASCII as a rule)
_SPACES = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))


def tokens_many(texts: list[str], *, nfc: bool = False) -> list[list[str]]:
    """`tokens` of each text, folding them all in one call (the same tokens: `fold` maps NFC text
    character by character, so the fold of the joined texts is the join of their folds).
    `nfc`: the texts are NFC already (skips normalizing them)."""
    if not nfc:
        texts = [unicodedata.normalize("NFC", t) for t in texts]
    joined = "\n".join(texts)
    folded_all = fold(joined)
    if len(folded_all) != len(joined) or (len(folded_all) > MAX_TOKEN and _LONG_TOKEN.search(folded_all)):
        # not length preserving (never on NFC text), or a word too long to index: one by one
        return [tokens(t) for t in texts]
    out: list[list[str]] = []
    pos = 0
    if folded_all.isascii():  # splitting on spaces is several times faster than the regex
        spaced = folded_all.encode("ascii").translate(_SPACES).decode("ascii")
        for t in texts:
            end = pos + len(t)
            out.append(spaced[pos:end].split())
            pos = end + 1
        return out
    for t in texts:
        end = pos + len(t)
        out.append(TOKEN.findall(folded_all, pos, end))
        pos = end + 1
    return out


def looks_like_number(query: str) -> str | None:
    """The number key when the whole query is one document number (`40-KH/TU`, `125/KH-UBND`)."""
    m = _NUMBER.match(query.strip().strip('"'))
    if not m or not any(c.isalpha() for c in m.group(2)):
        return None
    return number_key(query.strip().strip('"')[m.start(1) :])


_MARKED_WORD = re.compile(r"\w+", re.UNICODE)


def marked_words(text: str) -> list[str]:
    """The words of `text` that carry marks (or `đ`): lower case, NFC, one tone placement
    (`Huyện Uỷ` → `huyện`, `ủy`). Words without marks are left out: the folded tokens hold them."""
    low = unify_tone(unicodedata.normalize("NFC", text)).lower()
    return [w for w in _MARKED_WORD.findall(low) if not w.isascii() and len(w.encode()) <= 200]


def marks_row(texts: list[str]) -> str:
    """`search_chunks.marks`: the distinct marked words of `texts`, space-separated with a space at
    each end (a word is found with `instr`/`strpos` of ` word `, the same on both backends).

    `marked_words` of the texts joined by newlines, each distinct word tested once: the same words
    in the same order (no word, tone pair or composed character spans a newline), in one pass."""
    low = unify_tone(unicodedata.normalize("NFC", "\n".join(texts))).lower()
    seen = [w for w in dict.fromkeys(_MARKED_WORD.findall(low)) if not w.isascii() and len(w.encode()) <= 200]
    return f" {' '.join(seen)} " if seen else ""


@dataclass(frozen=True)
class Abbreviation:
    """A short form and one long form, both as folded tokens (see `data/abbreviations.tsv`)."""

    short: tuple[str, ...]
    long: tuple[str, ...]
    caps: bool = False  # the short form expands only when typed in capitals
    oneway: bool = False  # the long form does not expand to the short one
    printed: str = ""  # the short form as written in the file (`TƯ`, `TU`)


@lru_cache(maxsize=1)
def abbreviations() -> tuple[Abbreviation, ...]:
    """The search vocabulary of abbreviations, read once from the package."""
    text = resources.files("kehoach").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
    out: list[Abbreviation] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        short, long, *rest = line.split("\t")
        flags = set(rest[0].split(",")) if rest else set()
        out.append(
            Abbreviation(tuple(tokens(short)), tuple(tokens(long)), "caps" in flags, "oneway" in flags, short)
        )
    return tuple(out)


@dataclass(frozen=True)
class Clause:
    """One word (`tokens` of length 1) or phrase; `prefix` marks the last token as a prefix.

    `alts`: other token sequences that count as this clause (an abbreviation's long form, or the
    other way round). `quoted`: typed in quotes (it never merges with the words around it)."""

    tokens: tuple[str, ...]
    prefix: bool = False
    alts: tuple[tuple[str, ...], ...] = ()
    quoted: bool = False

    def forms(self) -> tuple[tuple[str, ...], ...]:
        """The clause's token sequences: its own, then its alternatives."""
        return (self.tokens, *self.alts)


@dataclass
class Query:
    """A parsed query: OR of groups, each group an AND of clauses."""

    text: str
    groups: list[list[Clause]] = field(default_factory=list)
    number_key: str | None = None
    marked: tuple[str, ...] = ()  # the words typed with marks (`marked_words`), once each
    _plan: list[tuple[list[list[str]], list[list[str]], list[Clause]]] | None = field(
        default=None, repr=False, compare=False
    )

    def plan(self) -> list[tuple[list[list[str]], list[list[str]], list[Clause]]]:
        """Per group, worked out once: each clause's needles, each phrase unit's needles, clauses."""
        if self._plan is None:
            self._plan = [
                (
                    [clause_needles(c) for c in g],
                    [
                        [" " + " ".join(f) + ("" if p else " ") for f, p in unit_forms(u)]
                        for u in phrase_units(g)
                    ],
                    g,
                )
                for g in self.groups
            ]
        return self._plan

    @property
    def empty(self) -> bool:
        return not any(self.groups)

    def clauses(self) -> list[Clause]:
        """Every clause of every group, once."""
        seen: dict[Clause, None] = {}
        for group in self.groups:
            for clause in group:
                seen.setdefault(clause, None)
        return list(seen)


def parse_query(text: str) -> Query:
    """Parse the search box text into a `Query` (see the module docstring)."""
    query = Query(text=text, number_key=looks_like_number(text))
    if query.number_key:  # one document number: the phrase of its parts
        query.groups.append([Clause(tuple(TOKEN.findall(query.number_key)))])
        return query
    group: list[Clause] = []
    marked: dict[str, None] = {}
    for m in _QUERY_PART.finditer(text):
        phrase, star, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            if group:
                query.groups.append(_expand(group))
            group = []
            continue
        raw = phrase if phrase is not None else word
        prefix = bool(star) or raw.rstrip().endswith("*")
        toks = tuple(t for t in tokens(raw) if t != GAP)
        if toks:
            marked.update(dict.fromkeys(marked_words(raw)))
            clause = Clause(toks, prefix, quoted=phrase is not None, alts=_short_alts(raw, toks, prefix))
            if clause not in group:
                group.append(clause)
    if group:
        query.groups.append(_expand(group))
    query.marked = tuple(marked)
    return query


def _short_alts(raw: str, toks: tuple[str, ...], prefix: bool) -> tuple[tuple[str, ...], ...]:
    """A typed word that is a short form: its long forms."""
    if prefix:
        return ()
    typed = unicodedata.normalize("NFC", raw.strip('"'))
    caps = typed.isupper()
    found = [a for a in abbreviations() if a.short == toks and (caps or not a.caps)]
    exact = [a for a in found if unify_tone(a.printed).upper() == unify_tone(typed).upper()]
    return tuple(a.long for a in exact or found)  # `TƯ` is Trung ương, `TU` Tỉnh ủy, `DU` Đảng ủy


def _expand(group: list[Clause]) -> list[Clause]:
    """Unquoted words spelling a long form (`ủy ban nhân dân`) become one clause with the short
    form as an alternative (`ubnd`)."""
    longs = sorted({a.long for a in abbreviations() if not a.oneway}, key=lambda long: (-len(long), long))
    out: list[Clause] = []
    i = 0
    while i < len(group):
        for long in longs:
            n = len(long)
            run = group[i : i + n]
            if (
                n > 1
                and len(run) == n
                and all(len(c.tokens) == 1 and not c.quoted and not c.prefix and not c.alts for c in run)
                and tuple(c.tokens[0] for c in run) == long
            ):
                alts = tuple(a.short for a in abbreviations() if a.long == long and not a.oneway)
                out.append(Clause(long, alts=alts))
                i += n
                break
        else:
            out.append(group[i])
            i += 1
    return out


MAX_PHRASE_FORMS = 16  # alternatives multiply in a phrase unit: beyond this, the unit's own words only


def phrase_units(group: list[Clause]) -> list[list[Clause]]:
    """The group's clauses as typed next to each other: runs of unquoted clauses (a prefix ends its
    run) and each quoted phrase alone. The phrase tier asks each run as one phrase."""
    units: list[list[Clause]] = []
    run: list[Clause] = []
    for c in group:
        if c.quoted:
            if run:
                units.append(run)
                run = []
            units.append([c])
            continue
        run.append(c)
        if c.prefix:
            units.append(run)
            run = []
    if run:
        units.append(run)
    return units


def unit_forms(unit: list[Clause]) -> list[tuple[tuple[str, ...], bool]]:
    """The token sequences a phrase unit can take (alternatives multiplied), with its prefix flag."""
    forms: list[tuple[str, ...]] = [()]
    for c in unit:
        forms = [f + alt for f in forms for alt in c.forms()]
        if len(forms) > MAX_PHRASE_FORMS:
            forms = [tuple(t for c2 in unit for t in c2.tokens)]
            break
    return [(f, unit[-1].prefix and f[-len(unit[-1].tokens) :] == unit[-1].tokens) for f in forms]


def single_unit(query: Query) -> bool:
    """Every group is one phrase unit: the phrase tier is the whole match (no tiers to tell)."""
    return all(len(phrase_units(g)) == 1 and len(g) == 1 for g in query.groups)


def fts5_row(toks: list[str]) -> str:
    """The string an FTS5 row receives: tokens joined by spaces (positions = token indexes)."""
    return " ".join(toks)


_POSITIONS = [str(i) for i in range(16384)]  # PostgreSQL keeps positions 1..16383


def tsvector_literal(toks: list[str]) -> str:
    """The same tokens as a `tsvector` literal with explicit positions (GAP tokens skip a position)."""
    positions: dict[str, list[str]] = {}
    get = positions.get
    for i, tok in enumerate(toks[:16383], start=1):
        found = get(tok)
        if found is None:
            positions[tok] = [_POSITIONS[i]]
        else:
            found.append(_POSITIONS[i])
    for tok in toks[16383:]:  # past the last position PostgreSQL keeps (chunks stay below it)
        positions.setdefault(tok, []).append("16383")
    positions.pop(GAP, None)
    return " ".join([f"{tok}:{','.join(pos)}" for tok, pos in positions.items()])


def chunk_tokens(node_tokens: list[list[str]]) -> list[list[str]]:
    """A document's tokens for document-level search: nodes separated by GAP, cut into chunks
    of at most CHUNK_POSITIONS positions (at node boundaries where possible)."""
    return [toks for toks, _ in chunk_layout(node_tokens)]


def chunk_layout(node_tokens: list[list[str]]) -> list[tuple[list[str], list[int]]]:
    """`chunk_tokens` with, for each chunk, the indexes of the nodes it holds (a giant node cut in
    pieces is in each of its chunks)."""
    chunks: list[tuple[list[str], list[int]]] = []
    current: list[str] = []
    members: list[int] = []
    for i, toks in enumerate(node_tokens):
        if not toks:
            continue
        if current and len(current) + 1 + len(toks) > CHUNK_POSITIONS:
            chunks.append((current, members))
            current, members = [], []
        if current:
            current.append(GAP)
        while len(toks) > CHUNK_POSITIONS:  # one giant node: cut it
            chunks.append((toks[:CHUNK_POSITIONS], [i]))
            toks = toks[CHUNK_POSITIONS:]
        current.extend(toks)
        members.append(i)
    if current:
        chunks.append((current, members))
    return chunks


def chunk_marks(node_texts: list[str], node_tokens: list[list[str]]) -> list[str]:
    """`marks_row` of each chunk of `chunk_layout(node_tokens)`."""
    return [marks_row([node_texts[i] for i in members]) for _, members in chunk_layout(node_tokens)]


def node_tokens_row(toks: list[str]) -> str:
    """`nodes.tokens`: the node's tokens, space-separated, with a space at each end."""
    return f" {' '.join(toks)} "


def clause_needle(c: Clause) -> str:
    """The clause as a substring of `node_tokens_row(…)` (a prefix leaves the end open)."""
    return " " + " ".join(c.tokens) + ("" if c.prefix else " ")


def clause_needles(c: Clause) -> list[str]:
    """`clause_needle` of the clause and of each alternative."""
    return [clause_needle(c), *(" " + " ".join(a) + " " for a in c.alts)]


def _form_pattern(toks: tuple[str, ...], prefix: bool) -> str:
    parts = [re.escape(t) for t in toks]
    if prefix:
        parts[-1] += "[0-9a-z]*"
    return r"(?<![0-9a-z])" + r"[^0-9a-z]+".join(parts) + r"(?![0-9a-z])"


def clause_pattern(c: Clause) -> re.Pattern[str]:
    """A regex finding the clause (or an alternative) in folded text, with the index's adjacency."""
    forms = [_form_pattern(c.tokens, c.prefix), *(_form_pattern(a, False) for a in c.alts)]
    return re.compile("|".join(f"(?:{f})" for f in forms))


def _unit_pattern(unit: list[Clause]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_form_pattern(f, p)})" for f, p in unit_forms(unit)))


NEAR = 10
"""Words of a query found in one node with at most this many other words between them are near."""


def _positions(toks: list[str], c: Clause) -> list[tuple[int, int]]:
    """(start, end) token positions of the clause (or an alternative) in a node's tokens."""
    out: list[tuple[int, int]] = []
    for form in c.forms():
        n = len(form)
        prefix = c.prefix and form == c.tokens
        head = form[0]
        starts = (
            [i for i, t in enumerate(toks) if t.startswith(head)]
            if prefix and n == 1
            else [i for i, t in enumerate(toks) if t == head]
        )
        for i in starts:
            if n == 1:
                out.append((i, i + 1))
            elif (
                i + n <= len(toks)
                and toks[i + 1 : i + n - 1] == list(form[1:-1])
                and (toks[i + n - 1].startswith(form[-1]) if prefix else toks[i + n - 1] == form[-1])
            ):
                out.append((i, i + n))
    return sorted(out)


def node_tier(node_tokens: str, query: Query) -> int:
    """How a node holds the query: 3 some group's phrase units each as a phrase, 2 all its clauses
    near each other (NEAR), 1 all its clauses anywhere in the node, 0 not all of them.
    `node_tokens` is `nodes.tokens` (folded tokens, space-separated)."""
    padded = f" {' '.join(node_tokens.split())} "
    best = 0
    toks: list[str] | None = None
    for clause_needles_, unit_needles, g in query.plan():
        if not all(any(n in padded for n in needles) for needles in clause_needles_):
            continue
        if all(any(n in padded for n in needles) for needles in unit_needles):
            return 3
        if toks is None:
            toks = padded.split()
        spots = [_positions(toks, c) for c in g]
        best = max(best, 2 if _window(spots) <= NEAR + sum(len(c.tokens) for c in g) else 1)
    return best


def _window(spots: list[list[tuple[int, int]]]) -> int:
    """The fewest token positions covering one occurrence of each clause."""
    events = sorted((s, e, k) for k, occ in enumerate(spots) for s, e in occ)
    best = 1 << 30
    last: dict[int, tuple[int, int]] = {}
    for s, e, k in events:
        last[k] = (s, e)
        if len(last) == len(spots):
            lo = min(a for a, _ in last.values())
            hi = max(b for _, b in last.values())
            best = min(best, hi - lo)
    return best


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Character spans of `text` (NFC) where the query matches, in order (the index's token
    adjacency). The words as typed next to each other are marked where they occur so (`Đức Trọng`,
    not `đạo đức` and `trọng tâm` apart); words typed with marks are marked where printed with
    them when they are (`trọng`, not `trong`)."""
    folded_text = folded(text)
    spans: list[tuple[int, int]] = []
    for g in query.groups:
        for unit in phrase_units(g):
            found = [m.span() for m in _unit_pattern(unit).finditer(folded_text)]
            if not found and len(unit) > 1:  # not as typed: each word where it is
                found = [m.span() for c in unit for m in clause_pattern(c).finditer(folded_text)]
            spans.extend(_prefer_marked(text, found, query.marked))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:  # overlapping hits, and hits one space apart, read as one highlight
        if merged and (s <= merged[-1][1] or (s - merged[-1][1] == 1 and text[s - 1] == " ")):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _prefer_marked(text: str, spans: list[tuple[int, int]], marked: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans printing every typed marked word they hold as typed, when some do; else all."""
    if not marked or not spans:
        return spans
    folds = {fold(w): w for w in marked}

    def exact(span: tuple[int, int]) -> bool:
        words = marked_words(text[span[0] : span[1]])
        plain = {fold(w) for w in _MARKED_WORD.findall(text[span[0] : span[1]].lower())}
        return all(w in words for f, w in folds.items() if f in plain)

    best = [s for s in spans if exact(s)]
    return best or spans


def snippet(text: str, query: Query, width: int = 220) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the densest matches, and the match spans inside that window."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    spans = match_spans(text, query)
    if not spans:
        cut = text[:width]
        return (cut + "…" if len(text) > width else cut), []
    best_start, best_count = spans[0][0], 0
    for s, _ in spans:  # the window starting near each hit that holds the most hits
        count = sum(1 for a, b in spans if a >= s - width // 4 and b <= s - width // 4 + width)
        if count > best_count:
            best_start, best_count = s, count
    start = max(0, best_start - width // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    prefix = "…" if start > 0 else ""
    window = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return window, inside


def mark(snippet_text: str, highlights: list[tuple[int, int]], before: str, after: str) -> str:
    """The snippet with each highlight wrapped in `before` … `after` (no escaping)."""
    out, pos = [], 0
    for a, b in highlights:
        out.append(snippet_text[pos:a])
        out.append(before + snippet_text[a:b] + after)
        pos = b
    out.append(snippet_text[pos:])
    return "".join(out)
