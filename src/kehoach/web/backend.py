"""The web app's door to the library, with the caches a web server needs: no domain rule here.

Pages call the library themselves (`web.pages.store_of`: listing, search, one stored document,
failures, accounts, sessions); they come here only for what a web server caches or reshapes. The
methods call the public functions of `kehoach.store`, `kehoach.graph` and `kehoach.mapped`, and only
reshape their results for display (page addresses, labels) and cache them:
- `citations`: `Store.resolve_references` (rules in `kehoach.identity`), cached for a few minutes;
- `graph`: `kehoach.graph.build_graph` of stored documents, nodes given their page address;
- counts for a few seconds; parsed documents and original-text segments (`mapped.original_segments`)
  in small LRU caches keyed by (document id, content hash), which a stored version never changes;
- the rendered body of a document's page (`document_body`): the same for every viewer, kept
  zlib-compressed (~30 KiB of HTML in ~6 KiB) in a cache bounded by bytes. The store's generation
  (`Store.documents_generation`: newest id and count) is looked at every `FRESH_CHECK` seconds;
  when documents were stored by any process, the bodies of the pages they change
  (`Store.pages_changed_by`) are dropped, after a deletion all. A page shown again costs no query
  and no template work, and what another process stored is seen within seconds.
A document's page reads through `Store.document_view` (bounded: the first citing documents and
their count, no raw text).
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kehoach.errors import KehoachError
from kehoach.identity import number_key
from kehoach.levels import level_of_citation
from kehoach.mapped import Segment, original_segments
from kehoach.model import Document, Reference
from kehoach.store.results import Citing, DocumentSummary, DocumentView, FileOutcome, Stats

V = TypeVar("V")


@dataclass
class ResolvedCitation:
    """A citation and the stored document it points at (None: missing from the corpus)."""

    ref: Reference
    target_id: int | None

    def to_dict(self) -> dict[str, Any]:
        data = self.ref.model_dump(mode="json")
        data["target_id"] = self.target_id
        return data


class LRU(Generic[V]):
    """A small thread-safe least-recently-used mapping (enough of `MutableMapping` for caches)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: V | None = None) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                return default
            self._data.move_to_end(key)
            return value

    def __setitem__(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class FragmentCache:
    """Rendered HTML fragments by key, zlib-compressed, each tagged with the store generation it
    is known valid in; least recently used dropped past `max_bytes` (compressed)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict[Hashable, tuple[Hashable, str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, generation: Hashable) -> tuple[str, str] | None:
        """(title, html) valid in `generation`, or None."""
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] != generation:
                return None
            self._data.move_to_end(key)
        return hit[1], zlib.decompress(hit[2]).decode("utf-8")

    def put(self, key: Hashable, generation: Hashable, title: str, html: str) -> None:
        packed = zlib.compress(html.encode("utf-8"), 1)  # level 1: ~0.1 ms for a page, 5x smaller
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= len(old[2])
            self._data[key] = (generation, title, packed)
            self.bytes += len(packed)
            while self.bytes > self.max_bytes and self._data:
                _, (_, _, dropped) = self._data.popitem(last=False)
                self.bytes -= len(dropped)

    def advance(self, old: Hashable, new: Hashable, changed: set[Hashable] | None) -> None:
        """The store went from generation `old` to `new`, changing the entries `changed` (None:
        any): those are dropped, the others valid in `old` are valid in `new`."""
        with self._lock:
            if changed is None:
                self._data.clear()
                self.bytes = 0
                return
            for key in [k for k, v in self._data.items() if k in changed or v[0] != old]:
                self.bytes -= len(self._data.pop(key)[2])
            for key, (_, title, packed) in self._data.items():
                self._data[key] = (new, title, packed)

    def __len__(self) -> int:
        return len(self._data)


class Backend:
    """What the pages need from the store, as plain result models."""

    TARGET_TTL = 300.0  # seconds a resolved citation target is reused
    CITED_BY_SHOWN = 50  # citing documents listed on a document's page; the rest page by page

    def __init__(self, store: Any) -> None:
        self.store = store
        # reference key → (when, target, number key of the reference)
        self._targets: dict[str, tuple[float, int | None, str | None]] = {}
        self._lock = threading.Lock()
        self._stats: tuple[float, Stats] | None = None
        self._documents: LRU[Document] = LRU(256)
        self._originals: LRU[list[Segment]] = LRU(32)
        self._latest: tuple[float, tuple[int, int]] | None = None  # (checked at, generation)
        self._fresh_lock = threading.Lock()
        self._bodies = FragmentCache(self.BODY_CACHE_BYTES)

    def forget(self) -> None:
        """Drop cached citation targets and counts, and look at the store's generation at the next
        call (after an ingest)."""
        with self._lock:
            self._targets.clear()
            self._stats = None
            if self._latest is not None:
                self._latest = (float("-inf"), self._latest[1])

    FRESH_CHECK = 2.0  # seconds between two looks at whether another process stored documents
    BODY_CACHE_BYTES = 64 * 2**20  # compressed page bodies kept per process (~10,000 documents)

    def _check_fresh(self) -> tuple[int, int]:
        """The store's generation (`Store.documents_generation`: newest id, count), looked at every
        few seconds. When it changed (a document stored or deleted by any process: another
        worker's upload, a CLI ingest), cached targets and counts are forgotten, and the cached
        page bodies of the documents whose page the new ones change (`Store.pages_changed_by`) are
        dropped; after a deletion, all of them."""
        now = time.monotonic()
        seen = self._latest
        if seen is not None and now - seen[0] < self.FRESH_CHECK:
            return seen[1]
        with self._fresh_lock:  # one thread looks; the others wait for its answer
            seen = self._latest
            if seen is not None and time.monotonic() - seen[0] < self.FRESH_CHECK:
                return seen[1]
            generation = self.store.documents_generation()
            if seen is not None and seen[1] != generation:
                (old_newest, old_count), (_, count) = seen[1], generation
                new, changed, numbers = self.store.pages_changed_by(old_newest)
                pure_insert = old_count + len(new) == count
                self._bodies.advance(seen[1], generation, changed if pure_insert else None)
                with self._lock:
                    if pure_insert:  # only citations of the new documents' numbers may resolve anew
                        for key in [k for k, v in self._targets.items() if v[2] is None or v[2] in numbers]:
                            del self._targets[key]
                    else:
                        self._targets.clear()
                    self._stats = None
            self._latest = (time.monotonic(), generation)
        return generation

    def document_body(self, doc_id: int) -> tuple[tuple[int, int], tuple[str, str] | None]:
        """The store's generation and, when rendered in it, the cached (title, body HTML) of the
        document's page."""
        generation = self._check_fresh()
        return generation, self._bodies.get(doc_id, generation)

    def keep_document_body(self, doc_id: int, generation: tuple[int, int], title: str, html: str) -> None:
        """Keep a document's rendered page body (valid while the store's generation is `generation`)."""
        self._bodies.put(doc_id, generation, title, html)

    # --- browsing ----------------------------------------------------------------------------

    STATS_TTL = 15.0  # seconds the dashboard counts are reused

    def stats(self) -> Stats:
        """Counts by level, issuer, year and type (reused for a few seconds: they cost a scan)."""
        self._check_fresh()
        now = time.monotonic()
        cached = self._stats
        if cached and now - cached[0] < self.STATS_TTL:
            return cached[1]
        stats = self.store.stats()
        self._stats = (now, stats)
        return stats

    def document_view(self, doc_id: int) -> DocumentView | None:
        """A document for its page: the first `CITED_BY_SHOWN` citing documents and their count."""
        return self.store.document_view(doc_id, cited_by_limit=self.CITED_BY_SHOWN, documents=self._documents)

    def citing(
        self, doc_id: int, page: int, page_size: int
    ) -> tuple[DocumentSummary, list[Citing], int] | None:
        """Document `doc_id`, one page of the documents citing it and how many there are (None: no
        such document)."""
        summary = self.store.document_summary(doc_id)
        if summary is None:
            return None
        citing, total = self.store.citing_page(
            doc_id, summary.number_symbol, limit=page_size, offset=(page - 1) * page_size
        )
        return summary, citing, total

    def original(self, doc_id: int) -> list[Segment] | None:
        """The document's raw text cut into kept and repaired runs (None: no such document)."""
        key = (doc_id, self.store.content_hash(doc_id))
        if key[1] is None:
            return None
        segments = self._originals.get(key)
        if segments is None:
            doc = self.store.document_texts(doc_id)
            if doc is None:  # deleted meanwhile
                return None
            segments = original_segments(doc.text, doc.raw_text, doc.offset_map)
            self._originals[key] = segments
        return segments

    def _targets_of(self, refs: list[Reference]) -> dict[str, int | None]:
        """Stored document id (or None) per reference key (`Store.resolve_references`), cached."""
        self._check_fresh()
        now = time.monotonic()
        out: dict[str, int | None] = {}
        todo: list[Reference] = []
        with self._lock:
            for r in refs:
                if r.kind != "numbered":
                    out[r.key] = None
                    continue
                hit = self._targets.get(r.key)
                if hit and now - hit[0] < self.TARGET_TTL:
                    out[r.key] = hit[1]
                else:
                    todo.append(r)
        if todo:
            found = self.store.resolve_references(todo)
            numbers = {r.key: number_key(r.number_symbol) for r in todo}
            with self._lock:
                if len(self._targets) > 50000:
                    self._targets.clear()
                for key, target in found.items():
                    out[key] = target
                    self._targets[key] = (now, target, numbers.get(key))
        return out

    def citations(self, doc: Document) -> list[ResolvedCitation]:
        """The document's citations (its own number excluded), each resolved in the store."""
        refs = [r for r in doc.references if r.relation != "self"]
        targets = self._targets_of(refs)
        return [ResolvedCitation(r, targets.get(r.key)) for r in refs]

    def parent_id(self, doc: Document) -> int | None:
        """The stored document this plan implements, if any (`Store.parent_id`, cached targets)."""
        return self.store.parent_id(doc, resolve=self._targets_of)

    def missing(self, key: str) -> tuple[Reference | None, list[Citing]]:
        """A cited-only document: what its citations say about it, and who cites it."""
        citing = self.store.cited_by(key)
        return (self.store.reference(citing[0].document.id, citing[0].key) if citing else None), citing

    # --- graph ------------------------------------------------------------------------------

    def graph(self, filters: dict[str, Any], limit: int = 300) -> dict[str, Any]:
        """Nodes (stored documents and cited-only ones) and citation edges, for drawing.

        The graph is `kehoach.graph.build_graph` of the stored documents under the filters;
        here its nodes only get their page address and level.
        """
        from kehoach.graph import build_graph

        page = self.store.list_documents(filters, sort="-date", page=1, page_size=limit)
        stored = [(s, self.store.get_document(s.id)) for s in page.items]
        stored = [(s, d) for s, d in stored if d is not None]
        graph = build_graph(d.document for _, d in stored)
        in_corpus = [n for n in graph.nodes.values() if n.in_corpus]  # in the order of the documents given
        assert len(in_corpus) == len(stored)
        summary_of = {n.id: s for n, (s, _) in zip(in_corpus, stored, strict=True)}
        key_of: dict[str, str] = {}
        for e in graph.edges:
            key_of.setdefault(e.target, e.key)
        nodes = []
        for n in graph.nodes.values():
            s = summary_of.get(n.id)
            if s is not None:
                label = s.number_symbol or f"{s.doc_type or 'Văn bản'} (không số)"
                url, level = f"/documents/{s.id}", s.level
            else:
                label = n.number_symbol or n.title or n.label
                url = f"/missing?key={_q(key_of.get(n.id, n.id))}"
                level = level_of_citation(n.number_symbol, n.issuer, n.date)
            nodes.append(
                {
                    "id": n.id,
                    "label": label,
                    "title": n.title,
                    "doc_type": n.doc_type,
                    "issuer": n.issuer,
                    "date": n.date,
                    "level": level,
                    "in_store": s is not None,
                    "url": url,
                }
            )
        edges = [
            {"source": e.source, "target": e.target, "relation": e.relation, "count": e.count}
            for e in graph.edges
            if e.source != e.target
        ]
        return {"nodes": nodes, "edges": edges, "truncated": page.total > len(page.items)}

    # --- upload -----------------------------------------------------------------------------

    def ingest_bytes(
        self, data: bytes, filename: str, user_id: int | None, on_page: Any = None
    ) -> FileOutcome:
        """Parse and store one uploaded file; never raises for bad input. `on_page(done, total,
        stage)`: progress of a long PDF being read."""
        try:
            outcome = self.store.ingest_bytes(data, filename, user_id=user_id, on_page=on_page)
        except KehoachError as exc:
            return FileOutcome(
                path=filename, status="failed", code=exc.code, message=exc.message, size=len(data)
            )
        if outcome.status == "stored":
            self.forget()
        return outcome

    # --- tracking (issue 16) -------------------------------------------------------------------

    def tracker(self) -> Any:
        """`kehoach.tracking.repo.Tracker` on the store (duties, activities, progress)."""
        from kehoach.tracking.repo import Tracker

        return Tracker(self.store)

    def tracking_account(self, doc_id: int, viewer: Any) -> Any:
        """The viewer's rights on one plan (`Tracker.account_for`: the rule is there)."""
        return self.tracker().account_for(doc_id, viewer.username, viewer.role, viewer.organisation)

    def plan_progress(self, doc_id: int, as_of: str, viewer: Any) -> Any:
        """A plan's progress page data (`tracking.view.plan_progress`), None: no such document."""
        from kehoach.tracking.view import plan_progress

        stored = self.store.get_document(doc_id)
        if stored is None:
            return None
        account = self.tracking_account(doc_id, viewer)
        return stored, plan_progress(self.tracker(), doc_id, stored.document, as_of, account)

    def enter_activity(self, doc_id: int, activity: Any, viewer: Any) -> list[int]:
        """Store one activity as the viewer (the tracker checks the rights; raises `KehoachError`)."""
        return self.tracker().add_activities(doc_id, [activity], self.tracking_account(doc_id, viewer))

    def correct_duty(
        self, duty_id: int | None, changes: dict[str, Any] | None, viewer: Any, plan_id: int | None = None
    ) -> Any:
        """A clerk's audited duty correction (`Tracker.correct_duty`); returns the duty as stored
        (None when deleted). Raises `KehoachError` (not_found, forbidden, bad_duty)."""
        tracker = self.tracker()
        plan = tracker.duty_plan(duty_id) if duty_id is not None else plan_id
        if plan is None:
            raise KehoachError(f"Không có nhiệm vụ số {duty_id}.", code="not_found")
        new_id = tracker.correct_duty(duty_id, changes, self.tracking_account(plan, viewer), plan_id=plan)
        return next((d for d in tracker.duties_of(plan) if d["id"] == new_id), None)

    def duty_page(self, doc_id: int, viewer: Any) -> Any:
        """A plan's duties page data (`tracking.view.duty_page`), None: no such document."""
        from kehoach.tracking.view import duty_page

        stored = self.store.get_document(doc_id)
        if stored is None:
            return None
        account = self.tracking_account(doc_id, viewer)
        return stored, duty_page(self.tracker(), doc_id, stored.document, account)

    def report(self, doc_id: int, start: str, end: str, unit: str | None) -> Any:
        """The report's figures (`tracking.report.report_data`), None: no such document."""
        from kehoach.tracking.report import report_data

        stored = self.store.get_document(doc_id)
        if stored is None:
            return None
        return report_data(self.tracker(), doc_id, stored.document, start, end, unit)


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
