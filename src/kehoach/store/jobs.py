"""Upload jobs: files taken by a web worker process, each with its ingest status.

The web app may run as several processes (`kehoach serve --workers N`); an upload taken by one
is polled through any of them, and its status survives a restart. What the upload page shows
and when a job counts as orphaned is the web app's (`kehoach.web.jobs`); here is only what is
stored, through `Store.create_upload_job`, `get_upload_job`, `set_upload_file`, `set_upload_pages`,
`fail_unfinished`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, insert, select, update

from kehoach.store.schema import UploadFileRow, UploadJobRow, utcnow

if TYPE_CHECKING:
    from kehoach.store.database import Database

J, F = UploadJobRow, UploadFileRow
UNFINISHED = ("queued", "processing")
KEEP_UPLOADS = timedelta(days=30)  # upload jobs older than this are dropped when a new one starts


@dataclass
class UploadFile:
    """One file of an upload job, as stored."""

    id: int
    name: str
    size: int
    status: str = "queued"
    document_id: int | None = None
    code: str | None = None
    message: str | None = None
    pages_done: int | None = None  # while it is read: pages done of `pages_total` in `pages_stage`
    pages_total: int | None = None
    pages_stage: str | None = None


@dataclass
class UploadJob:
    """An upload job and its files (in upload order)."""

    id: str
    user_id: int | None
    host: str | None
    pid: int | None
    created_at: datetime | None
    files: list[UploadFile] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """No file is waiting or being processed."""
        return all(f.status not in UNFINISHED for f in self.files)


def create_upload_job(
    store: Database, job_id: str, user_id: int | None, files: Iterable[tuple[str, int]]
) -> UploadJob:
    """A new upload job taken by this process, its files (name, size) queued."""
    host, pid, now = socket.gethostname(), os.getpid(), utcnow()
    with store.transaction() as conn:
        conn.execute(delete(J).where(J.created_at < now - KEEP_UPLOADS))
        conn.execute(insert(J).values(id=job_id, user_id=user_id, host=host, pid=pid, created_at=now))
        rows = [
            {
                "job_id": job_id,
                "position": i,
                "name": name,
                "size": size,
                "status": "queued",
                "updated_at": now,
            }
            for i, (name, size) in enumerate(files)
        ]
        if rows:
            conn.execute(insert(F), rows)
    job = get_upload_job(store, job_id)
    assert job is not None
    return job


def get_upload_job(store: Database, job_id: str) -> UploadJob | None:
    """An upload job with its files, or None."""
    with store.engine.connect() as conn:
        head = conn.execute(
            select(J.id, J.user_id, J.host, J.pid, J.created_at).where(J.id == job_id)
        ).first()
        if head is None:
            return None
        files = conn.execute(
            select(
                F.id,
                F.name,
                F.size,
                F.status,
                F.document_id,
                F.code,
                F.message,
                F.pages_done,
                F.pages_total,
                F.pages_stage,
            )  # fmt: skip
            .where(F.job_id == job_id)
            .order_by(F.position)
        ).all()
    return UploadJob(**dict(head._mapping), files=[UploadFile(**dict(f._mapping)) for f in files])


_SET_FILE = (
    update(F)
    .where(F.id == bindparam("file_id"))
    .values(
        status=bindparam("status"),
        document_id=bindparam("document_id"),
        code=bindparam("code"),
        message=bindparam("message"),
        updated_at=bindparam("updated_at"),
    )
)


def set_upload_file(
    store: Database,
    file_id: int,
    status: str,
    *,
    document_id: int | None = None,
    code: str | None = None,
    message: str | None = None,
) -> None:
    """Record the status of one uploaded file."""
    values = {"file_id": file_id, "status": status, "document_id": document_id, "code": code,
              "message": message, "updated_at": utcnow()}  # fmt: skip
    with store.transaction() as conn:
        conn.execute(_SET_FILE, values)


def set_upload_pages(store: Database, file_id: int, done: int, total: int, stage: str) -> None:
    """Record how far the reading of one uploaded file has got (pages done of total, stage)."""
    with store.transaction() as conn:
        conn.execute(
            update(F)
            .where(F.id == file_id)
            .values(pages_done=done, pages_total=total, pages_stage=stage, updated_at=utcnow())
        )


def fail_unfinished(store: Database, job_id: str, code: str, message: str) -> int:
    """Mark a job's files still waiting or in progress as failed (their process is gone)."""
    with store.transaction() as conn:
        result = conn.execute(
            update(F)
            .where(F.job_id == job_id, F.status.in_(UNFINISHED))
            .values(status="failed", code=code, message=message, updated_at=utcnow())
        )
    return result.rowcount or 0
