"""Write the hostile-input corpus: files built to break a reader, a parser or a store.

    python tests/hostile/generate.py OUT_DIR          # every case
    python tests/hostile/generate.py OUT_DIR zip_bomb # some cases

Each case is one file; `CASES` says what it attacks. Nothing here is downloaded: the files are
built from a real sample plan (examples/corpus) and from python-docx's blank document.
Large cases are written in streaming fashion (the zip bomb never exists uncompressed).
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "corpus" / "000_e11a6b2333e4ca78.txt"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _blank_docx() -> dict[str, bytes]:
    """The members of python-docx's blank document."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    members = _blank_docx()
    members["word/document.xml"] = document_xml
    members.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _paragraphs_xml(lines: list[str], doctype: str = "") -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    return (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n{doctype}"
        f"<w:document xmlns:w='{W_NS}'><w:body>{body}</w:body></w:document>"
    ).encode()


def billion_laughs(out: Path) -> None:
    """DOCX whose document.xml declares nested entities (10^9 'lol's if expanded)."""
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    ents[1] = '<!ENTITY lol1 "' + "&lol;" * 10 + '">'
    doctype = "<!DOCTYPE w:document [" + "".join(ents) + "]>\n"
    lines = _sample().splitlines()
    xml = _paragraphs_xml(lines, doctype).replace(
        b"</w:body>", b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>"
    )
    out.write_bytes(_docx_with(xml))


def external_entity(out: Path) -> None:
    """DOCX whose document.xml pulls /etc/passwd and an http URL through external entities."""
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY net SYSTEM "http://127.0.0.1:9/kehoach-xxe">]>\n'
    )
    xml = _paragraphs_xml(_sample().splitlines(), doctype).replace(
        b"</w:body>", b"<w:p><w:r><w:t>&xxe;&net;</w:t></w:r></w:p></w:body>"
    )
    out.write_bytes(_docx_with(xml))


def traversal_names(out: Path) -> None:
    """DOCX holding members named ../../ and /absolute (a reader that extracts would write outside)."""
    xml = _paragraphs_xml(_sample().splitlines())
    out.write_bytes(
        _docx_with(xml, {"../../kehoach-traversal.txt": b"owned", "/tmp/kehoach-absolute.txt": b"owned"})
    )


def pdf_2000_pages(out: Path) -> None:
    """A 2,000-page PDF (one short line per page)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.set_compression(True)
    for i in range(2000):
        pdf.add_page()
        pdf.text(72, 72, f"Ke hoach so {i + 1}-KH/TU ve viec trien khai thuc hien nhiem vu nam 2024.")
    pdf.output(str(out))


def long_line(out: Path) -> None:
    """A plan followed by one 5 MB line of words."""
    words = ("triển khai thực hiện nhiệm vụ " * 200_000).encode()[: 5 * 2**20].decode(errors="ignore")
    out.write_text(_sample() + "\n" + words + "\n", encoding="utf-8")


def long_word(out: Path) -> None:
    """A plan holding one 3,000-byte word (PostgreSQL's tsvector takes 2,047 at most)."""
    text = _sample().replace(
        "Thực hiện Kế hoạch", "Thực hiện " + "a" * 3000 + " đ" + "ê" * 1500 + " Kế hoạch", 1
    )
    out.write_text(text, encoding="utf-8")


def nul_bytes(out: Path) -> None:
    """A plan with NUL bytes inside lines."""
    out.write_bytes(_sample().encode("utf-8").replace(b"\n", b"\x00\n", 40))


def nul_utf16(out: Path) -> None:
    """The plan in UTF-16 with a NUL character in a line (legal UTF-16, NUL inside the text)."""
    out.write_bytes(
        b"\xff\xfe" + _sample().replace("Thực hiện Kế hoạch", "Thực hiện\x00Kế hoạch", 1).encode("utf-16-le")
    )


def huge_numbers(out: Path) -> None:
    """A plan whose numbers, dates and items are past every integer type."""
    big = "9" * 40
    text = _sample()
    text = text.replace("Số  39 -KH/ĐUK", f"Số  {big} -KH/ĐUK").replace("40-KH/TU", f"{big}-KH/TU")
    text += f"\n{big}. Mục số {big}\nngày {big} tháng {big} năm {big}\nKế hoạch số {big}/KH-UBND\n"
    out.write_text(text, encoding="utf-8")


def legacy_tcvn3(out: Path) -> None:
    """The plan as raw TCVN3 (ABC) bytes."""
    from kehoach.ingest.legacy import encode_tcvn3

    out.write_bytes(encode_tcvn3(_sample(), as_bytes=True))


def legacy_vni(out: Path) -> None:
    """The plan as raw VNI bytes."""
    from kehoach.ingest.legacy import encode_vni

    out.write_bytes(encode_vni(_sample(), as_bytes=True))


def legacy_cp1258(out: Path) -> None:
    """The plan in Windows-1258 (tone marks as combining bytes), the usual 8-bit Vietnamese code page."""
    from kehoach.ingest.legacy import encode_cp1258

    out.write_bytes(encode_cp1258(_sample()))


def mixed_garbage(out: Path) -> None:
    """Random-looking bytes with a .txt name (invalid UTF-8, control characters)."""
    import random

    rng = random.Random(10)
    out.write_bytes(bytes(rng.randrange(256) for _ in range(200_000)))


def zip_bomb(out: Path, uncompressed: int = 1024 * 2**20) -> None:
    """A DOCX of a few MB whose document.xml inflates to 1 GiB of paragraphs (written streaming)."""
    members = _blank_docx()
    head = f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:document xmlns:w='{W_NS}'><w:body>"
    para = "<w:p><w:r><w:t>Kế hoạch triển khai thực hiện nhiệm vụ</w:t></w:r></w:p>".encode()
    chunk = para * (2**20 // len(para))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            if name != "word/document.xml":
                zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            written = 0
            while written < uncompressed:
                member.write(chunk)
                written += len(chunk)
            member.write(b"</w:body></w:document>")


def chained_outline(out: Path) -> None:
    """10,000 numbered items printed without their parents (1.1. 1.2. … 2.1. …)."""
    lines = _sample().split("\n")
    items = [f"{i // 100 + 1}.{i % 100 + 1}. Nhiệm vụ số {i} của kế hoạch." for i in range(10_000)]
    cut = next(i for i, line in enumerate(lines) if line.strip().startswith("II"))
    out.write_text("\n".join(lines[:cut] + items + lines[cut:]), encoding="utf-8")


def deep_outline(out: Path) -> None:
    """10,000 items each one level deeper than the last (1. 1.1. 1.1.1. …)."""
    lines = _sample().split("\n")
    items = []
    label = "1"
    for i in range(10_000):
        items.append(f"{label}. Nhiệm vụ cấp {i}.")
        label = f"{label}.1" if i % 50 else "1"
    cut = next(i for i, line in enumerate(lines) if line.strip().startswith("II"))
    out.write_text("\n".join(lines[:cut] + items + lines[cut:]), encoding="utf-8")


def broken_xml(out: Path) -> None:
    """DOCX whose document.xml is cut off mid-element (the XML parser's own error must not show)."""
    xml = _paragraphs_xml(_sample().splitlines()[:40])
    out.write_bytes(_docx_with(xml[: len(xml) // 2]))


def missing_part(out: Path) -> None:
    """DOCX whose relationships point at a part the archive does not hold."""
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/styles" Target="../../../khong-co.xml"/></Relationships>'
    )
    out.write_bytes(_docx_with(_paragraphs_xml(["KẾ HOẠCH"]), {"word/_rels/document.xml.rels": rels}))


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "billion_laughs": ("billion-laughs.docx", billion_laughs),
    "external_entity": ("external-entity.docx", external_entity),
    "traversal_names": ("traversal-names.docx", traversal_names),
    "pdf_2000_pages": ("2000-pages.pdf", pdf_2000_pages),
    "long_line": ("5mb-line.txt", long_line),
    "long_word": ("long-word.txt", long_word),
    "nul_bytes": ("nul-bytes.txt", nul_bytes),
    "nul_utf16": ("nul-utf16.txt", nul_utf16),
    "huge_numbers": ("huge-numbers.txt", huge_numbers),
    "legacy_tcvn3": ("legacy-tcvn3.txt", legacy_tcvn3),
    "legacy_vni": ("legacy-vni.txt", legacy_vni),
    "legacy_cp1258": ("legacy-cp1258.txt", legacy_cp1258),
    "mixed_garbage": ("garbage.txt", mixed_garbage),
    "zip_bomb": ("zip-bomb.docx", zip_bomb),
    "chained_outline": ("chained-10000.txt", chained_outline),
    "deep_outline": ("deep-10000.txt", deep_outline),
    "broken_xml": ("broken-xml.docx", broken_xml),
    "missing_part": ("missing-part.docx", missing_part),
}


def generate(out_dir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the cases `names` (default all) into `out_dir`; name → file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names or list(CASES):
        filename, make = CASES[name]
        path = out_dir / filename
        if not path.exists():
            make(path)
        written[name] = path
    return written


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name, path in generate(Path(sys.argv[1]), sys.argv[2:] or None).items():
        print(f"{name:18} {path.stat().st_size:>12,} B  {path}")
