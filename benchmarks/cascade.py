"""Benchmark the cascade on generated corpora (`kehoach synth`) against brute-force all-pairs TF-IDF.

For each size: parent accuracy with citations and from text alone (documents whose parent is in
the corpus), candidate recall (the true parent among a document's LSH candidates after the
constraints), time and peak memory of each stage, and the baseline: TF-IDF cosine of every
pair (scipy sparse, blocks of rows; the same level and date constraints), best candidate as
parent. The baseline runs up to `--baseline-max` documents. Then the growth exponent of the
cascade's time against corpus size (least squares on log–log). Each size runs in its own
process, so peak memory (ru_maxrss) is that size's; on Linux each stage's own peak is measured
too (VmHWM, reset between stages), to show where the memory goes. Timing figures on a shared 2-core machine
are noisy: each stage gives wall and CPU seconds (this process and its workers), next to the
load average at the start and the end. The text-only run reuses the candidates of the cited
run (candidate generation does not look at citations); its time is the decisions'.
`--cache DIR` keeps the generated corpora and their profiles (a later run reuses them and
reports the parse time the first run measured, marked `*`).

    nice -n 10 .venv/bin/python benchmarks/cascade.py [--sizes 1000 10000 100000] [--workers 2] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

_PEAK = [0.0]  # the process's peak RSS (MB) before the last per-stage reset


def _peak_mb() -> float:
    """Peak RSS of this process so far (ru_maxrss, and the peaks of the stages reset since)."""
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, _PEAK[0])


def _stage_peak_mb() -> float | None:
    """Peak RSS since the last call (Linux: VmHWM, then reset through /proc/self/clear_refs), else None."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            hwm = next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:"))
        _PEAK[0] = max(_PEAK[0], hwm)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except (OSError, StopIteration):
        return None
    return hwm


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


def _cpu() -> float:
    """CPU seconds of this process and its finished children (forked workers, the parse pool)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class _Clock:
    """Wall and CPU seconds of consecutive stages."""

    def __init__(self, out: dict) -> None:
        self.out, self.t, self.c = out, time.perf_counter(), _cpu()

    def lap(self, name: str) -> None:
        t, c = time.perf_counter(), _cpu()
        self.out[f"{name}_s"], self.out[f"{name}_cpu"] = t - self.t, c - self.c
        peak = self.out[f"{name}_peak_mb"] = _stage_peak_mb()
        print(
            f"{name}: {t - self.t:.1f} s, CPU {c - self.c:.1f} s, peak {peak or 0:.0f} MB, "
            f"load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
            flush=True,
        )  # progress of a long run (`--one` shows it)
        self.t, self.c = t, c


def _parsed(n: int, seed: int, workers: int, cache: Path | None, out: dict) -> tuple[list, dict]:
    """Generated corpus and its profiles, from `cache` when an earlier run left them there."""
    import pickle

    from kehoach.cascade import collect_paths, profiles_from_files
    from kehoach.cascade.synth import read_truth, write_synth

    tmp = None
    if cache is None:
        tmp = tempfile.TemporaryDirectory(prefix="kehoach-cascade-")
        corpus = Path(tmp.name)
    else:
        corpus = cache / f"synth_{n}_seed{seed}"
    if not (corpus / "parents.jsonl").exists():
        t = time.perf_counter()
        write_synth(corpus, n, seed)
        out["synth_s"] = time.perf_counter() - t
    truth = read_truth(corpus / "parents.jsonl")
    stored = cache / f"parsed_{n}_seed{seed}_w{workers}.pkl" if cache is not None else None
    if stored is not None and stored.exists():
        with stored.open("rb") as f:
            saved = pickle.load(f)  # noqa: S301 - our own file, written below
        out.update(saved["meta"], parse_cached=True)
        return saved["profiles"], truth
    paths, _ = collect_paths([str(corpus)])
    clock = _Clock(out)
    out["parse_load"] = os.getloadavg()[0]
    profiles, failed = profiles_from_files(paths, keep_units=False, workers=workers)
    clock.lap("parse")
    out["failed"] = len(failed)
    if stored is not None:
        meta = {k: out[k] for k in ("parse_s", "parse_cpu", "parse_load", "failed")}
        with stored.open("wb") as f:
            pickle.dump({"meta": meta, "profiles": profiles}, f, protocol=5)
    if tmp is not None:
        tmp.cleanup()
    return profiles, truth


def run_one(n: int, seed: int, workers: int, baseline_max: int, cache: Path | None) -> dict:
    from kehoach.cascade.engine import (
        CascadeOptions,
        _measure_edges,
        decide,
        prepare,
        shingle_coverage,
        text_candidates,
    )
    from kehoach.cascade.evaluate import score_cascade

    out: dict = {"docs": n, "load_start": os.getloadavg()[0]}
    _stage_peak_mb()
    profiles, truth = _parsed(n, seed, workers, cache, out)
    # parsing (or loading the cached profiles)
    out["profiles_peak_mb"] = max(out.get("parse_peak_mb") or 0, _stage_peak_mb() or 0) or None
    cited_opts = CascadeOptions(align=False, workers=workers)
    # the cascade as `build_cascade` makes it, stage by stage
    clock = _Clock(out)
    prep = prepare(profiles, workers)
    clock.lap("prepare")
    cands, near = text_candidates(profiles, prep, cited_opts)
    clock.lap("candidates")
    cited = decide(profiles, cands, near, cited_opts)
    _measure_edges(cited, shingle_coverage(prep), profiles)
    clock.lap("decide")
    out["cascade_s"] = out["prepare_s"] + out["candidates_s"] + out["decide_s"]
    out["cascade_cpu"] = out["prepare_cpu"] + out["candidates_cpu"] + out["decide_cpu"]
    s = score_cascade(cited, truth)
    out["acc_cited"], out["versions"] = s.accuracy, s.version_accuracy
    # text alone: the candidates do not depend on citations, only the decisions do
    clock = _Clock(out)
    text = decide(profiles, cands, near, CascadeOptions(use_citations=False, align=False))
    clock.lap("decide_text")
    out["acc_text"] = score_cascade(text, truth, in_corpus_only=True).accuracy
    idx = {Path(p.path).name: p.idx for p in profiles if p.path}
    pairs = {
        idx[f]: idx[r["parent_file"]] for f, r in truth.items() if r["parent_file"] and not r["version_of"]
    }
    out["recall"] = sum(p in {c.parent for c in cands.get(c_, [])} for c_, p in pairs.items()) / len(pairs)
    out["cands_per_doc"] = sum(len(v) for v in cands.values()) / max(n, 1)
    out["peak_mb"] = _peak_mb()
    out["load_end"] = os.getloadavg()[0]
    if n <= baseline_max:
        texts = [(Path(p.path).read_text(encoding="utf-8")) for p in profiles]
        t = _cpu()
        out["tfidf_acc"], out["tfidf_s"] = tfidf_baseline(profiles, texts, pairs)
        out["tfidf_cpu"] = _cpu() - t
        out["peak_mb_with_tfidf"] = _peak_mb()
        out["load_tfidf_end"] = os.getloadavg()[0]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-max", type=int, default=10000)
    ap.add_argument("--cache", type=Path, help="keep generated corpora and their profiles here (reused)")
    ap.add_argument("--results", type=Path, help="also append each size's figures to this JSON-lines file")
    ap.add_argument("--report", type=Path, help="only print the table of a --results file (sizes run apart)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.workers, args.baseline_max, args.cache)))
        return
    if args.report:
        rows = [
            json.loads(line) for line in args.report.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        report(sorted(rows, key=lambda r: r["docs"]))
        return
    results = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--workers", str(args.workers),
               "--baseline-max", str(args.baseline_max)] + (["--cache", str(args.cache)] if args.cache else [])  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
        if args.results:
            with args.results.open("a", encoding="utf-8") as f:
                f.write(json.dumps(results[-1]) + "\n")
    report(results)


def report(results: list[dict]) -> None:
    table = Table(title="Cascade on generated corpora (targets: cited ≥ 0.97, text ≥ 0.90, recall ≥ 0.98)")
    for col in ("docs", "load", "parse s (cpu)", "cascade s (cpu)", "acc cited", "acc text", "recall",
                "versions", "peak MB", "TF-IDF acc", "TF-IDF s (cpu)"):  # fmt: skip
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(
            str(r["docs"]), f"{r['load_start']:.1f}–{r['load_end']:.1f}",
            f"{r['parse_s']:.0f} ({r['parse_cpu']:.0f})" + ("*" if r.get("parse_cached") else ""),
            f"{r['cascade_s']:.1f} ({r['cascade_cpu']:.1f})",
            f"{r['acc_cited']:.3f}", f"{r['acc_text']:.3f}", f"{r['recall']:.3f}", f"{r['versions']:.3f}",
            f"{r['peak_mb']:.0f}", f"{r['tfidf_acc']:.3f}" if "tfidf_acc" in r else "—",
            f"{r['tfidf_s']:.0f} ({r['tfidf_cpu']:.0f})" if "tfidf_s" in r else "—",
        )  # fmt: skip
    Console().print(table)
    print("* parse measured by an earlier run that left the profiles in --cache")
    stages = ("profiles", "prepare", "candidates", "decide", "decide_text")
    for r in results:
        if r.get("candidates_peak_mb"):
            shown = ", ".join(f"{k} {r[f'{k}_peak_mb']:.0f}" for k in stages if r.get(f"{k}_peak_mb"))
            print(f"peak MB by stage, {r['docs']} docs (process RSS at the stage's highest): {shown}")
    if len(results) >= 2:
        xs = np.log([r["docs"] for r in results])
        for key in ("cascade_s", "cascade_cpu", "parse_cpu"):
            ys = np.log([max(r[key], 1e-3) for r in results])
            slope = float(np.polyfit(xs, ys, 1)[0])
            print(f"growth exponent of {key} against corpus size: {slope:.2f}")
        print(
            "end-to-end (parse + cascade) wall s:",
            ", ".join(f"{r['docs']}: {r['parse_s'] + r['cascade_s']:.0f}" for r in results),
        )


if __name__ == "__main__":
    main()
