"""Background ingest of uploaded files, with per-file status kept in the store for the upload page.

Each web worker process ingests the uploads it received, one file at a time, in one background
thread; the status of every file is written to the store (`Store.create_upload_job` and friends), so any
worker answers the upload page's polling, and a restart does not lose it: files still waiting
when their process died are shown as failed, with the reason.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

from kehoach.store.database import pid_alive
from kehoach.store.jobs import UploadJob

log = logging.getLogger("kehoach.web")

FileStatus = Literal["queued", "processing", "stored", "skipped", "failed"]
STATUS_LABELS = {
    "queued": "đang chờ",
    "processing": "đang xử lý",
    "stored": "đã lưu",
    "skipped": "đã có trong kho",
    "failed": "lỗi",
}
INTERRUPTED = (
    "interrupted",
    "Máy chủ đã dừng hoặc khởi động lại trước khi xử lý xong tệp này. Hãy tải tệp lên lại.",
)


PAGE_STAGES = {"text": "đọc trang", "ocr": "nhận dạng chữ (OCR) trang"}


def _pages(f: Any) -> dict[str, Any] | None:
    """Progress of a file being read: pages done of total, and a label ("đọc trang 3/40")."""
    if f.pages_total is None:
        return None
    label = f"{PAGE_STAGES.get(f.pages_stage, 'trang')} {f.pages_done}/{f.pages_total}"
    return {"done": f.pages_done, "total": f.pages_total, "stage": f.pages_stage, "label": label}


class JobView:
    """An upload job as the upload page and its JSON status show it."""

    def __init__(self, job: UploadJob) -> None:
        self.job = job

    @property
    def id(self) -> str:
        return self.job.id

    @property
    def user_id(self) -> int | None:
        return self.job.user_id

    @property
    def done(self) -> bool:
        return self.job.done

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for f in self.job.files:
            counts[f.status] = counts.get(f.status, 0) + 1
        return {
            "id": self.job.id,
            "done": self.job.done,
            "counts": counts,
            "files": [
                {
                    "name": f.name,
                    "size": f.size,
                    "status": f.status,
                    "status_label": STATUS_LABELS.get(f.status, f.status),
                    "document_id": f.document_id,
                    "url": f"/documents/{f.document_id}" if f.document_id else None,
                    "code": f.code,
                    "message": f.message,
                    "pages": _pages(f) if f.status == "processing" else None,
                }
                for f in self.job.files
            ],
            "status_url": f"/api/upload/{self.job.id}",
        }


SERVER_ERROR = (
    "Lỗi máy chủ khi lưu tệp này. Hãy thử tải lên lại; nếu vẫn lỗi, báo quản trị viên "
    "(chi tiết đã ghi vào nhật ký máy chủ)."
)
PAGE_WRITE_SECONDS = 0.5  # a long file's page progress is written to the store at most this often
MAX_QUEUED_BYTES = 512 * 1024 * 1024  # uploaded bytes waiting on disk per process (back-pressure)


class UploadJobs:
    """Queues uploaded files for `Backend.ingest_bytes`, one at a time per process; status in the store.

    Uploaded files wait on disk (a private spool folder), not in memory: one file at a time is
    read into memory, when its turn comes. At most `max_queued` bytes wait per process: past it
    `reserve` says no and the upload is refused with 503 (back-pressure) until the queue drains."""

    def __init__(self, backend: Any, max_queued: int = MAX_QUEUED_BYTES) -> None:
        self.backend = backend
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-upload")
        self._mine: set[str] = set()  # jobs taken by this process (a restarted one may reuse the pid)
        self._lock = threading.Lock()
        self._seen_latest: int | None = None
        self.max_queued = max_queued
        self.queued = 0
        self.spool = Path(tempfile.mkdtemp(prefix="kehoach-uploads-"))
        weakref.finalize(self, shutil.rmtree, self.spool, ignore_errors=True)  # gone with the app

    @property
    def store(self) -> Any:
        return self.backend.store

    def reserve(self, size: int) -> bool:
        """Take `size` bytes of the queue, if they fit (released as each file is done)."""
        with self._lock:
            if self.queued and self.queued + size > self.max_queued:
                return False
            self.queued += size
            return True

    def release(self, size: int) -> None:
        with self._lock:
            self.queued = max(0, self.queued - size)

    def spool_path(self) -> Path:
        """A new private file in the spool folder, for one uploaded file."""
        fd, name = tempfile.mkstemp(dir=self.spool, suffix=".upload")
        os.close(fd)
        return Path(name)

    def submit(
        self,
        files: list[tuple[str, Path, int]],
        user_id: int | None,
        refused: list[tuple[str, int, str, str]] = (),  # type: ignore[assignment]
    ) -> JobView:
        """Start ingesting `files` (name, spooled path, size; the bytes reserved) in the background;
        `refused` (name, size, code, message) are shown in the job as failed. The job to poll."""
        job_id = secrets.token_urlsafe(9)
        entries = [(n, size) for n, _, size in files] + [(n, size) for n, size, _, _ in refused]
        job = self.store.create_upload_job(job_id, user_id, entries)
        with self._lock:
            self._mine.add(job_id)
        for f, (name, size, code, message) in zip(job.files[len(files) :], refused, strict=True):
            self.store.set_upload_file(f.id, "failed", code=code, message=message)
            self.store.record_failure(None, name, code, message, size=size)  # on the home page too
        for f, (_, path, size) in zip(job.files, files, strict=False):
            self._pool.submit(self._run, job.id, user_id, f.id, f.name, path, size)
        return JobView(self.store.get_upload_job(job_id) or job)

    def _run(self, job_id: str, user_id: int | None, file_id: int, name: str, path: Path, size: int) -> None:
        try:
            self.store.set_upload_file(file_id, "processing")
            self._refresh_neardup()
            data = path.read_bytes()
            outcome = self.backend.ingest_bytes(data, name, user_id, on_page=self._page_recorder(file_id))
            self.store.set_upload_file(
                file_id,
                outcome.status,
                document_id=outcome.document_id,
                code=outcome.code,
                message=outcome.message,
            )
            self._seen_latest = self.store.latest_document_id()
        except Exception:  # a worker must never die silently: the reason, in Vietnamese, where it is seen
            log.exception("lỗi khi lưu tệp tải lên %s", name)
            try:
                self.store.set_upload_file(file_id, "failed", code="server_error", message=SERVER_ERROR)
                self.store.record_failure(None, name, "server_error", SERVER_ERROR, size=size)
            except Exception:
                log.exception("không ghi được trạng thái tệp tải lên %s", name)
        finally:
            path.unlink(missing_ok=True)
            self.release(size)

    def _page_recorder(self, file_id: int) -> Any:
        """`on_page(done, total, stage)` writing the file's progress to the store (read by any
        worker answering the upload page), at most every `PAGE_WRITE_SECONDS`, and always at the
        last page of a stage."""
        last = [0.0]

        def on_page(done: int, total: int, stage: str) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < PAGE_WRITE_SECONDS:
                return
            last[0] = now
            try:
                self.store.set_upload_pages(file_id, done, total, stage)
            except Exception:  # progress is a nicety: never fail the file for it
                log.exception("không ghi được tiến độ tệp tải lên")

        return on_page

    def _refresh_neardup(self) -> None:
        """Bring this process's near-duplicate index up to date when another process stored
        documents since (reading only their signatures)."""
        latest = self.store.latest_document_id()
        if self._seen_latest is not None and latest != self._seen_latest:
            self.store.refresh_neardup()
        self._seen_latest = latest

    def get(self, job_id: str) -> JobView | None:
        """The job and its files' status; files left unfinished by a dead process are marked failed."""
        job = self.store.get_upload_job(job_id)
        if job is None:
            return None
        if not job.done and self._orphaned(job):
            self.store.fail_unfinished(job_id, *INTERRUPTED)
            job = self.store.get_upload_job(job_id) or job
        return JobView(job)

    def _orphaned(self, job: UploadJob) -> bool:
        """The process that took the job is gone (only known for processes of this host)."""
        if job.host != socket.gethostname() or job.pid is None:
            return False
        if job.pid == os.getpid():
            with self._lock:
                return job.id not in self._mine
        return not pid_alive(job.pid)

    def wait(self, job_id: str, timeout: float = 30.0) -> JobView | None:
        """Block until the job is done (tests and scripts)."""
        end = time.monotonic() + timeout
        job = self.get(job_id)
        while job and not job.done and time.monotonic() < end:
            time.sleep(0.05)
            job = self.get(job_id)
        return job
