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
