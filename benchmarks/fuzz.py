"""Coverage-guided fuzzing of the reader + parser with atheris (libFuzzer), for a fixed budget.

    .venv/bin/python benchmarks/fuzz.py [--seconds 60] [--max-len 20000]

Every input goes through `kehoach.pipeline.process_bytes` as a .txt file (encoding detection,
legacy-font conversion, normalization, parse, citations) and, every fourth input, as a .docx
(the zip/XML reader). A crash is any exception other than `KehoachError` (the clear, expected
failure of bad input). Seeds are the sample plans (examples/corpus). Prints the inputs tried,
the crashes found (each saved under build/fuzz-crashes/) and the rate.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
CRASH_DIR = ROOT / "build" / "fuzz-crashes"

with atheris.instrument_imports(include=["kehoach"]):
    from kehoach.errors import KehoachError
    from kehoach.pipeline import process_bytes

state = {"tried": 0, "crashes": 0, "not_a_plan": 0, "parsed": 0, "start": 0.0, "budget": 60.0}
seen_crashes: set[str] = set()


def report_and_exit() -> None:
    elapsed = time.monotonic() - state["start"]
    print()
    print(f"{'budget (s)':<24}{state['budget']:>10.0f}")
    print(f"{'inputs tried':<24}{state['tried']:>10}")
    print(f"{'parsed as documents':<24}{state['parsed']:>10}")
    print(f"{'refused (KehoachError)':<24}{state['not_a_plan']:>10}")
    print(f"{'crashes found':<24}{state['crashes']:>10}")
    print(f"{'inputs/s':<24}{state['tried'] / max(elapsed, 1e-9):>10.1f}")
    sys.stdout.flush()
    os._exit(1 if state["crashes"] else 0)


def one_input(data: bytes) -> None:
    if time.monotonic() - state["start"] > state["budget"]:
        report_and_exit()
    state["tried"] += 1
    name = "fuzz.docx" if state["tried"] % 4 == 0 else "fuzz.txt"
    try:
        process_bytes(data, name)
        state["parsed"] += 1
    except KehoachError:
        state["not_a_plan"] += 1
    except Exception as exc:  # a crash: keep the input, go on (count them all)
        key = f"{type(exc).__name__}:{traceback.extract_tb(exc.__traceback__)[-1][:2]}"
        state["crashes"] += 1
        if key not in seen_crashes:
            seen_crashes.add(key)
            CRASH_DIR.mkdir(parents=True, exist_ok=True)
            (CRASH_DIR / f"crash-{len(seen_crashes)}-{name}").write_bytes(data)
            print(f"\nCRASH {key}: {exc!r}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-len", type=int, default=20000)
    args = parser.parse_args()
    seeds = Path(tempfile.mkdtemp(prefix="kehoach-fuzz-"))
    for path in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
        (seeds / path.name).write_bytes(path.read_bytes()[: args.max_len])
    state["budget"] = args.seconds
    state["start"] = time.monotonic()
    atheris.Setup(
        [sys.argv[0], f"-max_len={args.max_len}", "-rss_limit_mb=4096", "-timeout=60", str(seeds)],
        one_input,
    )
    atheris.Fuzz()
    report_and_exit()  # the corpus ran out before the budget (libFuzzer -runs)


if __name__ == "__main__":
    main()
