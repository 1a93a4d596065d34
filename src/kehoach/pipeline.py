"""From a file to a `Document`: read (`kehoach.ingest`) → normalize → parse → refs.

The first half of the consume path; the second half (prepare → write) is the store's
(`kehoach.store.consume`). Every face (CLI, web, store, Spark) calls these functions; none
parses on its own.
"""

from __future__ import annotations

import time
from pathlib import Path

from kehoach.ingest import RawText, read_bytes, read_file
from kehoach.model import Document, SourceInfo
from kehoach.normalize import normalize
from kehoach.parse import parse_normalized
from kehoach.refs import apply_references


def process_raw(raw: RawText, path: str | None = None) -> Document:
    """Normalize and parse text already read by `ingest`."""
    started = time.perf_counter()
    norm = normalize(raw.text)
    normalized = time.perf_counter()
    source = SourceInfo(
        path=path,
        format=raw.format,  # type: ignore[arg-type]
        sha256=raw.sha256,
        encoding=raw.encoding,
        pages=raw.pages,
        size=raw.size,
        read_method=raw.method,  # type: ignore[arg-type]
        converter=raw.converter,
        ocr_pages=raw.ocr_pages,
        ocr_confidence=raw.ocr_confidence,
        ocr_stamps=raw.ocr_stamps,
        timings={k: round(v, 4) for k, v in raw.timings.items()},
    )
    doc = parse_normalized(norm, source=source)
    doc.source.timings["normalize"] = round(normalized - started, 4)
    doc.source.timings["parse"] = round(time.perf_counter() - normalized, 4)
    doc.warnings[:0] = raw.warnings
    return apply_references(doc)


def process_file(path: str | Path, *, ocr: str = "auto", on_page=None) -> Document:  # noqa: ANN001
    """Read, repair and parse one file into a `Document` (raises `IngestError` on bad input).
    `ocr`: auto | always | never (see `kehoach.ingest.read_bytes`); `on_page(done, total, stage)`."""
    return process_raw(read_file(path, ocr=ocr, on_page=on_page), path=str(path))


def process_file_forced(path: str | Path, *, ocr: str = "auto", on_page=None) -> Document:  # noqa: ANN001
    """`process_file`, keeping a document that is not administrative as type "other" (`--force`)."""
    from kehoach.parse import accept_as_other

    return accept_as_other(process_file(path, ocr=ocr, on_page=on_page))


def process_bytes(data: bytes, filename: str = "", *, ocr: str = "auto", on_page=None) -> Document:  # noqa: ANN001
    """Read, repair and parse uploaded bytes; `on_page(done, total, stage)` as in `process_file`."""
    return process_raw(read_bytes(data, filename, ocr=ocr, on_page=on_page), path=filename or None)


def process_text(text: str, path: str | None = None) -> Document:
    """Repair and parse a text already in memory (tests, generated corpora)."""
    import hashlib

    data = text.encode("utf-8")
    raw = RawText(
        text=text, format="txt", sha256=hashlib.sha256(data).hexdigest(), size=len(data), encoding="utf-8"
    )
    return process_raw(raw, path=path)
