"""Citations: every document a plan cites, with its parts, relation and places.

- `extract_references(text)` works on normalized text alone (preamble and annexes guessed);
- `apply_references(doc)` uses the parsed `Document` (preamble, annexes, own number, outline
  spans) and fills `doc.references`.

Modules: `patterns` (vocabulary, regexes on folded text); `extract` (`find_mentions`: every
occurrence, running the grammars below in turn); `mention` (the `Mention` type, its key helpers);
`tail` (date, issuer, term after a citation); `anchors` (where citations may start, found fast);
the grammars `numbered` (by number: numbered, blank, partial), `resolutions` (congress and plenum
resolutions by name), `laws` (laws, codes, charters by name), `programmes` (programmes, projects,
regulations, master plans by name); `relation` (implements / based_on / mentions / self),
`kehoach.identity` (canonical keys), `merge` (occurrences → one `Reference` per cited document).
"""

from __future__ import annotations

from bisect import bisect_right

from kehoach.identity import base_key, numbered_key, parse_number_symbol
from kehoach.model.document import Document, Node
from kehoach.model.references import Reference
from kehoach.patterns import FORM_TITLE, year_of
from kehoach.refs.extract import find_mentions
from kehoach.refs.mention import Mention, mention_base, mention_year
from kehoach.refs.merge import build_references
from kehoach.refs.relation import Layout, classify, guess_annexes, guess_preamble, layout_from_text

__all__ = ["apply_references", "extract_references", "parse_user_key"]


def _own_from_mentions(mentions: list[Mention], layout: Layout) -> None:
    """The document's own number from its header (`Số 39-KH/ĐUK`) when nobody told us."""
    for m in mentions:
        base = mention_base(m)
        if m.header and base:
            layout.own.append((base, mention_year(m)))


def _references(text: str, layout: Layout) -> list[Reference]:
    mentions = find_mentions(text)
    _own_from_mentions(mentions, layout)
    # a form attached to the document is a blank template of another document: what it cites
    # (`Căn cứ Luật …`, `Quyết định số …/QĐ-UBND` with blanks) is not cited by this one
    mentions = [m for m in mentions if not m.header and not any(a <= m.start < b for a, b in layout.forms)]
    relations = classify(text, mentions, layout)
    return build_references(text, mentions, relations)


def extract_references(text: str) -> list[Reference]:
    """Every document cited in a normalized text, one `Reference` each, in order of first citation."""
    return _references(text, layout_from_text(text))


def parse_user_key(text: str) -> str | None:
    """A key (`kehoach.identity`) from what a user types: a key, a number symbol (`40-KH/TU`,
    `40-KH/TU@2022`), or a citation as printed (`Kế hoạch số 40-KH/TU ngày …`)."""
    text = text.strip()
    if text.startswith(("named:", "incomplete:", "partial:")):
        return text
    parsed = parse_number_symbol(text)
    if parsed:
        number, symbol, year = parsed
        return numbered_key(number, symbol, year if "@" in text else None)
    refs = extract_references(text)
    return refs[0].key if refs else None


def _layout(doc: Document) -> Layout:
    text = doc.text  # parts the parsed document lacks are guessed from the text alone
    layout = Layout()
    nodes = sorted((n.span for n in doc.outline if n.span), key=lambda s: s[0])
    first_node = nodes[0][0] if nodes else None
    if doc.preamble:
        at = text.find(doc.preamble.strip()[:60])
        if at >= 0:
            layout.preamble = (at, at + len(doc.preamble.strip()))
    if layout.preamble is None and first_node is not None:
        guessed_preamble = guess_preamble(text)
        start = guessed_preamble[0] if guessed_preamble else 0
        layout.preamble = (min(start, first_node), first_node)
    if layout.preamble is None:
        layout.preamble = guess_preamble(text)
    for annex in doc.annexes:
        if annex.span:
            layout.annexes.append(annex.span)
            heads = [n.span[0] for n in annex.outline if n.span]
            if FORM_TITLE.match(annex.title):
                layout.forms.append(annex.span)
            layout.annex_heads.append((annex.span[0], min(heads) if heads else annex.span[1]))
    if not doc.annexes:
        layout.annexes, layout.annex_heads = guess_annexes(text)
    if doc.number and doc.symbol:
        layout.own.append((base_key(doc.number, doc.symbol), year_of(doc.date)))
    elif doc.number_symbol:
        key = parse_user_key(doc.number_symbol)
        if key:
            layout.own.append((key.partition("@")[0], year_of(doc.date)))
    for annex in doc.annexes:
        if annex.number_symbol:
            key = parse_user_key(annex.number_symbol)
            if key:
                layout.own.append((key.partition("@")[0], year_of(annex.date)))
    return layout


def _nodes_in_order(doc: Document) -> list[Node]:
    """`doc.nodes(annexes=True)` as a list, walked with one stack instead of nested generators."""
    out: list[Node] = []
    for roots in [doc.outline, *(annex.outline for annex in doc.annexes)]:
        stack = roots[::-1]
        while stack:
            node = stack.pop()
            out.append(node)
            if node.children:
                stack.extend(node.children[::-1])
    return out


def _node_ids(doc: Document, refs: list[Reference]) -> None:
    """Fill each reference's `node_ids`: the innermost outline node holding each occurrence.

    A node's span covers its own text only (children follow it), so spans barely nest: the
    node that starts last before an occurrence is checked first, then a few before it.
    """
    if not refs:
        return
    spans = sorted(
        ((n.span[0], n.span[1], n.id) for n in _nodes_in_order(doc) if n.span and n.span[1] > n.span[0]),
        key=lambda x: (x[0], -x[1]),
    )
    starts = [s for s, _, _ in spans]
    for ref in refs:
        ids: list[str] = []
        for start, _end in ref.spans:
            best: tuple[int, str] | None = None
            i = bisect_right(starts, start)
            for s, e, node_id in reversed(spans[max(0, i - 8) : i]):
                if s <= start < e and (best is None or e - s < best[0]):
                    best = (e - s, node_id)
            if best and best[1] not in ids:
                ids.append(best[1])
        ref.node_ids = ids


def _raw_spans(doc: Document, refs: list[Reference]) -> None:
    if not doc.offset_map or doc.raw_text is None:
        return
    from kehoach.mapped import MappedText

    out, raw = zip(*doc.offset_map, strict=True)
    mapped = MappedText(doc.text, list(out), list(raw), len(doc.raw_text))
    for ref in refs:
        ref.raw_spans = [mapped.span_to_raw(s, e) for s, e in ref.spans]


def apply_references(doc: Document) -> Document:
    """Fill `doc.references` (relations, node ids, raw spans) from its normalized text; returns `doc`."""
    if not doc.text:
        doc.references = []
        return doc
    refs = _references(doc.text, _layout(doc))
    _node_ids(doc, refs)
    _raw_spans(doc, refs)
    doc.references = refs
    return doc
