"""`Store`: the store's public API (see `kehoach.store`), and `open_store`.

Every operation is a method of `Store`; the write path, runs and the near-duplicate index are
those of its base `Database`, the rest is implemented in `queries` (reading), `search`, `users`
and `signins` (accounts), `jobs` (upload jobs), `consume` (files → stored documents).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kehoach.errors import StoreError
from kehoach.model import Document, Reference
from kehoach.store import consume, jobs, queries, signins, users
from kehoach.store import engine as engines
from kehoach.store.database import Database
from kehoach.store.prepare import prepare_document
from kehoach.store.results import (
    Citing,
    DocumentSummary,
    DocumentView,
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
from kehoach.store.search import search as _search


class Store(Database):
    """A kehoach store; see `kehoach.store` for the public API.

    `Store(url)` opens (and creates or upgrades to the newest schema) the store at `url`: a
    SQLAlchemy URL (`sqlite:///kehoach.db`, `postgresql+psycopg://user@host/db`) or a file
    path; default `$KEHOACH_DB`, else `kehoach.db` in the working directory.
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
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
                raise StoreError(
                    f"Không mở được cơ sở dữ liệu {resolved}: {exc}", code="open_failed"
                ) from exc
        super().__init__(engine, resolved)

    def __enter__(self) -> Store:
        return self

    # --- the front door (`kehoach.Store`) ------------------------------------------------------

    def ingest(
        self, sources: str | Path | Document | Iterable[str | Path | Document], *, jobs: int = 1
    ) -> IngestReport:
        """Store files, folders (walked) and already parsed `Document`s; what happened to each.

        `jobs` > 1 consumes files in that many worker processes (a script doing so needs the
        `if __name__ == "__main__":` guard of `multiprocessing`); see `ingest_paths`.
        """
        items = [sources] if isinstance(sources, (str, Path, Document)) else list(sources)
        paths = [s for s in items if not isinstance(s, Document)]
        report = self.ingest_paths(paths, jobs=jobs) if paths else IngestReport(run_id=None)
        report.files += [self.ingest_document(d) for d in items if isinstance(d, Document)]
        return report

    def get(self, key: int | str) -> StoredDocument | None:
        """A stored document by id or number symbol (`39-KH/ĐUK`, any printed form); raises
        `StoreError` code `ambiguous` when a number names several documents."""
        return self.get_document(key)

    # --- ingest ----------------------------------------------------------------------------

    def ingest_paths(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int | None = None,
        on_progress: Callable[[consume.ProgressEvent], None] | None = None,
        parse: Callable[[str], Document] | None = None,
        user_id: int | None = None,
    ) -> IngestReport:
        """Ingest files and folders (walked); see `kehoach.store.ingest.ingest_paths`."""
        return consume.ingest_paths(
            self, paths, jobs=jobs, on_progress=on_progress, parse=parse, user_id=user_id
        )

    def ingest_bytes(
        self, data: bytes, filename: str, *, source_key: str | None = None, user_id: int | None = None
    ) -> FileOutcome:
        """Parse and store one uploaded file (in this process); failures are recorded too."""
        return consume.ingest_bytes(self, data, filename, source_key=source_key, user_id=user_id)

    def ingest_document(
        self, doc: Document, *, source_key: str | None = None, run_id: int | None = None
    ) -> FileOutcome:
        """Store an already parsed `Document` (generated corpora, tests, other tools)."""
        return self.write(prepare_document(doc, self.dialect, source_key=source_key), run_id=run_id)

    # --- reading ---------------------------------------------------------------------------

    def list_documents(
        self,
        filters: dict[str, Any] | None = None,
        sort: str = "-date",
        page: int = 1,
        page_size: int = 50,
    ) -> Page:
        """A page of documents; filters: issuer, year, type, level, q (title), all_versions."""
        return queries.list_documents(self, filters or {}, sort=sort, page=page, page_size=page_size)

    def get_document(self, key: int | str) -> StoredDocument | None:
        """A document by id or number symbol (raises `StoreError` code `ambiguous` if several)."""
        return queries.get_document(self, key)

    def find_documents(self, number_symbol: str, *, all_versions: bool = False) -> list[int]:
        """Ids of the documents carrying this number symbol (any printed form)."""
        return queries.find_documents(self, number_symbol, all_versions=all_versions)

    def find_numbers(
        self, number_symbols: list[str], *, all_versions: bool = False
    ) -> dict[str, list[tuple[int, int | None]]]:
        """Many numbers at once: number key (`textindex.number_key`) → [(document id, year)]."""
        return queries.find_numbers(self, number_symbols, all_versions=all_versions)

    def search(
        self, query: str, filters: dict[str, Any] | None = None, limit: int = 20, offset: int = 0
    ) -> SearchResults:
        """Ranked documents for a Vietnamese query; see `kehoach.store.search`."""
        return _search(self, query, filters or {}, limit=limit, offset=offset)

    def resolve_references(self, refs: list[Reference]) -> dict[str, int | None]:
        """The stored document each numbered citation names, by reference key (None: not
        stored, or ambiguous); rules in `kehoach.identity`."""
        return queries.resolve_references(self, refs)

    def cited_by(self, key: str) -> list[Citing]:
        """Stored documents citing a reference key (`40-KH/TU@2022`: that key only) or a number
        (`40-KH/TU`, `5-CT/TW` = `05-CT/TW`: every citation of it)."""
        return queries.cited_by(self, key)

    def stats(self) -> Stats:
        """Counts by level, issuer, year and type (current versions)."""
        return queries.stats(self)

    def failures(self, run_id: int | None = None, limit: int = 1000) -> list[FailureRecord]:
        """Recorded ingest failures, newest first (of one run if given)."""
        return queries.failures(self, run_id=run_id, limit=limit)

    def runs(self, limit: int = 20) -> list[IngestRun]:
        """Recent ingest runs, newest first."""
        return queries.runs(self, limit=limit)

    # --- one document's page (bounded reads: see `queries.document_view`) -------------------

    def document_view(
        self, doc_id: int, *, cited_by_limit: int = 50, documents: queries.DocumentCache | None = None
    ) -> DocumentView | None:
        """A document without its raw text, with the first `cited_by_limit` citing documents and
        their count; `documents` (optional) keeps parsed documents between calls."""
        return queries.document_view(self, doc_id, cited_by_limit=cited_by_limit, documents=documents)

    def citing_page(
        self, doc_id: int, number_symbol: str | None, *, limit: int, offset: int = 0
    ) -> tuple[list[Citing], int]:
        """One page of the current documents citing document `doc_id`'s number, and their count."""
        return queries.citing_page(self, doc_id, number_symbol, limit=limit, offset=offset)

    def document_summary(self, doc_id: int) -> DocumentSummary | None:
        """The listing fields of one document (None: no such document)."""
        return queries.document_summary(self, doc_id)

    def content_hash(self, doc_id: int) -> str | None:
        """The content hash of one document (None: no such document)."""
        return queries.content_hash(self, doc_id)

    def document_texts(self, doc_id: int) -> Document | None:
        """The full document: repaired and raw text and the offset map between them (or None)."""
        return queries.document_texts(self, doc_id)

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
        return users.create_user(
            self, username, password, role=role, organisation=organisation, display_name=display_name
        )

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this username and password, else None."""
        return users.authenticate(self, username, password)

    def get_user(self, key: int | str) -> User | None:
        """A user by id or username."""
        return users.get_user(self, key)

    def list_users(self) -> list[User]:
        """All accounts, by username."""
        return users.list_users(self)

    def update_user(self, user_id: int, **changes: Any) -> User:
        """Change role, organisation, display_name, is_active or password."""
        return users.update_user(self, user_id, **changes)

    # --- failed sign-ins (limits are the web app's) ------------------------------------------

    def record_signin_failure(self, keys: Iterable[str], at: float, *, forget_before: float) -> None:
        """Count one failed sign-in under each key (dropping those older than `forget_before`)."""
        signins.record_signin_failure(self, keys, at, forget_before=forget_before)

    def signin_failures(self, keys: Iterable[str], since: float) -> dict[str, tuple[int, float]]:
        """Per key: failed sign-ins since `since`, and the time of the oldest."""
        return signins.signin_failures(self, keys, since)

    def clear_signin_failures(self, key: str) -> None:
        """Forget the failed sign-ins counted under `key`."""
        signins.clear_signin_failures(self, key)

    # --- upload jobs (what the upload page shows is the web app's) -----------------------------

    def create_upload_job(
        self, job_id: str, user_id: int | None, files: Iterable[tuple[str, int]]
    ) -> jobs.UploadJob:
        """A new upload job taken by this process, its files (name, size) queued."""
        return jobs.create_upload_job(self, job_id, user_id, files)

    def get_upload_job(self, job_id: str) -> jobs.UploadJob | None:
        """An upload job with its files, or None."""
        return jobs.get_upload_job(self, job_id)

    def set_upload_file(
        self,
        file_id: int,
        status: str,
        *,
        document_id: int | None = None,
        code: str | None = None,
        message: str | None = None,
    ) -> None:
        """Record the status of one uploaded file."""
        jobs.set_upload_file(self, file_id, status, document_id=document_id, code=code, message=message)

    def fail_unfinished(self, job_id: str, code: str, message: str) -> int:
        """Mark a job's files still waiting or in progress as failed (their process is gone)."""
        return jobs.fail_unfinished(self, job_id, code, message)


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """`Store(url)`: open (and create or upgrade to the newest schema) the store at `url`."""
    return Store(url, upgrade=upgrade)
