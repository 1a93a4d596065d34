"""Compare extracted duties with an expected list written by reading (tests/fixtures/expected/FIXTURES.md shape)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.tracking.duties import DutyEntry
from kehoach.vntext import fold


def _key(unit: str) -> str:
    return " ".join(fold(unit).replace(",", " ").split())


def _printed(node_id: str) -> str:
    """The node id as the printed labels spell it: a section printed twice with one label (`IV.` …
    `IV.`) is `IV~2` in kehoach's ids, `IV` in a list written by reading."""
    return re.sub(r"~\d+", "", node_id)


def _prefix(text: str, n: int = 30) -> str:
    return " ".join(fold(text).split())[:n]


@dataclass
class DutyScore:
    expected: int = 0
    found: int = 0
    matched: int = 0  # same unit (folded) at the same label
    role_ok: int = 0
    count_ok: int = 0  # same number of duties
    text_ok: int = 0  # every duty starts as expected
    deadline_ok: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0


def score(expected: list[dict], got: list[DutyEntry]) -> DutyScore:
    """Pair entries by (unit, label, first duty); count what agrees."""
    s = DutyScore(expected=len(expected), found=len(got))
    pool = list(got)
    for exp in expected:
        cands = [g for g in pool if _key(g.unit) == _key(exp["unit"]) and _printed(g.node_id) == exp["label"]]
        first = _prefix(exp["duties"][0])
        best = next((g for g in cands if g.duties and _prefix(g.duties[0]) == first), None)
        best = best or (cands[0] if cands else None)
        if best is None:
            s.missing.append(f"{exp['label']} {exp['unit']} ({exp['role']})")
            continue
        pool.remove(best)
        s.matched += 1
        s.role_ok += best.role == exp["role"]
        s.count_ok += len(best.duties) == len(exp["duties"])
        s.text_ok += len(best.duties) == len(exp["duties"]) and all(
            _prefix(a) == _prefix(b) for a, b in zip(best.duties, exp["duties"], strict=True)
        )
        want, have = exp["deadline"], best.deadline
        s.deadline_ok += (want is None and have is None) or (
            want is not None
            and have is not None
            and (_prefix(have, 12) in fold(want) or _prefix(want, 12) in fold(have))
        )
    s.extra = [f"{g.node_id} {g.unit} ({g.role})" for g in pool]
    return s
