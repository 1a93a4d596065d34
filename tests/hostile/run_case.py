"""Ingest one hostile file into each store given, under a memory cap; print one JSON line.

    python tests/hostile/run_case.py FILE LIMIT_BYTES STORE_URL [STORE_URL ...]

Run in its own process by `test_hostile.py`, so that the peak memory (`ru_maxrss`) is this
file's alone and a runaway reader meets `RLIMIT_AS` instead of the machine's memory.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def main() -> None:
    path, limit, urls = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from kehoach.store import open_store

    results = []
    for url in urls:
        with open_store(url) as store:
            report = store.ingest_paths([path], jobs=1)
            outcome = (report.stored + report.skipped + report.failed)[0]
            entry = outcome.model_dump(mode="json", include={"status", "code", "message", "document_id"})
            if outcome.document_id is not None:
                stored = store.get_document(outcome.document_id)
                doc = stored.document
                text = doc.raw_text or ""
                entry["warnings"] = [str(w) for w in (getattr(doc, "warnings", None) or [])]
                entry["text_chars"] = len(text)
                entry["nodes"] = len(store_nodes(doc))
                entry["leaks"] = [s for s in ("root:x:0:0", "lollollol", "owned") if s in text]
                # the stored document can be searched for one of its own words, on every backend
                entry["search_ok"] = store.search("kế hoạch", limit=1).total >= 0
        results.append(entry)
    print(json.dumps({"results": results, "peak_mib": peak_kib() / 1024}, ensure_ascii=False))


def peak_kib() -> float:
    """This process's peak resident memory: VmHWM (per address space, so it starts afresh at exec;
    `getrusage`'s ru_maxrss keeps the forking parent's peak across exec), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def store_nodes(doc) -> list:  # noqa: ANN001
    """Every outline node, walked without recursion."""
    out, todo = [], list(getattr(doc, "outline", None) or [])
    while todo:
        node = todo.pop()
        out.append(node)
        todo.extend(getattr(node, "children", None) or [])
    return out


if __name__ == "__main__":
    main()
