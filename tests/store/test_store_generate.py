"""The generated corpus: deterministic, parseable plans that cite each other, few near-duplicates."""

from __future__ import annotations

import itertools
from collections import Counter

from kehoach.testing.generate import generate_corpus


def test_deterministic_and_varied() -> None:
    a = list(generate_corpus(40, seed=5))
    assert a == list(generate_corpus(40, seed=5))
    assert a != list(generate_corpus(40, seed=6))
    assert len({text for _, text in a}) == 40
    assert len({name for name, _ in a}) == 40


def test_parses_into_plans_with_headers_and_citations() -> None:
    from kehoach.pipeline import process_text

    docs = [process_text(text, path=name) for name, text in generate_corpus(60, seed=1, dup_rate=0.0)]
    assert all(d.outline and d.title for d in docs)
    assert sum(1 for d in docs if d.number_symbol and d.issuer and d.date) >= 55
    assert sum(1 for d in docs if d.implements and d.implements.number_symbol) >= 55
    numbers = {d.number_symbol for d in docs}
    assert any(d.implements.number_symbol in numbers for d in docs if d.implements)  # real cascades
    assert len(Counter(d.issuer for d in docs)) > 20


def test_near_duplicates_only_where_intended() -> None:
    from kehoach.pipeline import process_text
    from kehoach.store.neardup import LINK_THRESHOLD, from_bytes
    from kehoach.store.prepare import prepare_document

    corpus = list(generate_corpus(120, seed=2, dup_rate=0.05))
    sigs = {
        name: from_bytes(prepare_document(process_text(t, path=name), "sqlite").minhash) for name, t in corpus
    }
    linked = {
        (a, b) for a, b in itertools.combinations(sigs, 2) if sigs[a].jaccard(sigs[b]) >= LINK_THRESHOLD
    }
    variants = [n for n in sigs if not n.endswith("_plan.txt")]
    assert variants
    assert all(any(v in pair for pair in linked) for v in variants)  # every copy finds its original
    assert all(not (a.endswith("_plan.txt") and b.endswith("_plan.txt")) for a, b in linked)
