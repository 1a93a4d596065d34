"""The store: parsed documents in SQLite (default) or PostgreSQL, with Vietnamese full-text search.

Public API (what the CLI and the web app call; nothing else queries the database):

    from kehoach.store import Store                   # also kehoach.Store; open_store(url) = Store(url)
    store = Store("sqlite:///kehoach.db")             # or postgresql+psycopg://…, a path, None
                                                       # (None: $KEHOACH_DB, else ./kehoach.db);
                                                       # creates/upgrades the schema (Alembic)
    # writing (the consume path: `store.consume`)
    store.ingest(paths | documents, jobs=1)            -> IngestReport   (the front door)
    store.ingest_paths(paths, jobs=4, on_progress=cb)  -> IngestReport (files: stored/skipped/failed,
                                                          write_seconds: the main process's write time)
    store.ingest_bytes(data, filename, source_key=None, user_id=None) -> FileOutcome   (web upload)
    store.ingest_document(doc)                         -> FileOutcome   (an already parsed Document)
    store.delete_document(id)                          -> bool
    # reading
    store.list_documents(filters, sort="-date", page=1, page_size=50) -> Page[DocumentSummary]
        filters: issuer (folded substring of issuer/parent), year, type (`Kế hoạch`/`KH`),
        level (central|province|district|grassroots), q (title substring), all_versions
        sort: date, -date, id, -id, issuer, number, title, created, -created
    store.get_document(id | "39-KH/ĐUK")               -> StoredDocument | None
        (.summary, .document: model.Document, .versions, .near_duplicates, .cited_by);
        raises StoreError(code="ambiguous") when a number names several documents
    store.find_documents("39-KH/ĐUK")                  -> [ids]
    store.find_numbers(["39-KH/ĐUK", "40-KH/TU"])      -> {number_key: [(id, year)]}  (one query;
                                                          number keys: `identity.number_key`)
    store.search(query, filters, limit=20, offset=0)   -> SearchResults(total, total_exact, hits)
        SearchHit: document {id, number_symbol, title, issuer, source_path}, node_id, snippet,
        score, tier, marks, highlights (spans of snippet), snippet_html, span (in Document.text),
        match; filters also `cites` / `implements` a document number
    store.reindex() -> int                              (the search index rebuilt from the store)
    store.get(id | number)                             -> StoredDocument | None (= get_document)
    store.cited_by("40-KH/TU@2022" | "5-CT/TW")        -> [Citing]  (a dated key: that key; a number:
                                                          every citation of it, `5-CT/TW` = `05-CT/TW`)
    store.resolve_references(refs)                     -> {reference key: stored id | None}
                                                          (matching rules: `kehoach.identity`)
    store.reference(doc_id, key)                       -> Reference | None (a citation as one document reads it)
    # one document's page (bounded reads)
    store.document_view(id, cited_by_limit=50, documents=cache) -> DocumentView | None;
    store.citing_page(id, number_symbol, limit, offset) -> ([Citing], total); document_summary,
    content_hash, document_texts (raw text and offset map), latest_document_id,
    documents_generation
    store.stats()                                      -> Stats (counts by level/issuer/year/type)
    store.failures(run_id=None)                        -> [FailureRecord]; store.runs() -> [IngestRun]
    # accounts (web app)
    store.create_user(username, password, role="viewer"|"editor"|"admin", organisation=…)
    store.authenticate(username, password) -> User | None; get_user, list_users, update_user
    store.record_signin_failure(keys, at, forget_before=…); signin_failures(keys, since);
    clear_signin_failures(key)                         (the limits are `web.auth.SignInLimiter`'s)
    # upload jobs (web app; what the page shows is `web.jobs`')
    store.create_upload_job(job_id, user_id, [(name, size)]) -> UploadJob; get_upload_job,
    set_upload_file(file_id, status, document_id=…, code=…, message=…), fail_unfinished

Search matches the folded text (`vntext.fold`): `đ`/`d`, old/new tone placement and case never
matter, marks typed rank the texts printing them first; `"…"` is a phrase, `xay*` a prefix,
`a OR b` either, `UBND` ↔ `Ủy ban nhân dân`; a document number finds the document and those
citing it. Ranking is exact over all matches: words as typed together first (phrase, near, one
node, anywhere), then marks, then bm25, on the tantivy index beside the store
(`store.searchindex`, kept in step with it; `store.reindex()` rebuilds it), so SQLite and
PostgreSQL rank alike. See `store.textindex` for the query language, `store.search` for the ranking, `store.schema` for the tables (with room for
cascade edges, alignments, tracking and users).

Safety: each document is written in one transaction (SQLite in WAL mode), idempotent by the
file's SHA-256; a killed ingest leaves only whole documents. Ingest workers prepare every row
(`store.prepare`); the main process only inserts them (`store.writer`, `Store.writer()`). Near-duplicates (MinHash LSH,
`store.neardup`) are linked at ingest with their estimated similarity.
"""

from kehoach.store.api import Store, open_store
from kehoach.store.consume import ProgressEvent
from kehoach.store.engine import DEFAULT_URL, resolve_url
from kehoach.store.results import (
    Citing,
    DocumentRef,
    DocumentSummary,
    FailureRecord,
    FileOutcome,
    IngestReport,
    IngestRun,
    NearDuplicate,
    Page,
    SearchHit,
    SearchResults,
    Stats,
    StoredDocument,
    User,
)

__all__ = [
    "DEFAULT_URL",
    "Citing",
    "DocumentRef",
    "DocumentSummary",
    "FailureRecord",
    "FileOutcome",
    "IngestReport",
    "IngestRun",
    "NearDuplicate",
    "Page",
    "ProgressEvent",
    "SearchHit",
    "SearchResults",
    "Stats",
    "Store",
    "StoredDocument",
    "User",
    "open_store",
    "resolve_url",
]
