"""The one error family kehoach raises on bad input, with messages a clerk can act on."""

from __future__ import annotations


class KehoachError(Exception):
    """Base error: `code` is stable for programs, `message` is Vietnamese for people."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "path": self.path}


class IngestError(KehoachError):
    """A file could not be read: empty, binary, encrypted, scanned, broken, too large."""

    code = "ingest_error"


class NotAPlanError(KehoachError):
    """The text was read but holds nothing that looks like a plan document."""

    code = "not_a_plan"


class StoreError(KehoachError):
    """The store could not be opened or written."""

    code = "store_error"


class TrackingError(KehoachError):
    """Bad tracking input (an activity row, a duty correction, an override, a roll-up link); the
    message says what and where."""

    code = "tracking_error"


# Reasons shown for an operating-system error: its own text (strerror) is English and its class
# name is Python's; a person is told what happened in Vietnamese (the errno stays in the log).
_OS_REASONS = {
    "ENOENT": "không tìm thấy",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép",
    "EISDIR": "đây là một thư mục",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã hết hạn mức dung lượng",
    "EROFS": "ổ đĩa chỉ cho phép đọc",
    "EIO": "lỗi đọc ghi của ổ đĩa",
    "ENAMETOOLONG": "tên tệp quá dài",
    "EMFILE": "đang mở quá nhiều tệp",
    "ENFILE": "đang mở quá nhiều tệp",
    "ELOOP": "đường dẫn vòng lặp (liên kết tượng trưng)",
    "EADDRINUSE": "đang được một chương trình khác dùng",
    "EADDRNOTAVAIL": "địa chỉ này không có trên máy",
    "ENOMEM": "không đủ bộ nhớ",
    "ETIMEDOUT": "hết thời gian chờ",
    "ECONNREFUSED": "máy chủ từ chối kết nối",
}


def os_reason(exc: BaseException) -> str:
    """A Vietnamese reason for an `OSError` (never its English text or a class name)."""
    import errno

    name = errno.errorcode.get(getattr(exc, "errno", None) or -1, "")
    return _OS_REASONS.get(name, "lỗi của hệ điều hành")
