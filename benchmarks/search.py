"""Search benchmark: relevance on queries written by reading the documents, and latency on a
generated corpus, SQLite and PostgreSQL, each next to the old ranking in the same run.

Relevance: the four samples (`examples/corpus`) and the real documents in Markdown
(`../shared/corpus/real/*.md`, or `--real DIR`) are stored; each query of `QUERIES` names the
documents a clerk expects (grade 2: the one(s) wanted; 1: also relevant), written by reading the
documents, and for some the words the node pointed at must hold. Printed per ranking: MRR (first
document of the query's best grade), nDCG@10 (graded), and how often the first hit points at the
expected node.

Latency: stores of `--sizes` generated documents (default 10,000 and 100,000) per backend;
`Store.search(q, limit=20)` over a mix of queries (benchmarks/store.py's `build_queries`, plus
unquoted two- and three-word runs), new and old ranking alternating query by query; p50 / p95 /
max in ms, wall time, and the CPU time of this process (a per-core figure, steadier than wall
time on a shared machine). The ranking runs in this process on both backends (the search index,
`store.searchindex`); on PostgreSQL the SQL it sends (nodes for tiers and snippets, filters) and
all of the old ranking run in the server, whose CPU is not counted: compare wall times there.
The search index of each store is built before timing (its time is printed when it had to be).

Building the stores: `--distinct` (default 10,000) generated plans are written once as files and
ingested (`Store.ingest_paths`, `--jobs` processes); a store of N documents holds them N / distinct
times, the further copies made inside the database (`replicate`: own content hash and source
key; the same nodes, citations and search rows). So the 100,000 store has the 10,000 store's
vocabulary with ten times the postings, what the latency depends on, without parsing 100,000
files. Built stores are kept under `--cache` (SQLite files; PostgreSQL databases named
`kehoach_sbench_cache_…`; their search indexes under `--cache`/pg-index), each bigger one started
from a copy of the smaller, and reused while the schema revision, seed and sizes agree;
`--rebuild` builds them again.

Baseline ("old ranking"): the ranking before issue 14, run on the same stores: every clause
ANDed over the folded tokens, bm25 (SQLite) / ts_rank (PostgreSQL) of the newest 1,000 matching
chunks, no tiers, marks or abbreviations; its hits get the same node choice and snippets.

    nice -n 10 .venv/bin/python benchmarks/search.py [--sizes 10000,100000] [--no-pg | --no-sqlite] [--pg URL]
        [--queries 120] [--cache /tmp/kehoach-search-bench] [--real DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import re
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Integer, bindparam, cast, column, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY

from kehoach.store import open_store, resolve_url
from kehoach.store import search as search_mod
from kehoach.store.results import SearchResults
from kehoach.store.schema import CitationRow, DocumentRow, NodeRow, SearchChunkRow
from kehoach.store.textindex import GAP, TOKEN, chunk_tokens, folded, fts5_row, tokens
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


# --- the latency stores, built once and kept --------------------------------------------------

BUILD = 3  # bump when the way the stores are built changes: cached ones are then rebuilt


def schema_head() -> str:
    versions = Path(search_mod.__file__).parent / "migrations" / "versions"
    return max(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def _columns(model: Any, *, without: tuple[str, ...] = ("id",)) -> list[str]:
    return [c.name for c in model.__table__.columns if c.name not in without]


def replicate(store: Any, first_copy: int, copies: int) -> None:
    """Copies `first_copy` … `copies - 1` of the store's original documents (those without a `#`
    in their source key), inside the database: documents (own content hash and source key),
    nodes, citations and search rows (SQLite: the FTS5 rows from the nodes' tokens, as the writer
    makes them; PostgreSQL: the `tsv` as stored). No parsing: what the latency depends on is the
    size of the index, not the variety of the text."""
    start = time.perf_counter()
    sqlite = store.dialect == "sqlite"
    docs = ", ".join(
        _columns(DocumentRow, without=("id", "content_hash", "source_key", "previous_version_id"))
    )
    nodes = ", ".join(_columns(NodeRow, without=("id", "document_id")))
    cites = ", ".join(_columns(CitationRow, without=("id", "document_id")))
    base = f"SELECT id FROM documents WHERE {'instr' if sqlite else 'strpos'}(source_key, '#') = 0"
    fts: dict[int, str] = {}
    with store.engine.begin() as conn:
        if sqlite:  # the FTS5 text of each original chunk, made once
            chunk_ids: dict[int, list[int]] = {}
            for cid, doc in conn.exec_driver_sql(
                f"SELECT id, document_id FROM search_chunks WHERE document_id IN ({base}) ORDER BY id"
            ):
                chunk_ids.setdefault(doc, []).append(cid)
            node_tokens: dict[int, list[list[str]]] = {}
            for doc, toks in conn.exec_driver_sql(
                f"SELECT document_id, tokens FROM nodes WHERE document_id IN ({base}) ORDER BY document_id, ordinal"
            ):
                node_tokens.setdefault(doc, []).append((toks or "").split())
            for doc, ids in chunk_ids.items():
                for cid, toks in zip(ids, chunk_tokens(node_tokens.get(doc, [])), strict=False):
                    fts[cid] = fts5_row(toks)
    for copy in range(first_copy, copies):
        with store.engine.begin() as conn:
            run = conn.exec_driver_sql
            run("DROP TABLE IF EXISTS doc_map")
            run("DROP TABLE IF EXISTS chunk_map")
            run(f"CREATE TEMP TABLE doc_map AS SELECT id AS old, (SELECT max(id) FROM documents) "
                f"+ ROW_NUMBER() OVER (ORDER BY id) AS new FROM documents WHERE id IN ({base})")  # fmt: skip
            run("CREATE TEMP TABLE chunk_map AS SELECT c.id AS old, (SELECT max(id) FROM search_chunks) "
                "+ ROW_NUMBER() OVER (ORDER BY c.id) AS new, m.new AS doc FROM search_chunks c "
                "JOIN doc_map m ON m.old = c.document_id")  # fmt: skip
            run(f"INSERT INTO documents (id, content_hash, source_key, {docs}) SELECT m.new, "
                f"substr(d.content_hash, 1, 56) || ':{copy}', d.source_key || '#{copy}', "
                f"{', '.join('d.' + c for c in docs.split(', '))} FROM documents d JOIN doc_map m ON m.old = d.id")  # fmt: skip
            run(f"INSERT INTO nodes (document_id, {nodes}) SELECT m.new, "
                f"{', '.join('n.' + c for c in nodes.split(', '))} FROM nodes n JOIN doc_map m ON m.old = n.document_id")  # fmt: skip
            run(f"INSERT INTO citations (document_id, {cites}) SELECT m.new, "
                f"{', '.join('c.' + x for x in cites.split(', '))} FROM citations c JOIN doc_map m ON m.old = c.document_id")  # fmt: skip
            tsv = ", tsv" if not sqlite else ""
            run(f"INSERT INTO search_chunks (id, document_id, n_tokens, marks{tsv}) SELECT k.new, k.doc, "
                f"c.n_tokens, c.marks{', c.tsv' if not sqlite else ''} FROM search_chunks c JOIN chunk_map k ON k.old = c.id")  # fmt: skip
            if sqlite:
                pairs = run("SELECT old, new FROM chunk_map").fetchall()
                conn.connection.driver_connection.executemany(
                    "INSERT INTO chunk_fts (rowid, tokens) VALUES (?, ?)",
                    [(new, fts[old]) for old, new in pairs],
                )
                run("INSERT INTO mark_fts (rowid, marks) SELECT k.new, c.marks FROM search_chunks c "
                    "JOIN chunk_map k ON k.old = c.id WHERE c.marks != ''")  # fmt: skip
        console.print(f"  bản sao {copy}: {time.perf_counter() - start:.0f} giây")
    if not sqlite:
        with store.engine.begin() as conn:
            for table_name in ("documents", "search_chunks"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), (SELECT max(id) FROM {table_name}))"
                )
    store.analyze()


class StoreCache:
    """Latency stores per (backend, size), built on first use and kept (see the module docstring)."""

    def __init__(self, args: argparse.Namespace, admin: Any, pg_base: Any) -> None:
        self.args, self.admin, self.pg_base = args, admin, pg_base
        self.dir = Path(args.cache)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.tag = f"s{args.seed}_d{args.distinct}_r{schema_head()}_b{BUILD}"

    def corpus(self) -> Path:
        folder = self.dir / f"corpus_{self.args.distinct}_s{self.args.seed}"
        done = self.dir / f"corpus_{self.args.distinct}_s{self.args.seed}.done"
        if not done.exists():
            start = time.perf_counter()
            write_corpus(folder, self.args.distinct, seed=self.args.seed)
            done.write_text("ok\n")
            console.print(
                f"Đã sinh {self.args.distinct} văn bản trong {time.perf_counter() - start:.0f} giây"
            )
        return folder

    def _fill(self, url: str, n: int, smaller: int | None) -> None:
        store = open_store(url)
        try:
            if smaller is None:
                start = time.perf_counter()
                store.ingest_paths([self.corpus()], jobs=self.args.jobs)
                console.print(
                    f"  nạp {self.args.distinct} văn bản trong {time.perf_counter() - start:.0f} giây"
                )
                smaller = self.args.distinct
            replicate(store, max(1, smaller // self.args.distinct), max(1, n // self.args.distinct))
        finally:
            store.close()

    def sqlite(self, n: int, smaller: int | None) -> str:
        path = self.dir / f"sqlite_{n}_{self.tag}.db"
        if path.exists() and not self.args.rebuild:
            return f"sqlite:///{path}"
        tmp = path.with_name(path.stem + "_tmp.db")
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        if smaller is not None:
            shutil.copyfile(self.dir / f"sqlite_{smaller}_{self.tag}.db", tmp)
        console.print(f"SQLite: dựng kho {n} văn bản ({tmp})")
        self._fill(f"sqlite:///{tmp}", n, smaller)
        with sqlite3.connect(tmp) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tmp.rename(path)
        return f"sqlite:///{path}"

    def pg(self, n: int, smaller: int | None) -> str:
        name = f"kehoach_sbench_cache_{n}_{self.tag}"
        url = self.pg_base.set(database=name).render_as_string(hide_password=False)
        exists = self.admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not self.args.rebuild:
            return url
        tmp = f"{name}_tmp"
        self.admin.execute(f'DROP DATABASE IF EXISTS "{tmp}" WITH (FORCE)')
        template = f' TEMPLATE "kehoach_sbench_cache_{smaller}_{self.tag}"' if smaller is not None else ""
        self.admin.execute(f'CREATE DATABASE "{tmp}"{template}')
        console.print(f"PostgreSQL: dựng kho {n} văn bản ({tmp})")
        self._fill(self.pg_base.set(database=tmp).render_as_string(hide_password=False), n, smaller)
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.execute(f'ALTER DATABASE "{tmp}" RENAME TO "{name}"')
        return url


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


Runs = dict[str, tuple[list[float], list[float]]]


def timed(store: Any, queries: list[str], runs: dict[str, Any]) -> Runs:
    """Per ranking: wall and CPU milliseconds of each query; the rankings alternate query by query
    (first one, then the other), so both meet the same load."""
    for q in queries[:5]:
        for run in runs.values():
            run(store, q, 20)
    out: Runs = {label: ([], []) for label in runs}
    labels = list(runs)
    for i, q in enumerate(queries):
        for label in labels if i % 2 == 0 else labels[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            runs[label](store, q, 20)
            out[label][0].append((time.perf_counter() - wall) * 1000)
            out[label][1].append((time.process_time() - cpu) * 1000)
    return out


def new_search(store: Any, q: str, limit: int) -> SearchResults:
    return store.search(q, limit=limit)


def old_run(store: Any, q: str, limit: int) -> SearchResults:
    return old_search(store, q, limit)


RUNS = {"mới (chỉ mục tantivy)": new_search, "cũ (baseline)": old_run}


def index_ready(store: Any) -> float | None:
    """Bring the store's search index in step (built when missing); seconds taken if it had work."""
    index = store.search_index
    state = index.dir / "state.json"
    before = state.stat().st_mtime if state.exists() else None
    start = time.perf_counter()
    with store.engine.connect() as conn:
        index.searcher(conn)
    after = state.stat().st_mtime if state.exists() else None
    return time.perf_counter() - start if after != before else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="generated documents per latency store ('': none)"
    )
    parser.add_argument("--distinct", type=int, default=10_000, help="distinct generated documents")
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument(
        "--pg-queries-large",
        type=int,
        default=120,
        help="queries on PostgreSQL stores above 10,000 documents (fewer: a shorter run)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "kehoach-search-bench"))
    parser.add_argument("--rebuild", action="store_true", help="build the cached stores again")
    parser.add_argument("--no-relevance", action="store_true")
    parser.add_argument("--real", type=Path, default=ROOT.parent.parent / "shared" / "corpus" / "real")
    parser.add_argument("--pg", default=os.environ.get("KEHOACH_BENCH_PG_URL") or os.environ.get("KEHOACH_TEST_PG_URL")
                        or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")  # fmt: skip
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only (runs apart)")
    args = parser.parse_args()
    os.environ.setdefault("KEHOACH_INDEX_DIR", os.path.join(args.cache, "pg-index"))
    sizes = sorted(int(x) for x in args.sizes.split(",") if x.strip())  # none: relevance only
    if not args.real.is_dir():
        args.real = Path("/work/shared/corpus/real")

    work = Path(tempfile.mkdtemp(prefix="kehoach-search-bench-"))
    backends = [] if args.no_sqlite else [("SQLite", lambda name: f"sqlite:///{work / (name + '.db')}")]
    admin, base = None, None
    made: list[str] = []
    if not args.no_pg:
        try:
            import psycopg
            from sqlalchemy.engine import make_url

            base = make_url(resolve_url(args.pg))
            admin = psycopg.connect(
                base.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
            )

            def pg_url(name: str) -> str:
                db = f"kehoach_sbench_{name}_{secrets.token_hex(3)}"
                admin.execute(f'CREATE DATABASE "{db}"')
                made.append(db)
                return base.set(database=db).render_as_string(hide_password=False)

            backends.append(("PostgreSQL", pg_url))
        except Exception as exc:  # no server: say so, keep the SQLite figures
            console.print(f"[yellow]Bỏ qua PostgreSQL ({args.pg}): {exc}[/]")
            admin = None

    cache = StoreCache(args, admin, base)
    rel_rows, lat_rows = [], []
    try:
        for backend, url_of in backends:
            if not args.no_relevance:
                store, names = relevance_store(url_of("rel"), args.real)
                console.print(f"{backend}: {len(names)} văn bản cho bộ truy vấn ({len(QUERIES)} truy vấn)")
                for label, run in RUNS.items():
                    rel_rows.append((backend, label, relevance(store, names, run)))
                directory = store.search_index.dir
                store.close()
                if backend == "PostgreSQL":
                    shutil.rmtree(directory, ignore_errors=True)
            smaller = None
            for n in sizes:
                url = cache.sqlite(n, smaller) if backend == "SQLite" else cache.pg(n, smaller)
                smaller = n
                store = open_store(url)
                with store.engine.connect() as conn:
                    count = conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
                built = index_ready(store)
                if built is not None:
                    console.print(f"{backend} {count:,}: chỉ mục tìm kiếm dựng trong {built:.0f} giây")
                wanted = args.queries if backend == "SQLite" or n <= 10_000 else args.pg_queries_large
                queries = latency_queries(store, wanted, args.seed)[: int(wanted * 1.2)]
                load = os.getloadavg()
                for label, (wall, cpu) in timed(store, queries, RUNS).items():
                    lat_rows.append((backend, count, label, len(queries), wall, cpu, load))
                store.close()
    finally:
        if admin is not None:
            for db in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.close()

    if rel_rows:
        rel = Table(
            title=f"Độ liên quan: {len(QUERIES)} truy vấn viết bằng cách đọc văn bản (mẫu + real/*.md)"
        )
        for col in ("Backend", "Xếp hạng", "MRR", "nDCG@10", "Nút đúng (hit 1)", "Truy vấn chưa đứng đầu"):
            rel.add_column(col, overflow="fold")
        for backend, label, r in rel_rows:
            rel.add_row(
                backend, label, f"{r['mrr']:.3f}", f"{r['ndcg']:.3f}", f"{r['node']:.0%}", r["misses"]
            )
        console.print(rel)
    lat = Table(
        title=f"Độ trễ của Store.search(q, limit=20): văn bản sinh ra, {os.cpu_count()} nhân CPU (máy dùng chung)"
    )
    for col in ("Backend", "Văn bản", "Xếp hạng", "Truy vấn", "p50 (ms)", "p95 (ms)", "max (ms)",
                "CPU p50", "CPU p95", "Tải (1/5/15 phút)"):  # fmt: skip
        lat.add_column(col, justify="right")
    for backend, count, label, n, wall, cpu, load in lat_rows:
        cpu_cells = (f"{percentile(cpu, 50):.1f}", f"{percentile(cpu, 95):.1f}")
        lat.add_row(backend, f"{count:,}", label, str(n), f"{percentile(wall, 50):.1f}", f"{percentile(wall, 95):.1f}",
                    f"{max(wall):.1f}", *cpu_cells, " ".join(f"{x:.1f}" for x in load))  # fmt: skip
    console.print(lat)
    console.print("Mục tiêu: MRR ≥ 0.9; p95 < 50 ms ở 10.000 và < 150 ms ở 100.000 văn bản trên SQLite.")
    console.print(
        "CPU: thời gian CPU của tiến trình này (chỉ mục tantivy và SQLite chạy trong nó); trên PostgreSQL "
        "phần việc của máy chủ (SQL, và toàn bộ xếp hạng cũ) không tính vào CPU: so sánh thời gian thực."
    )


if __name__ == "__main__":
    main()
