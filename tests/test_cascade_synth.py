"""Generated cascades with drafts and blank numbers: the generator's truth, and the engine against it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cascade import cascade_files
from kehoach.cascade.engine import CascadeOptions
from kehoach.cascade.evaluate import score_cascade
from kehoach.cascade.synth import REFORM, generate, read_truth
from kehoach.cli import app

N = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    result = CliRunner().invoke(app, ["synth", "--docs", str(N), "--seed", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_generator_truth_is_consistent(corpus):
    truth = read_truth(corpus / "parents.jsonl")
    files = {p.name for p in corpus.glob("*.txt")}
    assert len(files) == N and set(truth) == files
    rows = list(truth.values())
    assert all(r["parent_file"] in files for r in rows if r["parent_file"])
    assert {r["citation"] for r in rows} == {"full", "blank", "missing"}
    versions = [r for r in rows if r["version_of"]]
    assert versions and all(
        r["version_of"] in files and not truth[r["version_of"]]["version_of"] for r in versions
    )
    assert {r["level"] for r in rows} >= {"central", "province", "district", "commune"}
    for name, r in truth.items():  # no district plan from the 2025 reform on
        if r["level"] == "district":
            text = (corpus / name).read_text(encoding="utf-8")
            assert f"năm {REFORM.year + 1}" not in text.split("KẾ HOẠCH")[0]
    blank = next(r for r in rows if r["citation"] == "blank" and r["parent_file"] and not r["version_of"])
    text = (corpus / blank["file"]).read_text(encoding="utf-8")
    assert blank["parent_number_symbol"] not in text.split("I.")[0].split("I-")[0]
    assert [name for name, _, _ in generate(30, 3)] == [
        name for name, _, _ in generate(30, 3)
    ]  # deterministic


def test_parents_found_with_and_without_citations(corpus):
    truth = read_truth(corpus / "parents.jsonl")
    cited = score_cascade(cascade_files([str(corpus)], CascadeOptions(align=False)).cascade, truth)
    assert cited.accuracy >= 0.95, cited
    assert cited.version_accuracy >= 0.9, cited
    text = score_cascade(
        cascade_files([str(corpus)], CascadeOptions(use_citations=False, align=False)).cascade,
        truth,
        in_corpus_only=True,
    )
    assert text.accuracy >= 0.9, text
    # documents whose citation has a blank number, or none: found from their text
    weak = {k: v for k, v in truth.items() if v["citation"] != "full" and v["parent_file"]}
    sub = score_cascade(cascade_files([str(corpus)], CascadeOptions(align=False)).cascade, weak)
    assert sub.documents >= 10 and sub.accuracy >= 0.85, sub


def _pids(state, start, stop):
    import os

    return [(i, os.getpid()) for i in range(start, stop)]


def test_forked_workers_give_the_same_cascade(corpus, monkeypatch):
    import os

    from kehoach.cascade import collect_paths, parallel, profiles_from_files
    from kehoach.cascade.engine import build_cascade

    out = parallel.fork_map(_pids, None, 50, 2, min_items=1)
    assert [i for i, _ in out] == list(range(50))  # every item once, in order
    assert os.getpid() not in {pid for _, pid in out}  # run by the forked workers
    assert parallel.fork_map(_pids, None, 50, 2) == [(i, os.getpid()) for i in range(50)]  # small: here

    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    profiles, _ = profiles_from_files(collect_paths([str(corpus)])[0], keep_units=False)
    one = build_cascade(profiles, CascadeOptions(align=False, workers=1)).to_dict()
    two = build_cascade(profiles, CascadeOptions(align=False, workers=2)).to_dict()
    assert one == two and len(one["edges"]) >= N * 0.8
