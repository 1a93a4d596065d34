"""The search index beside the store: tantivy (Lucene's design, in Rust) over the search chunks.

Why a dedicated index: the ranking must be exact over every match at any size, and SQLite FTS5
computes bm25 for every matching row (about 2 µs each, no way to skip a document that cannot
reach the page), while PostgreSQL's `ts_rank` is another score and slower still. tantivy keeps
block-max postings (top-k skips blocks that cannot enter the page), phrase and slop queries, and
scores with bm25; one index serves a SQLite and a PostgreSQL store alike, so both give the same
results by construction (`store.search` ranks with it).

Kept in step with the store, which stays the only truth: triggers (migration 0013) write one row
of `search_index_log` per chunk inserted, updated or deleted, and per chunk of a document whose
`is_current` changes, in the transaction making the change. The index records the last `seq` it
holds (`state.json`, written after each commit) and, before answering a search, applies the newer
rows: each document they name is deleted from the index and its chunks added again as the store
holds them now (applying a row twice changes nothing). An index missing, of another format, or
ahead of its store (a store put back from a copy) is rebuilt; `kehoach reindex` rebuilds at will.
One process applies at a time (a lock file); the others then reload.

What a chunk is in the index (one tantivy document per `search_chunks` row): `tokens`, the folded
tokens as in `textindex.chunk_tokens` (nodes separated by `GAP`, so phrases stop at node ends);
`marks`, the chunk's marked words (`textindex.marks_row`); `doc`, `chunk`, `current`
(`documents.is_current`), `multi` (its document has several chunks: counted apart, and kept
whole by the near tier's filter).

Where: beside a SQLite file (`kehoach.db.index/`); for PostgreSQL (or an in-memory SQLite) under
`KEHOACH_INDEX_DIR` (default `~/.cache/kehoach/index/`), one directory per server and database.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from kehoach.store.textindex import (
    GAP,
    NEAR,
    Clause,
    Query,
    chunk_tokens,
    phrase_units,
    unit_forms,
)

FORMAT = 2  # bump when the index's fields or the way chunks are written change: indexes are rebuilt
_BATCH = 400  # documents read from the store at a time
_HEAP = 64_000_000

Q = tantivy.Query
Occur = tantivy.Occur


def index_dir(url: str, base: str | None = None) -> Path | None:
    """Where the index of the store at `url` lives (see the module docstring); None for a store
    in memory (its index is a temporary directory of the process)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        name = parsed.database or ""
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return Path(f"{Path(name).resolve()}.index")
    root = Path(base or os.environ.get("KEHOACH_INDEX_DIR") or Path.home() / ".cache" / "kehoach" / "index")
    key = parsed.render_as_string(hide_password=True)
    name = f"{parsed.host or 'local'}_{parsed.port or ''}_{parsed.database or 'memory'}"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return root / f"{safe}_{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("tokens", tokenizer_name="kh_ws", index_option="position")
    sb.add_text_field("marks", tokenizer_name="kh_ws", index_option="basic")
    sb.add_unsigned_field("chunk", indexed=True, fast=True)
    sb.add_unsigned_field("doc", indexed=True, fast=True)
    sb.add_unsigned_field("current", indexed=True)
    sb.add_unsigned_field("multi", indexed=True)
    return sb.build()


def _and(*parts: Any) -> Any:
    """AND of the queries (None where one is None: it matches nothing)."""
    if any(p is None for p in parts):
        return None
    return parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Must, p) for p in parts])


def _or(parts: list[Any]) -> Any:
    """OR of the queries that can match (None if none can)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.boolean_query([(Occur.Should, p) for p in parts])


def unscored(query: Any) -> Any:
    """The query as a condition: it adds nothing to the score."""
    return Q.const_score_query(query, 0.0)


class SearchIndex:
    """The tantivy index of one store (thread-safe; reopened in a forked child)."""

    def __init__(self, engine: Engine, url: str, directory: Path | None = None) -> None:
        self.engine = engine
        found = directory or index_dir(url)
        self._temporary = found is None
        self.dir = Path(tempfile.mkdtemp(prefix="kehoach-index-")) if found is None else found
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._seq = -1  # the log seq the open index is known to hold
        self._pid = os.getpid()
        self._lock = threading.Lock()

    # --- keeping in step ---------------------------------------------------------------------

    def searcher(self, conn: Connection) -> tantivy.Searcher:
        """A searcher holding every change the store has committed (applied first if needed)."""
        head = _head(conn)
        with self._lock:
            if self._index is None or self._pid != os.getpid():
                self._open()
            if head != self._seq:
                self._catch_up(conn)
            assert self._index is not None
            return self._index.searcher()

    def rebuild(self) -> int:
        """Index every chunk of the store again; returns how many documents were indexed."""
        with self.engine.connect() as conn, self._lock:
            if self._index is None or self._pid != os.getpid():
                self._open()
            with self._file_lock():
                return self._rebuild(conn)

    def close(self) -> None:
        with self._lock:
            self._index = None
            self._seq = -1
            if self._temporary:
                shutil.rmtree(self.dir, ignore_errors=True)

    def _open(self) -> None:
        (self.dir / "ix").mkdir(parents=True, exist_ok=True)
        if self._state().get("format") not in (None, FORMAT):
            shutil.rmtree(self.dir / "ix")
            (self.dir / "ix").mkdir()
            self._write_state(-1)
        self._index = tantivy.Index(self.schema, path=str(self.dir / "ix"), reuse=True)
        self._index.register_tokenizer(
            "kh_ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        self._pid = os.getpid()
        self._seq = -1

    def _state(self) -> dict[str, Any]:
        try:
            return json.loads((self.dir / "state.json").read_text())
        except (OSError, ValueError):
            return {}

    def _write_state(self, seq: int, store: str = "") -> None:
        tmp = self.dir / f"state.json.{os.getpid()}"
        tmp.write_text(json.dumps({"format": FORMAT, "seq": seq, "store": store}))
        tmp.replace(self.dir / "state.json")

    def _file_lock(self) -> Any:
        return _FileLock(self.dir / "sync.lock")

    def _catch_up(self, conn: Connection) -> None:
        with self._file_lock():
            head = _head(conn)  # read again under the lock: the index may be ahead of the first read
            state = self._state()
            held = state.get("seq")
            if held is None or held < 0 or held > head or state.get("store") != _identity(conn):
                self._rebuild(conn)
                return
            assert self._index is not None
            if held < head:
                docs = [r[0] for r in conn.execute(
                    text("SELECT DISTINCT document_id FROM search_index_log WHERE seq > :a AND seq <= :b"),
                    {"a": held, "b": head},
                )]  # fmt: skip
                writer = self._index.writer(_HEAP, 1)
                if docs:  # (delete_documents_by_term does not find u64 terms given as Python ints)
                    writer.delete_documents_by_query(
                        Q.term_set_query(self.schema, "doc", [int(d) for d in docs])
                    )
                for i in range(0, len(docs), _BATCH):
                    for entry in _documents(conn, docs[i : i + _BATCH]):
                        writer.add_document(entry)
                writer.commit()
                writer.wait_merging_threads()
                self._write_state(head, state["store"])
            self._index.reload()
            self._seq = head

    def _rebuild(self, conn: Connection) -> int:
        assert self._index is not None
        head = _head(conn)  # changes after this are applied by the next catch-up (idempotent)
        docs = [r[0] for r in conn.execute(text("SELECT DISTINCT document_id FROM search_chunks ORDER BY 1"))]
        writer = self._index.writer(_HEAP, 1)
        writer.delete_all_documents()
        for i in range(0, len(docs), _BATCH):
            for entry in _documents(conn, docs[i : i + _BATCH]):
                writer.add_document(entry)
        writer.commit()
        writer.wait_merging_threads()
        self._write_state(head, _identity(conn))
        self._index.reload()
        self._seq = head
        return len(docs)

    # --- queries -----------------------------------------------------------------------------

    def form(self, searcher: tantivy.Searcher, toks: tuple[str, ...], prefix: bool) -> Any:
        """One token sequence (the last token a prefix when `prefix`) as a query; None if no
        indexed word has the prefix."""
        if prefix:
            if len(toks) > 1:
                words = [*toks[:-1], toks[-1] + "[0-9a-z]*"]  # tokens are [0-9a-z]+: no escaping
                return Q.regex_phrase_query(self.schema, "tokens", words)
            terms = [t for t, _ in searcher.terms_with_prefix("tokens", toks[0]) if t != GAP]
            return _or([Q.term_query(self.schema, "tokens", t) for t in terms])
        if len(toks) == 1:
            return Q.term_query(self.schema, "tokens", toks[0])
        return Q.phrase_query(self.schema, "tokens", list(toks))

    def clause(self, searcher: tantivy.Searcher, c: Clause) -> Any:
        return _or([self.form(searcher, f, c.prefix and f == c.tokens) for f in c.forms()])

    def match(self, searcher: tantivy.Searcher, q: Query) -> Any:
        """Chunks holding every clause of some group (scored: bm25 of the clauses)."""
        return _or([_and(*(self.clause(searcher, c) for c in g)) for g in q.groups])

    def phrase(self, searcher: tantivy.Searcher, q: Query) -> Any:
        """Chunks holding some group's phrase units each as a phrase (the phrase tier)."""
        return _or([
            _and(*(_or([self.form(searcher, f, p) for f, p in unit_forms(u)]) for u in phrase_units(g)))
            for g in q.groups
        ])  # fmt: skip

    def marks_level(self, marked: tuple[str, ...], level: int) -> list[tuple[Any, Any]]:
        """Conditions: the chunk prints exactly `level` of the typed marked words."""
        terms = [unscored(Q.term_query(self.schema, "marks", w)) for w in marked]
        out: list[tuple[Any, Any]] = []
        if level > 0:
            out.append((Occur.Must, unscored(Q.boolean_query([(Occur.Should, t) for t in terms], level))))
        if level < len(marked):
            out.append((Occur.MustNot, Q.boolean_query([(Occur.Should, t) for t in terms], level + 1)))
        return out

    def term(self, field: str, value: int) -> Any:
        return Q.term_query(self.schema, field, value)

    def docs(self, searcher: tantivy.Searcher, query: Any) -> list[int]:
        """The document of every chunk matching `query` (all of them, unordered)."""
        n = searcher.search(query, 1, count=True).count
        if not n:
            return []
        hits = searcher.search(query, n, count=False).hits
        return searcher.fast_field_values("doc", [a for _, a in hits])

    def count(self, searcher: tantivy.Searcher, query: Any) -> int:
        """How many documents have a chunk matching `query`."""
        one = Q.boolean_query([(Occur.Must, query), (Occur.MustNot, self.term("multi", 1))])
        single = searcher.search(one, 1, count=True).count
        several = Q.boolean_query([(Occur.Must, query), (Occur.Must, self.term("multi", 1))])
        return single + len(set(self.docs(searcher, several)))

    def near_filter(self, searcher: tantivy.Searcher, q: Query) -> Any:
        """Chunks that may hold some group's clauses near each other in one node (`node_tier`
        2), and every chunk of a document of several chunks (a node may be cut across two, and
        the document is ranked at its best chunk, whichever it is).

        In a near window (at most NEAR + L positions, L the clauses' own token counts added up)
        every two clauses start fewer than NEAR + L positions apart, so the first words of their
        forms make a two-word phrase, in one order or the other, with at most NEAR + L - 2 words
        between them: tantivy's slop (for two words, the words allowed between them). Pairs are
        ANDed; a pair whose first words cannot be told apart (the same word, a one-word prefix)
        is left out, which only widens the set."""
        parts: list[Any] = []
        for g in q.groups:
            slop = NEAR + sum(len(c.tokens) for c in g)
            pairs = []
            for a, b in itertools.combinations(g, 2):
                heads_a, heads_b = _heads(a), _heads(b)
                if not heads_a or not heads_b or heads_a & heads_b:
                    continue
                pairs.append(_or([
                    Q.phrase_query(self.schema, "tokens", list(words), slop)
                    for x in sorted(heads_a) for y in sorted(heads_b) for words in ((x, y), (y, x))
                ]))  # fmt: skip
            if not pairs:
                return Q.all_query()
            parts.append(_and(*pairs))
        parts.append(self.term("multi", 1))
        return _or(parts)

    def near_superset(self, searcher: tantivy.Searcher, q: Query, scope: Any) -> set[int]:
        """The documents in `scope` with a chunk in `near_filter` (a superset of the near tier)."""
        return set(self.docs(searcher, _and(scope, self.near_filter(searcher, q))))


def _heads(c: Clause) -> set[str]:
    """The first word of each of the clause's forms (none for a one-word prefix)."""
    return {f[0] for f in c.forms() if not (c.prefix and f == c.tokens and len(f) == 1)}


def _identity(conn: Connection) -> str:
    """Which database this is: a store recreated under the same name or path is another one."""
    if conn.dialect.name == "sqlite":
        for _, name, path in conn.exec_driver_sql("PRAGMA database_list"):
            if name == "main" and path:
                st = os.stat(path)
                return f"sqlite:{st.st_dev}:{st.st_ino}"
        return "sqlite:memory"
    oid = conn.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar_one()
    return f"pg:{oid}"


def _head(conn: Connection) -> int:
    return int(conn.execute(text("SELECT coalesce(max(seq), 0) FROM search_index_log")).scalar_one())


def _documents(conn: Connection, doc_ids: list[int]) -> Iterator[tantivy.Document]:
    """The index entries of these documents' chunks, as the store holds them now."""
    ids = ", ".join(str(int(d)) for d in doc_ids)
    chunks: dict[int, list[tuple[int, str]]] = {}
    for doc, cid, marks in conn.execute(
        text(f"SELECT document_id, id, marks FROM search_chunks WHERE document_id IN ({ids}) ORDER BY document_id, id")
    ):  # fmt: skip
        chunks.setdefault(doc, []).append((cid, marks or ""))
    if not chunks:
        return
    ids = ", ".join(str(int(d)) for d in chunks)
    current = {
        d: bool(c) for d, c in conn.execute(text(f"SELECT id, is_current FROM documents WHERE id IN ({ids})"))
    }
    nodes: dict[int, list[list[str]]] = {}
    for doc, toks in conn.execute(
        text(
            f"SELECT document_id, tokens FROM nodes WHERE document_id IN ({ids}) ORDER BY document_id, ordinal"
        )
    ):
        nodes.setdefault(doc, []).append((toks or "").split())
    for doc, rows in chunks.items():
        layout = chunk_tokens(nodes.get(doc, []))
        for (cid, marks), toks in zip(rows, layout, strict=False):
            entry = tantivy.Document()
            entry.add_unsigned("chunk", int(cid))
            entry.add_unsigned("doc", int(doc))
            entry.add_unsigned("current", int(current.get(doc, False)))
            entry.add_unsigned("multi", int(len(rows) > 1))
            entry.add_text("tokens", " ".join(toks))
            entry.add_text("marks", marks)
            yield entry


class _FileLock:
    """An exclusive lock on a file (between processes; released when the process dies)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: Any = None

    def __enter__(self) -> _FileLock:
        self.fh = open(self.path, "a+")  # noqa: SIM115 (closed in __exit__)
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()
