"""The parser against expected outputs written by reading the real development documents.

Fixtures: tests/fixtures/expected/real/*.json (split "dev"), written by reading the originals in
/work/shared/corpus/real. Asserted here: the fields, outlines and citations the parser gets right
today, so they stay right. What it still gets wrong is measured, not asserted, by
`benchmarks/parse_fixtures.py` (no expectation is marked as expected to fail). Documents the
reader cannot read yet (.doc, scans) are not listed.
"""

from __future__ import annotations

import pytest

import fixture_score as fs
from kehoach.pipeline import process_file

pytestmark = pytest.mark.skipif(not fs.CORPUS_REAL.exists(), reason="real corpus not present")
DEV = dict(fs.real_fixtures("dev")) if fs.REAL.exists() else {}
_PARSED: dict = {}

FIELDS_RIGHT = {
    "btctu-hanoi-hd-2025-to-chuc-dang-dangvien": [
        "doc_type",
        "symbol",
        "issuer",
        "issuer_parent",
        "place",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "btctw-hd38-2025-congtac-dangvien": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "doan-spkt-vankien-daihoi-xxii-2024-duthao": [
        "number",
        "symbol",
        "number_symbol",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "evn-a2-kh-2024-quocphong-quansu": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "hpn-mau-baocao-chihoi": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-ct09-2025-ubnd-cantho": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-cv11654-2025-vpcp-webnoise": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-hd-2025-baocaovien-noheader": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-kh141-2025-ubnd-bacninh": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-qd4831-2025-bnnmt": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tnt-qd99-2025-ubnd-nghean-quyche": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "tw-quydinh294-2025-thihanh-dieule": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
    "vip-bc-thuchien-kh2004-kh2005-tcvn3": [
        "doc_type",
        "number",
        "symbol",
        "number_symbol",
        "issuer",
        "issuer_parent",
        "place",
        "date",
        "title",
        "signer.authority",
        "signer.position",
        "signer.name",
        "recipients",
        "filing",
    ],
}
OUTLINE_EXACT = [
    "btctu-hanoi-hd-2025-to-chuc-dang-dangvien",
    "btctw-hd38-2025-congtac-dangvien",
    "evn-a2-kh-2024-quocphong-quansu",
    "hpn-mau-baocao-chihoi",
    "tnt-cv11654-2025-vpcp-webnoise",
    "tnt-hd-2025-baocaovien-noheader",
    "tnt-kh141-2025-ubnd-bacninh",
    "tnt-qd4831-2025-bnnmt",
    "tnt-qd99-2025-ubnd-nghean-quyche",
    "tw-quydinh294-2025-thihanh-dieule",
]
CITATIONS_ALL_FOUND = [
    "evn-a2-kh-2024-quocphong-quansu",
    "tnt-ct09-2025-ubnd-cantho",
    "tnt-cv11654-2025-vpcp-webnoise",
    "tnt-hd-2025-baocaovien-noheader",
    "tnt-kh141-2025-ubnd-bacninh",
    "tnt-qd4831-2025-bnnmt",
    "tnt-qd99-2025-ubnd-nghean-quyche",
]
CITATIONS_NONE_EXTRA = [
    "evn-a2-kh-2024-quocphong-quansu",
    "tnt-ct09-2025-ubnd-cantho",
    "tnt-hd-2025-baocaovien-noheader",
    "tnt-kh141-2025-ubnd-bacninh",
    "tnt-qd4831-2025-bnnmt",
    "tnt-qd99-2025-ubnd-nghean-quyche",
    "tw-quydinh294-2025-thihanh-dieule",
]


def _score(name: str) -> fs.Score:
    if name not in _PARSED:
        exp = DEV[name]
        _PARSED[name] = fs.score(name, "dev", exp, process_file(fs.CORPUS_REAL / exp["file"]))
    return _PARSED[name]


@pytest.mark.parametrize("name", sorted(FIELDS_RIGHT))
def test_header_and_closing_fields(name):
    s = _score(name)
    wrong = [m for m in s.misses if m.split(":")[0] in FIELDS_RIGHT[name]]
    assert not wrong, wrong


@pytest.mark.parametrize("name", OUTLINE_EXACT)
def test_outline_labels_kinds_and_openings(name):
    matched, expected, got = _score(name).outline
    assert matched == expected == got


@pytest.mark.parametrize("name", CITATIONS_ALL_FOUND)
def test_every_cited_document_is_found(name):
    matched, expected, _got = _score(name).citations
    assert matched == expected


@pytest.mark.parametrize("name", CITATIONS_NONE_EXTRA)
def test_no_citation_that_is_not_one(name):
    matched, _expected, got = _score(name).citations
    assert matched == got
