"""Search benchmark: relevance on queries written by reading the documents, and latency on a
generated corpus, SQLite and PostgreSQL, each next to the old ranking in the same run.

Relevance: the four samples (`examples/corpus`) and the real documents in Markdown
(`../shared/corpus/real/*.md`, or `--real DIR`) are stored; each query of `QUERIES` names the
documents a clerk expects (grade 2: the one(s) wanted; 1: also relevant), written by reading the
documents, and for some the words the node pointed at must hold. Printed per ranking: MRR (first
document of the query's best grade), nDCG@10 (graded), and how often the first hit points at the
expected node.

Latency: `--n` generated plans (`kehoach.testing.generate`, default 10,000) ingested per backend;
`Store.search(q, limit=20)` over a mix of queries (benchmarks/store.py's `build_queries`, plus
unquoted two- and three-word runs), p50 / p95 / max in ms.

Baseline ("old ranking"): the ranking before issue 14, run on the same stores: every clause
ANDed over the folded tokens, bm25 (SQLite) / ts_rank (PostgreSQL) of the newest 1,000 matching
chunks, no tiers, marks or abbreviations; its hits get the same node choice and snippets.

    .venv/bin/python benchmarks/search.py [--n 10000] [--no-pg] [--pg URL] [--real DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Integer, bindparam, cast, column, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY

from kehoach.store import open_store
from kehoach.store import search as search_mod
from kehoach.store.results import SearchResults
from kehoach.store.schema import DocumentRow, SearchChunkRow
from kehoach.store.textindex import GAP, TOKEN, folded, tokens
from kehoach.testing.generate import write_corpus

ROOT = Path(__file__).resolve().parent.parent
console = Console(width=150)

# --- the query set, written by reading the documents ---------------------------------------
# Document names: sample number (`000`) or the real file's name without `.md`.
Q = tuple[str, dict[str, int], str | None]
QUERIES: list[Q] = [
    ("Đức Trọng", {"002": 2}, "Đức Trọng"),
    ("duc trong", {"002": 2}, "Đức Trọng"),
    (
        "bảo vệ bí mật nhà nước",
        {"tnt-kh1026-2025-ubnd-nghean": 2, "tnt-qd99-2025-ubnd-nghean-quyche": 1},
        None,
    ),
    ("bi mat nha nuoc", {"tnt-kh1026-2025-ubnd-nghean": 2, "tnt-qd99-2025-ubnd-nghean-quyche": 1}, None),
    ("thư điện tử công vụ", {"tnt-qd99-2025-ubnd-nghean-quyche": 2}, "thư điện tử công vụ"),
    ("nước dưới đất", {"tnt-ct09-2025-ubnd-cantho": 2, "tnt-qd4831-2025-bnnmt": 1}, "nước dưới đất"),
    ("khai thác nước dưới đất Cần Thơ", {"tnt-ct09-2025-ubnd-cantho": 2}, None),
    ("bản tin sinh hoạt chi bộ", {"tnt-hd37-2025-btgdvtw": 2}, "bản tin sinh hoạt chi bộ"),
    ("sổ tay đảng viên điện tử", {"tnt-hd37-2025-btgdvtw": 2}, "sổ tay đảng viên điện tử"),
    ("đội ngũ báo cáo viên", {"tnt-hd-2025-baocaovien-noheader": 2}, "báo cáo viên"),
    ("địa chất và khoáng sản", {"tnt-qd4831-2025-bnnmt": 2, "tnt-qd01779-2025-ubnd-camau": 2}, None),
    ("TTHC địa chất khoáng sản Cà Mau", {"tnt-qd01779-2025-ubnd-camau": 2, "tnt-qd4831-2025-bnnmt": 1}, None),
    ("xây dựng chính sách, pháp luật", {"tnt-kh141-2025-ubnd-bacninh": 2}, "chính sách, pháp luật"),
    ("năng lực cán bộ công chức Bắc Ninh", {"tnt-kh141-2025-ubnd-bacninh": 2}, None),
    ("cảng hàng không Long Thành", {"tnt-tb627-2025-vpcp": 2}, "Long Thành"),
    ("Phạm Minh Chính", {"tnt-tb627-2025-vpcp": 2}, "Phạm Minh Chính"),
    (
        "vật liệu xây dựng",
        {"tnt-cv11654-2025-vpcp-webnoise": 2, "tnt-tb627-2025-vpcp": 1},
        "vật liệu xây dựng",
    ),
    ("UBND tỉnh Nghệ An", {"tnt-kh1026-2025-ubnd-nghean": 2, "tnt-qd99-2025-ubnd-nghean-quyche": 2}, None),
    ("Ủy ban nhân dân tỉnh Bắc Ninh", {"tnt-kh141-2025-ubnd-bacninh": 2}, None),
    ("Đảng ủy Khối các cơ quan tỉnh", {"000": 2}, "Đảng ủy Khối các cơ quan tỉnh"),
    ("39-KH/ĐUK", {"000": 2}, None),
    ("40-KH/TU", {"000": 2, "002": 2, "001": 1}, "40-KH/TU"),
    ("bầu cử đại biểu Quốc hội", {"004": 2}, "bầu cử đại biểu Quốc hội"),
    (
        "HĐND",
        {
            "004": 2,
            "tnt-ct09-2025-ubnd-cantho": 1,
            "002": 1,
            "tnt-kh141-2025-ubnd-bacninh": 1,
            "tnt-kh1026-2025-ubnd-nghean": 1,
            "tnt-qd99-2025-ubnd-nghean-quyche": 1,
        },
        None,
    ),  # fmt: skip
    (
        "tuyên truyền miệng",
        {"tnt-hd-2025-baocaovien-noheader": 2, "000": 1, "001": 1, "002": 1, "004": 1},
        "tuyên truyền miệng",
    ),  # fmt: skip
    ("an toàn thông tin", {"tnt-qd99-2025-ubnd-nghean-quyche": 2, "tnt-kh1026-2025-ubnd-nghean": 1}, None),
    ("trọng điểm", {"tnt-tb627-2025-vpcp": 2, "004": 1, "tnt-kh1026-2025-ubnd-nghean": 1}, "trọng điểm"),
    ("kinh tế số", {"001": 2}, "kinh tế số"),
    ("thông tin tuyên truyền xây dựng Đảng năm 2022", {"000": 2, "001": 2, "002": 2}, None),
    ("Ban Tuyên giáo và Dân vận", {"tnt-hd37-2025-btgdvtw": 2, "tnt-hd-2025-baocaovien-noheader": 2}, None),
    ("BTGDVTW", {"tnt-hd37-2025-btgdvtw": 2, "tnt-hd-2025-baocaovien-noheader": 1}, None),
    (
        "MTTQ",
        {
            "002": 1,
            "001": 1,
            "004": 1,
            "tnt-ct09-2025-ubnd-cantho": 1,
            "tnt-hd-2025-baocaovien-noheader": 1,
            "tnt-kh1026-2025-ubnd-nghean": 1,
            "tnt-qd99-2025-ubnd-nghean-quyche": 1,
        },
        None,
    ),  # fmt: skip
    (
        "chuyển đổi số",
        {
            "tnt-hd37-2025-btgdvtw": 1,
            "tnt-kh1026-2025-ubnd-nghean": 1,
            "tnt-kh141-2025-ubnd-bacninh": 1,
            "tnt-qd99-2025-ubnd-nghean-quyche": 1,
        },
        None,
    ),  # fmt: skip
]


# --- the old ranking (before issue 14), for the baseline ------------------------------------

_PART = re.compile(r'"([^"]*)"(\*?)|(\S+)')


def old_groups(text: str) -> list[list[tuple[tuple[str, ...], bool]]]:
    """The old query language: each word or quoted phrase a clause, ANDed; OR between groups."""
    groups, group = [], []
    for m in _PART.finditer(text):
        phrase, star, word = m.groups()
        if word == "OR":
            groups.append(group) if group else None
            group = []
            continue
        raw = phrase if phrase is not None else word
        toks = tuple(t for t in tokens(raw) if t != GAP)
        if toks and (toks, bool(star) or raw.endswith("*")) not in group:
            group.append((toks, bool(star) or raw.endswith("*")))
    if group:
        groups.append(group)
    return groups


def old_search(store: Any, text: str, limit: int = 20) -> SearchResults:
    """The old ranking: the newest 1,000 matching chunks, best bm25 / ts_rank per document."""
    q = search_mod.parse_query(text)
    groups = old_groups(text)
    if q.number_key:
        groups = [[(tuple(TOKEN.findall(q.number_key)), False)]]
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            match = " OR ".join(
                "(" + " ".join(f'"{" ".join(t)}"' + ("*" if p else "") for t, p in g) + ")" for g in groups
            )
            fts = table("chunk_fts", column("rowid", Integer))
            stmt = (
                select(SearchChunkRow.document_id, literal_column("-bm25(chunk_fts)"))
                .select_from(fts.join(SearchChunkRow, SearchChunkRow.id == fts.c.rowid))
                .where(literal_column("chunk_fts").op("MATCH")(bindparam("m", match)))
                .order_by(fts.c.rowid.desc())
                .limit(1000)
            )
        else:

            def ts(t: tuple[str, ...], p: bool) -> str:
                parts = [f"'{x}'" for x in t]
                parts[-1] += ":*" if p else ""
                return "(" + " <-> ".join(parts) + ")"

            tsq = " | ".join("(" + " & ".join(ts(t, p) for t, p in g) + ")" for g in groups)
            tsv = literal_column("search_chunks.tsv")
            qq = cast(bindparam("q", tsq), TSQUERY)
            stmt = (
                select(SearchChunkRow.document_id, func.ts_rank(tsv, qq, literal_column("1")))
                .where(tsv.op("@@")(qq))
                .order_by(SearchChunkRow.id.desc())
                .limit(1000)
            )
        stmt = stmt.join(DocumentRow, DocumentRow.id == SearchChunkRow.document_id).where(
            DocumentRow.is_current
        )
        best: dict[int, float] = {}
        for doc, score in conn.execute(stmt):
            best[doc] = max(best.get(doc, -1e9), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        page = [(d, "text", (0, 0, s)) for d, s in ranked]
        hits = (
            search_mod._hits(conn, q, page, search_mod._best_nodes(conn, q, [d for d, _ in ranked]), {})
            if page
            else []
        )
    return SearchResults(query=text, total=len(best), total_exact=len(best) < 1000, hits=hits)


# --- relevance ------------------------------------------------------------------------------


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def relevance(store: Any, names: dict[int, str], run: Any) -> dict[str, float]:
    """MRR, nDCG@10 and node accuracy of `run(store, query, limit)` over QUERIES."""
    rr, ndcg, nodes, node_n, worst = [], [], 0, 0, []
    for query, expected, node_words in QUERIES:
        hits = run(store, query, 10).hits
        got = [names.get(h.document.id, "?") for h in hits]
        top = max(expected.values())
        rank = next((i + 1 for i, n in enumerate(got) if expected.get(n) == top), None)
        rr.append(1 / rank if rank else 0.0)
        ideal = dcg(sorted(expected.values(), reverse=True)[:10])
        ndcg.append(dcg([expected.get(n, 0) for n in got[:10]]) / ideal)
        if rank != 1:
            worst.append(f"{query!r}: hạng {rank}")
        if node_words:
            node_n += 1
            nodes += bool(hits) and folded(node_words) in folded(hits[0].snippet)
    return {
        "mrr": sum(rr) / len(rr),
        "ndcg": sum(ndcg) / len(ndcg),
        "node": nodes / max(1, node_n),
        "misses": "; ".join(worst[:6]),
    }


def relevance_store(url: str, real: Path) -> tuple[Any, dict[int, str]]:
    store = open_store(url)
    names: dict[int, str] = {}
    paths = sorted((ROOT / "examples" / "corpus").glob("*.txt")) + sorted(real.glob("*.md"))
    for path in paths:
        if path.name == "README.md":
            continue
        outcome = store.ingest_paths([path], jobs=1).files[0]
        if outcome.document_id is not None:
            names[outcome.document_id] = path.stem[:3] if path.suffix == ".txt" else path.stem
    return store, names


# --- latency --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def latency_queries(store: Any, n: int, seed: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "benchmarks" / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_store"] = module
    spec.loader.exec_module(module)
    queries = module.build_queries(store, n, seed)
    runs = [q.strip('"') for q in queries if q.startswith('"')]  # the same words unquoted: tiers at work
    return queries + runs


def timed(store: Any, queries: list[str], run: Any) -> tuple[float, float, float]:
    for q in queries[:10]:
        run(store, q, 20)
    times = []
    for q in queries:
        start = time.perf_counter()
        run(store, q, 20)
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 95), max(times)


def new_search(store: Any, q: str, limit: int) -> SearchResults:
    return store.search(q, limit=limit)


def old_run(store: Any, q: str, limit: int) -> SearchResults:
    return old_search(store, q, limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="generated documents for latency")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--real", type=Path, default=ROOT.parent.parent / "shared" / "corpus" / "real")
    parser.add_argument("--pg", default=os.environ.get("KEHOACH_BENCH_PG_URL") or os.environ.get("KEHOACH_TEST_PG_URL")
                        or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")  # fmt: skip
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    if not args.real.is_dir():
        args.real = Path("/work/shared/corpus/real")

    work = Path(tempfile.mkdtemp(prefix="kehoach-search-bench-"))
    backends = [("SQLite", lambda name: f"sqlite:///{work / (name + '.db')}")]
    admin = None
    if not args.no_pg:
        try:
            import psycopg
            from sqlalchemy.engine import make_url

            base = make_url(args.pg)
            admin = psycopg.connect(
                base.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
            )
            made: list[str] = []

            def pg_url(name: str) -> str:
                db = f"kehoach_sbench_{name}_{secrets.token_hex(3)}"
                admin.execute(f'CREATE DATABASE "{db}"')
                made.append(db)
                return base.set(database=db).render_as_string(hide_password=False)

            backends.append(("PostgreSQL", pg_url))
        except Exception as exc:  # no server: say so, keep the SQLite figures
            console.print(f"[yellow]Bỏ qua PostgreSQL ({args.pg}): {exc}[/]")

    rel_rows, lat_rows = [], []
    corpus = work / "corpus"
    write_corpus(corpus, args.n, seed=args.seed)
    try:
        for backend, url_of in backends:
            store, names = relevance_store(url_of("rel"), args.real)
            console.print(f"{backend}: {len(names)} văn bản cho bộ truy vấn ({len(QUERIES)} truy vấn)")
            for label, run in (("mới (issue 14)", new_search), ("cũ (baseline)", old_run)):
                rel_rows.append((backend, label, relevance(store, names, run)))
            store.close()
            store = open_store(url_of("lat"))
            start = time.perf_counter()
            store.ingest_paths([corpus], jobs=args.jobs)
            console.print(
                f"{backend}: nạp {args.n} văn bản sinh ra trong {time.perf_counter() - start:.0f} giây"
            )
            queries = latency_queries(store, args.queries, args.seed)
            for label, run in (("mới (issue 14)", new_search), ("cũ (baseline)", old_run)):
                lat_rows.append((backend, label, len(queries), *timed(store, queries, run)))
            store.close()
    finally:
        if admin is not None:
            for db in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.close()

    rel = Table(title=f"Độ liên quan: {len(QUERIES)} truy vấn viết bằng cách đọc văn bản (mẫu + real/*.md)")
    for col in ("Backend", "Xếp hạng", "MRR", "nDCG@10", "Nút đúng (hit 1)", "Truy vấn chưa đứng đầu"):
        rel.add_column(col, overflow="fold")
    for backend, label, r in rel_rows:
        rel.add_row(backend, label, f"{r['mrr']:.3f}", f"{r['ndcg']:.3f}", f"{r['node']:.0%}", r["misses"])
    console.print(rel)
    lat = Table(
        title=f"Độ trễ: {args.n} văn bản sinh ra, limit=20, {os.cpu_count()} nhân CPU (máy dùng chung)"
    )
    for col in ("Backend", "Xếp hạng", "Truy vấn", "p50 (ms)", "p95 (ms)", "max (ms)"):
        lat.add_column(col, justify="right")
    for backend, label, n, p50, p95, mx in lat_rows:
        lat.add_row(backend, label, str(n), f"{p50:.1f}", f"{p95:.1f}", f"{mx:.1f}")
    console.print(lat)
    console.print("Mục tiêu: MRR ≥ 0.9; p95 < 50 ms ở 10.000 văn bản trên SQLite.")


if __name__ == "__main__":
    main()
