"""What the search index holds and how a query reads: folded tokens, the query language, snippets.

Both backends index exactly the tokens produced here (ASCII `[0-9a-z]+` runs of
`vntext.fold` of the NFC text), so a query gives the same matches on SQLite
FTS5 and on PostgreSQL `tsvector`. `fold` is length preserving, so a token's
offsets in the folded text are its offsets in the real text: that is how hits
are highlighted in the text as printed.

Query language (the folded form is matched, so marks, `đ`/`d` and tone placement
never matter):
- `xây dựng Đảng`: every word must occur (AND);
- `"xây dựng Đảng"`: the words in this order (phrase);
- `xay*`: a word starting with `xay` (prefix; also at the end of a phrase);
- `a OR b`: either side;
- `40-KH/TU`: a word with inner punctuation is a phrase of its parts; a query
  that is one document number also finds the document and those that cite it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kehoach.identity import number_key
from kehoach.vntext import fold

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


def tokens(text: str) -> list[str]:
    """The folded word tokens the index holds for `text`."""
    return TOKEN.findall(folded(text))


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
    if len(folded_all) != len(joined):  # not length preserving (never on NFC text): one by one
        return [TOKEN.findall(fold(t)) for t in texts]
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


@dataclass(frozen=True)
class Clause:
    """One word (`tokens` of length 1) or phrase; `prefix` marks the last token as a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass
class Query:
    """A parsed query: OR of groups, each group an AND of clauses."""

    text: str
    groups: list[list[Clause]] = field(default_factory=list)
    number_key: str | None = None

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
    for m in _QUERY_PART.finditer(text):
        phrase, star, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            if group:
                query.groups.append(group)
            group = []
            continue
        raw = phrase if phrase is not None else word
        prefix = bool(star) or raw.rstrip().endswith("*")
        toks = tuple(t for t in tokens(raw) if t != GAP)
        if toks:
            clause = Clause(toks, prefix)
            if clause not in group:
                group.append(clause)
    if group:
        query.groups.append(group)
    return query


def fts5_clause(c: Clause) -> str:
    """One clause as an FTS5 string (tokens are [0-9a-z]+, safe inside quotes)."""
    return f'"{" ".join(c.tokens)}"' + ("*" if c.prefix else "")


def tsquery_clause(c: Clause) -> str:
    """One clause as `tsquery` text: a lexeme, or lexemes joined by `<->` (followed-by)."""
    parts = [f"'{t}'" for t in c.tokens]
    if c.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")" if len(parts) > 1 else parts[0]


def fts5_match(query: Query, *, any_clause: bool = False) -> str:
    """The FTS5 MATCH expression; `any_clause` ORs every clause."""
    if any_clause:
        return " OR ".join(fts5_clause(c) for c in query.clauses())
    return " OR ".join("(" + " ".join(fts5_clause(c) for c in g) + ")" for g in query.groups)


def tsquery(query: Query, *, any_clause: bool = False) -> str:
    """The same expression as PostgreSQL `tsquery` text (cast with `CAST(:q AS tsquery)`)."""
    if any_clause:
        return " | ".join(tsquery_clause(c) for c in query.clauses())
    return " | ".join("(" + " & ".join(tsquery_clause(c) for c in g) + ")" for g in query.groups)


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
    chunks: list[list[str]] = []
    current: list[str] = []
    for toks in node_tokens:
        if not toks:
            continue
        if current and len(current) + 1 + len(toks) > CHUNK_POSITIONS:
            chunks.append(current)
            current = []
        if current:
            current.append(GAP)
        while len(toks) > CHUNK_POSITIONS:  # one giant node: cut it
            chunks.append(toks[:CHUNK_POSITIONS])
            toks = toks[CHUNK_POSITIONS:]
        current.extend(toks)
    if current:
        chunks.append(current)
    return chunks


def node_tokens_row(toks: list[str]) -> str:
    """`nodes.tokens`: the node's tokens, space-separated, with a space at each end."""
    return f" {' '.join(toks)} "


def clause_needle(c: Clause) -> str:
    """The clause as a substring of `node_tokens_row(…)` (a prefix leaves the end open)."""
    return " " + " ".join(c.tokens) + ("" if c.prefix else " ")


def clause_pattern(c: Clause) -> re.Pattern[str]:
    """A regex finding the clause in folded text, with the index's token adjacency."""
    parts = [re.escape(t) for t in c.tokens]
    if c.prefix:
        parts[-1] += "[0-9a-z]*"
    return re.compile(r"(?<![0-9a-z])" + r"[^0-9a-z]+".join(parts) + r"(?![0-9a-z])")


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Character spans of `text` (NFC) where a clause of `query` matches, in order (the same token
    adjacency as the index: tokens are [0-9a-z]+ runs of the folded text)."""
    folded_text = folded(text)
    spans = sorted(m.span() for c in query.clauses() for m in clause_pattern(c).finditer(folded_text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:  # overlapping hits, and hits one space apart, read as one highlight
        if merged and (s <= merged[-1][1] or (s - merged[-1][1] == 1 and text[s - 1] == " ")):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


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
