"""The `Store`: one database (SQLite file or PostgreSQL), its write path and its public methods."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from kehoach.errors import StoreError
from kehoach.model import Document, Reference
from kehoach.store import engine as engines
from kehoach.store.prepare import PreparedDocument, prepare_document
from kehoach.store.results import (
    Citing,
    FailureRecord,
    FileOutcome,
    IngestReport,
    IngestRun,
    Page,
    SearchResults,
    Stats,
    StoredDocument,
    User,
)
from kehoach.store.schema import (
    DocumentRow,
    IngestFailureRow,
    IngestRunRow,
    NodeRow,
    SearchChunkRow,
    utcnow,
)
from kehoach.store.textindex import chunk_tokens, fts5_row
from kehoach.store.writer import Writer

if TYPE_CHECKING:
    from kehoach.store.ingest import ProgressEvent
    from kehoach.store.neardup import NearDupIndex


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (stale ingest runs, upload jobs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Store:
    """A kehoach store. Open with `open_store(url)`; see `kehoach.store` for the public API."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.backend = engine.dialect.name  # "sqlite" | "postgresql"
        self._neardup: NearDupIndex | None = None
        self._neardup_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release connections (the store can be reopened with `open_store`)."""
        self.engine.dispose()

    # --- near-duplicate index --------------------------------------------------------------

    @property
    def neardup(self) -> NearDupIndex:
        """The LSH index, built from the stored signatures on first use."""
        from kehoach.store.neardup import NearDupIndex

        with self._neardup_lock:
            if self._neardup is None:
                with self.engine.connect() as conn:
                    sigs = conn.execute(
                        select(DocumentRow.id, DocumentRow.minhash).where(DocumentRow.minhash.is_not(None))
                    ).all()
                self._neardup = NearDupIndex((i, bytes(m)) for i, m in sigs)
            return self._neardup

    def rebuild_neardup(self) -> int:
        """Drop and rebuild the in-memory LSH index from the store; returns its size."""
        with self._neardup_lock:
            self._neardup = None
        return len(self.neardup)

    # --- write path ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (on SQLite it takes the write lock at once: BEGIN IMMEDIATE)."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                yield conn

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
            if self.backend == "sqlite":  # contentless FTS5 rows are deleted by giving their tokens again
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
            select(SearchChunkRow.id).where(SearchChunkRow.document_id == doc_id).order_by(SearchChunkRow.id)
        ).scalars()
        rows = [{"id": cid, "t": fts5_row(toks)} for cid, toks in zip(ids, chunks, strict=True)]
        if rows:
            conn.execute(
                text("INSERT INTO chunk_fts(chunk_fts, rowid, tokens) VALUES ('delete', :id, :t)"), rows
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
            if self.backend == "sqlite":
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

    # --- ingest ----------------------------------------------------------------------------

    def ingest_paths(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
        parse: Callable[[str], Document] | None = None,
        user_id: int | None = None,
    ) -> IngestReport:
        """Ingest files and folders (walked); see `kehoach.store.ingest.ingest_paths`."""
        from kehoach.store.ingest import ingest_paths

        return ingest_paths(self, paths, jobs=jobs, on_progress=on_progress, parse=parse, user_id=user_id)

    def ingest_bytes(
        self, data: bytes, filename: str, *, source_key: str | None = None, user_id: int | None = None
    ) -> FileOutcome:
        """Parse and store one uploaded file (in this process); failures are recorded too."""
        from kehoach.store.ingest import ingest_bytes

        return ingest_bytes(self, data, filename, source_key=source_key, user_id=user_id)

    def ingest_document(
        self, doc: Document, *, source_key: str | None = None, run_id: int | None = None
    ) -> FileOutcome:
        """Store an already parsed `Document` (generated corpora, tests, other tools)."""
        return self.write(prepare_document(doc, self.backend, source_key=source_key), run_id=run_id)

    # --- reading ---------------------------------------------------------------------------

    def list_documents(
        self,
        filters: dict[str, Any] | None = None,
        sort: str = "-date",
        page: int = 1,
        page_size: int = 50,
    ) -> Page:
        """A page of documents; filters: issuer, year, type, level, q (title), all_versions."""
        from kehoach.store.queries import list_documents

        return list_documents(self, filters or {}, sort=sort, page=page, page_size=page_size)

    def get_document(self, key: int | str) -> StoredDocument | None:
        """A document by id or number symbol (raises `StoreError` code `ambiguous` if several)."""
        from kehoach.store.queries import get_document

        return get_document(self, key)

    def find_documents(self, number_symbol: str, *, all_versions: bool = False) -> list[int]:
        """Ids of the documents carrying this number symbol (any printed form)."""
        from kehoach.store.queries import find_documents

        return find_documents(self, number_symbol, all_versions=all_versions)

    def find_numbers(
        self, number_symbols: list[str], *, all_versions: bool = False
    ) -> dict[str, list[tuple[int, int | None]]]:
        """Many numbers at once: number key (`textindex.number_key`) → [(document id, year)]."""
        from kehoach.store.queries import find_numbers

        return find_numbers(self, number_symbols, all_versions=all_versions)

    def search(
        self, query: str, filters: dict[str, Any] | None = None, limit: int = 20, offset: int = 0
    ) -> SearchResults:
        """Ranked documents for a Vietnamese query; see `kehoach.store.search`."""
        from kehoach.store.search import search

        return search(self, query, filters or {}, limit=limit, offset=offset)

    def resolve_references(self, refs: list[Reference]) -> dict[str, int | None]:
        """The stored document each numbered citation names, by reference key (None: not
        stored, or ambiguous); rules in `kehoach.identity`."""
        from kehoach.store.queries import resolve_references

        return resolve_references(self, refs)

    def cited_by(self, key: str) -> list[Citing]:
        """Stored documents citing a reference key (`40-KH/TU@2022`: that key only) or a number
        (`40-KH/TU`, `5-CT/TW` = `05-CT/TW`: every citation of it)."""
        from kehoach.store.queries import cited_by

        return cited_by(self, key)

    def stats(self) -> Stats:
        """Counts by level, issuer, year and type (current versions)."""
        from kehoach.store.queries import stats

        return stats(self)

    def failures(self, run_id: int | None = None, limit: int = 1000) -> list[FailureRecord]:
        """Recorded ingest failures, newest first (of one run if given)."""
        from kehoach.store.queries import failures

        return failures(self, run_id=run_id, limit=limit)

    def runs(self, limit: int = 20) -> list[IngestRun]:
        """Recent ingest runs, newest first."""
        from kehoach.store.queries import runs

        return runs(self, limit=limit)

    def count_documents(self, *, all_versions: bool = True) -> int:
        """How many documents (versions) are stored."""
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(DocumentRow)
            if not all_versions:
                q = q.where(DocumentRow.is_current.is_(True))
            return conn.execute(q).scalar_one()

    # --- users -----------------------------------------------------------------------------

    def create_user(
        self,
        username: str,
        password: str,
        *,
        role: str = "viewer",
        organisation: str | None = None,
        display_name: str | None = None,
    ) -> User:
        """A new account (password hashed with Argon2)."""
        from kehoach.store.users import create_user

        return create_user(
            self, username, password, role=role, organisation=organisation, display_name=display_name
        )

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this username and password, else None."""
        from kehoach.store.users import authenticate

        return authenticate(self, username, password)

    def get_user(self, key: int | str) -> User | None:
        """A user by id or username."""
        from kehoach.store.users import get_user

        return get_user(self, key)

    def list_users(self) -> list[User]:
        """All accounts, by username."""
        from kehoach.store.users import list_users

        return list_users(self)

    def update_user(self, user_id: int, **changes: Any) -> User:
        """Change role, organisation, display_name, is_active or password."""
        from kehoach.store.users import update_user

        return update_user(self, user_id, **changes)


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (and create or upgrade to the newest schema) the store at `url`.

    `url`: a SQLAlchemy URL (`sqlite:///kehoach.db`, `postgresql+psycopg://user@host/db`) or a
    file path; default `$KEHOACH_DB`, else `kehoach.db` in the working directory.
    """
    resolved = engines.resolve_url(url)
    engine = engines.make_engine(resolved)
    if upgrade:
        try:
            engines.upgrade(engine)
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise StoreError(f"Không mở được cơ sở dữ liệu {resolved}: {exc}", code="open_failed") from exc
    return Store(engine, resolved)
