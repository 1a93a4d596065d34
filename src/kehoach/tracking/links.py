"""Roll-up links derived from the alignment of a child plan to its parent plan.

A child plan (a district plan) implements its parent (the provincial plan): the aligner links
each child unit (an outline node: a heading, an item, a bullet) to the parent units it takes up.
The tracked items of a plan are the nodes its duties hang on (`duties.node_id`: "IV.2 Ban Tuyên
giáo Huyện ủy" with its bullets). A child item counts toward a parent item when some of its units
are aligned to units inside that parent item:

- each unit of the child item (the item's own node and every node below it) with aligned parents
  inside parent items gives one share, split equally among those parent items (a bullet merging
  IV.1.-2 and IV.6.-4 gives ½ to IV.1 and ½ to IV.6);
- the link's weight is the child item's shares for that parent item over the number of units of
  the child item: a district item whose every bullet takes up the provincial item counts fully
  (1.0), one whose single bullet out of four does counts for ⅛ or ¼;
- a child item may count toward several parent items (the weights of its links add up to the
  share of its units aligned at all); units aligned outside every parent item (sections I–III)
  and units aligned to nothing (added) give no link.

Plain functions over ids, so the hand-written alignments of tests/fixtures feed them as the
aligner's output does. `Tracker.derive_links` stores them (method `align`); a person's recorded
link (`Tracker.set_link`, method `manual`) is kept over every later derivation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kehoach.model.alignment import Alignment


@dataclass
class DerivedLink:
    """A child plan item counting toward a parent plan item, with its weight and the unit links
    (child unit, parent unit) it comes from."""

    parent_node: str
    child_node: str
    weight: float
    evidence: list[tuple[str, str]] = field(default_factory=list)


def enclosing_item(unit: str, items: set[str], outline_parent: Mapping[str, str | None]) -> str | None:
    """The tracked item a unit belongs to: itself or its nearest ancestor among `items`."""
    seen: set[str] = set()
    node: str | None = unit
    while node is not None and node not in seen:
        if node in items:
            return node
        seen.add(node)
        node = outline_parent.get(node)
    return None


def derive(
    unit_links: Iterable[tuple[str, list[str]]],
    child_parent: Mapping[str, str | None],
    parent_parent: Mapping[str, str | None],
    child_items: Iterable[str],
    parent_items: Iterable[str],
) -> list[DerivedLink]:
    """Links (parent item ← child item, weight) from unit links (child unit → its parent units).

    `child_parent` / `parent_parent`: outline parent of every unit of each plan (a unit absent
    from the map has none); `child_items` / `parent_items`: the tracked items of each plan."""
    c_items, p_items = set(child_items), set(parent_items)
    size: dict[str, int] = defaultdict(int)  # units per child item
    for unit in child_parent:
        item = enclosing_item(unit, c_items, child_parent)
        if item is not None:
            size[item] += 1
    share: dict[tuple[str, str], float] = defaultdict(float)
    evidence: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for child_unit, parents in unit_links:
        c_item = enclosing_item(child_unit, c_items, child_parent)
        if c_item is None:
            continue
        targets: dict[str, list[str]] = defaultdict(list)
        for p in parents:
            p_item = enclosing_item(p, p_items, parent_parent)
            if p_item is not None:
                targets[p_item].append(p)
        if not targets:
            continue
        n_parents = sum(len(v) for v in targets.values())
        for p_item, units in targets.items():
            share[(p_item, c_item)] += len(units) / n_parents
            evidence[(p_item, c_item)].extend((child_unit, p) for p in units)
    out = [
        DerivedLink(
            p_item, c_item, share[(p_item, c_item)] / max(size[c_item], 1), evidence[(p_item, c_item)]
        )
        for p_item, c_item in share
    ]
    return sorted(out, key=lambda link: (link.child_node, link.parent_node))


def derive_from_alignment(
    alignment: Alignment, child_items: Iterable[str], parent_items: Iterable[str]
) -> list[DerivedLink]:
    """`derive` on an `Alignment` (the aligner's units carry their outline parents)."""
    child_parent = {u.id: u.outline_parent for u in alignment.units.get("child", [])}
    parent_parent = {u.id: u.outline_parent for u in alignment.units.get("parent", [])}
    pairs = [(p.child_id, list(p.parent_ids)) for p in alignment.pairs if p.parent_ids]
    return derive(pairs, child_parent, parent_parent, child_items, parent_items)
