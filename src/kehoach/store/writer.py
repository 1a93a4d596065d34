"""The write path: prepared documents into the database, each in its own transaction.

Everything CPU-bound was done by `prepare` (in the ingest workers); here the rows only get their
document id and go to the driver, bypassing SQL compilation (statements are built once):
- SQLite: `executemany` of ready tuples on the sqlite3 cursor; FTS5 rowids (`chunk_fts`, `mark_fts`)
  are the chunk ids.
- PostgreSQL: one pipeline (one round trip) per document. The insert of the document row also
  retires the previous version (a CTE), child rows reference the new id through `currval` of the
  documents' sequence, and nodes and citations arrive as one JSON array each, expanded by the
  server (`jsonb_array_elements`) instead of one bound statement per row.
A `Writer` holds one connection for a whole ingest run (no pool checkout or ping per document).
On SQLite a bulk writer lets the WAL grow to BULK_WAL_PAGES before checkpointing (pages written
again and again, FTS5 segments above all, reach the database file once) and checkpoints when done.
Durability is unchanged: every commit is in the WAL (`synchronous=NORMAL`), a kill loses nothing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from kehoach.store.prepare import CITATION_FIELDS, NODE_FIELDS, ROW_FIELDS, SQLITE_UTF8, PreparedDocument
from kehoach.store.results import FileOutcome
from kehoach.store.schema import DocumentRow, utcnow

if TYPE_CHECKING:
    from kehoach.store.database import Database

BULK_WAL_PAGES = 10_000  # 40 MB of 4 KB pages (SQLite's default checkpoints at 1,000)
_WRITER_FIELDS = ("content_hash", "source_key", "minhash", "run_id", "uploaded_by", "created_at")
_INT_NODE = {"ordinal", "depth", "annex", "span_start", "span_end", "raw_start", "raw_end"}
_JSON_CITATION = {"node_ids", "spans"}


def _columns(fields: tuple[str, ...]) -> str:
    return ", ".join(f'"{f}"' for f in fields)


def _marks(fields: tuple[str, ...], utf8: tuple[str, ...] = ()) -> str:
    """SQLite placeholders; UTF-8 bytes stored as TEXT (see `prepare.SQLITE_UTF8`)."""
    return ", ".join("CAST(? AS TEXT)" if f in utf8 else "?" for f in fields)


class _SQLite:
    """Statements for SQLite (qmark parameters)."""

    previous = (
        "SELECT id, version FROM documents WHERE source_key = ? AND is_current = 1 "
        "ORDER BY version DESC LIMIT 1"
    )
    retire = "UPDATE documents SET is_current = 0 WHERE id = ?"
    _doc_fields = (*ROW_FIELDS, *_WRITER_FIELDS, "version", "previous_version_id", "is_current")
    document = f"INSERT INTO documents ({_columns(_doc_fields)}) VALUES ({_marks(_doc_fields, SQLITE_UTF8)})"
    nodes = f"INSERT INTO nodes (document_id, {_columns(NODE_FIELDS)}) VALUES (?, {_marks(NODE_FIELDS, ('text',))})"
    chunk = "INSERT INTO search_chunks (document_id, n_tokens, marks) VALUES (?, ?, ?)"
    fts = "INSERT INTO chunk_fts (rowid, tokens) VALUES (?, ?)"
    mark_fts = "INSERT INTO mark_fts (rowid, marks) VALUES (?, ?)"
    citations = (
        f"INSERT INTO citations (document_id, {_columns(CITATION_FIELDS)}) "
        f"VALUES ({', '.join('?' * (len(CITATION_FIELDS) + 1))})"
    )
    near = (
        "INSERT INTO near_duplicates (document_id, other_id, similarity, method, created_at) "
        "VALUES (?, ?, ?, 'minhash', ?)"
    )


class _Postgres:
    """Statements for PostgreSQL (psycopg `%s` parameters); `{doc}` is the new document's id."""

    def __init__(self, sequence: str) -> None:
        doc = f"currval('{sequence}')"
        fields = (*ROW_FIELDS, *_WRITER_FIELDS)
        self.document = (
            "WITH prev AS (UPDATE documents SET is_current = false WHERE id = ("
            "SELECT id FROM documents WHERE source_key = %s AND is_current ORDER BY version DESC LIMIT 1) "
            "RETURNING id, version) "
            f"INSERT INTO documents ({_columns(fields)}, version, previous_version_id, is_current) "
            f"SELECT {', '.join(['%s'] * len(fields))}, "
            "coalesce((SELECT version FROM prev), 0) + 1, (SELECT id FROM prev), true "
            "RETURNING id, version, previous_version_id"
        )
        node_values = ", ".join(
            f"(r->>{i})::int" if f in _INT_NODE else f"r->>{i}" for i, f in enumerate(NODE_FIELDS)
        )
        self.nodes = (
            f"INSERT INTO nodes (document_id, {_columns(NODE_FIELDS)}) "
            f"SELECT {doc}, {node_values} FROM jsonb_array_elements(%s::jsonb) AS r"
        )
        citation_values = ", ".join(
            f"r->{i}" if f in _JSON_CITATION else f"(r->>{i})::int" if f == "count" else f"r->>{i}"
            for i, f in enumerate(CITATION_FIELDS)
        )
        self.citations = (
            f"INSERT INTO citations (document_id, {_columns(CITATION_FIELDS)}) "
            f"SELECT {doc}, {citation_values} FROM jsonb_array_elements(%s::jsonb) AS r"
        )
        self.chunk = f"INSERT INTO search_chunks (document_id, n_tokens, tsv, marks) VALUES ({doc}, %s, %s::tsvector, %s)"
        self.near = (
            "INSERT INTO near_duplicates (document_id, other_id, similarity, method, created_at) "
            f"VALUES ({doc}, %s, %s, 'minhash', %s)"
        )


_STATEMENTS: dict[str, _Postgres] = {}  # per database URL: the sequence is looked up once


class Writer:
    """Writes prepared documents over one held connection, each document in its own transaction.

    `seconds` adds up the time spent in `write` (what the ingest main process spends per document).
    `bulk`: many documents follow (ingest), see the module docstring.
    """

    def __init__(self, store: Database, *, bulk: bool = False) -> None:
        self.store = store
        self.dialect = store.dialect
        self.seconds = 0.0
        self.conn: Connection = store.engine.connect()
        self._raw: Any = self.conn.connection.driver_connection  # sqlite3 / psycopg connection
        dialect = store.engine.dialect
        self._integrity = (IntegrityError, dialect.loaded_dbapi.IntegrityError)
        stamp = DocumentRow.__table__.c.created_at.type.bind_processor(dialect)
        self._stamp = stamp or (lambda value: value)
        self.bulk = bulk and self.dialect == "sqlite"
        if self.dialect == "sqlite":
            self._pg: _Postgres | None = None
            if self.bulk:
                self._raw.execute(f"PRAGMA wal_autocheckpoint={BULK_WAL_PAGES}")
        else:
            self._pg = _STATEMENTS.get(store.url)
            if self._pg is None:
                sequence = self.conn.exec_driver_sql(
                    "SELECT pg_get_serial_sequence('documents', 'id')"
                ).scalar()
                self.conn.rollback()
                self._pg = _STATEMENTS[store.url] = _Postgres(str(sequence))

    def close(self) -> None:
        """Return the connection to the pool (checkpointed and reset after a bulk write)."""
        if self.bulk:
            try:
                self._raw.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                self._raw.execute("PRAGMA wal_autocheckpoint=1000")
        self.conn.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(
        self, prep: PreparedDocument, *, run_id: int | None = None, uploaded_by: int | None = None
    ) -> FileOutcome:
        """Store one prepared document in one transaction (skipped if its content hash is stored)."""
        started = time.perf_counter()
        try:
            return self._write(prep, run_id, uploaded_by)
        finally:
            self.seconds += time.perf_counter() - started

    def _write(self, prep: PreparedDocument, run_id: int | None, uploaded_by: int | None) -> FileOutcome:
        path = prep.row.get("source_path") or ""
        size = int(prep.row.get("source_size") or 0)
        similar = self.store.neardup.similar(prep.minhash)
        row = prep.row
        now = self._stamp(utcnow())
        values = [row[f] for f in ROW_FIELDS]
        values += [prep.content_hash, prep.source_key, prep.minhash, run_id, uploaded_by, now]
        raw = self._raw
        try:
            try:  # the transaction straight on the driver connection (SQLAlchemy's costs ~0.1 ms)
                if self._pg is None:
                    raw.execute("BEGIN IMMEDIATE")  # the write lock at once (busy_timeout waits for it)
                    doc_id, version, previous = self._sqlite(raw.cursor(), prep, values, similar, now)
                else:
                    doc_id, version, previous = self._postgres(raw.cursor(), prep, values, similar, now)
                raw.commit()
            except BaseException:
                raw.rollback()
                raise
        except self._integrity:
            # Someone stored the same content meanwhile (another process): that is a skip.
            with self.store.engine.connect() as conn:
                existing = conn.execute(
                    select(DocumentRow.id).where(DocumentRow.content_hash == prep.content_hash)
                ).scalar()
            if existing is None:
                raise
            return FileOutcome(path=path, status="skipped", document_id=existing, size=size)
        self.store.neardup.add(doc_id, prep.minhash)
        return FileOutcome(path=path, status="stored", document_id=doc_id, version=version,
                           previous_id=previous, near_duplicates=similar, size=size)  # fmt: skip

    def _sqlite(
        self, cur: Any, prep: PreparedDocument, values: list[Any], similar: list[tuple[int, float]], now: Any
    ) -> tuple[int, int, int | None]:
        previous = cur.execute(_SQLite.previous, (prep.source_key,)).fetchone() if prep.source_key else None
        if previous is not None:
            cur.execute(_SQLite.retire, (previous[0],))
        version = previous[1] + 1 if previous else 1
        previous_id = previous[0] if previous else None
        cur.execute(_SQLite.document, (*values, version, previous_id, 1))
        doc_id = cur.lastrowid
        cur.executemany(_SQLite.nodes, [(doc_id, *n) for n in prep.nodes])
        for n_tokens, tokens, marks in prep.chunk_index:  # the FTS5 rowid is the chunk id
            cur.execute(_SQLite.chunk, (doc_id, n_tokens, marks))
            chunk_id = cur.lastrowid
            cur.execute(_SQLite.fts, (chunk_id, tokens))
            if marks:
                cur.execute(_SQLite.mark_fts, (chunk_id, marks))
        if prep.citations:
            cur.executemany(_SQLite.citations, [(doc_id, *c) for c in prep.citations])
        if similar:
            cur.executemany(_SQLite.near, [(doc_id, other, s, now) for other, s in similar])
        return doc_id, version, previous_id

    def _postgres(
        self, cur: Any, prep: PreparedDocument, values: list[Any], similar: list[tuple[int, float]], now: Any
    ) -> tuple[int, int, int | None]:
        sql = self._pg
        assert sql is not None
        raw = cur.connection
        with raw.pipeline():
            cur.execute(sql.document, (prep.source_key, *values))
            more = raw.cursor()
            more.execute(sql.nodes, (prep.nodes,))
            if prep.chunk_index:
                more.executemany(sql.chunk, prep.chunk_index)
            if prep.citations and prep.citations != "[]":
                more.execute(sql.citations, (prep.citations,))
            if similar:
                more.executemany(sql.near, [(other, s, now) for other, s in similar])
        doc_id, version, previous_id = cur.fetchone()
        return doc_id, version, previous_id
