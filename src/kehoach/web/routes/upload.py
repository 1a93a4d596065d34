"""Upload: drag and drop files; ingest runs in the background with per-file status to poll."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from kehoach.ingest import SUPPORTED_SUFFIXES
from kehoach.web.limits import UPLOAD_FILE_BYTES, BodyTooLarge
from kehoach.web.pages import PageRoute, WebError, check_csrf, render, require

router = APIRouter(route_class=PageRoute)

MAX_FILE_BYTES = UPLOAD_FILE_BYTES
MAX_FILES = 200
ALLOWED = tuple(sorted(SUPPORTED_SUFFIXES))  # what the readers read (kehoach.ingest)


@router.get("/upload", include_in_schema=False)
def upload_page(request: Request) -> Response:
    require(request, "editor")
    return render(request, "upload.html", {"allowed": ", ".join(ALLOWED), "max_mb": MAX_FILE_BYTES // 2**20})


UPLOAD_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}


@router.post(
    "/api/upload",
    tags=["tải lên"],
    summary="Upload files; returns a job whose status to poll",
    status_code=202,
    openapi_extra=UPLOAD_BODY_SCHEMA,
)
async def upload_api(request: Request) -> dict[str, Any]:
    # The account and the CSRF token are checked before a byte of the body is read: an anonymous
    # or read-only request is refused without spooling its files (the body is parsed here, not by
    # a `File(...)` parameter, which FastAPI would read before calling this function).
    viewer = require(request, "editor")
    check_csrf(request)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise WebError(422, "no_files", "Chưa chọn tệp nào để tải lên (cần gửi multipart/form-data).")
    try:
        # Starlette spools each file part to a temporary file past 1 MB; the whole body is bounded
        # by `BodyLimit` (UPLOAD_REQUEST_BYTES).
        form = await request.form(max_files=MAX_FILES + 1, max_fields=20)
    except BodyTooLarge:
        raise
    except StarletteHTTPException as exc:
        raise WebError(
            413 if "Too many" in str(exc.detail) else 400,
            "bad_upload",
            f"Dữ liệu tải lên không hợp lệ hoặc quá nhiều tệp (tối đa {MAX_FILES} tệp mỗi lần).",
        ) from exc
    jobs = request.app.state.jobs
    spooled: list[Path] = []
    reserved = 0
    try:
        parts = [f for f in form.getlist("files") if isinstance(f, StarletteUploadFile)]
        if len(parts) > MAX_FILES:
            raise WebError(
                413, "too_many_files", f"Mỗi lần chỉ tải lên tối đa {MAX_FILES} tệp. Hãy chia nhỏ."
            )
        if not parts:
            raise WebError(422, "no_files", "Chưa chọn tệp nào để tải lên.")
        named = [(_safe_name(f.filename), f.size if f.size is not None else MAX_FILE_BYTES, f) for f in parts]
        for name, size, _ in named:
            if size > MAX_FILE_BYTES:
                raise WebError(
                    413,
                    "file_too_large",
                    f"Tệp {name} lớn hơn {MAX_FILE_BYTES // 2**20} MB. Hãy tách hoặc nén lại.",
                )
        total = sum(size for _, size, _ in named)
        if not jobs.reserve(total):  # back-pressure: too much already waiting in this process
            raise WebError(
                503,
                "busy",
                "Máy chủ đang xử lý nhiều tệp tải lên trước đó. Hãy thử lại sau ít phút.",
                headers={"Retry-After": "30"},
            )
        reserved = total
        accepted: list[tuple[str, Path, int]] = []
        refused: list[tuple[str, int, str, str]] = []
        for name, size, part in named:
            if Path(name).suffix.lower() not in ALLOWED:
                refused.append((name, size, "file_type", _type_message(name)))
                continue
            path = jobs.spool_path()
            spooled.append(path)
            await run_in_threadpool(_copy, part, path)  # disk to disk: never the whole file in memory
            accepted.append((name, path, size))
        job = await run_in_threadpool(jobs.submit, accepted, viewer.id, refused)  # a store write
        spooled.clear()  # the background files own them now, and release their sizes as each is done
        reserved = sum(size for _, size, _, _ in refused)
    finally:
        for path in spooled:
            path.unlink(missing_ok=True)
        jobs.release(reserved)
        await form.close()
    return job.to_dict()


def _safe_name(filename: str | None) -> str:
    """The file's own name: no folder part (a traversal name cannot reach anything), 255 chars at most."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")[:255]
    return name if name not in ("", ".", "..") else "tep-khong-ten"


def _type_message(name: str) -> str:
    suffix = Path(name).suffix.lower() or "(không có phần mở rộng)"
    return f"Loại tệp {suffix} không được nhận. Chỉ nhận: {', '.join(ALLOWED)}."


def _copy(upload: StarletteUploadFile, path: Path) -> None:
    upload.file.seek(0)
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)


@router.get("/api/upload/{job_id}", tags=["tải lên"], summary="Ingest status of an upload, file by file")
def upload_status_api(request: Request, job_id: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
    viewer = require(request, "editor")
    job = request.app.state.jobs.get(job_id)
    if job is None or (job.user_id is not None and job.user_id != viewer.id and not viewer.is_admin):
        raise WebError(
            404,
            "job_not_found",
            "Không tìm thấy lượt tải lên này: mã không đúng, hoặc lượt tải lên đã quá 30 ngày và bị xoá.",
        )
    return job.to_dict()
