"""`Database`: one open database (SQLite file or PostgreSQL), its write path and run records.

The base of `Store` (`kehoach.store.api`): transactions, writing prepared documents (`Writer`),
deleting, the near-duplicate index, ingest runs and failures. The modules that implement the
store's other operations (`queries`, `users`, `signins`, `jobs`, `search`, `consume`) take a
`Database`, so none of them imports `Store` back (no import cycle).
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from kehoach.store.neardup import NearDupIndex
from kehoach.store.prepare import PreparedDocument
from kehoach.store.results import FileOutcome, IngestReport
from kehoach.store.schema import DocumentRow, IngestFailureRow, IngestRunRow, NodeRow, SearchChunkRow, utcnow
from kehoach.store.searchindex import SearchIndex
from kehoach.store.textindex import chunk_tokens, fts5_row
from kehoach.store.writer import Writer


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (stale ingest runs, upload jobs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Database:
    """An engine and what every operation needs of it: its URL, its SQL dialect, transactions."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name  # "sqlite" | "postgresql"
        self._neardup: NearDupIndex | None = None
        self._neardup_lock = threading.Lock()
        self._search_index: SearchIndex | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Database:  # noqa: PYI034 (Store returns itself: see Store.__enter__)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release connections (the store can be reopened with `open_store`)."""
        if self._search_index is not None:
            self._search_index.close()
        self.engine.dispose()

    @property
    def search_index(self) -> SearchIndex:
        """The ranked search's index beside the store (`store.searchindex`), opened on first use."""
        with self._neardup_lock:
            if self._search_index is None:
                self._search_index = SearchIndex(self.engine, self.url)
            return self._search_index

    def reindex(self) -> int:
        """Build the search index again from the store; returns how many documents it holds."""
        return self.search_index.rebuild()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (on SQLite it takes the write lock at once: BEGIN IMMEDIATE)."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                yield conn

    def documents_generation(self) -> tuple[int, int]:
        """(newest document id, number of documents): changes whenever any process stores or
        deletes a document (one indexed query; what a cache of rendered pages is checked against)."""
        with self.engine.connect() as conn:
            newest, count = conn.execute(
                select(func.coalesce(func.max(DocumentRow.id), 0), func.count(DocumentRow.id))
            ).one()
        return int(newest), int(count)

    def latest_document_id(self) -> int:
        """The newest stored document id (0 when empty): whether another process stored documents."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.coalesce(func.max(DocumentRow.id), 0))).scalar_one()

    # --- near-duplicate index --------------------------------------------------------------

    @property
    def neardup(self) -> NearDupIndex:
        """The LSH index, built from the stored signatures on first use."""
        with self._neardup_lock:
            if self._neardup is None:
                with self.engine.connect() as conn:
                    sigs = conn.execute(
                        select(DocumentRow.id, DocumentRow.minhash).where(DocumentRow.minhash.is_not(None))
                    ).all()
                self._neardup = NearDupIndex((i, bytes(m)) for i, m in sigs)
            return self._neardup

    def refresh_neardup(self) -> int:
        """Bring the LSH index up to date with what other processes stored: only the signatures
        newer than the newest indexed are read (a rebuild reads all 10,000 in ~0.5 s CPU); when
        the store holds fewer signatures than the index (deleted elsewhere), it is rebuilt.
        Returns its size."""
        index = self.neardup
        with self.engine.connect() as conn:
            new = conn.execute(
                select(DocumentRow.id, DocumentRow.minhash).where(
                    DocumentRow.id > index.newest, DocumentRow.minhash.is_not(None)
                )
            ).all()
            for doc_id, signature in new:
                index.add(doc_id, bytes(signature))
            stored = conn.execute(
                select(func.count(DocumentRow.id)).where(DocumentRow.minhash.is_not(None))
            ).scalar_one()
        if stored != len(index):
            return self.rebuild_neardup()
        return len(index)

    def rebuild_neardup(self) -> int:
        """Drop and rebuild the in-memory LSH index from the store; returns its size."""
        with self._neardup_lock:
            self._neardup = None
        return len(self.neardup)

    # --- write path ------------------------------------------------------------------------

    def known_hashes(self, hashes: Sequence[str]) -> dict[str, int]:
        """Of these content hashes, those already stored, with their document id."""
        found: dict[str, int] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                batch = list(hashes[i : i + 500])
                rows = conn.execute(
                    select(DocumentRow.content_hash, DocumentRow.id).where(
                        DocumentRow.content_hash.in_(batch)
                    )
                )
                found.update({h: d for h, d in rows})
        return found

    def writer(self) -> Writer:
        """A `Writer` holding one connection: many documents, each in its own transaction (ingest)."""
        return Writer(self, bulk=True)

    def write(
        self, prep: PreparedDocument, *, run_id: int | None = None, uploaded_by: int | None = None
    ) -> FileOutcome:
        """Store one prepared document in one transaction (skipped if its content hash is known)."""
        with Writer(self) as writer:
            return writer.write(prep, run_id=run_id, uploaded_by=uploaded_by)

    def delete_document(self, doc_id: int) -> bool:
        """Remove one stored version with its nodes, citations and search rows; the previous
        version (if any) becomes current again. Returns False if there was no such document."""
        with self.transaction() as conn:
            doc = conn.execute(
                select(DocumentRow.id, DocumentRow.previous_version_id, DocumentRow.is_current).where(
                    DocumentRow.id == doc_id
                )
            ).first()
            if doc is None:
                return False
            if self.dialect == "sqlite":  # contentless FTS5 rows are deleted by giving their tokens again
                self._delete_chunks_sqlite(conn, doc_id)
            conn.execute(
                update(DocumentRow)
                .where(DocumentRow.previous_version_id == doc_id)
                .values(previous_version_id=None)
            )
            if doc.is_current and doc.previous_version_id:
                conn.execute(
                    update(DocumentRow)
                    .where(DocumentRow.id == doc.previous_version_id)
                    .values(is_current=True)
                )
            conn.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
        if self._neardup is not None:
            self._neardup.remove(doc_id)
        return True

    def _delete_chunks_sqlite(self, conn: Connection, doc_id: int) -> None:
        node_tokens = conn.execute(
            select(NodeRow.tokens).where(NodeRow.document_id == doc_id).order_by(NodeRow.ordinal)
        ).scalars()
        chunks = chunk_tokens([t.split() for t in node_tokens])
        ids = conn.execute(
            select(SearchChunkRow.id, SearchChunkRow.marks)
            .where(SearchChunkRow.document_id == doc_id)
            .order_by(SearchChunkRow.id)
        ).all()
        rows = [{"id": cid, "t": fts5_row(toks)} for (cid, _), toks in zip(ids, chunks, strict=True)]
        if rows:
            conn.execute(
                text("INSERT INTO chunk_fts(chunk_fts, rowid, tokens) VALUES ('delete', :id, :t)"), rows
            )
        marked = [{"id": cid, "m": marks} for cid, marks in ids if marks]
        if marked:
            conn.execute(
                text("INSERT INTO mark_fts(mark_fts, rowid, marks) VALUES ('delete', :id, :m)"), marked
            )

    # --- runs and failures -----------------------------------------------------------------

    def start_run(self, paths: Iterable[str], jobs: int = 1, *, user_id: int | None = None) -> int:
        """Open an ingest run record; returns its id. Runs of this host whose process is gone (killed)
        are marked `interrupted` on the way."""
        with self.transaction() as conn:
            stale = conn.execute(
                select(IngestRunRow.id, IngestRunRow.pid).where(
                    IngestRunRow.status == "running", IngestRunRow.host == socket.gethostname()
                )
            ).all()
            dead = [run_id for run_id, pid in stale if pid is None or not pid_alive(pid)]
            if dead:
                conn.execute(
                    update(IngestRunRow).where(IngestRunRow.id.in_(dead)).values(status="interrupted")
                )
            return conn.execute(
                insert(IngestRunRow)
                .values(
                    paths=[str(p) for p in paths],
                    jobs=jobs,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    user_id=user_id,
                )
                .returning(IngestRunRow.id)
            ).scalar_one()

    def finish_run(self, run_id: int, report: IngestReport, *, status: str = "done") -> None:
        """Close an ingest run with its counts."""
        with self.transaction() as conn:
            conn.execute(
                update(IngestRunRow)
                .where(IngestRunRow.id == run_id)
                .values(
                    finished_at=utcnow(),
                    status=status,
                    n_files=len(report.files),
                    n_stored=len(report.stored),
                    n_skipped=len(report.skipped),
                    n_failed=len(report.failed),
                    n_near_duplicates=sum(1 for f in report.stored if f.near_duplicates),
                    n_versions=sum(1 for f in report.stored if f.previous_id),
                    bytes_total=report.bytes,
                )
            )

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after an ingest run stored documents)."""
        with self.transaction() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")  # sampled: fast on any size
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE documents, nodes, search_chunks, citations, near_duplicates")

    def record_failure(
        self,
        run_id: int | None,
        path: str,
        code: str,
        message: str,
        *,
        content_hash: str | None = None,
        size: int = 0,
    ) -> None:
        """Keep a failed file and its reason."""
        with self.transaction() as conn:
            conn.execute(
                insert(IngestFailureRow).values(
                    run_id=run_id, path=path, code=code, message=message, content_hash=content_hash, size=size
                )
            )

    def count_documents(self, *, all_versions: bool = True) -> int:
        """How many documents (versions) are stored."""
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(DocumentRow)
            if not all_versions:
                q = q.where(DocumentRow.is_current.is_(True))
            return conn.execute(q).scalar_one()
