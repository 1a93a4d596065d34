"""Dump the parse of every corpus file as JSON, and diff two dumps: a speed change must change nothing.

    .venv/bin/python scripts/parse_snapshot.py dump OUT_DIR [--generated 200]
    .venv/bin/python scripts/parse_snapshot.py diff OLD_DIR NEW_DIR

`dump` parses (normalize → parse → refs, `kehoach.pipeline.process_raw`) every file under
/work/shared/corpus/seeds and /work/shared/corpus/real, the bundled samples, and `--generated` plans
of `kehoach.testing.generate` (seed 7, with their damage), and writes one JSON file per document:
the whole `Document` minus the step timings. Raw text is read once and kept in `--raw-cache`
(reading, OCR included, is not what a parse change touches; delete the cache after a reader change).
`diff` lists every document whose JSON differs (first differing line shown) and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import pickle
import sys
from pathlib import Path

from kehoach.errors import KehoachError
from kehoach.ingest import RawText, read_file
from kehoach.pipeline import process_raw

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [Path("/work/shared/corpus/seeds"), Path("/work/shared/corpus/real"), ROOT / "examples" / "corpus"]
DEFAULT_CACHE = Path("/tmp/kehoach-parse-snapshot-raw")


def _raw(path: Path, cache: Path) -> RawText | str:
    """The file's raw text (cached by content), or the reader's error code."""
    data = path.read_bytes()
    key = cache / f"{hashlib.sha256(data).hexdigest()}.pickle"
    if key.exists():
        return pickle.loads(key.read_bytes())
    try:
        raw: RawText | str = read_file(path)
    except KehoachError as exc:
        raw = f"error: {exc.code}"
    cache.mkdir(parents=True, exist_ok=True)
    key.write_bytes(pickle.dumps(raw))
    return raw


def _inputs(generated: int, cache: Path):  # noqa: ANN202
    for folder in SOURCES:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "README.md"):
            yield (
                f"{folder.name}__{path.relative_to(folder)}".replace("/", "__"),
                _raw(path, cache),
                str(path),
            )
    if generated:
        from kehoach.testing.generate import generate_corpus

        for name, text in generate_corpus(generated, seed=7):
            data = text.encode("utf-8")
            raw = RawText(text=text, format="txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            raw.encoding = "utf-8"
            yield f"generated__{name}", raw, name


def dump(out: Path, generated: int, cache: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, raw, path in _inputs(generated, cache):
        if isinstance(raw, str):
            data: object = raw
        else:
            doc = process_raw(raw, path=path)
            data = doc.model_dump(mode="json")
            data["source"].pop("timings", None)  # type: ignore[index]
        (out / f"{name}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        )
        n += 1
    print(f"{n} documents dumped to {out}")


def diff(old: Path, new: Path) -> int:
    a = {p.name for p in old.glob("*.json")}
    b = {p.name for p in new.glob("*.json")}
    bad = 0
    for name in sorted(a ^ b):
        print(f"only in {'old' if name in a else 'new'}: {name}")
        bad += 1
    for name in sorted(a & b):
        x, y = (old / name).read_text(), (new / name).read_text()
        if x != y:
            bad += 1
            first = next(
                (line for line in difflib.unified_diff(x.splitlines(), y.splitlines(), lineterm="", n=0)
                 if line[:1] in "+-" and not line.startswith(("+++", "---"))),
                "",
            )  # fmt: skip
            print(f"differs: {name}: {first[:200]}")
    print(f"{len(a & b)} documents compared, {bad} differences")
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--generated", type=int, default=200)
    d.add_argument("--raw-cache", type=Path, default=DEFAULT_CACHE)
    c = sub.add_parser("diff")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.generated, args.raw_cache)
    else:
        sys.exit(diff(args.old, args.new))


if __name__ == "__main__":
    main()
