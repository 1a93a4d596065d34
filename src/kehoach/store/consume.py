"""The consume path, from a file to a stored document: read → normalize → parse → refs
(`kehoach.pipeline`) → prepare (`store.prepare`) → write (`store.writer`). `consume` is the one
function that turns a file (path or uploaded bytes) into prepared rows; the CLI's ingest, the
ingest workers and the web app's upload jobs all go through it.

`ingest_paths`: walk folders, consume in worker processes, store each document in its own
transaction, record every failure with its reason. `ingest_bytes`: one uploaded file, in this
process.

The main process hashes each file first and skips, in one query per 500 files, the content already
stored; it hands the rest in small batches to a `ProcessPoolExecutor` (parse + `prepare_document`:
all CPU work, JSON and index text included) and writes the prepared rows as they come back, over
one held connection (`store.writer`). A worker that dies (a crashing PDF library) costs only that
one file: the files in flight are retried one by one in a fresh pool.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kehoach.errors import KehoachError, os_reason
from kehoach.ingest import MAX_BYTES, SUPPORTED_SUFFIXES, PageCallback, unsupported_error
from kehoach.model import Document
from kehoach.pipeline import process_bytes, process_file
from kehoach.procs import die_with_parent
from kehoach.store.prepare import PreparedDocument, prepare_document
from kehoach.store.results import FileOutcome, IngestReport

if TYPE_CHECKING:
    from kehoach.store.database import Database
    from kehoach.store.writer import Writer

log = logging.getLogger("kehoach.store")

# Shown for a failure that is a bug or a database fault: its detail (class, message, SQL) goes
# to the log, never into a message a person reads.
INTERNAL_ERROR = (
    "Lỗi nội bộ khi phân tích tệp này (đã ghi vào nhật ký của máy chủ). Hãy báo quản trị viên và gửi kèm tệp."
)
STORE_WRITE_ERROR = (
    "Không ghi được văn bản vào cơ sở dữ liệu (đã ghi chi tiết vào nhật ký). Hãy thử lại; nếu vẫn"
    " lỗi, báo quản trị viên."
)

SUPPORTED = SUPPORTED_SUFFIXES
Parse = Callable[[str], Document]


@dataclass
class ProgressEvent:
    """Sent to `on_progress` at the start and after every file."""

    outcome: FileOutcome | None
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    stored: int
    skipped: int
    failed: int


@dataclass
class _Failure:
    code: str
    message: str


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Files named or found under folders (hidden entries skipped), and outcomes for paths that
    do not exist and for files found in a format we do not read (failed, `unsupported`): every
    file under a folder is accounted for, none left out silently."""
    files: list[Path] = []
    missing: list[FileOutcome] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if (exc := unsupported_error(f)) is not None:
                    missing.append(
                        FileOutcome(path=str(f), status="failed", code=exc.code, message=exc.message)
                    )
                else:
                    found.append(f)
        elif p.exists():
            found = [p]
        else:
            missing.append(
                FileOutcome(
                    path=str(p), status="failed", code="not_found", message="Không tìm thấy tệp hay thư mục."
                )
            )
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def consume(
    source: str | tuple[bytes, str],
    dialect: str,
    content_hash: str,
    source_key: str | None,
    parse: Parse | None = None,
    on_page: PageCallback | None = None,
) -> PreparedDocument | _Failure:
    """A file (path, or uploaded (bytes, file name)) → its prepared rows for `dialect`; never
    raises: bad input, a parser bug or exhausted memory is this file's failure, with its reason.
    `parse`: a picklable `path -> Document` instead of `pipeline.process_file` (given `on_page`
    as a keyword when there is one); `on_page(done, total, stage)`: progress of a long PDF."""
    try:
        if isinstance(source, tuple):
            doc = process_bytes(*source, on_page=on_page)
        elif on_page is not None:
            doc = (parse or process_file)(source, on_page=on_page)  # type: ignore[call-arg]
        else:
            doc = (parse or process_file)(source)
        return prepare_document(doc, dialect, content_hash=content_hash, source_key=source_key)
    except KehoachError as exc:
        return _Failure(exc.code, exc.message)
    except MemoryError:
        return _Failure("too_large", "Không đủ bộ nhớ để phân tích tệp này.")
    except Exception:  # a parser bug must not stop the run: record it as this file's failure
        log.exception("lỗi nội bộ khi phân tích %s", source if isinstance(source, str) else source[1])
        return _Failure("internal_error", INTERNAL_ERROR)


def consume_batch(
    items: list[tuple[str, str]], dialect: str, parse: Parse | None = None
) -> list[PreparedDocument | _Failure]:
    """Worker: `consume` a batch of (path, content hash) (one round trip per batch); the source
    key of each file, its resolved path, is resolved here too. Pages read are reported to the
    main process when it asked for them (`_worker_init`)."""
    return [
        consume(path, dialect, h, os.path.realpath(path), parse, _page_reporter(path)) for path, h in items
    ]


PAGE_REPORT_INTERVAL = 0.2
"""Seconds between two page reports of one file from a worker (its first and last page of each
stage are always reported): a text PDF reads hundreds of pages a second, the bar needs a few."""
_pages_queue: Any = None  # in a worker: where page progress goes (set by `_worker_init`), or None


def _worker_init(parent_pid: int, pages: Any) -> None:
    """Pool initializer: end with the parent (`die_with_parent`); keep the page-progress queue."""
    global _pages_queue
    die_with_parent(parent_pid)
    _pages_queue = pages


def _page_reporter(path: str) -> PageCallback | None:
    """In a worker asked for page progress: `on_page` for `path`, putting `(path, done, total,
    stage)` on the queue, at most every `PAGE_REPORT_INTERVAL` seconds within a stage."""
    queue = _pages_queue
    if queue is None:
        return None
    last = {"stage": "", "at": 0.0}

    def on_page(done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if stage != last["stage"] or done in (1, total) or now - last["at"] >= PAGE_REPORT_INTERVAL:
            last["stage"], last["at"] = stage, now
            queue.put((path, done, total, stage))

    return on_page


def _hash_file(path: Path) -> tuple[str, int] | _Failure:
    """SHA-256 and size, streamed (a huge file is refused by its size, never read whole)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _Failure(
                "too_large",
                f"Tệp quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB).",
            )
        digest = hashlib.sha256()
        read = 0
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
                read += len(chunk)
    except OSError as exc:
        return _Failure("unreadable", f"Không đọc được tệp: {os_reason(exc)}.")
    return digest.hexdigest(), read


def _pool(jobs: int, pages: Any = None) -> ProcessPoolExecutor:
    # spawn: workers never inherit the parent's open database connections; `die_with_parent`:
    # a SIGKILLed run leaves no worker (nor, through them, multiprocessing's resource tracker)
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(), pages),
    )


class _Run:
    """Bookkeeping of one ingest run: outcomes, counters, progress events, failure records."""

    def __init__(self, store: Database, run_id: int, total: int, total_bytes: int, on_progress) -> None:  # noqa: ANN001
        self.store, self.run_id = store, run_id
        self.writer: Writer | None = None  # opened on the first document to write
        self.report = IngestReport(run_id=run_id)
        self.total, self.total_bytes = total, total_bytes
        self.on_progress = on_progress
        self.bytes_done = 0

    def event(self, outcome: FileOutcome | None) -> None:
        if self.on_progress is None:
            return
        r = self.report
        self.on_progress(
            ProgressEvent(outcome, len(r.files), self.total, self.bytes_done, self.total_bytes,
                          len(r.stored), len(r.skipped), len(r.failed))
        )  # fmt: skip

    def add(self, outcome: FileOutcome, *, content_hash: str | None = None) -> None:
        if outcome.status == "failed":
            self.store.record_failure(
                self.run_id, outcome.path, outcome.code or "error", outcome.message or "",
                content_hash=content_hash, size=outcome.size,
            )  # fmt: skip
        self.report.files.append(outcome)
        self.bytes_done += outcome.size
        self.event(outcome)

    def finish(self, path: str, size: int, content_hash: str, result: PreparedDocument | _Failure) -> None:
        if isinstance(result, _Failure):
            self.add(FileOutcome(path=path, status="failed", code=result.code, message=result.message, size=size),
                     content_hash=content_hash)  # fmt: skip
            return
        result.row["source_path"] = path
        try:
            if self.writer is None:
                self.writer = self.store.writer()
            outcome = self.writer.write(result, run_id=self.run_id)
        except Exception:  # the transaction rolled back: nothing of this document is stored
            log.exception("không ghi được %s vào cơ sở dữ liệu", path)
            outcome = FileOutcome(path=path, status="failed", code="store_error", message=STORE_WRITE_ERROR)
        outcome.path, outcome.size = path, size
        self.add(outcome, content_hash=content_hash)


def ingest_paths(
    store: Database,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    parse: Parse | None = None,
    user_id: int | None = None,
    on_page: Callable[[str, int, int, str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; returns what happened to every file.

    `jobs`: worker processes (default: CPU count; 1 parses in this process). `parse`: a picklable
    `path -> Document` (default `kehoach.pipeline.process_file`). `on_page(path, done, total,
    stage)`: per-page progress of the files being read, in this process or in the workers (their
    reports come through a queue, at most every `PAGE_REPORT_INTERVAL` seconds per file).
    Interrupting (Ctrl-C) keeps every document stored so far and marks the run `interrupted`.
    """
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    jobs = max(1, jobs or os.cpu_count() or 1)
    files, missing = collect_files(paths)
    sizes = {f: f.stat().st_size for f in files}
    run_id = store.start_run(paths, jobs, user_id=user_id)
    run = _Run(store, run_id, len(files) + len(missing), sum(sizes.values()), on_progress)
    run.event(None)
    status = "done"
    try:
        for outcome in missing:
            run.add(outcome)
        todo: list[tuple[Path, str, int]] = []
        hashed: list[tuple[Path, str, int]] = []
        for f in files:
            h = _hash_file(f)
            if isinstance(h, _Failure):
                run.add(
                    FileOutcome(path=str(f), status="failed", code=h.code, message=h.message, size=sizes[f])
                )
            else:
                hashed.append((f, *h))
        known = store.known_hashes([h for _, h, _ in hashed])
        first_in_run: dict[str, str] = {}
        for f, h, size in hashed:
            if h in known:
                run.add(FileOutcome(path=str(f), status="skipped", document_id=known[h], size=size,
                                    message="Đã có trong kho (cùng nội dung).", code="already_stored"))  # fmt: skip
            elif h in first_in_run:
                run.add(FileOutcome(path=str(f), status="skipped", size=size, code="duplicate_in_run",
                                    message=f"Trùng nội dung với {first_in_run[h]}."))  # fmt: skip
            else:
                first_in_run[h] = str(f)
                todo.append((f, h, size))
        if jobs == 1 or len(todo) <= 1:
            for f, h, size in todo:
                pages = functools.partial(on_page, str(f)) if on_page is not None else None
                run.finish(str(f), size, h, consume(str(f), store.dialect, h, str(f.resolve()), parse, pages))
        else:
            _parallel(run, todo, jobs, parse, on_page)
    except KeyboardInterrupt:
        status = "interrupted"
        run.report.interrupted = True
    finally:
        if run.writer is not None:
            run.report.write_seconds = run.writer.seconds
            run.writer.close()
        if run.report.stored:
            store.analyze()
        run.report.elapsed = time.perf_counter() - started
        store.finish_run(run_id, run.report, status=status)
    return run.report


BATCH = 8  # files per worker task at most: fewer round trips and wake-ups of the main process
WINDOW = 3  # batches in flight per worker: none of them ever waits for the writer


def _parallel(
    run: _Run,
    todo: list[tuple[Path, str, int]],
    jobs: int,
    parse: Parse | None,
    on_page: Callable[[str, int, int, str], None] | None = None,
) -> None:
    """Parse in worker processes, store in this one, at most `WINDOW × jobs` batches in flight.
    With `on_page`, the workers report the pages they read through a queue, passed on here
    (several files at once, one per worker; none after its file is finished)."""
    dialect = run.store.dialect
    queue = list(reversed(todo))
    suspects: list[tuple[Path, str, int]] = []  # in flight when a worker died: retried one at a time
    # A simple queue: a worker's report is in the pipe before its file's result is sent, so the
    # reports of a file are all passed on before its outcome (none is dropped as late).
    pages = multiprocessing.get_context("spawn").SimpleQueue() if on_page is not None else None
    finished: set[str] = set()

    def pass_pages() -> None:
        while pages is not None and not pages.empty():
            path, done, total, stage = pages.get()
            if path not in finished:
                on_page(path, done, total, stage)  # type: ignore[misc]

    pool = _pool(jobs, pages)
    try:
        while queue or suspects:
            isolate = bool(suspects)
            source = suspects if isolate else queue
            # small runs get small batches, so that every worker has some
            window, batch = (
                (1, 1) if isolate else (jobs * WINDOW, max(1, min(BATCH, len(queue) // (jobs * WINDOW))))
            )
            inflight: dict[Future, list[tuple[Path, str, int]]] = {}
            broken = False
            while (source or inflight) and not broken:
                while source and len(inflight) < window:
                    items = [source.pop() for _ in range(min(batch, len(source)))]
                    args = [(str(f), h) for f, h, _ in items]
                    inflight[pool.submit(consume_batch, args, dialect, parse)] = items
                timeout = PAGE_REPORT_INTERVAL if pages is not None else None
                done, _ = wait(inflight, timeout=timeout, return_when=FIRST_COMPLETED)
                pass_pages()
                for fut in done:
                    items = inflight.pop(fut)
                    finished.update(str(f) for f, _, _ in items)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if isolate:  # this file alone killed its worker
                            f, h, size = items[0]
                            run.finish(str(f), size, h, _Failure(
                                "worker_crashed", "Trình phân tích bị dừng đột ngột khi đọc tệp này (tệp hỏng?)."))  # fmt: skip
                        else:
                            finished.difference_update(str(f) for f, _, _ in items)  # read again
                            suspects.extend(items)
                        continue
                    for (f, h, size), result in zip(items, results, strict=True):
                        run.finish(str(f), size, h, result)
                if isolate and not broken:
                    break  # one suspect cleared; pick the next (or go back to the queue)
            if broken:
                for items in inflight.values():
                    suspects.extend(items)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs, pages)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if pages is not None:
            pages.close()


def ingest_bytes(
    store: Database,
    data: bytes,
    filename: str,
    *,
    source_key: str | None = None,
    user_id: int | None = None,
    on_page: PageCallback | None = None,
) -> FileOutcome:
    """Parse and store one uploaded file in this process (see `Store.ingest_bytes`)."""
    content_hash = hashlib.sha256(data).hexdigest()
    known = store.known_hashes([content_hash])
    if content_hash in known:
        return FileOutcome(path=filename, status="skipped", document_id=known[content_hash], size=len(data),
                           code="already_stored", message="Đã có trong kho (cùng nội dung).")  # fmt: skip
    prep = consume((data, filename), store.dialect, content_hash, source_key, on_page=on_page)
    if isinstance(prep, _Failure):
        store.record_failure(
            None, filename, prep.code, prep.message, content_hash=content_hash, size=len(data)
        )
        return FileOutcome(
            path=filename, status="failed", code=prep.code, message=prep.message, size=len(data)
        )
    outcome = store.write(prep, uploaded_by=user_id)
    outcome.size = len(data)
    return outcome
