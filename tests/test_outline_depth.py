"""Outlines stay shallow whatever the input: numbers whose parent is not printed are siblings.

Issue 10 item 3: `1.1. / 1.2. / 2.1.` with no printed `1.` used to nest each item under the
previous one, so 1,000 items ended in a RecursionError and a few hundred broke the JSON API.
"""

from __future__ import annotations

import json

from kehoach.model import Node
from kehoach.parse.outline import build_outline
from kehoach.parse.paragraphs import split_paragraphs
from kehoach.pipeline import process_text

HEAD = "KẾ HOẠCH\nThử bố cục dài\n\n"
N = 10_000


def _depth(nodes: list[Node]) -> int:
    deepest, stack = 0, [(n, 1) for n in nodes]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in node.children)
    return deepest


def _sub_items(n: int) -> str:
    """`1.1.`, `1.2.` … `1.99.`, `2.1.` …: second-level numbers, no first-level one printed."""
    return "\n".join(f"{k // 99 % 99 + 1}.{k % 99 + 1}. Nội dung việc thứ {k}." for k in range(n))


def test_sibling_numbers_without_printed_parent_are_siblings():
    doc = process_text(HEAD + "I. NHIỆM VỤ\n1.1. Việc một.\n1.2. Việc hai.\n2.1. Việc ba.\n")
    (section,) = doc.outline
    assert [c.label for c in section.children] == ["1.1.", "1.2.", "2.1."]
    assert all(not c.children for c in section.children)
    assert [c.id for c in section.children] == ["I.1.1", "I.1.2", "I.2.1"]


def test_printed_parent_still_nests():
    doc = process_text(HEAD + "I. NHIỆM VỤ\n1. Việc.\n1.1. Việc con.\n1.2. Việc con hai.\n2. Việc khác.\n")
    (section,) = doc.outline
    assert [c.label for c in section.children] == ["1.", "2."]
    assert [c.label for c in section.children[0].children] == ["1.1.", "1.2."]


def test_ten_thousand_chained_sub_items_parse_and_serialise():
    doc = process_text(HEAD + _sub_items(N) + "\n")
    nodes = list(doc.nodes())
    assert len(nodes) == N
    assert _depth(doc.outline) == 1
    data = doc.to_public_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["outline"][-1]["label"] == nodes[-1].label


def test_ten_thousand_letters_without_parent_are_siblings():
    letters = "abcdeghiklmnopqrstuvxy"
    body = "\n".join(f"{letters[k % len(letters)]}) Điểm thứ {k}." for k in range(N))
    outline, _loose = build_outline(split_paragraphs(body))  # as in an annex: no number above them
    assert sum(1 for root in outline for _ in root.walk()) == N
    assert _depth(outline) == 1


def test_depth_is_bounded_on_mixed_deep_input():
    block = "I. Phần\n1. Mục\n1.1. Tiểu mục\n1.1.1. Ý\n1.1.1.1. Ý nhỏ\na) Điểm\n- Gạch\n+ Cộng\n"
    doc = process_text(HEAD + block * 2000)
    assert _depth(doc.outline) <= 8
    json.dumps(doc.to_public_dict(), ensure_ascii=False)
