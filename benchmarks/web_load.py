"""Load test of the web app on 127.0.0.1: `--clients` concurrent clients for `--seconds` seconds on
10,000 documents, with uploads in parallel.

Builds (once, cached under the temp dir) a SQLite store of `--n` generated plans
(`kehoach.testing.generate`), starts the real app as `kehoach serve --no-auth` runs it (uvicorn,
`--workers` processes) in a child process on a free 127.0.0.1 port. Two phases, each
`--seconds` long, each with one more client uploading a new plan every `--upload-every` seconds:
1. mixed: each client picks a page at random (list, document, search page, search API, compare);
2. documents only: every client asks for document pages (the target: ≥ 200 requests/s on 2 cores,
   p95 < 150 ms).
Prints requests, errors, requests/s, p50/p95/max per page, the server's CPU time per request
(all its processes, from /proc: the per-core figure, steadier than rates on a shared machine), the
load average, the `/healthz` baseline measured in the same run, and the uploads: every file of
every upload job must end stored (0 lost). Exit status 1 on any error or lost upload.

`--compare DIR`: the same run first with the server of another source tree (DIR/src, e.g. a
worktree of main: the baseline), then with this one, each on a fresh copy of the same store.

    .venv/bin/python benchmarks/web_load.py [--n 10000] [--seconds 60] [--clients 20] [--workers N]
        [--compare /tmp/base-worktree] [--only-documents]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "002_f4e8c3708913dc0e.txt"

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
TARGET_RPS = 200


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


def start_server(
    db: Path, port: int, workers: int | None, src: Path | None = None
) -> subprocess.Popen[bytes]:
    """The real app as `kehoach serve` runs it (no accounts: 127.0.0.1), in a child process;
    `src`: the source tree whose code serves (default: this one)."""
    cmd = [sys.executable, "-c", "from kehoach.cli import app; app()", "serve", "--db", f"sqlite:///{db}"]
    cmd += ["--no-auth", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src / "src")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("máy chủ không khởi động được")


async def plan_urls(base: str, db: Path, seed: int) -> dict[str, list[str]]:
    """URLs per page, drawn from the store (same seed, same URLs)."""
    from kehoach.store import open_store

    rng = random.Random(seed)
    with open_store(f"sqlite:///{db}") as store:
        total = store.count_documents(all_versions=False)
        ids = [
            s.id
            for p in range(1, 3)
            for s in store.list_documents({}, sort="id", page=p, page_size=500).items
        ]
        ids += [s.id for s in store.list_documents({}, sort="-id", page=1, page_size=500).items]
    pairs: list[tuple[int, int]] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for i in rng.sample(ids, min(len(ids), 200)):
            parent = (await client.get("/api/compare/suggest", params={"child": i})).json().get("parent")
            if parent:
                pairs.append((parent, i))
            if len(pairs) >= 20:
                break
    print(f"kho: {total} văn bản hiện hành; {len(pairs)} cặp cấp trên – cấp dưới để so sánh")
    urls = {
        "danh sách /documents": [f"/documents?page={rng.randint(1, 20)}" for _ in range(500)],
        "văn bản /documents/{id}": [f"/documents/{rng.choice(ids)}" for _ in range(2000)],
        "tìm kiếm /search": [f"/search?{httpx.QueryParams({'q': rng.choice(QUERIES)})}" for _ in range(500)],
        "API /api/search": [
            f"/api/search?{httpx.QueryParams({'q': rng.choice(QUERIES)})}" for _ in range(500)
        ],
    }
    if pairs:
        urls["so sánh /compare"] = [
            "/compare?parent={}&child={}".format(*rng.choice(pairs)) for _ in range(100)
        ]
    return urls


class Tally:
    """Latencies and errors per page."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}

    def add(self, page: str, ms: float, ok: bool) -> None:
        self.latencies.setdefault(page, []).append(ms)
        self.errors[page] = self.errors.get(page, 0) + (not ok)


async def clients_for(
    base: str, pages: dict[str, list[str]], clients: int, seconds: float, seed: int
) -> Tally:
    """`clients` concurrent clients, each asking for a random page of `pages` until time is up."""
    tally = Tally()
    end = time.monotonic() + seconds
    names = list(pages)

    async def client_loop(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while time.monotonic() < end:
                page = rng.choice(names)
                url = rng.choice(pages[page])
                t0 = time.perf_counter()
                try:
                    ok = (await client.get(url)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                tally.add(page, (time.perf_counter() - t0) * 1000, ok)

    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return tally


class Uploads:
    """One more client: uploads a new plan (a unique variant of a sample) every `every` seconds."""

    def __init__(self, base: str, every: float) -> None:
        self.base, self.every = base, every
        self.jobs: list[str] = []
        self.sent = 0
        self.errors = 0
        self.latencies: list[float] = []
        self.text = SAMPLE.read_text(encoding="utf-8")

    async def run(self, seconds: float, tag: str) -> None:
        end = time.monotonic() + seconds
        async with httpx.AsyncClient(base_url=self.base, timeout=60) as client:
            token = (await client.get("/api/me")).json()["csrf_token"]
            while time.monotonic() < end:
                n = self.sent
                body = self.text.replace("72-KH/HU", f"{5000 + n}-KH/HU").replace(
                    "Đức Trọng", f"Đức Trọng {tag}{n}"
                )
                files = [("files", (f"tai-len-{tag}-{n}.txt", body.encode(), "text/plain"))]
                t0 = time.perf_counter()
                try:
                    r = await client.post("/api/upload", files=files, headers={"X-CSRF-Token": token})
                    ok = r.status_code == 202
                    if ok:
                        self.jobs.append(r.json()["id"])
                except httpx.HTTPError:
                    ok = False
                self.latencies.append((time.perf_counter() - t0) * 1000)
                self.sent += 1
                self.errors += not ok
                await asyncio.sleep(self.every)

    async def outcome(self, timeout: float = 300) -> dict[str, int]:
        """Wait for every job; counts of final file statuses ('lost': a job or file never finished)."""
        counts: dict[str, int] = {}
        end = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as client:
            for job in self.jobs:
                while True:
                    r = await client.get(f"/api/upload/{job}")
                    data = r.json() if r.status_code == 200 else None
                    if data and data["done"]:
                        for f in data["files"]:
                            counts[f["status"]] = counts.get(f["status"], 0) + 1
                        break
                    if time.monotonic() > end:
                        counts["lost"] = counts.get("lost", 0) + 1
                        break
                    await asyncio.sleep(0.2)
        counts["lost"] = counts.get("lost", 0) + (self.sent - self.errors - len(self.jobs))
        return counts


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid` and its children (the workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


async def phase(
    base: str, pages: dict[str, list[str]], args: argparse.Namespace, tag: str, pid: int
) -> tuple[Tally, Uploads, float, float]:
    """One phase; also the server's CPU seconds spent during it."""
    uploads = Uploads(base, args.upload_every)
    cpu0, t0 = server_cpu(pid), time.perf_counter()
    tally, _ = await asyncio.gather(
        clients_for(base, pages, args.clients, args.seconds, args.seed), uploads.run(args.seconds, tag)
    )
    return tally, uploads, time.perf_counter() - t0, server_cpu(pid) - cpu0


def print_phase(
    title: str, tally: Tally, uploads: Uploads, elapsed: float, counts: dict[str, int], cpu: float
) -> bool:
    total = sum(len(v) for v in tally.latencies.values()) + uploads.sent
    print(f"\n{title} — tải trung bình (load average 1/5/15 phút) {load()}; "
          f"CPU máy chủ {1000 * cpu / max(total, 1):.2f} ms/yêu cầu")  # fmt: skip
    print(
        f"{'trang':28} {'yêu cầu':>8} {'lỗi':>5} {'yêu cầu/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    )
    bad = False
    for page, lat in tally.latencies.items():
        err = tally.errors[page]
        bad |= err > 0
        print(f"{page:28} {len(lat):>8} {err:>5} {len(lat) / elapsed:>10.1f} {pct(lat, 50):>8.1f} "
              f"{pct(lat, 95):>8.1f} {max(lat):>8.1f}")  # fmt: skip
    total = sum(len(v) for v in tally.latencies.values())
    print(f"{'tổng':28} {total:>8} {sum(tally.errors.values()):>5} {total / elapsed:>10.1f}")
    lat = uploads.latencies
    print(f"{'tải lên /api/upload':28} {uploads.sent:>8} {uploads.errors:>5} {uploads.sent / elapsed:>10.1f} "
          f"{pct(lat, 50):>8.1f} {pct(lat, 95):>8.1f} {max(lat or [0]):>8.1f}")  # fmt: skip
    print(f"tệp tải lên: {counts}")
    lost = (
        counts.get("lost", 0)
        + counts.get("failed", 0)
        + counts.get("queued", 0)
        + counts.get("processing", 0)
    )
    return bad or uploads.errors > 0 or lost > 0


async def baseline(base: str, clients: int, seconds: float) -> tuple[float, float]:
    tally = await clients_for(base, {"/healthz": ["/healthz"]}, clients, seconds, 0)
    lat = tally.latencies["/healthz"]
    return len(lat) / seconds, pct(lat, 50)


def run_server(args: argparse.Namespace, db: Path, src: Path | None, label: str) -> bool:
    """One run (server from `src`, on a fresh copy of the store `db`); True when anything failed."""
    copy = db.with_name(db.stem + "-run.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    port = free_port()
    proc = start_server(copy, port, args.workers, src)
    base = f"http://127.0.0.1:{port}"
    from kehoach.web.server import default_workers

    workers = args.workers or default_workers()
    failed = False
    try:
        pages = asyncio.run(plan_urls(base, copy, args.seed))
        asyncio.run(clients_for(base, pages, 2, 3, 0))  # warm up
        rps, p50 = asyncio.run(baseline(base, args.clients, 5))
        print(f"\n=== {label}: {args.n} văn bản, {args.clients} client đồng thời + 1 client tải lên, "
              f"{workers} tiến trình, {os.cpu_count()} lõi (máy dùng chung: tải {load()})")  # fmt: skip
        print(f"mốc so sánh /healthz (không truy cập kho): {rps:.0f} yêu cầu/s, p50 {p50:.1f} ms")
        doc_page = "văn bản /documents/{id}"
        phases = [
            (f"1. trộn các trang, {args.seconds:.0f} s", pages, "a"),
            (f"2. chỉ trang văn bản, {args.seconds:.0f} s", {doc_page: pages[doc_page]}, "b"),
        ]
        for title, chosen, tag in phases[1:] if args.only_documents else phases:
            tally, uploads, elapsed, cpu = asyncio.run(phase(base, chosen, args, tag, proc.pid))
            counts = asyncio.run(uploads.outcome())
            failed |= print_phase(title, tally, uploads, elapsed, counts, cpu)
            if tag == "b":
                lat = tally.latencies[doc_page]
                rate, p95 = len(lat) / elapsed, pct(lat, 95)
                ok = rate >= TARGET_RPS and p95 < TARGET_MS
                print(f"mục tiêu trang văn bản ≥ {TARGET_RPS} yêu cầu/s, p95 < {TARGET_MS:.0f} ms: "
                      f"{rate:.0f}/s, p95 {p95:.0f} ms — {'đạt' if ok else 'CHƯA ĐẠT'} (tải {load()})")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10000, help="generated documents in the store")
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients")
    ap.add_argument("--upload-every", type=float, default=0.5, help="seconds between two uploads")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path, default=None, help="store file (default: cached in the temp dir)")
    ap.add_argument(
        "--workers", type=int, default=None, help="server processes (default: as `kehoach serve`)"
    )
    ap.add_argument("--compare", type=Path, default=None, help="source tree of the baseline server")
    ap.add_argument("--only-documents", action="store_true", help="only phase 2 (document pages)")
    args = ap.parse_args()

    db = args.db or Path(tempfile.gettempdir()) / f"kehoach-web-load-{args.n}-{args.seed}.db"
    build_store(args.n, args.seed, db)
    failed = False
    if args.compare is not None:
        failed |= run_server(args, db, args.compare, f"mốc (mã của {args.compare})")
    failed |= run_server(args, db, None, "mã này")
    if failed:
        print("LỖI: có yêu cầu lỗi hoặc tệp tải lên bị mất")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
