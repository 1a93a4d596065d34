"""The store's tables, as SQLAlchemy 2 declarative models.

One row per stored document version (`documents`), its outline and pseudo
nodes (`nodes`: header, title, preamble, outline nodes, closing …), its
citations (`citations`), near-duplicate links, ingest runs and failures, and
room for what comes next: cascade edges, alignments, tracking
(units, duties, audited activities, overrides, roll-up links) and the web app's user accounts.

The document-level full-text index is backend specific and created by the
migration only: on SQLite the FTS5 tables `chunk_fts` and `mark_fts` (marked words), on PostgreSQL a `tsv
tsvector` column (GIN index) on `search_chunks`. Nodes carry their folded token
string (`nodes.tokens`), which locates a hit inside a document on both backends. The ranked
search reads neither: it runs on the tantivy index beside the store (`store.searchindex`), kept in
step through `search_index_log` (triggers, migration 0013).
Every change to these models needs a new Alembic revision in
`store/migrations/versions/`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonType = JSON().with_variant(JSONB(), "postgresql")  # small, queryable metadata
# BIGINT on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is the rowid (what FTS5 rows point at).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Timezone-aware now, for timestamps."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JsonType, list[Any]: JsonType}


class UserRow(Base):
    """A web app account. `role` is viewer, editor or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    organisation: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # increased by logout, password change, deactivation: sessions signed with an older one end
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AppSecretRow(Base):
    """A named secret of the installation (the session signing key), made once and kept."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestRunRow(Base):
    """One `kehoach ingest` (or web upload) run, with its counts."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running|done|interrupted
    paths: Mapped[list[Any]] = mapped_column(default=list)
    jobs: Mapped[int] = mapped_column(Integer, default=1)
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    n_files: Mapped[int] = mapped_column(Integer, default=0)
    n_stored: Mapped[int] = mapped_column(Integer, default=0)
    n_skipped: Mapped[int] = mapped_column(Integer, default=0)
    n_failed: Mapped[int] = mapped_column(Integer, default=0)
    n_near_duplicates: Mapped[int] = mapped_column(Integer, default=0)
    n_versions: Mapped[int] = mapped_column(Integer, default=0)
    bytes_total: Mapped[int] = mapped_column(BigInteger, default=0)


class DocumentRow(Base):
    """One stored document version: header fields for listing, the full model as JSON, the text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str | None] = mapped_column(Text)
    source_key: Mapped[str | None] = mapped_column(Text, index=True)  # versions share it
    source_format: Mapped[str | None] = mapped_column(String(8))
    source_size: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)  # no index: too few values to help

    doc_type: Mapped[str | None] = mapped_column(Text)
    type_key: Mapped[str | None] = mapped_column(Text, index=True)  # folded doc_type
    type_code: Mapped[str | None] = mapped_column(String(16))  # KH, NQ … from the symbol
    number: Mapped[str | None] = mapped_column(Text)
    symbol: Mapped[str | None] = mapped_column(Text)
    number_symbol: Mapped[str | None] = mapped_column(Text)
    number_key: Mapped[str | None] = mapped_column(Text, index=True)  # folded, no spaces
    issuer: Mapped[str | None] = mapped_column(Text)
    issuer_parent: Mapped[str | None] = mapped_column(Text)
    issuer_key: Mapped[str | None] = mapped_column(Text)  # folded issuer | parent, for filters
    level: Mapped[str | None] = mapped_column(String(16), index=True)
    place: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(Text)
    quality_score: Mapped[float | None] = mapped_column(Float)
    n_nodes: Mapped[int] = mapped_column(Integer, default=0)
    n_references: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)

    data: Mapped[str] = mapped_column(Text)  # the Document as JSON (pydantic), without the three below
    text: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str | None] = mapped_column(Text)
    offset_map: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of [normalized, raw] offsets
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)  # uint32 MinHash signature

    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NodeRow(Base):
    """An addressable unit of text: an outline node or a pseudo node (header, title, preamble …)."""

    __tablename__ = "nodes"
    __table_args__ = (Index("ix_nodes_document_node", "document_id", "node_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    node_id: Mapped[str] = mapped_column(Text)
    parent_node_id: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str | None] = mapped_column(Text)
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    tokens: Mapped[str] = mapped_column(Text, default="")  # " folded words space-separated " (textindex)
    ordinal: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    annex: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    raw_start: Mapped[int | None] = mapped_column(Integer)
    raw_end: Mapped[int | None] = mapped_column(Integer)


class SearchChunkRow(Base):
    """A document-level search unit: the document's folded tokens, cut into <= 16,000 positions."""

    __tablename__ = "search_chunks"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    n_tokens: Mapped[int] = mapped_column(Integer, default=0)
    marks: Mapped[str] = mapped_column(Text, default="")  # " its words with marks " (textindex.marks_row)


class SearchIndexLogRow(Base):
    """A change to the searchable chunks (written by triggers, migration 0013): the search index
    beside the store (`store.searchindex`) applies the rows newer than the last it holds."""

    __tablename__ = "search_index_log"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chunk_id: Mapped[int] = mapped_column(BigInteger)
    document_id: Mapped[int] = mapped_column(Integer)


class CitationRow(Base):
    """A document cited by a stored document (`Document.references`)."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="numbered")
    doc_type: Mapped[str | None] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(Text)
    symbol: Mapped[str | None] = mapped_column(Text)
    number_symbol: Mapped[str | None] = mapped_column(Text)
    number_key: Mapped[str | None] = mapped_column(Text, index=True)
    date: Mapped[str | None] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(Text)
    term: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(16), default="mentions")
    count: Mapped[int] = mapped_column(Integer, default=1)
    node_ids: Mapped[list[Any]] = mapped_column(default=list)
    spans: Mapped[list[Any]] = mapped_column(default=list)
    context: Mapped[str] = mapped_column(Text, default="")
    target_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))


class NearDuplicateRow(Base):
    """`document_id` nearly repeats the earlier stored `other_id` (MinHash Jaccard estimate)."""

    __tablename__ = "near_duplicates"
    __table_args__ = (UniqueConstraint("document_id", "other_id", name="uq_near_duplicates_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16), default="minhash")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IngestFailureRow(Base):
    """A file an ingest run could not store, with the reason (stable code + Vietnamese message)."""

    __tablename__ = "ingest_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- designed now, filled by later issues -------------------------------------------------


class CascadeRunRow(Base):
    """A cascade computed over the store and kept (`kehoach cascade --db URL --save`): what it covered.

    Only the latest is kept; its nodes are `cascade_nodes`, its edges the `cascade_edges` rows
    with its `run_id` (method `citation` or `text`), the manual decisions laid on them when read.
    """

    __tablename__ = "cascade_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    documents: Mapped[int] = mapped_column(Integer)  # current documents when it ran
    last_document_id: Mapped[int | None] = mapped_column(Integer)  # the newest of them
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CascadeNodeRow(Base):
    """A node of a kept cascade: a stored document (`document_id`) or a cited-only placeholder."""

    __tablename__ = "cascade_nodes"
    __table_args__ = (UniqueConstraint("run_id", "node_key", name="uq_cascade_node"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("cascade_runs.id", ondelete="CASCADE"), index=True)
    node_key: Mapped[str] = mapped_column(
        Text
    )  # the node's id in the cascade (edges to placeholders name it)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    number_symbol: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(16))
    missing: Mapped[bool] = mapped_column(Boolean, default=False)
    version_of: Mapped[str | None] = mapped_column(Text)  # node key of the most final version
    source_path: Mapped[str | None] = mapped_column(Text)


class CascadeEdgeRow(Base):
    """`child_id` implements a parent plan: stored (`parent_id`) or only cited (`parent_key`).

    `method` `manual`: a person's decision (`evidence` = action, relation, note); `citation` or
    `text`: an edge of the kept cascade `run_id` (`score` its confidence, `evidence` = relation,
    reasons, coverage).
    """

    __tablename__ = "cascade_edges"
    __table_args__ = (
        UniqueConstraint("child_id", "parent_id", "parent_key", "method", name="uq_cascade_edge"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    parent_key: Mapped[str | None] = mapped_column(Text, index=True)  # a citation key
    method: Mapped[str] = mapped_column(String(16))  # citation | text | manual
    run_id: Mapped[int | None] = mapped_column(ForeignKey("cascade_runs.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AlignmentRow(Base):
    """A stored `Alignment` of a child plan to its parent."""

    __tablename__ = "alignments"
    __table_args__ = (UniqueConstraint("parent_id", "child_id", name="uq_alignments_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    coverage: Mapped[float | None] = mapped_column(Float)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- tracking (issue 16): units, duties, activities (audited), overrides, roll-up links -------


class UnitRow(Base):
    """An organisation of the registry (Party committee, People's Committee, department …)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)  # display name
    key: Mapped[str] = mapped_column(Text, unique=True)  # tracking.names.canonical (with place)
    level: Mapped[str | None] = mapped_column(String(16))  # central|province|district|grassroots
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UnitNameRow(Base):
    """A name variant of a unit ("BTG Huyện ủy", "Ban Tuyên giáo Huyện ủy") in a place's context."""

    __tablename__ = "unit_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, unique=True)


class DutyRow(Base):
    """One responsible unit of a plan as the plan names it, with its duties (`tracking.duties`)."""

    __tablename__ = "duties"
    __table_args__ = (Index("ix_duties_cells", "document_id", "node_id", "unit_id", "due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    unit: Mapped[str] = mapped_column(Text)  # as printed
    role: Mapped[str | None] = mapped_column(String(16))
    node_id: Mapped[str] = mapped_column(Text)
    duties: Mapped[list[Any]] = mapped_column(default=list)
    deadline: Mapped[str | None] = mapped_column(Text)  # as printed
    due: Mapped[str | None] = mapped_column(String(10))  # ISO date read from the deadline, if any


class ActivityRow(Base):
    """What a unit did for a plan: date, form, quantity, evidence; the items it serves."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    date: Mapped[str] = mapped_column(String(10))
    items: Mapped[list[Any]] = mapped_column(default=list)  # node ids served
    form: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="done")  # done | under_way
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivityItemRow(Base):
    """An item an activity serves (one row per node id, for grouped progress queries)."""

    __tablename__ = "activity_items"
    __table_args__ = (Index("ix_activity_items_cells", "document_id", "node_id", "unit_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(BigId)
    unit_id: Mapped[int] = mapped_column(Integer)
    node_id: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))


class TrackingAuditRow(Base):
    """Every change to tracking data: who, when, what before, what after."""

    __tablename__ = "tracking_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))  # activity | duty | unit | override
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete
    actor: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)


class ProgressOverrideRow(Base):
    """A recorded manual value (0..1) for one item of a plan, replacing the computed roll-up."""

    __tablename__ = "progress_overrides"
    __table_args__ = (UniqueConstraint("document_id", "node_id", name="uq_progress_overrides_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    node_id: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RollupLinkRow(Base):
    """A child plan's item counting toward a parent plan's item, with a weight: derived from the
    alignment (`tracking.links`) or set by a person (audited)."""

    __tablename__ = "rollup_links"
    __table_args__ = (
        UniqueConstraint(
            "parent_document_id",
            "parent_node_id",
            "child_document_id",
            "child_node_id",
            name="uq_rollup_links",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    parent_node_id: Mapped[str] = mapped_column(Text)
    child_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    child_node_id: Mapped[str] = mapped_column(Text)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    # `align`: derived from the alignment along the cascade edge (replaced at each derivation);
    # `manual`: a person's recorded decision (kept; weight 0 = does not count)
    method: Mapped[str] = mapped_column(String(16), default="manual", server_default="manual")
    reason: Mapped[str | None] = mapped_column(Text)


# --- the web app's shared state (its worker processes share it; survives restarts) ---------


class UploadJobRow(Base):
    """A web upload. The worker process that took it (`host`, `pid`) ingests its files."""

    __tablename__ = "upload_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # unguessable token
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class UploadFileRow(Base):
    """One file of an upload and its ingest status (queued|processing|stored|skipped|failed)."""

    __tablename__ = "upload_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("upload_jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Progress of the file being read: pages done of total in a stage ("text" | "ocr").
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)
    pages_stage: Mapped[str | None] = mapped_column(String(8))


class SignInFailureRow(Base):
    """A failed sign-in, counted per client address (`ip:…`) and per username (`user:…`)."""

    __tablename__ = "signin_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[float] = mapped_column(Float)  # Unix time, seconds


_UNMODELLED_TABLES = ("chunk_fts", "mark_fts")  # the FTS5 tables (and their shadow tables), SQLite only
_UNMODELLED_NAMES = {
    "tsv",  # the tsvector column and its index, PostgreSQL only
    "ix_search_chunks_tsv",
    "ix_search_chunks_id_document",  # the search's covering indexes, SQLite only (migration 0008)
    "ix_documents_id_current",
    "ix_search_chunks_n_tokens",
}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """For Alembic autogenerate: leave the backend-specific search structures to the migrations."""
    if type_ == "table" and name and name.startswith(_UNMODELLED_TABLES):
        return False
    return not (type_ in {"column", "index"} and name in _UNMODELLED_NAMES)
