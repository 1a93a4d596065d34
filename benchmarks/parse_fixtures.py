"""Parser accuracy against expected outputs written by reading the documents, per split.

Splits: `samples` (the four bundled plans, tests/fixtures/expected/parse + refs), `dev` and
`heldout` (the real corpus /work/shared/corpus/real, tests/fixtures/expected/real/*.json, split
named in each file). For each split: header fields right (type, number, issuer, superior body,
place, date, title, signer), closing (recipients, filing), outline F1 (label, kind and opening
words, in order), citation precision / recall, the share of right relations, and for the sets
that list them (`named`) the programmes named without a number, which are not citations.

Targets on the held-out split: header ≥ 95%, outline F1 ≥ 0.95, citations P and R ≥ 0.95.
Run the held-out split only to measure, never while writing rules. A folder of other documents
with expected outputs beside them (`NAME.json` naming its original in `file`; header and closing
fields only is enough) is measured the same way by giving its path as a split:

    .venv/bin/python benchmarks/parse_fixtures.py [--split samples,dev] [--misses]
    .venv/bin/python benchmarks/parse_fixtures.py --split /path/to/folder
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fixture_score as fs  # noqa: E402
from kehoach.errors import KehoachError  # noqa: E402
from kehoach.pipeline import process_file  # noqa: E402


def _run(split: str) -> list[fs.Score]:
    scores = []
    if split == "samples":
        for key, exp, path in fs.sample_fixtures():
            scores.append(fs.score(key, split, exp, process_file(path)))
        return scores
    folder = Path(split)
    if folder.is_dir():  # a folder of originals with expected outputs beside them (`--split DIR`)
        fixtures, base = fs.dir_fixtures(folder), folder
    else:
        fixtures, base = fs.real_fixtures(split), fs.CORPUS_REAL
    for name, exp in fixtures:
        path = base / exp["file"]
        try:
            doc, error = process_file(path), None
        except KehoachError as exc:
            doc, error = None, f"{exc.code}: {exc}"
        scores.append(fs.score(name, split, exp, doc, error))
    return scores


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "—"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="samples,dev", help="samples, dev, heldout (comma-separated)")
    ap.add_argument("--misses", action="store_true", help="print every wrong field and citation")
    args = ap.parse_args()
    console = Console(width=160)
    table = Table(title="kehoach parse vs expected outputs written by reading")
    for col in (
        "split",
        "docs",
        "unread",
        "header",
        "closing",
        "outline P",
        "outline R",
        "outline F1",
        "cit. P",
        "cit. R",
        "relations",
        "named P / R",
    ):
        table.add_column(col, justify="right")
    per_field: dict[str, dict[str, list[int]]] = {}
    for split in args.split.split(","):
        scores = _run(split.strip())
        head = [v for s in scores for k, v in s.fields.items() if k not in fs.CLOSING_FIELDS]
        close = [v for s in scores for k, v in s.fields.items() if k in fs.CLOSING_FIELDS]
        om, oe, og = (sum(s.outline[i] for s in scores) for i in range(3))
        cm, ce, cg = (sum(s.citations[i] for s in scores) for i in range(3))
        rr, rm = (sum(s.relations[i] for s in scores) for i in range(2))
        named = [s.named for s in scores if s.named is not None]  # sets that list the programmes named
        nm, ne, ng = (sum(n[i] for n in named) for i in range(3))
        p, r = (om / og if og else 0.0), (om / oe if oe else 0.0)
        table.add_row(
            split,
            str(len(scores)),
            str(sum(1 for s in scores if s.error)),
            f"{sum(head) / max(len(head), 1):.1%}",
            f"{sum(close) / max(len(close), 1):.1%}",
            f"{p:.3f}",
            f"{r:.3f}",
            f"{2 * p * r / (p + r) if p + r else 0:.3f}",
            _ratio(cm, cg),
            _ratio(cm, ce),
            _ratio(rr, rm),
            f"{_ratio(nm, ng)} / {_ratio(nm, ne)}" if named else "—",
        )
        for s in scores:
            for k, v in s.fields.items():
                per_field.setdefault(k, {}).setdefault(split, [0, 0])
                per_field[k][split][0] += v
                per_field[k][split][1] += 1
            if args.misses:
                console.print(
                    f"[bold]{split} {s.name}[/] outline {s.outline} citations {s.citations}"
                    + (f" named {s.named}" if s.named is not None else "")
                    + (f" [red]{s.error}[/]" if s.error else "")
                )
                for m in s.misses:
                    console.print(f"   {m[:220]}", markup=False)
    console.print(table)
    ft = Table(title="right per field (right / documents)")
    ft.add_column("field")
    splits = [s.strip() for s in args.split.split(",")]
    for split in splits:
        ft.add_column(split, justify="right")
    for k, by in per_field.items():
        ft.add_row(k, *(f"{by[s][0]}/{by[s][1]}" if s in by else "—" for s in splits))
    console.print(ft)


if __name__ == "__main__":
    main()
