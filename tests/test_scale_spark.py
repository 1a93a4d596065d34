"""The Spark job gives the same parents as the local engine (2,000 generated documents, local mode)."""

from __future__ import annotations

import shutil

import pytest

from kehoach.cascade import collect_paths, profiles_from_files
from kehoach.cascade.engine import CascadeOptions, build_cascade
from kehoach.cascade.evaluate import score_cascade
from kehoach.cascade.synth import read_truth, write_synth

pytest.importorskip("pyspark", reason="pyspark not installed (pip install '.[spark]')")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark"),
]


def test_spark_and_local_engines_agree_on_2000_documents(tmp_path):
    from kehoach.scale.cascade_job import session, spark_cascade_files

    truth = read_truth(write_synth(tmp_path, 2000, seed=5))
    paths, _ = collect_paths([str(tmp_path)])
    options = CascadeOptions(align=False)
    profiles, failed = profiles_from_files(paths, keep_units=False, workers=2)
    assert failed == []
    local = build_cascade(profiles, options)
    try:
        spark, unreadable = spark_cascade_files(paths, options, master="local[2]")
    finally:
        session().stop()
    assert unreadable == []
    edges = {(e.child, e.parent, e.relation) for e in local.edges}
    assert edges == {(e.child, e.parent, e.relation) for e in spark.edges}
    assert {n.id: n.version_of for n in local.nodes.values()} == {
        n.id: n.version_of for n in spark.nodes.values()
    }
    # and they are right, not only equal
    assert score_cascade(spark, truth).accuracy >= 0.95
