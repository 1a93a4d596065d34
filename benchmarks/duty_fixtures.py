"""Duty extraction against duty lists written by reading the plans, per plan and in total.

The lists are the ones the tests use (tests/fixtures/expected/duties_samples for the four samples,
tests/fixtures/expected/duties for the real corpus: the held-out plan is measured only with
`--heldout`, once, never while writing rules), or a folder of your own: `--dir LISTS --originals
TEXTS` takes every `LISTS/NAME.json` and reads the plan `TEXTS/NAME.*`. Entries are paired by unit
(folded) and outline label (`tests/duty_score.py`); recall and precision of the entries, then the
share of paired entries with the right role, number of duties and deadline.

    .venv/bin/python benchmarks/duty_fixtures.py [--heldout] [--dir LISTS --originals TEXTS]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from duty_score import _key, score  # noqa: E402
from kehoach.errors import KehoachError  # noqa: E402
from kehoach.pipeline import process_file  # noqa: E402
from kehoach.tracking.duties import extract_duties  # noqa: E402

EXPECTED = ROOT / "tests" / "fixtures" / "expected"
SAMPLES = ROOT / "examples" / "corpus"
REAL = Path("/work/shared/corpus/real")
HELD_OUT = {"tnt-kh1026-2025-ubnd-nghean"}


def _cases(args: argparse.Namespace) -> list[tuple[str, str, Path, Path | None]]:
    """(group, name, expected list, original) of every plan to measure."""
    cases = []
    if args.dir:
        for lst in sorted(Path(args.dir).glob("*.json")):
            original = next(
                (f for f in Path(args.originals).glob(lst.stem + ".*") if f.suffix != ".json"), None
            )
            cases.append((Path(args.dir).name, lst.stem, lst, original))
        return cases
    for lst in sorted((EXPECTED / "duties_samples").glob("*.json")):
        cases.append(("samples", lst.stem, lst, next(SAMPLES.glob(lst.stem + ".*"), None)))
    for lst in sorted((EXPECTED / "duties").glob("*.json")):
        held = lst.stem in HELD_OUT
        if held and not args.heldout:
            continue
        cases.append(("heldout" if held else "dev", lst.stem, lst, next(REAL.glob(lst.stem + ".*"), None)))
    return cases


def _near(expected: list[dict], got: list) -> int:
    """Entries paired by unit with labels on one branch of the outline (`II.1.1` and `II.1.1.b`, the
    sub-item where a block prints its units): how many a reader would call found, labels aside."""
    pool = list(got)
    n = 0
    for exp in expected:
        label = exp["label"]
        for g in pool:
            same_branch = (
                g.node_id == label or g.node_id.startswith(label + ".") or label.startswith(g.node_id + ".")
            )
            if same_branch and _key(g.unit) == _key(exp["unit"]):
                pool.remove(g)
                n += 1
                break
    return n


COLUMNS = (
    "group",
    "plan",
    "expected",
    "found",
    "paired",
    "recall",
    "precision",
    "near",
    "role",
    "count",
    "deadline",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heldout", action="store_true", help="also the held-out plan (measure once, last)")
    ap.add_argument("--dir", help="a folder of duty lists NAME.json")
    ap.add_argument("--originals", help="the folder holding each plan NAME.* (with --dir)")
    ap.add_argument("--misses", action="store_true", help="print the entries missed and extra")
    args = ap.parse_args()
    console = Console(width=150)
    table = Table(title="duties vs lists written by reading")
    for col in COLUMNS:
        table.add_column(col, justify="left" if col in ("group", "plan") else "right")
    totals: dict[str, list[int]] = {}
    for group, name, lst, original in _cases(args):
        expected = json.loads(lst.read_text(encoding="utf-8"))
        if original is None:
            table.add_row(group, name, str(len(expected)), "—", "original not found")
            continue
        try:
            got = extract_duties(process_file(original))
        except KehoachError as exc:
            table.add_row(group, name, str(len(expected)), "—", exc.code)
            continue
        s = score(expected, got)
        near = _near(expected, got)
        t = totals.setdefault(group, [0] * 7)
        for i, v in enumerate((s.expected, s.found, s.matched, near, s.role_ok, s.count_ok, s.deadline_ok)):
            t[i] += v
        table.add_row(
            group, name, str(s.expected), str(s.found), str(s.matched), f"{s.recall:.2f}", f"{s.precision:.2f}",
            str(near), f"{s.role_ok}/{s.matched}", f"{s.count_ok}/{s.matched}", f"{s.deadline_ok}/{s.matched}",
        )  # fmt: skip
        if args.misses:
            for m in s.missing:
                console.print(f"  {name} missed: {m}", markup=False)
            for m in s.extra:
                console.print(f"  {name} extra: {m}", markup=False)
    for group, (e, f, m, near, r, c, d) in totals.items():
        table.add_section()
        table.add_row(
            group, "ALL", str(e), str(f), str(m), f"{m / e:.2f}" if e else "—", f"{m / f:.2f}" if f else "—",
            str(near), f"{r}/{m}", f"{c}/{m}", f"{d}/{m}",
        )  # fmt: skip
    console.print(table)
    console.print(
        "near: entries paired by unit on one branch of the outline (the reader labelled the item, the"
        " extractor the sub-item where the block prints its units, or the other way round)."
    )


if __name__ == "__main__":
    main()
