"""What the PDF reader reads, before and after a change: every PDF's text compared with a base revision.

Reads every PDF of the real corpus (`KEHOACH_REAL_CORPUS`, default /work/shared/corpus/real), the
four samples rendered by `tests/render.py` and any PDFs under `--extra DIR` (e.g. the PDFs the
tests build, saved by a test run) with `read_bytes(ocr="never")`, once with this tree's
`src/` and once with the base revision's (`git archive REV src`, run in its own process), and
prints, per file, whether the text, page starts, warnings, method and encoding are the same;
a unified diff of the lines that differ. Speed is `benchmarks/read.py`'s business.

    .venv/bin/python benchmarks/read_compare.py [--base main] [--extra DIR]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("KEHOACH_REAL_CORPUS", "/work/shared/corpus/real"))
SAMPLES = sorted((ROOT / "examples" / "corpus").glob("00*.txt"))

DUMP = """
import json, sys
from pathlib import Path
from kehoach.errors import KehoachError
from kehoach.ingest import read_bytes
out = {}
for name in json.load(sys.stdin):
    data = Path(name).read_bytes()
    try:
        raw = read_bytes(data, Path(name).name, ocr="never")
        out[name] = {"text": raw.text, "pages": raw.page_starts, "warnings": raw.warnings,
                     "method": raw.method, "encoding": raw.encoding}
    except KehoachError as exc:
        out[name] = {"error": exc.code, "message": exc.message}
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def pdfs(tmp: Path, extra: list[Path]) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    import render

    files = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    if render.dejavu_available():
        for sample in SAMPLES:
            text = unicodedata.normalize("NFC", sample.read_text(encoding="utf-8")).replace("ƣ", "ư")
            files.append(render.build_pdf(text, tmp / f"sample-{sample.stem[:3]}.pdf"))
    for folder in extra:
        files += sorted(folder.rglob("*.pdf"))
    return files


def read_all(src: Path, files: list[Path]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", DUMP],
        input=json.dumps([str(f) for f in files]),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="a folder of more PDFs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "base"
        base.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.base, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        files = pdfs(tmp, args.extra)
        old, new = read_all(base / "src", files), read_all(ROOT / "src", files)
    same = 0
    for f in files:
        key = str(f)
        a, b = old[key], new[key]
        if a == b:
            same += 1
            continue
        print(f"== {f.name}: differs")
        for field in sorted(set(a) | set(b)):
            x, y = a.get(field), b.get(field)
            if x == y:
                continue
            if isinstance(x, str) and isinstance(y, str):
                diff = difflib.unified_diff(
                    x.splitlines(), y.splitlines(), args.base, "this tree", lineterm="", n=0
                )
                for line in list(diff)[2:80]:
                    print("   ", line)
            else:
                print(f"    {field}: {str(x)[:200]!r} → {str(y)[:200]!r}")
    print(f"{same} of {len(files)} PDFs read the same as {args.base}.")


if __name__ == "__main__":
    main()
