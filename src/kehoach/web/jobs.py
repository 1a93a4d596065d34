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
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
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
                }
                for f in self.job.files
            ],
            "status_url": f"/api/upload/{self.job.id}",
        }


class UploadJobs:
    """Queues uploaded files for `Backend.ingest_bytes`, one at a time per process; status in the store."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-upload")
        self._mine: set[str] = set()  # jobs taken by this process (a restarted one may reuse the pid)
        self._lock = threading.Lock()
        self._seen_latest: int | None = None

    @property
    def store(self) -> Any:
        return self.backend.store

    def submit(self, files: list[tuple[str, bytes]], user_id: int | None) -> JobView:
        """Start ingesting `files` (name, bytes) in the background; returns the job to poll."""
        job_id = secrets.token_urlsafe(9)
        job = self.store.create_upload_job(job_id, user_id, [(n, len(d)) for n, d in files])
        with self._lock:
            self._mine.add(job_id)
        for f, (_, data) in zip(job.files, files, strict=True):
            self._pool.submit(self._run, job.id, user_id, f.id, f.name, data)
        return JobView(job)

    def _run(self, job_id: str, user_id: int | None, file_id: int, name: str, data: bytes) -> None:
        try:
            self.store.set_upload_file(file_id, "processing")
            self._refresh_neardup()
            outcome = self.backend.ingest_bytes(data, name, user_id)
            self.store.set_upload_file(
                file_id,
                outcome.status,
                document_id=outcome.document_id,
                code=outcome.code,
                message=outcome.message,
            )
            self._seen_latest = self.store.latest_document_id()
        except Exception as exc:  # a worker must never die silently: show the reason
            log.exception("lỗi khi lưu tệp tải lên %s", name)
            try:
                self.store.set_upload_file(
                    file_id, "failed", code="server_error", message=f"Lỗi khi lưu tệp: {exc}"
                )
            except Exception:
                log.exception("không ghi được trạng thái tệp tải lên %s", name)

    def _refresh_neardup(self) -> None:
        """Rebuild this process's near-duplicate index when another process stored documents since."""
        latest = self.store.latest_document_id()
        if self._seen_latest is not None and latest != self._seen_latest:
            self.store.rebuild_neardup()
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
