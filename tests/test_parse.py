"""The parser against expected outputs written by reading the four sample documents."""

from __future__ import annotations

import pytest

from kehoach.model import Document, Node
from support import load_fixture

KEYS = ["000", "001", "002", "004"]
HEADER_FIELDS = [
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "title",
]


def _numbered(nodes: list[Node]) -> list[Node]:
    out = []
    for root in nodes:
        out.extend(n for n in root.walk() if n.kind not in ("bullet", "plus"))
    return out


def _bullets(node: Node) -> int:
    return sum(1 for c in node.children if c.kind == "bullet")


def _pluses(node: Node) -> int:
    """`+` lines directly under the node or under its own bullets (not under sub-items)."""
    direct = [c for c in node.children if c.kind == "plus"]
    nested = [g for c in node.children if c.kind == "bullet" for g in c.children if g.kind == "plus"]
    return len(direct) + len(nested)


def _outline_rows(nodes: list[Node]) -> list[dict]:
    return [
        {
            "id": n.id,
            "label": n.label,
            "kind": n.kind,
            "starts": n.text[:25].strip(),
            "bullets": _bullets(n),
            "plus": _pluses(n),
        }
        for n in _numbered(nodes)
    ]


def _expected_rows(rows: list[dict]) -> list[dict]:
    return [{**r, "starts": r["starts"].strip()} for r in rows]


@pytest.mark.parametrize("key", KEYS)
def test_header_fields(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    for name in HEADER_FIELDS:
        assert getattr(doc, name) == exp[name], name


@pytest.mark.parametrize("key", KEYS)
def test_inferred_and_missing(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    assert set(doc.inferred) == set(exp["inferred"])
    for name in exp["missing"]:
        assert getattr(doc, name) is None, name
    for name in exp["inferred"]:
        assert doc.inferred[name].source in ("preamble", "body", "signature", "annex")
        assert 0 < doc.inferred[name].confidence < 1


@pytest.mark.parametrize("key", KEYS)
def test_implements(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    if exp["implements"] is None:
        assert doc.implements is None
    else:
        got = doc.implements.model_dump(include={"number_symbol", "date", "issuer"})
        assert got == exp["implements"]


@pytest.mark.parametrize("key", KEYS)
def test_closing(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    assert doc.signer.model_dump(include={"authority", "position", "name"}) == exp["signer"]
    assert [{"name": r.name, "purpose": r.purpose} for r in doc.recipients] == exp["recipients"]
    assert doc.filing == exp["filing"]


@pytest.mark.parametrize("key", KEYS)
def test_outline(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    got, want = _outline_rows(doc.outline), _expected_rows(exp["outline"])
    assert [r["id"] for r in got] == [r["id"] for r in want]
    for g, w in zip(got, want, strict=True):
        assert g == w, g["id"]


@pytest.mark.parametrize("key", KEYS)
def test_annexes(parsed_samples: dict[str, Document], key: str) -> None:
    doc, exp = parsed_samples[key], load_fixture(f"expected/parse/{key}.json")
    assert len(doc.annexes) == len(exp["annexes"])
    for annex, want in zip(doc.annexes, exp["annexes"], strict=True):
        assert annex.title == want["title"]
        assert annex.number_symbol == want["number_symbol"]
        assert annex.date == want["date"]
        assert _outline_rows(annex.outline) == _expected_rows(want["outline"])


@pytest.mark.parametrize("key", KEYS)
def test_spans_point_at_the_words(parsed_samples: dict[str, Document], key: str) -> None:
    """Every node's span starts at its printed label, in the normalized and in the raw text."""
    doc = parsed_samples[key]
    assert doc.raw_text is not None
    for node in doc.nodes(annexes=True):
        start, end = node.span
        assert doc.text[start:end].startswith(node.label.rstrip(".-)")[:1])
        assert node.text.split("\n")[0][:20] in doc.text[start:end]
        rs, re_ = node.raw_span
        raw = doc.raw_text[rs:re_]
        assert raw.lstrip().startswith(node.label[:1]), (node.id, raw[:30])


def test_parent_keeps_the_verb(parsed_samples: dict[str, Document]) -> None:
    """`Thực hiện Kế hoạch …` implements; `căn cứ Kế hoạch …` is the parent plan it is based on."""
    assert parsed_samples["000"].implements.relation == "implements"
    assert parsed_samples["002"].implements.relation == "implements"
    assert parsed_samples["004"].implements.relation == "based_on"


def test_quality_summary_names_what_to_check(parsed_samples: dict[str, Document]) -> None:
    assert parsed_samples["000"].quality.score == 1.0
    q = parsed_samples["001"].quality
    assert set(q.missing) == {"number_symbol", "date", "place"}
    assert q.guessed == ["issuer"]
    assert 0 < q.score < 1
    assert any("number_symbol" in w for w in parsed_samples["001"].warnings)


def test_values_are_repaired(parsed_samples: dict[str, Document]) -> None:
    for doc in parsed_samples.values():
        assert "\u01a3" not in doc.text and "**" not in doc.text
        assert doc.to_public_dict()["signer"]["name"] == doc.signer.name
    assert parsed_samples["000"].signer.name == "Lương Văn Mừng"
