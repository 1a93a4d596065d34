"""Benchmark the cascade on generated corpora (`kehoach synth`) against brute-force all-pairs TF-IDF.

For each size: parent accuracy with citations and from text alone (documents whose parent is in
the corpus), candidate recall (the true parent among a document's LSH candidates after the
constraints), time and peak memory of each stage, and the baseline: TF-IDF cosine of every
pair (scipy sparse, blocks of rows; the same level and date constraints), best candidate as
parent. The baseline runs up to `--baseline-max` documents. Then the growth exponent of the
cascade's time against corpus size (least squares on log–log). Each size runs in its own
process, so peak memory (ru_maxrss) is that size's. Timing figures on a shared 2-core machine
are noisy.

    .venv/bin/python benchmarks/cascade.py [--sizes 1000 10000 100000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tfidf_baseline(profiles, texts: list[str], truth_idx: dict[int, int]) -> tuple[float, float]:
    """Accuracy of the best TF-IDF cosine candidate (constraints applied) and the time it took."""
    from scipy import sparse

    from kehoach.cascade.engine import Meta
    from kehoach.vntext import words

    t = time.perf_counter()
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        counts: dict[int, int] = {}
        for w in words(text):
            j = vocab.setdefault(w, len(vocab))
            counts[j] = counts.get(j, 0) + 1
        rows += [i] * len(counts)
        cols += list(counts)
        vals += list(counts.values())
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)), dtype=np.float64)
    df = np.bincount(m.indices, minlength=len(vocab))
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    m = m.multiply(idf).tocsr()
    norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
    m = sparse.diags(1 / np.maximum(norms, 1e-12)) @ m
    meta = Meta.of(profiles)
    best = np.full(len(texts), -1)
    mt = m.T.tocsc()
    n = len(texts)
    for start in range(0, n, 500):
        block = (m[start : start + 500] @ mt).toarray()
        child = np.repeat(np.arange(start, start + len(block)), n)
        parent = np.tile(np.arange(n), len(block))
        ok = meta.allowed(child, parent).reshape(len(block), n)
        ok[np.arange(len(block)), np.arange(start, start + len(block))] = False
        block[~ok] = -1
        best[start : start + len(block)] = block.argmax(axis=1)
    elapsed = time.perf_counter() - t
    correct = sum(best[c] == p for c, p in truth_idx.items())
    return correct / max(len(truth_idx), 1), elapsed


def run_one(n: int, seed: int, workers: int, baseline_max: int) -> dict:
    from kehoach.cascade import collect_paths, profiles_from_files
    from kehoach.cascade.engine import CascadeOptions, build_cascade, prepare, text_candidates
    from kehoach.cascade.evaluate import score_cascade
    from kehoach.cascade.synth import read_truth, write_synth

    out: dict = {"docs": n}
    with tempfile.TemporaryDirectory(prefix="kehoach-cascade-") as tmp:
        t = time.perf_counter()
        truth = read_truth(write_synth(tmp, n, seed))
        out["synth_s"] = time.perf_counter() - t
        paths, _ = collect_paths([tmp])
        t = time.perf_counter()
        profiles, failed = profiles_from_files(paths, keep_units=False, workers=workers)
        out["parse_s"] = time.perf_counter() - t
        out["failed"] = len(failed)
        t = time.perf_counter()
        cited = build_cascade(profiles, CascadeOptions(align=False))
        out["cascade_s"] = time.perf_counter() - t
        s = score_cascade(cited, truth)
        out["acc_cited"], out["versions"] = s.accuracy, s.version_accuracy
        t = time.perf_counter()
        text = build_cascade(profiles, CascadeOptions(use_citations=False, align=False))
        out["cascade_text_s"] = time.perf_counter() - t
        out["acc_text"] = score_cascade(text, truth, in_corpus_only=True).accuracy
        prep = prepare(profiles)
        cands, _ = text_candidates(profiles, prep)
        idx = {Path(p.path).name: p.idx for p in profiles if p.path}
        pairs = {
            idx[f]: idx[r["parent_file"]]
            for f, r in truth.items()
            if r["parent_file"] and not r["version_of"]
        }
        out["recall"] = sum(p in {c.parent for c in cands.get(c_, [])} for c_, p in pairs.items()) / len(
            pairs
        )
        out["peak_mb"] = _peak_mb()
        if n <= baseline_max:
            texts = [(Path(p.path).read_text(encoding="utf-8")) for p in profiles]
            out["tfidf_acc"], out["tfidf_s"] = tfidf_baseline(profiles, texts, pairs)
            out["peak_mb_with_tfidf"] = _peak_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-max", type=int, default=10000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.workers, args.baseline_max)))
        return
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--workers", str(args.workers),
               "--baseline-max", str(args.baseline_max)]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    table = Table(title="Cascade on generated corpora (targets: cited ≥ 0.97, text ≥ 0.90, recall ≥ 0.98)")
    for col in ("docs", "parse s", "cascade s", "text-only s", "acc cited", "acc text", "recall", "versions",
                "peak MB", "TF-IDF acc", "TF-IDF s"):  # fmt: skip
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(
            str(r["docs"]), f"{r['parse_s']:.1f}", f"{r['cascade_s']:.1f}", f"{r['cascade_text_s']:.1f}",
            f"{r['acc_cited']:.3f}", f"{r['acc_text']:.3f}", f"{r['recall']:.3f}", f"{r['versions']:.3f}",
            f"{r['peak_mb']:.0f}", f"{r['tfidf_acc']:.3f}" if "tfidf_acc" in r else "—",
            f"{r['tfidf_s']:.1f}" if "tfidf_s" in r else "—",
        )  # fmt: skip
    Console().print(table)
    if len(results) >= 2:
        xs = np.log([r["docs"] for r in results])
        for key in ("cascade_s", "parse_s"):
            ys = np.log([max(r[key], 1e-3) for r in results])
            slope = float(np.polyfit(xs, ys, 1)[0])
            print(f"growth exponent of {key} against corpus size: {slope:.2f}")
        total = [r["parse_s"] + r["cascade_s"] for r in results]
        print(
            "end-to-end (parse + cascade) s:",
            ", ".join(f"{r['docs']}: {t:.0f}" for r, t in zip(results, total, strict=True)),
        )


if __name__ == "__main__":
    main()
