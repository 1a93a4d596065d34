"""Bounded load test of the web app on 127.0.0.1: document, search and compare pages at 10,000 documents.

Builds (once, cached under the temp dir) a SQLite store of `--n` generated plans
(`kehoach.testing.generate`), starts the real app as `kehoach serve --no-auth` runs it (uvicorn,
`--workers` processes, default one per core) in a child process on a free 127.0.0.1 port, then
sends a fixed number of requests per page from `--clients` concurrent httpx clients. Prints p50/p95/max latency and errors per page next to the baseline
(`/healthz`, no store access) measured in the same run. Target: p95 < 150 ms for the document
and search pages.

    .venv/bin/python benchmarks/web_load.py [--n 10000] [--requests 200] [--clients 4] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

QUERIES = [
    "xay dung dang",
    "xây dựng Đảng",
    "tuyên truyền",
    "he thong chinh tri",
    '"công tác tuyên truyền"',
    "nghi quyet dai hoi",
    "Huyện uỷ",
    "thong tin*",
    "bao chi OR phat thanh",
    "cán bộ, đảng viên",
    "kiem tra giam sat",
    "chuyển đổi số",
]
TARGET_MS = 150.0


def build_store(n: int, seed: int, db: Path) -> None:
    """Generate `n` plans (cached as files) and ingest them into the SQLite store at `db` (once)."""
    from kehoach.store import open_store
    from kehoach.testing.generate import write_corpus

    store = open_store(f"sqlite:///{db}")
    have = store.count_documents()
    if have >= n:
        print(f"kho có sẵn: {db} ({have} văn bản)")
        store.close()
        return
    corpus = Path(tempfile.gettempdir()) / f"kehoach-web-load-corpus-{n}-{seed}"
    t0 = time.perf_counter()
    if len(list(corpus.glob("*.txt"))) < n:
        write_corpus(corpus, n, seed)
    t1 = time.perf_counter()
    report = store.ingest_paths([corpus], jobs=os.cpu_count() or 2)
    t2 = time.perf_counter()
    print(
        f"tạo {n} văn bản: {t1 - t0:.1f} s; nạp: {t2 - t1:.1f} s "
        f"({len(report.stored)} lưu, {len(report.skipped)} trùng, {len(report.failed)} lỗi)"
    )
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    """The real app as `kehoach serve` runs it (no accounts: 127.0.0.1), in a child process."""
    cmd = [sys.executable, "-c", "from kehoach.cli import app; app()", "serve", "--db", f"sqlite:///{db}"]
    cmd += ["--no-auth", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("máy chủ không khởi động được")


def plan_urls(db: Path, requests: int, seed: int) -> dict[str, list[str]]:
    """A fixed list of URLs per page, drawn from the store (same seed, same URLs)."""
    from kehoach.store import open_store
    from kehoach.web.backend import Backend

    rng = random.Random(seed)
    store = open_store(f"sqlite:///{db}")
    backend = Backend(store)
    total = store.count_documents(all_versions=False)
    ids = [
        s.id for p in range(1, 3) for s in store.list_documents({}, sort="id", page=p, page_size=500).items
    ]
    ids += [s.id for s in store.list_documents({}, sort="-id", page=1, page_size=500).items]
    pairs: list[tuple[int, int]] = []
    for i in rng.sample(ids, min(len(ids), 300)):
        stored = store.get_document(i)
        parent = backend.parent_id(stored.document) if stored else None
        if parent:
            pairs.append((parent, i))
        if len(pairs) >= 20:
            break
    store.close()
    print(f"kho: {total} văn bản hiện hành; {len(pairs)} cặp cấp trên – cấp dưới để so sánh")
    urls = {
        "baseline /healthz": ["/healthz"] * requests,
        "danh sách /documents": [f"/documents?page={rng.randint(1, 20)}" for _ in range(requests)],
        "văn bản /documents/{id}": [f"/documents/{rng.choice(ids)}" for _ in range(requests)],
        "tìm kiếm /search": [
            f"/search?q={httpx.QueryParams({'q': rng.choice(QUERIES)})['q']}" for _ in range(requests)
        ],
        "API /api/search": [f"/api/search?q={rng.choice(QUERIES)}" for _ in range(requests)],
    }
    if pairs:
        urls["so sánh /compare"] = [
            "/compare?parent={}&child={}".format(*rng.choice(pairs)) for _ in range(max(20, requests // 4))
        ]
    return urls


async def run_page(base: str, urls: list[str], clients: int) -> tuple[list[float], int]:
    """Send `urls` from `clients` concurrent clients; latencies in ms and the error count."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for u in urls:
        queue.put_nowait(u)
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while not queue.empty():
                url = queue.get_nowait()
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += not ok

    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="generated documents in the store")
    ap.add_argument("--requests", type=int, default=200, help="requests per page")
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, default=None, help="store file (default: cached in the temp dir)")
    ap.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server processes (default: as `kehoach serve`, one per core)",
    )
    args = ap.parse_args()

    db = args.db or Path(tempfile.gettempdir()) / f"kehoach-web-load-{args.n}-{args.seed}.db"
    build_store(args.n, args.seed, db)
    urls = plan_urls(db, args.requests, args.seed)
    port = free_port()
    proc = start_server(db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(run_page(base, [u for v in urls.values() for u in v[:5]], 2))  # warm up
        rows = []
        for page, page_urls in urls.items():
            t0 = time.perf_counter()
            lat, errors = asyncio.run(run_page(base, page_urls, args.clients))
            rows.append(
                (
                    page,
                    len(lat),
                    errors,
                    pct(lat, 50),
                    pct(lat, 95),
                    max(lat),
                    len(lat) / (time.perf_counter() - t0),
                )
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    from kehoach.web.server import default_workers

    workers = args.workers or default_workers()
    print(f"\n{args.n} văn bản, {args.clients} client đồng thời, {workers} tiến trình máy chủ, 127.0.0.1")
    print(
        f"{'trang':28} {'số yêu cầu':>10} {'lỗi':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'yêu cầu/s':>10}"
    )
    for page, n, err, p50, p95, mx, rps in rows:
        print(f"{page:28} {n:>10} {err:>5} {p50:>8.1f} {p95:>8.1f} {mx:>8.1f} {rps:>10.1f}")
    failed = False
    for page, _, err, _, p95, _, _ in rows:
        if err:
            print(f"LỖI: {page}: {err} yêu cầu không thành công")
            failed = True
        if page.startswith(("văn bản", "tìm kiếm")):
            verdict = "đạt" if p95 < TARGET_MS else "CHƯA ĐẠT"
            print(f"mục tiêu p95 < {TARGET_MS:.0f} ms — {page}: {p95:.1f} ms: {verdict}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
