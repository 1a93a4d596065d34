"""Compare a parsed `Document` with an expected output written by reading the original.

Shared by the tests on the real corpus and `benchmarks/parse_fixtures.py` (a plain module, like
`support.py`). The expected schema is `tests/fixtures/expected/FIXTURES.md` (tests/fixtures/expected/real);
the samples' fixtures (tests/fixtures/expected/parse and refs) are mapped onto the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from kehoach.model import Document
from kehoach.vntext import fold
from support import FIXTURES, SAMPLES, load_fixture

REAL = FIXTURES / "expected" / "real"
CORPUS_REAL = Path("/work/shared/corpus/real")

HEADER_FIELDS = (
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "title",
)
SIGNER_FIELDS = ("authority", "position", "name")
CLOSING_FIELDS = ("recipients", "filing")
STRUCTURAL = {"bullet", "plus"}


def norm(value: object) -> str | None:
    """Folded, whitespace-collapsed, no space before a comma or a full stop (a typist's `VT , Tài
    chính` is `VT, Tài chính`), end punctuation dropped: how two values are compared."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", fold(str(value).replace("**", "")))
    text = re.sub(r" ([,;:.])", r"\1", text).strip(" .,;:")
    return text or None


def number_key(ns: str | None) -> str | None:
    """A citation's number compared without spaces or leading zeros (`05-CT/TW` = `5-CT/TW`)."""
    if not ns:
        return None
    key = re.sub(r"\s+", "", fold(ns))
    return re.sub(r"^0+(?=\d)", "", key)


def _label(label: str) -> str:
    return re.sub(r"[\s.:)\-–]", "", fold(label))


def _starts(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text or ""))[:10]


def expected_header(exp: dict) -> dict[str, object]:
    """Header, signer and closing values of an expected output, flattened."""
    out: dict[str, object] = {k: exp.get(k) for k in HEADER_FIELDS}
    signer = exp.get("signer") or {}
    for k in SIGNER_FIELDS:
        out[f"signer.{k}"] = signer.get(k)
    recipients = exp.get("recipients") or []
    out["recipients"] = [r["name"] if isinstance(r, dict) else r for r in recipients]
    out["filing"] = exp.get("filing")
    return out


def got_header(doc: Document) -> dict[str, object]:
    out: dict[str, object] = {k: getattr(doc, k) for k in HEADER_FIELDS}
    for k in SIGNER_FIELDS:
        out[f"signer.{k}"] = getattr(doc.signer, k)
    # one entry per printed line (FIXTURES.md): a recipient's `+` lines (its offices, kept as `parts`)
    # are lines of their own
    out["recipients"] = [line for r in doc.recipients for line in (r.name, *r.parts)]
    out["filing"] = doc.filing
    return out


def field_right(name: str, exp: object, got: object) -> bool:
    if name == "recipients":
        return sorted(filter(None, map(norm, exp or []))) == sorted(filter(None, map(norm, got or [])))
    if name in ("filing",):
        return (norm(exp) or "").replace("luu:", "luu") == (norm(got) or "").replace("luu:", "luu")
    return norm(exp) == norm(got)


def outline_rows(nodes) -> list[tuple[str, str, str]]:
    rows = []
    for root in nodes:
        for n in root.walk():
            if n.kind not in STRUCTURAL:
                rows.append((_label(n.label), n.kind, _starts(n.text)))
    return rows


def expected_rows(items: list[dict]) -> list[tuple[str, str, str]]:
    return [(_label(r["label"]), r["kind"], _starts(r.get("starts"))) for r in items]


def _lcs(a: list, b: list) -> int:
    """Length of the longest common subsequence (rows equal on label, kind and opening words)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


@dataclass
class Score:
    """One document's comparison."""

    name: str
    split: str
    fields: dict[str, bool] = field(default_factory=dict)
    outline: tuple[int, int, int] = (0, 0, 0)  # matched, expected, got
    citations: tuple[int, int, int] = (0, 0, 0)  # matched, expected, got
    relations: tuple[int, int] = (0, 0)  # right relation among matched, matched
    named: tuple[int, int, int] | None = None  # programmes named without a number: matched, expected, got
    misses: list[str] = field(default_factory=list)
    error: str | None = None


def _cited(doc: Document) -> list:
    """The documents cited: not the document's own number, not a programme named without a number."""
    # (getattr: the benchmarks score code of earlier sessions too, whose references lack the flag)
    return [r for r in doc.references if r.relation != "self" and not getattr(r, "programme", False)]


def _named(doc: Document) -> list[str]:
    """The programmes, projects … named without a number (FIXTURES.md, session 9)."""
    return [r.title or r.key for r in doc.references if getattr(r, "programme", False)]


def _score_named(expected: list[str], got: list[str], misses: list[str]) -> tuple[int, int, int]:
    """Names matched one to one by their words (token set ratio ≥ 85), as `_match_citation` does."""
    left = list(got)
    matched = 0
    for name in expected:
        scores = [fuzz.token_set_ratio(norm(name) or "", norm(g) or "") for g in left]
        best = max(range(len(left)), key=scores.__getitem__, default=None)
        if best is None or scores[best] < 85:
            misses.append(f"named missed: {name}")
            continue
        matched += 1
        left.pop(best)
    misses.extend(f"named extra: {g}" for g in left)
    return matched, len(expected), len(got)


def _match_citation(exp: dict, got: list) -> object | None:
    key = number_key(exp.get("number_symbol"))
    if key:
        for r in got:
            if number_key(r.number_symbol) == key:
                return r
        return None
    if str(exp.get("key") or "").startswith("named:"):  # the samples' fixtures name the key itself
        return next((r for r in got if r.key == exp["key"]), None)
    name = norm(exp.get("name"))
    if name:
        best, best_score = None, 0.0
        for r in got:
            if r.number_symbol:
                continue
            # a partial citation (`Quy định 57`) is named by its type and number
            cand = norm(r.title or (f"{r.doc_type} {r.number}" if r.number else "")) or ""
            s = fuzz.token_set_ratio(name, cand) if cand else 0.0
            if s > best_score:
                best, best_score = r, s
        return best if best_score >= 85 else None
    # a citation with a blank number: same type and date
    for r in got:
        if (
            not r.number_symbol
            and norm(r.doc_type) == norm(exp.get("doc_type"))
            and r.date == exp.get("date")
        ):
            return r
    return None


def score(name: str, split: str, exp: dict, doc: Document | None, error: str | None = None) -> Score:
    """Compare one document with its expected output (all wrong when it could not be read)."""
    s = Score(name=name, split=split, error=error)
    exp_h = expected_header(exp)
    got_h = got_header(doc) if doc else dict.fromkeys(exp_h)
    for k, v in exp_h.items():
        s.fields[k] = field_right(k, v, got_h.get(k))
        if not s.fields[k]:
            s.misses.append(f"{k}: {v!r} ≠ {got_h.get(k)!r}")
    if "outline" not in exp and "citations" not in exp:  # a header-only fixture (a fresh set)
        return s
    exp_rows = expected_rows(exp.get("outline") or [])
    for annex in exp.get("annexes") or []:
        exp_rows += expected_rows(annex.get("outline") or [])
    got_rows: list = []
    if doc:
        got_rows = outline_rows(doc.outline)
        for annex in doc.annexes:
            got_rows += outline_rows(annex.outline)
    scope = exp.get("outline_scope") or "all"
    if scope != "all":  # long documents list some levels only: compare those levels
        kinds = {r[1] for r in exp_rows}
        got_rows = [r for r in got_rows if r[1] in kinds]
    s.outline = (_lcs(exp_rows, got_rows), len(exp_rows), len(got_rows))
    exp_cites = exp.get("citations") or []
    got_cites = _cited(doc) if doc else []
    matched, right_rel, used = 0, 0, set()
    for c in exp_cites:
        r = _match_citation(c, [g for g in got_cites if id(g) not in used])
        if r is None:
            s.misses.append(f"citation missed: {c.get('number_symbol') or c.get('name')}")
            continue
        used.add(id(r))
        matched += 1
        right_rel += r.relation == c.get("relation")
        if r.relation != c.get("relation"):
            s.misses.append(
                f"relation: {c.get('number_symbol') or c.get('name')}: {r.relation} ≠ {c.get('relation')}"
            )
    for g in got_cites:
        if id(g) not in used:
            s.misses.append(f"citation extra: {g.number_symbol or g.title or g.key}")
    s.citations = (matched, len(exp_cites), len(got_cites))
    s.relations = (right_rel, matched)
    if "named" in exp:  # sets written since session 9 list the programmes named without a number
        s.named = _score_named(exp["named"] or [], _named(doc) if doc else [], s.misses)
    return s


def dir_fixtures(folder: Path) -> list[tuple[str, dict]]:
    """(name, expected) of every `*.json` in `folder`; each names its original (`file`) beside it."""
    import json

    out = []
    for path in sorted(folder.glob("*.json")):
        exp = json.loads(path.read_text(encoding="utf-8"))
        if "file" in exp:
            out.append((path.stem, exp))
    return out


def real_fixtures(split: str) -> list[tuple[str, dict]]:
    """(name, expected) of the real corpus' fixtures of one split ("dev" or "heldout")."""
    import json

    out = []
    for path in sorted(REAL.glob("*.json")):
        exp = json.loads(path.read_text(encoding="utf-8"))
        if exp.get("split") == split:
            out.append((path.stem, exp))
    return out


def sample_fixtures() -> list[tuple[str, dict, Path]]:
    """The four samples' fixtures mapped onto the real-corpus schema."""
    out = []
    for key, path in SAMPLES.items():
        p = load_fixture(f"expected/parse/{key}.json")
        r = load_fixture(f"expected/refs/{key}.json")
        exp = {k: p.get(k) for k in HEADER_FIELDS}
        exp["signer"] = p.get("signer")
        exp["recipients"] = p.get("recipients")
        exp["filing"] = p.get("filing")
        exp["outline"] = p.get("outline") or []
        exp["annexes"] = [{"outline": a.get("outline") or []} for a in p.get("annexes") or []]
        exp["citations"] = [
            {**c, "name": c.get("title")} for c in r["citations"] if c.get("kind") != "incomplete"
        ]
        out.append((key, exp, path))
    return out
