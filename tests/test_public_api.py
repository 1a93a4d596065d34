"""The front door (`kehoach.read`, `parse`, `align`, `Store`) on the sample corpus."""

from __future__ import annotations

import subprocess
import sys

import kehoach
from kehoach.store.api import Store


def test_read_parse_align(sample_paths) -> None:
    parent = kehoach.read(sample_paths["000"])
    assert parent.number_symbol == "39-KH/ĐUK" and parent.date == "2022-05-09"
    text = sample_paths["000"].read_text(encoding="utf-8")
    again = kehoach.parse(text)
    assert again.number_symbol == parent.number_symbol and len(again.outline) == len(parent.outline)
    child = kehoach.read(sample_paths["002"])
    al = kehoach.align(parent, child)
    assert al.coverage.parent_units > 0 and al.pairs


def test_store_ingest_search_get(tmp_path, sample_paths) -> None:
    assert kehoach.Store is Store
    doc = kehoach.read(sample_paths["001"])
    with kehoach.Store(f"sqlite:///{tmp_path / 'k.db'}") as store:
        report = store.ingest([sample_paths["000"], doc])
        assert [f.status for f in report.files] == ["stored", "stored"]
        assert store.ingest(sample_paths["000"]).files[0].status == "skipped"  # same content
        stored = store.get("39 -KH/ĐUK")
        assert stored is not None and stored.summary.title and stored.document.outline
        hits = store.search("xây dựng Đảng").hits
        assert stored.summary.id in {h.document.id for h in hits}
        assert store.get(99999) is None


def test_import_kehoach_is_light() -> None:
    code = "import sys, kehoach; print('sqlalchemy' in sys.modules, 'kehoach.pipeline' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
