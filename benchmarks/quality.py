"""Is the quality score honest? Per field, the share right among documents it calls good and doubtful.

Every document with an expected output written by reading (the four samples and the real
corpus split named by `--split`, default samples and dev) is parsed; each header field is
compared with the expected value (as `benchmarks/parse_fixtures.py` does) and the documents are
grouped by the parser's own verdict (`Quality.doubtful`: score under 0.8, a doubt on the reading
or on a field). An honest score has fields right far more often in the good group; a field the
card lists to check (`Quality.check`) should be wrong more often than one it does not list, and
a field the card presents as read (neither listed nor shown blank) is the figure a clerk relies on.
Documents that cannot be read yet are left out (counted in the first table).

    .venv/bin/python benchmarks/quality.py [--split samples,dev]
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

# the quality's field names for the fields compared
CHECK_NAME = {
    "signer.authority": "signer",
    "signer.position": "signer",
    "signer.name": "signer",
    "number": "number_symbol",
    "symbol": "number_symbol",
    "issuer_parent": "issuer",
    "filing": "recipients",
}


def _shown_blank(doc, field: str) -> bool:
    """The card shows the field empty (not found): a clerk sees there is nothing to trust."""
    value = doc
    for part in field.split("."):
        value = getattr(value, part, None)
    return value in (None, "", [])


def _docs(splits: list[str]):
    for split in splits:
        if split == "samples":
            for key, exp, path in fs.sample_fixtures():
                yield split, key, exp, process_file(path)
            continue
        folder = Path(split)  # a folder of originals with expected outputs beside them
        fixtures, base = (
            (fs.dir_fixtures(folder), folder)
            if folder.is_dir()
            else (fs.real_fixtures(split), fs.CORPUS_REAL)
        )
        for name, exp in fixtures:
            try:
                doc = process_file(base / exp["file"])
            except KehoachError:
                doc = None
            yield split, name, exp, doc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="samples,dev")
    args = ap.parse_args()
    console = Console(width=150)
    groups: dict[str, dict[str, list[int]]] = {"good": {}, "doubtful": {}}
    listed: dict[str, list[int]] = {
        "listed to check": [0, 0],
        "shown blank": [0, 0],
        "presented as read": [0, 0],
    }
    docs = {"good": 0, "doubtful": 0, "unread": 0}
    rows = []
    for split, name, exp, doc in _docs(args.split.split(",")):
        if doc is None:
            docs["unread"] += 1
            continue
        verdict = "doubtful" if doc.quality.doubtful else "good"
        docs[verdict] += 1
        s = fs.score(name, split, exp, doc)
        right = sum(s.fields.values())
        rows.append(
            (
                split,
                name,
                f"{doc.quality.score:.2f}",
                verdict,
                f"{right}/{len(s.fields)}",
                ", ".join(doc.quality.check) or "—",
            )
        )
        for field, ok in s.fields.items():
            g = groups[verdict].setdefault(field, [0, 0])
            g[0] += ok
            g[1] += 1
            if CHECK_NAME.get(field, field) in doc.quality.check:
                flag = "listed to check"
            elif _shown_blank(doc, field):
                flag = "shown blank"
            else:
                flag = "presented as read"
            listed[flag][0] += ok
            listed[flag][1] += 1
    t = Table(title="documents: the parser's verdict and fields right")
    for col in ("split", "document", "score", "verdict", "fields right", "to check"):
        t.add_column(col)
    for r in rows:
        t.add_row(*r)
    console.print(t)
    ft = Table(
        title=f"share right per field — good: {docs['good']} docs, doubtful: {docs['doubtful']}, "
        f"unread (left out): {docs['unread']}"
    )
    ft.add_column("field")
    ft.add_column("good", justify="right")
    ft.add_column("doubtful", justify="right")
    for field in dict.fromkeys([*groups["good"], *groups["doubtful"]]):
        cells = []
        for v in ("good", "doubtful"):
            ok, n = groups[v].get(field, [0, 0])
            cells.append(f"{ok / n:.0%} ({ok}/{n})" if n else "—")
        ft.add_row(field, *cells)
    tot = {v: [sum(x[0] for x in groups[v].values()), sum(x[1] for x in groups[v].values())] for v in groups}
    ft.add_row("[bold]all fields", *(f"{a / b:.0%} ({a}/{b})" if b else "—" for a, b in tot.values()))
    console.print(ft)
    for flag, (ok, n) in listed.items():
        console.print(f"fields {flag} on the card: {ok / n:.0%} right ({ok}/{n})" if n else "")


if __name__ == "__main__":
    main()
