"""Upload: drag and drop files; ingest runs in the background with per-file status to poll."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kehoach.ingest import SUPPORTED_SUFFIXES
from kehoach.web.common import PageRoute, WebError, check_csrf, render, require

router = APIRouter(route_class=PageRoute)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FILES = 200
ALLOWED = tuple(sorted(SUPPORTED_SUFFIXES))  # what the readers read (kehoach.ingest)


@router.get("/upload", include_in_schema=False)
def upload_page(request: Request) -> Response:
    require(request, "editor")
    return render(request, "upload.html", {"allowed": ", ".join(ALLOWED), "max_mb": MAX_FILE_BYTES // 2**20})


@router.post(
    "/api/upload",
    tags=["tải lên"],
    summary="Upload files; returns a job whose status to poll",
    status_code=202,
)
async def upload_api(request: Request, files: list[UploadFile] = File(...)) -> dict[str, Any]:
    viewer = require(request, "editor")
    check_csrf(request)
    if len(files) > MAX_FILES:
        raise WebError(413, "too_many_files", f"Mỗi lần chỉ tải lên tối đa {MAX_FILES} tệp. Hãy chia nhỏ.")
    payload: list[tuple[str, bytes]] = []
    for f in files:
        data = await f.read(MAX_FILE_BYTES + 1)
        name = (f.filename or "tep-khong-ten").replace("\\", "/").rsplit("/", 1)[-1]
        if len(data) > MAX_FILE_BYTES:
            raise WebError(
                413,
                "file_too_large",
                f"Tệp {name} lớn hơn {MAX_FILE_BYTES // 2**20} MB. Hãy tách hoặc nén lại.",
            )
        payload.append((name, data))
    if not payload:
        raise WebError(422, "no_files", "Chưa chọn tệp nào để tải lên.")
    job = await run_in_threadpool(request.app.state.jobs.submit, payload, viewer.id)  # a store write
    return job.to_dict()


@router.get("/api/upload/{job_id}", tags=["tải lên"], summary="Ingest status of an upload, file by file")
def upload_status_api(request: Request, job_id: str) -> dict[str, Any]:
    viewer = require(request, "editor")
    job = request.app.state.jobs.get(job_id)
    if job is None or (job.user_id is not None and job.user_id != viewer.id and not viewer.is_admin):
        raise WebError(
            404,
            "job_not_found",
            "Không tìm thấy lượt tải lên này: mã không đúng, hoặc lượt tải lên đã quá 30 ngày và bị xoá.",
        )
    return job.to_dict()
