"""Expected outputs of the real corpus (tests/fixtures/expected/real, …/duties) keep the shared schema.

The fixtures are written by hand from reading the originals (see tests/fixtures/expected/FIXTURES.md and
tests/fixtures/expected/real/README.md); this test only checks their shape, so that the
parser's scorer can rely on every field being present and well formed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "expected"
REAL = EXPECTED / "real"
DUTIES = EXPECTED / "duties"

KEYS = [
    "file",
    "split",
    "read_by",
    "doc_type",
    "number",
    "symbol",
    "number_symbol",
    "number_blank",
    "issuer",
    "issuer_parent",
    "place",
    "date",
    "title",
    "signer",
    "addressees",
    "recipients",
    "filing",
    "outline_scope",
    "outline",
    "annexes",
    "citations",
    "reading_checks",
    "notes",
]
HELD_OUT = {
    "hp-qd09-2010-ubnd-cantho.doc",
    "hp-ct09-2009-ubnd-binhduong.doc",
    "hp-qd93-2007-ttg-quyche-motcua.doc",
    "uit-tb03-pdtdh-2014-xet-totnghiep.doc",
    "vip-qd991-2008-ubnd-binhphuoc-vni.doc",
    "evn-a2-qd-2024-danhso-thietbi-t110tv.docx",
    "btctu-hanoi-hd-2025-huyhieu-dang.pdf",
    "uit-tb01-bgh-2013-giamsat-phongthi-scan.pdf",
    "tnt-kh1026-2025-ubnd-nghean.md",
    "tnt-tb627-2025-vpcp.md",
    "tnt-qd01779-2025-ubnd-camau.md",
    "tnt-hd37-2025-btgdvtw.md",
}
NODE_KINDS = {
    "section",
    "item",
    "subitem",
    "subsubitem",
    "letter",
    "part",
    "chapter",
    "division",
    "article",
    "clause",
    "point",
}
# "part_of": a separately filed annex naming the decision it was issued with.
RELATIONS = {"implements", "based_on", "mentions", "part_of"}
ROLES = {"chủ trì", "phối hợp", "thực hiện", None}
# FIXTURES.md's list of document types; a cited document may also be one of the extra kinds.
DOC_TYPES = {
    "Kế hoạch", "Quyết định", "Quy định", "Quy chế", "Chỉ thị", "Nghị quyết", "Kết luận", "Hướng dẫn",
    "Thông báo", "Báo cáo", "Tờ trình", "Công văn", "Chương trình", "Đề án", "Luật", "Nghị định",
    "Thông tư",
}  # fmt: skip
CITED_TYPES = DOC_TYPES | {
    "Hiến pháp", "Bộ luật", "Pháp lệnh", "Văn bản", "Điều lệ", "Thông tư liên tịch", "Cương lĩnh", "Thông tri",
    "Công điện", "Chiến lược",
}  # fmt: skip
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# The originals (outside the repository); the checks against them are skipped where it is absent.
CORPUS_REAL = Path("/work/shared/corpus/real")

REAL_FILES = sorted(REAL.glob("*.json"))
DUTY_FILES = sorted(DUTIES.glob("*.json")) if DUTIES.is_dir() else []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _check_text(value: object, where: str) -> None:
    for text in _strings(value):
        assert text == unicodedata.normalize("NFC", text), f"{where}: not NFC: {text!r}"
        assert "ƣ" not in text and "**" not in text, f"{where}: unrepaired text {text!r}"
        assert text == text.strip() and "  " not in text, f"{where}: whitespace {text!r}"
        assert "|" not in text and "\n" not in text, f"{where}: table residue or line break {text!r}"


def _check_date(value: object, where: str) -> None:
    assert value is None or (isinstance(value, str) and DATE.match(value)), f"{where}: bad date {value!r}"
    if value:  # a real calendar date: no month 13, no 30 February
        parts = [int(p) for p in value.split("-")]
        dt.date(*parts, *[1] * (3 - len(parts)))


def _check_outline(nodes: object, where: str) -> None:
    assert isinstance(nodes, list), where
    for node in nodes:
        assert set(node) == {"label", "kind", "starts"}, f"{where}: {node}"
        assert node["kind"] in NODE_KINDS, f"{where}: kind {node['kind']!r}"
        assert isinstance(node["label"], str) and node["label"], f"{where}: {node}"
        assert isinstance(node["starts"], str) and len(node["starts"]) <= 25, f"{where}: {node}"


def test_there_are_real_fixtures():
    assert len(REAL_FILES) >= 3


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem)
def test_real_fixture_schema(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    # `named` (since session 9): the programmes named without a number, listed apart from the citations
    keys = [k for k in data if k != "named"]
    assert keys == KEYS, f"keys differ: {set(keys) ^ set(KEYS)}"
    if "named" in data:
        assert list(data).index("named") == KEYS.index("citations") + 1
        assert all(isinstance(n, str) and n and n == n.strip() for n in data["named"]), data["named"]
        assert len(set(data["named"])) == len(data["named"]), "a name listed twice"
    assert Path(data["file"]).stem == path.stem
    assert data["split"] == ("heldout" if data["file"] in HELD_OUT else "dev")
    for key in ("read_by", "doc_type"):
        assert isinstance(data[key], str) and data[key], key
    assert data["doc_type"][0].isupper() and data["doc_type"][1:] == data["doc_type"][1:].lower()
    assert data["doc_type"] in DOC_TYPES, data["doc_type"]
    for key in ("number", "symbol", "number_symbol", "issuer", "issuer_parent", "place", "title"):
        assert data[key] is None or isinstance(data[key], str), key
    assert isinstance(data["number_blank"], bool)
    if data["number_blank"]:
        assert data["number"] is None and data["number_symbol"] is None
    if data["number_symbol"] is not None:
        assert data["number"] and data["symbol"], "number_symbol needs number and symbol"
        assert data["number_symbol"].startswith(data["number"])
        assert data["number_symbol"].endswith(data["symbol"])
    _check_date(data["date"], "date")
    signer = data["signer"]
    assert signer is None or set(signer) == {"authority", "position", "name"}
    if signer:
        assert signer["name"] != "(đã ký)"
    for key in ("addressees", "recipients", "reading_checks", "notes"):
        assert isinstance(data[key], list) and all(isinstance(x, str) for x in data[key]), key
    for line in data["recipients"]:
        assert not line.startswith(("-", "Lưu")) and not line.endswith((";", ".")), line
    assert data["filing"] is None or data["filing"].startswith("Lưu")
    assert 3 <= len(data["reading_checks"]) <= 8
    assert isinstance(data["outline_scope"], str)
    _check_outline(data["outline"], "outline")
    for annex in data["annexes"]:
        assert set(annex) == {"title", "outline"}
        _check_outline(annex["outline"], f"annex {annex['title']!r}")
    seen = set()
    for cit in data["citations"]:
        assert set(cit) == {"doc_type", "number_symbol", "name", "date", "issuer", "relation"}
        assert cit["relation"] in RELATIONS, cit
        assert cit["doc_type"] in CITED_TYPES, cit
        # A citation whose number is printed blank ("Quyết định số   /QĐ.UB") has neither.
        assert cit["number_symbol"] or cit["name"] or cit["issuer"], f"empty citation: {cit}"
        if cit["number_symbol"] and cit["relation"] != "part_of":
            assert cit["number_symbol"] != data["number_symbol"], "own number is not a citation"
        _check_date(cit["date"], "citation date")
        key = (cit["number_symbol"], cit["name"], cit["date"])
        assert key not in seen, f"citation listed twice: {cit}"
        seen.add(key)
    _check_text({k: v for k, v in data.items() if k != "notes"}, path.name)
    assert all(n == unicodedata.normalize("NFC", n) for n in data["notes"])


@pytest.mark.parametrize("path", DUTY_FILES, ids=lambda p: p.stem)
def test_duties_fixture_schema(path: Path):
    entries = json.loads(path.read_text(encoding="utf-8"))
    real = json.loads((REAL / path.name).read_text(encoding="utf-8"))
    assert real["doc_type"] == "Kế hoạch"
    assert isinstance(entries, list) and entries
    for entry in entries:
        assert set(entry) == {"unit", "role", "duties", "deadline", "label"}, entry
        assert isinstance(entry["unit"], str) and entry["unit"]
        assert entry["role"] in ROLES, entry
        assert isinstance(entry["duties"], list) and entry["duties"]
        assert all(isinstance(d, str) and 0 < len(d) <= 80 for d in entry["duties"]), (
            "duty text: first ~60 chars"
        )
        assert entry["deadline"] is None or isinstance(entry["deadline"], str)
        assert isinstance(entry["label"], str) and entry["label"]
    _check_text(entries, path.name)


def _plain(text: str) -> str:
    """Markdown emphasis and table pipes removed, whitespace collapsed: how a reading check is compared."""
    text = unicodedata.normalize("NFC", text).replace("*", "").replace("|", " ")
    return re.sub(r"\s+", " ", text).strip()


def _original_text(path: Path) -> str:
    """Text of a .md or .docx original in reading order (docx: body paragraphs and table cells)."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    parts: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                seen = []
                for cell in row.cells:  # a merged cell is returned once per grid column
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        parts.append(cell.text)
    return "\n".join(parts)


TEXT_FILES = [
    p for p in REAL_FILES if json.loads(p.read_text(encoding="utf-8"))["file"].endswith((".md", ".docx"))
]


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.stem)
def test_reading_checks_are_in_the_original(path: Path):
    """Every reading check occurs whole and in order in the original's own text, and the number,
    title, place, signer, recipients and filing line are printed there: catches a mistyped
    fixture. Only .md/.docx, whose text needs no OCR or layout."""
    data = json.loads(path.read_text(encoding="utf-8"))
    original = CORPUS_REAL / data["file"]
    if not original.exists():
        pytest.skip(f"original not available: {original}")
    text = _plain(_original_text(original))
    pos = 0
    for check in data["reading_checks"]:
        found = text.find(_plain(check), pos)
        assert found >= 0, f"{check!r} not found (in order) in {data['file']}"
        pos = found + len(_plain(check))
    if data["number_symbol"]:
        assert data["number_symbol"].replace(" ", "") in text.replace(" ", "")
    # Fields the schema wants "as printed" (issuer is in display case, so it is not checked).
    printed = [data["title"], data["place"], data["filing"], *data["recipients"], *data["addressees"]]
    printed += list(data["signer"].values())
    for value in printed:
        if value:
            assert _plain(value) in text, f"{value!r} is not printed in {data['file']}"
