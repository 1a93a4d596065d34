"""Background ingest of uploaded files: one worker thread, per-file status for the upload page to poll."""

from __future__ import annotations

import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

FileStatus = Literal["queued", "processing", "stored", "skipped", "failed"]
STATUS_LABELS = {
    "queued": "đang chờ",
    "processing": "đang xử lý",
    "stored": "đã lưu",
    "skipped": "đã có trong kho",
    "failed": "lỗi",
}
MAX_JOBS_KEPT = 200


@dataclass
class FileJob:
    name: str
    size: int
    status: FileStatus = "queued"
    document_id: int | None = None
    code: str | None = None
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "size": self.size,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "document_id": self.document_id,
            "url": f"/documents/{self.document_id}" if self.document_id else None,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class UploadJob:
    id: str
    user_id: int | None
    files: list[FileJob]
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def done(self) -> bool:
        return all(f.status not in ("queued", "processing") for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for f in self.files:
            counts[f.status] = counts.get(f.status, 0) + 1
        return {
            "id": self.id,
            "done": self.done,
            "counts": counts,
            "files": [f.to_dict() for f in self.files],
            "status_url": f"/api/upload/{self.id}",
        }


class UploadJobs:
    """Queues uploaded files for `Backend.ingest_bytes`, one at a time (the store has one writer)."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-upload")

    def submit(self, files: list[tuple[str, bytes]], user_id: int | None) -> UploadJob:
        """Start ingesting `files` (name, bytes) in the background; returns the job to poll."""
        job = UploadJob(
            id=secrets.token_urlsafe(9), user_id=user_id, files=[FileJob(n, len(d)) for n, d in files]
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS_KEPT:
                self._jobs.pop(next(iter(self._jobs)))
        for fj, (_, data) in zip(job.files, files, strict=True):
            self._pool.submit(self._run, job, fj, data)
        return job

    def _run(self, job: UploadJob, fj: FileJob, data: bytes) -> None:
        fj.status = "processing"
        try:
            outcome = self.backend.ingest_bytes(data, fj.name, job.user_id)
            fj.document_id = outcome.document_id
            fj.code, fj.message = outcome.code, outcome.message
            fj.status = outcome.status
        except Exception as exc:  # a worker must never die silently: show the reason
            fj.status, fj.code = "failed", "server_error"
            fj.message = f"Lỗi khi lưu tệp: {exc}"

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 30.0) -> UploadJob | None:
        """Block until the job is done (tests and scripts)."""
        import time

        end = time.monotonic() + timeout
        job = self.get(job_id)
        while job and not job.done and time.monotonic() < end:
            time.sleep(0.02)
        return job
