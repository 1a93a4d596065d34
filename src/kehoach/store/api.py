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
from kehoach.model import Document
from kehoach.store import consume, jobs, queries, signins, users
from kehoach.store import engine as engines
from kehoach.store.database import Database
from kehoach.store.prepare import prepare_document
from kehoach.store.results import (
    FailureRecord,
    FileOutcome,
    IngestReport,
    IngestRun,
    Page,
    SearchResults,
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
                    f"Không mở được cơ sở dữ liệu {engines.shown_url(resolved)}: {engines.db_reason(exc)}",
                    code="open_failed",
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
        on_page: Callable[[str, int, int, str], None] | None = None,
    ) -> IngestReport:
        """Ingest files and folders (walked); see `kehoach.store.consume.ingest_paths`."""
        return consume.ingest_paths(
            self, paths, jobs=jobs, on_progress=on_progress, parse=parse, user_id=user_id, on_page=on_page
        )

    def ingest_bytes(
        self,
        data: bytes,
        filename: str,
        *,
        source_key: str | None = None,
        user_id: int | None = None,
        on_page: Callable[[int, int, str], None] | None = None,
    ) -> FileOutcome:
        """Parse and store one uploaded file (in this process); failures are recorded too.
        `on_page(done, total, stage)`: progress of a long PDF being read."""
        return consume.ingest_bytes(
            self, data, filename, source_key=source_key, user_id=user_id, on_page=on_page
        )

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

    get_document = queries.get_document

    find_documents = queries.find_documents

    find_numbers = queries.find_numbers

    def search(
        self, query: str, filters: dict[str, Any] | None = None, limit: int = 20, offset: int = 0
    ) -> SearchResults:
        """Ranked documents for a Vietnamese query; see `kehoach.store.search`."""
        return _search(self, query, filters or {}, limit=limit, offset=offset)

    resolve_references = queries.resolve_references

    cited_by = queries.cited_by

    parent_id = queries.parent_id

    reference = queries.reference

    stats = queries.stats

    def failures(self, run_id: int | None = None, limit: int = 1000) -> list[FailureRecord]:
        """Recorded ingest failures, newest first (of one run if given)."""
        return queries.failures(self, run_id=run_id, limit=limit)

    def runs(self, limit: int = 20) -> list[IngestRun]:
        """Recent ingest runs, newest first."""
        return queries.runs(self, limit=limit)

    # --- one document's page (bounded reads: see `queries.document_view`) -------------------

    document_view = queries.document_view

    citing_page = queries.citing_page

    document_summary = queries.document_summary

    content_hash = queries.content_hash
    pages_changed_by = queries.pages_changed_by

    document_texts = queries.document_texts

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

    authenticate = users.authenticate

    get_user = users.get_user

    list_users = users.list_users

    update_user = users.update_user

    end_sessions = users.end_sessions

    app_secret = users.app_secret

    # --- failed sign-ins (limits are the web app's) ------------------------------------------

    record_signin_failure = signins.record_signin_failure

    signin_failures = signins.signin_failures

    forget_signin_attempt = signins.forget_signin_attempt

    admit_signin_attempt = signins.admit_signin_attempt

    clear_signin_failures = signins.clear_signin_failures

    # --- upload jobs (what the upload page shows is the web app's) -----------------------------

    create_upload_job = jobs.create_upload_job

    get_upload_job = jobs.get_upload_job

    set_upload_file = jobs.set_upload_file

    set_upload_pages = jobs.set_upload_pages

    fail_unfinished = jobs.fail_unfinished


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """`Store(url)`: open (and create or upgrade to the newest schema) the store at `url`."""
    return Store(url, upgrade=upgrade)
