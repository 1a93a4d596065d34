"""How the citation and duty steps' time grows on hostile inputs: texts that once made them quadratic.

    .venv/bin/python benchmarks/hostile.py [--sizes 1000,2000,4000]

Each input is built at every size and read by `extract_references` (citations and relations) or, for
the duty inputs, parsed and read by `extract_duties`; the table prints the seconds per size and the
growth from one size to the next (about 2 when the time grows with the text, about 4 when it grows with
its square). The baseline in the same run is the same text cut into sentences or items, which every
version read in linear time.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from kehoach.pipeline import process_bytes
from kehoach.refs import extract_references
from kehoach.tracking.duties import extract_duties

_SECTION = "\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"


def _subject_lines(n: int, sep: str = "\n") -> str:
    # letters' subject lines without a period, in a preamble: one unbroken clause
    line = "V/v đề xuất giải pháp tháo gỡ vướng mắc trong việc triển khai Nghị định số {}/2025/NĐ-CP"
    return "Kính gửi: Bộ Tài chính\n" + sep.join(line.format(i) for i in range(1, n + 1)) + _SECTION


def _one_clause(n: int, sep: str = " ") -> str:
    # one basis clause naming n documents, each after its own verb, quotes between
    parts = (f"triển khai Nghị định số {i}/2025/NĐ-CP “nội dung”" for i in range(1, n + 1))
    return "Thực hiện " + sep.join(parts) + _SECTION


def _one_sentence(n: int, sep: str = "; ") -> str:
    # one `Căn cứ` sentence listing n decisions
    parts = (f"Quyết định số {i}/QĐ-UBND ngày 05/11/2025 của Ủy ban nhân dân tỉnh" for i in range(n))
    return "Căn cứ " + sep.join(parts) + "." + _SECTION


_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 12/KH-UBND\nHà Tĩnh, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\n"
    "Triển khai thực hiện\nI. MỤC ĐÍCH\n1. Nâng cao.\nII. TỔ CHỨC THỰC HIỆN\n"
)


def _task_rows(n: int, sep: str = "| ") -> str:
    # a task table pasted as text (`| 1 | … |` rows): one paragraph of the section to the duty reader
    rows = (
        f"{sep}{i} | Tổ chức hội nghị {i} | Sở Ngành {i} | Sở Tài chính | Tháng {i % 12 + 1}/2026 |"
        for i in range(n)
    )
    return _HEAD + "\n".join(rows) + "\n"


INPUTS: list[tuple[str, Callable[..., str], str]] = [
    ("subject lines, no period", _subject_lines, ".\n"),
    ("one clause, n verbs", _one_clause, ". "),
    ("one sentence, n decisions", _one_sentence, ". Căn cứ "),
]
DUTY_INPUTS: list[tuple[str, Callable[..., str], str]] = [("task table as text (duties)", _task_rows, "1. ")]


def _seconds(text: str) -> float:
    start = time.perf_counter()
    extract_references(text)
    return time.perf_counter() - start


def _duty_seconds(text: str) -> float:
    doc = process_bytes(text.encode(), "hostile.txt")
    start = time.perf_counter()
    extract_duties(doc)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,2000,4000")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    table = Table(title="hostile inputs (seconds; growth per doubling)")
    table.add_column("input")
    for n in sizes:
        table.add_column(f"n={n:,}", justify="right")
    table.add_column("growth", justify="right")
    inputs = [(*x, _seconds) for x in INPUTS] + [(*x, _duty_seconds) for x in DUTY_INPUTS]
    for name, build, broken, seconds in inputs:
        for label, sep in ((name, None), (f"  baseline: {broken.strip() or 'blank'} between", broken)):
            times = [seconds(build(n) if sep is None else build(n, sep)) for n in sizes]
            growth = times[-1] / times[-2] if len(times) > 1 and times[-2] else 1.0
            table.add_row(label, *(f"{t:.2f}" for t in times), f"×{growth:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
