"""The cascade as a PySpark job: the same candidate generation and verification as the local engine.

Workers read and parse the files (`profile`), count each shingle's documents (boilerplate,
IDF), compute MinHash signatures, meet in LSH band buckets, keep each document's best
candidates allowed by the constraints, and score them (weighted cosine, the parent's content
kept); the near-duplicate pairs get their Jaccard for the version groups. The driver then makes
the decisions with the local engine's `decide` on the documents' metadata and citations (small),
so both engines give the same parents (a test checks it on 2,000 generated documents).

Local mode by default (`local[2]`); a cluster with `--master spark://host:7077` (or `yarn`):
the files must then be readable from every worker at the same path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from operator import add

import numpy as np

from kehoach.cascade.engine import (
    DEFAULT,
    Candidate,
    CascadeOptions,
    Meta,
    Override,
    decide,
    score_pair,
)
from kehoach.cascade.model import Cascade
from kehoach.cascade.profile import Profile
from kehoach.cascade.textsim import MAX_BUCKET, band_keys, minhash
from kehoach.cascade.versions import jaccard

_EMPTY = np.zeros(0, dtype=np.uint32)
NEAR_BANDS = 12  # as the local engine: pairs sharing this many bands are checked as versions


def session(master: str = "local[2]"):  # noqa: ANN201 - pyspark is imported lazily
    """A Spark session (the UI off; workers run this Python)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("kehoach-cascade")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def _parse(part: Iterable[tuple[int, str]]) -> Iterator[Profile]:
    from kehoach.cascade import _profile_one

    for idx, path in part:
        prof, _error = _profile_one((path, idx, False))
        if prof is not None:
            yield prof


def _light(p: Profile) -> Profile:
    return replace(p, shingles=_EMPTY, units=None)


def _arrays(n_docs: int, cutoff: int):  # noqa: ANN202
    def build(items: Iterable[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pairs = sorted(items)
        sh = np.asarray([h for h, _ in pairs], dtype=np.uint32)
        df = np.asarray([d for _, d in pairs], dtype=np.int64)
        w = np.where(df < cutoff, np.log1p(max(n_docs, 1) / df), 0.0)
        return sh, w, sh[df < cutoff]

    return build


def _bucket_pairs(members: Iterable[int]) -> Iterator[tuple[tuple[int, int], int]]:
    ms = list(members)
    if 2 <= len(ms) <= MAX_BUCKET:
        for i in ms:
            for j in ms:
                if i != j:
                    yield (i, j), 1


def candidates(
    profiles_rdd, light: Sequence[Profile], options: CascadeOptions = DEFAULT, partitions: int = 4
):  # noqa: ANN001
    """Scored candidates per document and the near-duplicate pairs with their Jaccard, from Spark."""
    sc = profiles_rdd.context
    n = len(light)
    cutoff = max(30, int(0.05 * n))  # as `Boilerplate.learn`
    docs = profiles_rdd.map(lambda p: (p.idx, p.shingles))
    df = docs.flatMap(lambda kv: ((int(h), 1) for h in kv[1])).reduceByKey(add, partitions)
    per_doc = (
        docs.flatMap(lambda kv: ((int(h), kv[0]) for h in kv[1]))
        .join(df, partitions)
        .map(lambda x: (x[1][0], (x[0], x[1][1])))
        .groupByKey(partitions)
        .mapValues(_arrays(n, cutoff))
        .cache()
    )
    sigs = per_doc.mapValues(lambda a: minhash(a[2])).filter(lambda kv: not (kv[1] == 0xFFFFFFFF).all())
    counts = (
        sigs.flatMap(lambda kv: (((b, int(k)), kv[0]) for b, k in enumerate(band_keys(kv[1][None, :])[0])))
        .groupByKey(partitions)
        .flatMap(lambda kv: _bucket_pairs(kv[1]))
        .reduceByKey(add, partitions)
        .cache()
    )
    meta = sc.broadcast(Meta.of(light))
    top_k = options.top_k

    def allowed(part: Iterable[tuple[tuple[int, int], int]]) -> Iterator[tuple[tuple[int, int], int]]:
        rows = list(part)
        if not rows:
            return
        ij = np.asarray([r[0] for r in rows], dtype=np.int64)
        ok = meta.value.allowed(ij[:, 0], ij[:, 1])
        yield from (r for r, keep in zip(rows, ok.tolist(), strict=True) if keep)

    top = (
        counts.mapPartitions(allowed)
        .map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        .groupByKey(partitions)
        .flatMap(lambda kv: ((kv[0], j, c) for j, c in sorted(kv[1], key=lambda x: (-x[1], x[0]))[:top_k]))
    )
    scored = (
        top.map(lambda t: (t[1], (t[0], t[2])))
        .join(per_doc, partitions)  # parent's arrays
        .map(lambda x: (x[1][0][0], (x[0], x[1][0][1], x[1][1])))
        .join(per_doc, partitions)  # child's arrays
        .map(
            lambda x: (
                x[0],
                score_pair(
                    x[1][0][2][0],
                    x[1][0][2][1],
                    x[1][0][2][2],
                    x[1][1][0],
                    x[1][1][1],
                    x[1][1][2],
                    x[1][0][0],
                    x[1][0][1],
                ),
            )  # fmt: skip
        )
        .groupByKey()
        .mapValues(lambda cs: sorted(cs, key=lambda c: (-c.score, c.parent)))
        .collect()
    )
    near = (
        counts.filter(lambda kv: kv[1] >= NEAR_BANDS and kv[0][0] < kv[0][1])
        .map(lambda kv: (kv[0][0], kv[0][1]))
        .join(per_doc.mapValues(lambda a: a[0]), partitions)
        .map(lambda x: (x[1][0], (x[0], x[1][1])))
        .join(per_doc.mapValues(lambda a: a[0]), partitions)
        .map(lambda x: ((x[1][0][0], x[0]), jaccard(x[1][0][1], x[1][1])))
        .collect()
    )
    cands: dict[int, list[Candidate]] = {child: list(cs) for child, cs in scored}
    jaccards = dict(near)
    pairs = np.asarray(sorted(jaccards), dtype=np.int64).reshape(-1, 2)
    return cands, pairs, jaccards


def spark_cascade_files(
    paths: Sequence[str], options: CascadeOptions = DEFAULT, *, master: str = "local[2]",
    overrides: Sequence[Override] = (), partitions: int = 4,
) -> tuple[Cascade, list[str]]:  # fmt: skip
    """The cascade of files, parsed on the Spark workers; also the files that could not be read."""
    spark = session(master)
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    rdd = sc.parallelize(list(enumerate(paths)), partitions).mapPartitions(_parse).cache()
    light = sorted(rdd.map(_light).collect(), key=lambda p: p.idx)
    failed = sorted(set(paths) - {p.path for p in light if p.path})
    # profile indexes are positions in `paths`: renumber to positions in `light`
    position = {p.idx: k for k, p in enumerate(light)}
    rdd = rdd.map(lambda p: replace(p, idx=position[p.idx]))
    light = [replace(p, idx=k) for k, p in enumerate(light)]
    return _decide(rdd, light, options, overrides, partitions), failed


def spark_cascade(
    profiles: Sequence[Profile], options: CascadeOptions = DEFAULT, *, master: str = "local[2]",
    overrides: Sequence[Override] = (), partitions: int = 4, apply_manual: bool = True,
) -> Cascade:  # fmt: skip
    """The cascade of profiles already made (e.g. from a store), candidates computed on Spark
    (`apply_manual`: see `kehoach.cascade.engine.decide`)."""
    spark = session(master)
    rdd = spark.sparkContext.parallelize([replace(p, units=None) for p in profiles], partitions)
    return _decide(rdd, [_light(p) for p in profiles], options, overrides, partitions, apply_manual)


def _decide(
    rdd, light: list[Profile], options: CascadeOptions, overrides: Sequence[Override], partitions: int,
    apply_manual: bool = True,
) -> Cascade:  # noqa: ANN001  # fmt: skip
    cands, pairs, jaccards = candidates(rdd, light, options, partitions)
    return decide(light, cands, pairs, replace(options, align=False), overrides, None, jaccards,
                  apply_manual=apply_manual)  # fmt: skip
