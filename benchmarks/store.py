"""Store benchmark: ingest throughput and search latency, SQLite and PostgreSQL, each next to a
naive baseline in the same run.

For `--n` generated plan documents (`kehoach.testing.generate`, default 10,000) written as
.txt files, per backend:
- ingest: `Store.ingest_paths(folder, jobs=--jobs)` end to end (read, parse, prepare, write,
  near-duplicates), documents/s; and the write side alone (`IngestReport.write_seconds`: time
  the main process spends writing while the workers parse), documents/s of write capacity; and
  the main process's CPU time per file over the whole run (hashing, IPC, writing, progress);
- naive ingest baseline: the same documents' rows inserted one row at a time with a commit
  after each (plain sqlite3 with default settings / psycopg autocommit), on the first
  `--baseline-docs` documents, documents/s;
- search: `Store.search(q, limit=20)` for `--queries` queries (single words, AND of two words,
  quoted phrases, prefixes, unaccented phrases, document numbers), p50 / p95 / max in ms,
  snippets included;
- naive search baseline: `LIKE '%…%'` over the folded node text of all documents (grouped by
  document, ranked by matching nodes), on the first `--baseline-queries` queries.
Also the per-document parse and prepare cost measured in this process on 200 documents, which
bounds end-to-end ingest on a given number of cores.

Targets: ingest of plain-text plans at >= 200 documents/s on 2 cores; search p95 < 50 ms at
10,000 documents on SQLite.

    .venv/bin/python benchmarks/store.py [--n 10000] [--jobs 2] [--pg URL] [--no-pg]

PostgreSQL: `--pg`, else $KEHOACH_BENCH_PG_URL or $KEHOACH_TEST_PG_URL, else the local server
postgresql+psycopg://postgres@127.0.0.1:5432/postgres; a throwaway database is created on it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from kehoach.store import Store, open_store, resolve_url
from kehoach.store.schema import DocumentRow, NodeRow
from kehoach.store.textindex import folded, parse_query
from kehoach.testing.generate import write_corpus
from kehoach.vntext import fold

console = Console(width=150)
PSEUDO = ("header", "title", "preamble", "closing", "signature", "recipients", "annex")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


# --- queries ------------------------------------------------------------------------------


def build_queries(store: Store, n: int, seed: int) -> list[str]:
    """A deterministic mix of what people type: words, pairs, phrases, prefixes, numbers."""
    rng = random.Random(seed)
    with store.engine.connect() as conn:
        texts = [
            t for (t,) in conn.execute(select(NodeRow.text).where(NodeRow.kind.not_in(PSEUDO)).limit(20_000))
        ]
        numbers = [
            n
            for (n,) in conn.execute(
                select(DocumentRow.number_symbol).where(DocumentRow.number_symbol.is_not(None)).limit(5000)
            )
        ]
    rng.shuffle(texts)
    queries: list[str] = []
    kinds = (
        ["word"] * 30 + ["pair"] * 25 + ["phrase"] * 20 + ["prefix"] * 10 + ["number"] * 10 + ["plain"] * 5
    )
    while len(queries) < n:
        kind = rng.choice(kinds)
        words = [w for w in re.findall(r"\w+", rng.choice(texts)) if not w.isdigit()]
        if len(words) < 5:
            continue
        i = rng.randrange(len(words) - 4)
        if kind == "word":
            q = rng.choice([w for w in words if len(w) > 2] or words)
        elif kind == "pair":
            q = " ".join(rng.sample(words, 2))
        elif kind == "phrase":
            q = '"' + " ".join(words[i : i + rng.randint(2, 4)]) + '"'
        elif kind == "prefix":
            w = rng.choice([w for w in words if len(w) > 3] or words)
            q = w[: rng.randint(3, 4)] + "*"
        elif kind == "number" and numbers:
            q = rng.choice(numbers)
        else:
            q = fold(" ".join(words[i : i + 3]))
        queries.append(q)
    return queries


# --- naive baselines ----------------------------------------------------------------------


def naive_rows(store: Store, limit: int | None) -> tuple[list[tuple], list[tuple]]:
    """(documents, nodes) rows of the stored corpus, as the naive schema wants them."""
    with store.engine.connect() as conn:
        q = select(DocumentRow.id, DocumentRow.content_hash, DocumentRow.number_symbol, DocumentRow.title,
                   DocumentRow.issuer, DocumentRow.text).order_by(DocumentRow.id)  # fmt: skip
        docs = [tuple(r) for r in conn.execute(q.limit(limit) if limit else q)]
        last = docs[-1][0] if docs else 0
        nodes = [
            (d, nid, t, folded(t))
            for d, nid, t in conn.execute(
                select(NodeRow.document_id, NodeRow.node_id, NodeRow.text)
                .where(NodeRow.document_id <= last)
                .order_by(NodeRow.id)
            )
        ]
    return docs, nodes


NAIVE_SCHEMA = [
    "CREATE TABLE naive_documents (id INTEGER PRIMARY KEY, hash TEXT, number_symbol TEXT, title TEXT, issuer TEXT, body TEXT)",
    "CREATE TABLE naive_nodes (document_id INTEGER, node_id TEXT, body TEXT, folded TEXT)",
]


def naive_ingest(conn: Any, docs: list[tuple], nodes: list[tuple], mark: str) -> float:
    """Row by row, a commit after each row; returns documents/s."""
    by_doc: dict[int, list[tuple]] = {}
    for row in nodes:
        by_doc.setdefault(row[0], []).append(row)
    start = time.perf_counter()
    for doc in docs:
        conn.execute(f"INSERT INTO naive_documents VALUES ({', '.join([mark] * 6)})", doc)
        conn.commit()
        for node in by_doc.get(doc[0], []):
            conn.execute(f"INSERT INTO naive_nodes VALUES ({', '.join([mark] * 4)})", node)
            conn.commit()
    return len(docs) / (time.perf_counter() - start)


def like_sql(query: str, mark: str) -> tuple[str, list[str]]:
    """The query as AND of `folded LIKE '%…%'` per word or phrase (prefixes as substrings)."""
    parsed = parse_query(query)
    patterns = ["%" + " ".join(c.tokens) + "%" for c in parsed.groups[0]]
    where = " AND ".join([f"folded LIKE {mark}"] * len(patterns))
    sql = (f"SELECT document_id, count(*) AS n FROM naive_nodes WHERE {where} "
           "GROUP BY document_id ORDER BY n DESC LIMIT 20")  # fmt: skip
    return sql, patterns


def naive_search(conn: Any, queries: list[str], mark: str) -> list[float]:
    times = []
    for q in queries:
        sql, params = like_sql(q, mark)
        start = time.perf_counter()
        conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return times


# --- one backend ----------------------------------------------------------------------------


def run_backend(name: str, url: str, corpus: Path, args: argparse.Namespace, queries: list[str] | None,
                naive: Any) -> tuple[dict[str, Any], list[str]]:  # fmt: skip
    store = open_store(url)
    console.print(f"[bold]{name}[/]: nạp {args.n} văn bản ({args.jobs} tiến trình)…")
    cpu = time.process_time()
    report = store.ingest_paths([corpus], jobs=args.jobs)
    cpu = time.process_time() - cpu
    stored = len(report.stored)
    result: dict[str, Any] = {
        "backend": name,
        "stored": stored,
        "failed": len(report.failed),
        "ingest": len(report.files) / report.elapsed,
        "write": stored / report.write_seconds if report.write_seconds else 0.0,
        "main_cpu_ms": 1000 * cpu / max(1, len(report.files)),
        "write_ms": 1000 * report.write_seconds / max(1, stored),
        "near_dup_docs": sum(1 for f in report.stored if f.near_duplicates),
    }
    if queries is None:
        queries = build_queries(store, args.queries, args.seed)
    for q in queries[:10]:  # warm caches as a running server would be
        store.search(q, limit=20)
    times, hits = [], []
    for q in queries:
        start = time.perf_counter()
        res = store.search(q, limit=20)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(res.total)
    result.update(p50=percentile(times, 50), p95=percentile(times, 95), max=max(times),
                  zero_hits=sum(1 for h in hits if h == 0))  # fmt: skip

    docs, nodes = naive_rows(store, args.baseline_docs)
    conn, mark = naive()
    for stmt in NAIVE_SCHEMA:
        conn.execute(stmt)
    conn.commit()
    result["naive_ingest"] = naive_ingest(conn, docs, nodes, mark)
    conn.execute("DELETE FROM naive_nodes")
    conn.commit()
    all_docs, all_nodes = naive_rows(store, None)
    cur = conn.cursor()
    cur.executemany(f"INSERT INTO naive_nodes VALUES ({', '.join([mark] * 4)})", all_nodes)
    conn.commit()
    del all_docs, all_nodes
    ntimes = naive_search(conn, queries[: args.baseline_queries], mark)
    result.update(naive_p50=percentile(ntimes, 50), naive_p95=percentile(ntimes, 95))
    conn.close()
    store.close()
    return result, queries


def sqlite_naive(folder: Path) -> Any:
    def connect() -> tuple[Any, str]:
        path = folder / "naive.db"
        path.unlink(missing_ok=True)
        return sqlite3.connect(path), "?"  # default settings: rollback journal, synchronous=FULL

    return connect


def pg_admin(url: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(resolve_url(url))
    return base, psycopg.connect(
        base.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
    )


def per_document_costs(corpus: Path, work: Path, n: int = 200) -> tuple[float, float, float]:
    """Parse, prepare and write (SQLite) cost in ms per document, one process, no contention."""
    from kehoach.pipeline import process_file
    from kehoach.store.prepare import prepare_document

    files = sorted(corpus.glob("*.txt"))[:n]
    docs, start = [], time.perf_counter()
    for f in files:
        docs.append(process_file(f))
    parse = (time.perf_counter() - start) * 1000 / len(files)
    start = time.perf_counter()
    preps = [prepare_document(d, "sqlite") for d in docs]
    prepare = (time.perf_counter() - start) * 1000 / len(files)
    store = open_store(f"sqlite:///{work / 'costs.db'}")
    with store.writer() as writer:
        writer.write(preps[0])  # builds the (empty) near-duplicate index
        start = time.perf_counter()
        for p in preps[1:]:
            writer.write(p)
        write = (time.perf_counter() - start) * 1000 / (len(preps) - 1)
    store.close()
    return parse, prepare, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="generated documents")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-docs", type=int, default=300)
    parser.add_argument("--baseline-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=os.environ.get("KEHOACH_BENCH_PG_URL") or os.environ.get("KEHOACH_TEST_PG_URL")
                        or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")  # fmt: skip
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    corpus = work / "corpus"
    start = time.perf_counter()
    write_corpus(corpus, args.n, seed=args.seed)
    size = sum(f.stat().st_size for f in corpus.iterdir())
    console.print(
        f"Đã tạo {args.n} văn bản ({size / 1e6:.1f} MB) trong {time.perf_counter() - start:.1f} giây: {corpus}"
    )
    parse_ms, prepare_ms, write_ms = per_document_costs(corpus, work)

    results = []
    lite, queries = run_backend(
        "SQLite", f"sqlite:///{work / 'kehoach.db'}", corpus, args, None, sqlite_naive(work)
    )
    results.append(lite)
    if not args.no_pg:
        try:
            base, admin = pg_admin(args.pg)
        except Exception as exc:  # no server: say so, keep the SQLite figures
            console.print(f"[yellow]Bỏ qua PostgreSQL ({args.pg}): {exc}[/]")
        else:
            name = f"kehoach_bench_{secrets.token_hex(4)}"
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                url = base.set(database=name).render_as_string(hide_password=False)

                def pg_naive() -> tuple[Any, str]:
                    import psycopg

                    conn = psycopg.connect(base.set(drivername="postgresql", database=name).render_as_string(
                        hide_password=False), autocommit=True)  # fmt: skip
                    conn.commit = lambda: None  # type: ignore[method-assign]  # autocommit: a commit per statement
                    return conn, "%s"

                pg, _ = run_backend("PostgreSQL", url, corpus, args, queries, pg_naive)
                results.append(pg)
            finally:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()

    table = Table(
        title=f"Kho: {args.n} văn bản sinh ra, {args.jobs} tiến trình phân tích, {os.cpu_count()} nhân CPU"
    )
    for col in (
        "Backend",
        "Cách",
        "Nạp (văn bản/s)",
        f"Tìm p50 (ms, {args.queries} truy vấn)",
        "Tìm p95 (ms)",
        "Tìm max (ms)",
    ):
        table.add_column(col, justify="left" if col in {"Backend", "Cách"} else "right")
    for r in results:
        table.add_row(r["backend"], "kehoach: ingest_paths + search (FTS)", f"{r['ingest']:.0f}", f"{r['p50']:.1f}",
                      f"{r['p95']:.1f}", f"{r['max']:.1f}")  # fmt: skip
        table.add_row("", "kehoach: ghi vào kho (tiến trình chính, Writer)", f"{r['write']:.0f}", "", "", "")
        table.add_row("", f"naive: từng dòng + commit ({args.baseline_docs} vb); LIKE ({args.baseline_queries} truy vấn)",
                      f"{r['naive_ingest']:.1f}", f"{r['naive_p50']:.1f}", f"{r['naive_p95']:.1f}", "")  # fmt: skip
    console.print(table)
    console.print(
        f"Chi phí mỗi văn bản (1 tiến trình, không tranh chấp): phân tích {parse_ms:.1f} ms, chuẩn bị dòng/chỉ mục/"
        f"MinHash {prepare_ms:.1f} ms, ghi SQLite {write_ms:.1f} ms → trần CPU ≈ "
        f"{1000 * (os.cpu_count() or 1) / (parse_ms + prepare_ms + write_ms):.0f} văn bản/s trên {os.cpu_count()} nhân."
    )
    for r in results:
        console.print(f"{r['backend']}: lưu {r['stored']}, lỗi {r['failed']}, {r['near_dup_docs']} văn bản gần trùng; "
                      f"{r['zero_hits']} truy vấn không có kết quả; tiến trình chính {r['main_cpu_ms']:.2f} ms CPU "
                      f"mỗi tệp, ghi {r['write_ms']:.2f} ms mỗi văn bản.")  # fmt: skip
    console.print("Mục tiêu: nạp ≥ 200 văn bản/s trên 2 nhân; tìm p95 < 50 ms với 10.000 văn bản (SQLite).")
    console.print(f"Thư mục tạm: {work}")


if __name__ == "__main__":
    main()
