"""What the store's public functions return: pydantic models, ready for JSON (CLI and web)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field, field_serializer

from kehoach.display import file_name
from kehoach.model import Document
from kehoach.store.textindex import mark


class DocumentRef(BaseModel):
    """The `document` object of search hits and listings."""

    id: int
    number_symbol: str | None = None
    title: str | None = None
    issuer: str | None = None
    source_path: str | None = Field(
        None, description="the file's name (JSON never shows the server's folders)"
    )

    @field_serializer("source_path", when_used="json")
    def _name_only(self, value: str | None) -> str | None:
        return file_name(value, empty="") or None


class DocumentSummary(DocumentRef):
    """One row of `list_documents`."""

    doc_type: str | None = None
    date: str | None = None
    year: int | None = None
    level: str | None = None
    version: int = 1
    is_current: bool = True
    n_nodes: int = 0
    content_hash: str = ""

    def ref(self) -> DocumentRef:
        """Only the `document` fields."""
        return DocumentRef(**self.model_dump(include=set(DocumentRef.model_fields)))


class Page(BaseModel):
    """A page of documents and the total count under the same filters."""

    items: list[DocumentSummary]
    total: int
    page: int = 1
    page_size: int = 50


class SearchHit(BaseModel):
    """A matching document, its best matching node and a snippet of that node's text."""

    document: DocumentRef
    node_id: str | None
    snippet: str
    score: float
    highlights: list[tuple[int, int]] = Field(default_factory=list, description="spans of `snippet` to mark")
    span: tuple[int, int] | None = Field(None, description="the node's span in the document text")
    match: Literal["self", "cites", "text"] = "text"
    tier: Literal["phrase", "near", "node", "document"] = Field(
        "phrase",
        description="how the text holds the query: its words as typed next to each other (phrase), "
        "near each other in one node (near), anywhere in one node (node), anywhere (document)",
    )
    marks: int = Field(0, description="words typed with marks that the document prints with them")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def snippet_html(self) -> str:
        """The snippet, HTML-escaped, matches in `<mark>`."""
        from html import escape

        parts, pos = [], 0
        for a, b in self.highlights:
            parts += [escape(self.snippet[pos:a]), "<mark>", escape(self.snippet[a:b]), "</mark>"]
            pos = b
        parts.append(escape(self.snippet[pos:]))
        return "".join(parts)

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with matches wrapped in `before`/`after`."""
        return mark(self.snippet, self.highlights, before, after)


class SearchResults(BaseModel):
    query: str
    total: int = Field(description="matching documents under the filters (hits holds at most `limit`)")
    total_exact: bool = Field(True, description="always True: every match is counted and ranked")
    hits: list[SearchHit]


class NearDuplicate(BaseModel):
    document: DocumentRef
    similarity: float
    method: str = "minhash"


class Citing(BaseModel):
    """A stored document that cites some key or number."""

    document: DocumentRef
    key: str
    relation: str
    node_ids: list[str] = Field(default_factory=list)
    context: str = ""


class StoredDocument(BaseModel):
    """A stored document with its store metadata, versions, near-duplicates and citing documents."""

    summary: DocumentSummary
    document: Document
    created_at: datetime | None = None
    versions: list[DocumentSummary] = Field(default_factory=list, description="every version, oldest first")
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    cited_by: list[Citing] = Field(default_factory=list)


class FileOutcome(BaseModel):
    """What ingest did with one file."""

    path: str
    status: Literal["stored", "skipped", "failed"]
    document_id: int | None = None
    version: int | None = None
    previous_id: int | None = None
    near_duplicates: list[tuple[int, float]] = Field(default_factory=list)
    code: str | None = None
    message: str | None = None
    size: int = 0


class IngestReport(BaseModel):
    """The outcome of one ingest run."""

    run_id: int | None
    files: list[FileOutcome] = Field(default_factory=list)
    elapsed: float = 0.0
    write_seconds: float = Field(0.0, description="time the main process spent writing documents")
    interrupted: bool = False

    def _with(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    @property
    def stored(self) -> list[FileOutcome]:
        return self._with("stored")

    @property
    def skipped(self) -> list[FileOutcome]:
        return self._with("skipped")

    @property
    def failed(self) -> list[FileOutcome]:
        return self._with("failed")

    @property
    def bytes(self) -> int:
        return sum(f.size for f in self.files)


class FailureRecord(BaseModel):
    id: int
    run_id: int | None
    path: str = Field(description="the file's name (JSON never shows the server's folders)")

    @field_serializer("path", when_used="json")
    def _name_only(self, value: str) -> str:
        return file_name(value, empty="")

    code: str
    message: str
    created_at: datetime | None = None


class IngestRun(BaseModel):
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    n_files: int
    n_stored: int
    n_skipped: int
    n_failed: int
    n_near_duplicates: int
    n_versions: int


class Stats(BaseModel):
    """Counts for dashboards: totals and current documents by level, issuer, year and type."""

    documents: int
    current: int
    nodes: int
    citations: int
    near_duplicate_links: int
    failures: int
    by_level: dict[str, int]
    by_issuer: dict[str, int]
    by_year: dict[str, int]
    by_type: dict[str, int]


class User(BaseModel):
    """A web app account (never carries the password hash)."""

    id: int
    username: str
    display_name: str | None = None
    organisation: str | None = None
    role: Literal["viewer", "editor", "admin"] = "viewer"
    is_active: bool = True
    created_at: datetime | None = None
    last_login_at: datetime | None = None
    session_version: int = Field(0, exclude=True)  # internal: which sessions are still valid


def as_dict(model: BaseModel) -> dict[str, Any]:
    """JSON-ready dict of a result model."""
    return model.model_dump(mode="json")


@dataclass
class DocumentView:
    """A stored document for its page: `stored.cited_by` holds only the first citing documents."""

    stored: StoredDocument
    cited_by_total: int

    @property
    def cited_by_more(self) -> bool:
        """More documents cite this one than `stored.cited_by` holds."""
        return self.cited_by_total > len(self.stored.cited_by)
