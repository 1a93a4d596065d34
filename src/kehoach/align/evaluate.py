"""Score an alignment against an expected one written by hand (tests/fixtures/expected/align).

Fixture format: `child_units` is a list of {`child`, `parents`, `relation`, `maybe`?, `note`?}.
`parents` are the links a reader requires; `maybe` are links a reader accepts but does not
require (neither counted as found nor as false). A unit whose reading is `added` but that has
`maybe` parents also accepts `adapted` when the aligner links it to those parents only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.model.alignment import Alignment


@dataclass
class Metrics:
    """Link precision/recall/F1 and relation accuracy of one aligned pair of documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    relations_ok: int = 0
    relations_total: int = 0
    false_links: list[tuple[str, str]] = field(default_factory=list)
    missed_links: list[tuple[str, str]] = field(default_factory=list)
    wrong_relations: list[tuple[str, str, str]] = field(default_factory=list)
    """(child id, expected, predicted)"""
    missing_units: list[str] = field(default_factory=list)
    """Child unit ids of the fixture that the alignment does not have (an outline id mismatch)."""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def relation_accuracy(self) -> float:
        return self.relations_ok / self.relations_total if self.relations_total else 1.0

    def summary(self) -> str:
        """One line: P, R, F1, relation accuracy."""
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"relations={self.relation_accuracy:.3f} ({self.relations_ok}/{self.relations_total}) "
            f"tp={self.tp} fp={self.fp} fn={self.fn}"
        )


def evaluate_links(predicted: dict[str, tuple[list[str], str]], expected: list[dict]) -> Metrics:
    """Compare predicted {child id: (parent ids, relation)} with fixture rows."""
    m = Metrics()
    for row in expected:
        cid = row["child"]
        required = set(row.get("parents", []))
        maybe = set(row.get("maybe", []))
        if cid not in predicted:
            m.missing_units.append(cid)
            m.fn += len(required)
            m.missed_links += [(cid, p) for p in sorted(required)]
            m.relations_total += 1
            m.wrong_relations.append((cid, row["relation"], "—"))
            continue
        parents, relation = predicted[cid]
        got = set(parents)
        m.tp += len(got & required)
        false = got - required - maybe
        missed = required - got
        m.fp += len(false)
        m.fn += len(missed)
        m.false_links += [(cid, p) for p in sorted(false)]
        m.missed_links += [(cid, p) for p in sorted(missed)]
        ok = relation == row["relation"] or (
            row["relation"] == "added" and relation == "adapted" and bool(got) and got <= maybe
        )
        m.relations_total += 1
        if ok:
            m.relations_ok += 1
        else:
            m.wrong_relations.append((cid, row["relation"], relation))
    known = {row["child"] for row in expected}
    for cid, (parents, _rel) in predicted.items():
        if cid not in known:  # a unit the fixture does not know: its links are all false
            m.fp += len(parents)
            m.false_links += [(cid, p) for p in parents]
    return m


def evaluate(alignment: Alignment, fixture: dict) -> Metrics:
    """Score an `Alignment` against a fixture dict."""
    predicted = {p.child_id: (p.parent_ids, p.relation) for p in alignment.pairs}
    return evaluate_links(predicted, fixture["child_units"])
