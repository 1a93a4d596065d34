"""kehoach: structured data, cascades and follow-up for Vietnamese plan documents.

The front door, for scripts and notebooks (the CLI, the web app and the Spark job call the
same functions)::

    import kehoach

    doc = kehoach.read("ke-hoach-39.pdf")          # a file (.txt .pdf .docx .doc, scans) -> Document
    doc = kehoach.parse("KẾ HOẠCH\\n…")            # a text already in memory -> Document
    al = kehoach.align(parent_doc, child_doc)      # kept / adapted / added / omitted -> Alignment
    with kehoach.Store("sqlite:///kehoach.db") as store:
        store.ingest(["corpus/"])                  # files, folders or Documents -> IngestReport
        results = store.search("chuyển đổi số")    # -> SearchResults
        stored = store.get("39-KH/ĐUK")            # -> StoredDocument | None

`kehoach.identity` says which citation names which document; `kehoach.store` lists every
store operation. Submodules are imported on first use, so `import kehoach` stays light.
"""

from __future__ import annotations

import logging
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

# A library's loggers get no handler but this one: without it Python's last-resort handler would
# print a logged error's traceback (class names, English text) to a CLI user's terminal. The web
# server configures where the "kehoach" log goes (`kehoach.web.server.log_config`).
logging.getLogger("kehoach").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from kehoach.model import Alignment, Document
    from kehoach.store.api import Store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "align", "parse", "read"]


def read(path: str | Path) -> Document:
    """Read, repair and parse one file into a `Document` (raises `IngestError` on bad input)."""
    from kehoach.pipeline import process_file

    return process_file(path)


def parse(text: str, path: str | None = None) -> Document:
    """Repair and parse a text already in memory into a `Document`."""
    from kehoach.pipeline import process_text

    return process_text(text, path=path)


def align(parent: Document, child: Document, *, annex: bool = False) -> Alignment:
    """Align a child plan to its parent, unit by unit (`annex`: their first annexes instead)."""
    from kehoach.align import align_documents

    return align_documents(parent, child, annex=annex)


def __getattr__(name: str) -> Any:
    if name == "Store":  # the store pulls in SQLAlchemy and Alembic: only when asked for
        from kehoach.store.api import Store

        return Store
    raise AttributeError(f"module 'kehoach' has no attribute {name!r}")


class _FrontDoor(types.ModuleType):
    """`kehoach.parse` and `kehoach.align` stay the functions above when the packages of the same
    name are imported (the import system would set the attribute to the package; code imports
    from them by their full name, `from kehoach.parse import …`, which is unaffected)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("parse", "align") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _FrontDoor
