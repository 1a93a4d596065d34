"""The parser against expected outputs written by reading the real development documents.

Fixtures: tests/fixtures/expected/real/*.json (split "dev"), written by reading the originals in
/work/shared/corpus/real. Asserted here: the fields, outlines and citations the parser gets right
today, so they stay right. What it still gets wrong is measured, not asserted, by
`benchmarks/parse_fixtures.py` (no expectation is marked as expected to fail). Documents the
reader cannot read yet (.doc, scans) are not listed.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

import fixture_score as fs
from kehoach.pipeline import process_file

pytestmark = pytest.mark.skipif(not fs.CORPUS_REAL.exists(), reason="real corpus not present")
DEV = dict(fs.real_fixtures("dev")) if fs.REAL.exists() else {}
_PARSED: dict = {}

# every field the fixtures give, in the scorer's order (header, signer, closing)
FIELDS = fs.HEADER_FIELDS + tuple(f"signer.{k}" for k in fs.SIGNER_FIELDS) + fs.CLOSING_FIELDS


class Row(NamedTuple):
    """What is asserted on one document: every field of `FIELDS` but `not_asserted` is right, and
    (when true) the outline matches exactly, every cited document is found, no citation is extra."""

    not_asserted: str  # field names, space-separated
    outline: bool
    all_cited: bool
    none_extra: bool


# fmt: off
TABLE = {
    # document                                       not asserted (still wrong)       outline all    no extra
    "btctu-hanoi-hd-2025-to-chuc-dang-dangvien": Row("number number_symbol date",     True,   False, False),
    "btctw-hd38-2025-congtac-dangvien":          Row("",                              True,   False, False),
    "doan-spkt-vankien-daihoi-xxii-2024-duthao": Row("doc_type issuer issuer_parent", False,  False, False),
    "evn-a2-kh-2024-quocphong-quansu":           Row("",                              True,   True,  True),
    "hpn-mau-baocao-chihoi":                     Row("title",                         True,   False, False),
    "tnt-ct09-2025-ubnd-cantho":                 Row("",                              False,  True,  True),
    "tnt-cv11654-2025-vpcp-webnoise":            Row("",                              True,   True,  False),
    "tnt-hd-2025-baocaovien-noheader":           Row("issuer",                        True,   True,  True),
    "tnt-kh141-2025-ubnd-bacninh":               Row("",                              True,   True,  True),
    "tnt-qd4831-2025-bnnmt":                     Row("",                              True,   True,  True),
    "tnt-qd99-2025-ubnd-nghean-quyche":          Row("",                              True,   True,  True),
    "tw-quydinh294-2025-thihanh-dieule":         Row("",                              True,   False, True),
    "vip-bc-thuchien-kh2004-kh2005-tcvn3":       Row("",                              False,  False, False),
}
# fmt: on


def _score(name: str) -> fs.Score:
    if name not in _PARSED:
        exp = DEV[name]
        _PARSED[name] = fs.score(name, "dev", exp, process_file(fs.CORPUS_REAL / exp["file"]))
    return _PARSED[name]


@pytest.mark.parametrize("name", sorted(TABLE))
def test_header_and_closing_fields(name):
    s = _score(name)
    asserted = [f for f in FIELDS if f not in TABLE[name].not_asserted.split()]
    wrong = [m for m in s.misses if m.split(":")[0] in asserted]
    assert not wrong, wrong


@pytest.mark.parametrize("name", [n for n, row in TABLE.items() if row.outline])
def test_outline_labels_kinds_and_openings(name):
    matched, expected, got = _score(name).outline
    assert matched == expected == got


@pytest.mark.parametrize("name", [n for n, row in TABLE.items() if row.all_cited])
def test_every_cited_document_is_found(name):
    matched, expected, _got = _score(name).citations
    assert matched == expected


@pytest.mark.parametrize("name", [n for n, row in TABLE.items() if row.none_extra])
def test_no_citation_that_is_not_one(name):
    matched, _expected, got = _score(name).citations
    assert matched == got
