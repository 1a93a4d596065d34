"""`/openapi.json` that describes what the API really answers.

Several JSON routes build their answer as a dict (the library's `to_dict`/`to_public_dict`
contracts), so FastAPI would document them as an untyped `object`. Here each of them gets a
pydantic model of that answer, and every `/api` operation documents the error envelope the app
returns for any 4xx/5xx (`{"error": {"code", "message"}}`, validation errors included). The
route code is untouched: `tests/test_web_openapi.py` checks each model against real answers
(no field missing, none extra).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from kehoach.model import Document, Reference
from kehoach.model.alignment import Coverage
from kehoach.store.results import Citing, DocumentSummary, FailureRecord, NearDuplicate, Stats


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Strict):
    code: str = Field(description="stable machine-readable code (`document_not_found`, `bad_request` …)")
    message: str = Field(description="what went wrong and what to do, in Vietnamese")


class ErrorEnvelope(_Strict):
    """Every error answer of the API (4xx and 5xx, validation errors included)."""

    error: ErrorBody


class StatsAnswer(_Strict):
    stats: Stats
    recent: list[DocumentSummary]
    failures: list[FailureRecord]


class CitedByPage(_Strict):
    items: list[Citing]
    total: int
    page: int
    page_size: int


class ResolvedReference(Reference):
    model_config = ConfigDict(extra="forbid")
    target_id: int | None = Field(description="the stored document cited, None when missing from the corpus")


class DocumentAnswer(_Strict):
    summary: DocumentSummary
    document: Document = Field(description="the parsed document (text fields only with `?text=true`)")
    citations: list[ResolvedReference]
    implements_id: int | None
    cited_by: list[Citing]
    versions: list[DocumentSummary]
    near_duplicates: list[NearDuplicate]


class MissingAnswer(_Strict):
    key: str
    in_store: bool
    reference: Reference | None
    cited_by: list[Citing]


class AlignDoc(_Strict):
    id: int
    source: str | None
    number_symbol: str | None
    title: str | None
    issuer: str | None


class AlignUnit(_Strict):
    id: str
    text: str


class AlignUnits(_Strict):
    parent: list[AlignUnit]
    child: list[AlignUnit]


class AlignEvidence(_Strict):
    shared: list[str]
    changed: list[str]
    substitutions: list[str]


class AlignPair(_Strict):
    child_id: str
    parent_ids: list[str]
    relation: str = Field(description="verbatim | adapted | added | omitted")
    score: float
    method: str | None
    evidence: AlignEvidence


class AlignAnswer(_Strict):
    parent: AlignDoc
    child: AlignDoc
    scope: str
    units: AlignUnits
    pairs: list[AlignPair]
    omitted: list[str]
    coverage: Coverage
    warnings: list[str]


class SuggestAnswer(_Strict):
    child: int
    parent: int | None


class GraphNode(_Strict):
    id: str
    label: str
    title: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    level: str | None
    in_store: bool
    url: str | None


class GraphEdge(_Strict):
    source: str
    target: str
    relation: str
    count: int


class GraphAnswer(_Strict):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class PageProgress(_Strict):
    done: int
    total: int
    stage: str | None = Field(description="text (text layer read) | ocr (pages recognised)")
    label: str = Field(description="e.g. “đọc trang 3/40”")


class UploadedFile(_Strict):
    name: str
    size: int
    status: str = Field(description="queued | processing | stored | skipped | failed")
    status_label: str
    document_id: int | None
    url: str | None
    code: str | None
    message: str | None
    pages: PageProgress | None = Field(description="while a long PDF is read: pages done of total")


class UploadAnswer(_Strict):
    id: str
    done: bool
    counts: dict[str, int]
    files: list[UploadedFile]


class Account(_Strict):
    id: int
    username: str
    display_name: str | None
    organisation: str | None
    role: str
    is_active: bool
    created_at: str | None
    last_login_at: str | None


class LoginAnswer(_Strict):
    user: Account
    csrf_token: str


class MeUser(_Strict):
    id: int | None
    username: str
    display_name: str | None
    organisation: str | None
    role: str
    local: bool


class MeAnswer(_Strict):
    user: MeUser | None
    csrf_token: str
    auth_enabled: bool


class OkAnswer(_Strict):
    ok: bool


class LintFinding(_Strict):
    element: str = Field(description="motto, issuer, issuer_parent, number_symbol, place_date, type_title, "
                         "parent, recipients, filing, authority, position, signer_name")  # fmt: skip
    label: str = Field(description="the element's name in Vietnamese")
    status: str = Field(description="present | missing | malformed | not_applicable")
    mandatory: bool
    value: str | None = Field(description="what was read")
    rule: str = Field(description="the rule it comes from (36-HD/VPTW or NĐ 30/2020/NĐ-CP)")
    note: str | None


class LintAnswer(_Strict):
    system: str = Field(description="party | state")
    system_reason: str
    ok: bool = Field(description="no mandatory element missing")
    findings: list[LintFinding]


_TEXT = {"type": "string"}
_BINARY = {"type": "string", "format": "binary"}
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CascadeNodeOut(_Strict):
    """A node of the cascade (`CascadeNode.to_dict`) with the store's id of its document."""

    id: str = Field(description="the node's key in the cascade (edges name nodes by it)")
    source_path: str | None
    number_symbol: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    level: str | None
    missing: bool = Field(description="a document only cited, not in the store")
    version_of: str | None = Field(description="the node of the final version this draft folds under")
    document_id: int | None = Field(description="the stored document, None for a cited-only node")


class CascadeEdgeOut(_Strict):
    """An edge child → parent (`CascadeEdge.to_dict`) with coverage, source and store ids."""

    child: str
    parent: str
    relation: str = Field(description="implements | based_on")
    confidence: float
    evidence: list[str]
    coverage: float | None = Field(description="share of the parent's units the child keeps, when measured")
    source: str = Field(description="citation | text | manual")
    child_document_id: int | None
    parent_document_id: int | None


class CascadeAnswer(_Strict):
    nodes: list[CascadeNodeOut]
    edges: list[CascadeEdgeOut]


class CascadeLink(_Strict):
    edge: CascadeEdgeOut
    node: CascadeNodeOut = Field(description="the node at the other end of the edge")


class DocumentCascadeAnswer(_Strict):
    node: CascadeNodeOut
    version_of: CascadeNodeOut | None = Field(description="the final version, when this is a draft")
    parents: list[CascadeLink]
    children: list[CascadeLink]


ANSWERS: dict[tuple[str, str], type[BaseModel] | tuple[str, type[BaseModel]]] = {
    ("get", "/api/stats"): StatsAnswer,
    ("get", "/api/documents/{doc_id}"): DocumentAnswer,
    ("get", "/api/documents/{doc_id}/cited-by"): CitedByPage,
    ("get", "/api/missing"): MissingAnswer,
    ("get", "/api/align"): AlignAnswer,
    ("get", "/api/compare/suggest"): SuggestAnswer,
    ("get", "/api/graph"): GraphAnswer,
    ("post", "/api/upload"): UploadAnswer,
    ("get", "/api/upload/{job_id}"): UploadAnswer,
    ("post", "/api/login"): LoginAnswer,
    ("post", "/api/logout"): OkAnswer,
    ("get", "/api/me"): MeAnswer,
    ("get", "/api/users"): ("array", Account),
    ("post", "/api/users"): Account,
    ("patch", "/api/users/{user_id}"): Account,
    ("get", "/api/documents/{doc_id}/lint"): LintAnswer,
    ("get", "/api/cascade"): CascadeAnswer,
    ("get", "/api/cascade/documents/{doc_id}"): DocumentCascadeAnswer,
    ("post", "/api/cascade/decisions"): DocumentCascadeAnswer,
}
"""(method, path) → the model of its success answer (`("array", M)`: a JSON array of M)."""

FILES: dict[tuple[str, str], dict[str, type[BaseModel] | dict[str, str]]] = {
    ("get", "/api/documents/{doc_id}/export/{fmt}"): {
        "application/json": Document,
        "text/markdown": _TEXT,
        "application/akn+xml": _TEXT,
        "text/html": _TEXT,
        _DOCX: _BINARY,
    },
    ("post", "/api/draft"): {_DOCX: _BINARY},
}
"""(method, path) → media type → schema of a route answering a file (a model, or a string schema)."""


def _models() -> list[type[BaseModel]]:
    out: list[type[BaseModel]] = [ErrorEnvelope]
    for answer in ANSWERS.values():
        model = answer[1] if isinstance(answer, tuple) else answer
        if model not in out:
            out.append(model)
    for media in FILES.values():
        for schema in media.values():
            if isinstance(schema, type) and schema not in out:
                out.append(schema)
    return out


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document with every answer typed and the error envelope documented."""
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    _, defs = models_json_schema(
        [(m, "serialization") for m in _models()], ref_template="#/components/schemas/{model}"
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(defs.get("$defs", {}))
    for path, operations in spec.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            answer = ANSWERS.get((method, path))
            if answer is not None:
                ok = next((code for code in responses if code.startswith("2")), "200")
                if isinstance(answer, tuple):
                    schema: dict[str, Any] = {"type": "array", "items": _ref(answer[1])}
                else:
                    schema = _ref(answer)
                responses.setdefault(ok, {"description": "OK"})["content"] = {
                    "application/json": {"schema": schema}
                }
            files = FILES.get((method, path))
            if files is not None:
                ok = next((code for code in responses if code.startswith("2")), "200")
                responses.setdefault(ok, {"description": "OK"})["content"] = {
                    media: {"schema": _ref(s) if isinstance(s, type) else dict(s)}
                    for media, s in files.items()
                }
            responses.pop("422", None)  # validation errors come in the same envelope as the others
            error = {"application/json": {"schema": _ref(ErrorEnvelope)}}
            responses["4XX"] = {
                "description": "Yêu cầu không hợp lệ, chưa đăng nhập, không có quyền, không tìm thấy, quá lớn "
                "hoặc quá nhiều lần (mã trong `error.code`, lời nhắn tiếng Việt trong `error.message`)",
                "content": error,
            }
            responses["5XX"] = {"description": "Lỗi máy chủ (cùng dạng `error`)", "content": error}
    for unused in ("HTTPValidationError", "ValidationError"):
        if not _mentions(spec, f"#/components/schemas/{unused}"):
            schemas.pop(unused, None)
    return spec


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _mentions(node: Any, ref: str) -> bool:
    if isinstance(node, dict):
        return any(v == ref or _mentions(v, ref) for v in node.values())
    if isinstance(node, list):
        return any(_mentions(v, ref) for v in node)
    return False


def install(app: FastAPI) -> None:
    """Serve `build_openapi` at the app's `openapi_url` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
