"""Not an administrative document → refused with a reason, unless forced (then type "other")."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.errors import NotAPlanError
from kehoach.parse import accept_as_other
from kehoach.pipeline import process_file, process_file_forced, process_text
from kehoach.store.prepare import prepare_document

REAL = Path("/work/shared/corpus/real")
NOTES = """# Ghi chú thiết kế trang web

1. Màu nền xanh nhạt, chữ đen.
2. Phông chữ Roboto cho tiêu đề.
3. Lề trái 24px.
- menu trên cùng, logo bên trái
"""
# development documents the reader reads today (markdown, docx, text PDFs), every administrative type
DEV_READABLE = [
    "tnt-kh141-2025-ubnd-bacninh.md",
    "tnt-ct09-2025-ubnd-cantho.md",
    "tnt-cv11654-2025-vpcp-webnoise.md",
    "tnt-qd4831-2025-bnnmt.md",
    "tnt-qd99-2025-ubnd-nghean-quyche.md",
    "tnt-hd-2025-baocaovien-noheader.md",
    "evn-a2-kh-2024-quocphong-quansu.docx",
    "hpn-mau-baocao-chihoi.docx",
    "tw-quydinh294-2025-thihanh-dieule.pdf",
    "btctw-hd38-2025-congtac-dangvien.pdf",
]


def test_web_notes_are_refused_with_a_reason():
    doc = process_text(NOTES)
    assert doc.refusal and "không phải văn bản hành chính" in doc.refusal.lower()
    assert "--force" in doc.refusal
    with pytest.raises(NotAPlanError) as err:
        prepare_document(doc, "sqlite")
    assert err.value.code == "not_a_plan"


def test_forced_notes_are_stored_as_other_with_a_warning():
    doc = accept_as_other(process_text(NOTES))
    assert doc.doc_type == "other"
    assert doc.warnings[0].startswith("Lưu theo yêu cầu (--force)")
    prepare_document(doc, "sqlite")  # no error


def test_forced_parse_of_a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    assert process_file(path).refusal
    assert process_file_forced(path).doc_type == "other"


@pytest.mark.skipif(not REAL.exists(), reason="real corpus not present")
@pytest.mark.parametrize("name", DEV_READABLE)
def test_every_administrative_type_is_accepted(name):
    doc = process_file(REAL / name)
    assert doc.refusal is None
    assert doc.doc_type


@pytest.mark.skipif(not REAL.exists(), reason="real corpus not present")
def test_an_official_letter_is_typed_and_titled_by_its_subject():
    doc = process_file(REAL / "tnt-cv11654-2025-vpcp-webnoise.md")
    assert doc.doc_type == "Công văn"
    assert doc.title and doc.title.startswith("cung ứng vật liệu xây dựng")
    assert doc.number_symbol == "11654/VPCP-CN"
