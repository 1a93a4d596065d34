"""Parent accuracy and candidate recall of a cascade against a synthetic corpus's truth."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.cascade.model import Cascade
from kehoach.identity import number_key


@dataclass
class Score:
    documents: int
    correct: int
    wrong: int
    none: int
    versions: int
    versions_correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.documents if self.documents else 0.0

    @property
    def version_accuracy(self) -> float:
        return self.versions_correct / self.versions if self.versions else 1.0


def _ns(text: str | None) -> str:
    return number_key(text) or ""


def score_cascade(c: Cascade, truth: dict[str, dict], *, in_corpus_only: bool = False) -> Score:
    """Per final document: is the true parent among its predicted parents?

    A parent in the corpus must be that file (or a version folded into it); a parent outside
    the corpus must be a placeholder with its number. `in_corpus_only` scores only documents
    whose parent is in the corpus (text evidence cannot name a missing document).
    """
    by_file = {Path(n.source_path).name: n for n in c.nodes.values() if n.source_path}
    parents: dict[str, list[str]] = {}
    for e in c.edges:
        parents.setdefault(e.child, []).append(e.parent)
    s = Score(0, 0, 0, 0, 0, 0)
    for name, row in truth.items():
        node = by_file.get(name)
        if node is None:
            continue
        if row["version_of"]:
            s.versions += 1
            head = by_file.get(row["version_of"])
            s.versions_correct += head is not None and node.version_of == head.id
            continue
        if in_corpus_only and not row["parent_file"]:
            continue
        s.documents += 1
        got = parents.get(node.id, [])
        if not got:
            s.none += 1
            continue
        if row["parent_file"]:
            want = by_file.get(row["parent_file"])
            ok = want is not None and (
                want.id in got or (want.version_of is not None and want.version_of in got)
            )
        else:
            ok = any(
                c.nodes[p].missing and _ns(c.nodes[p].number_symbol) == _ns(row["parent_number_symbol"])
                for p in got
            )
        s.correct += ok
        s.wrong += not ok
    return s
