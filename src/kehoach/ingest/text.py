"""Plain-text reader: find the encoding, convert legacy Vietnamese font encodings to Unicode.

Order of decisions:
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. UTF-16 without a mark, told by its NUL bytes in every other position;
3. other NUL bytes, control characters or a known binary signature → `IngestError(code="binary")`;
4. valid UTF-8 (or nearly: a few bad bytes are replaced, with a warning);
5. otherwise an 8-bit file: Windows-1258 or the raw bytes of a TCVN3 / VNI document,
   whichever reads as more Vietnamese syllables.
In every Unicode case the text is then checked for TCVN3 / VNI text as it surfaces
after extraction (`KÕ ho¹ch`, `Keá hoaïch`) and converted (`kehoach.ingest.legacy`).
`RawText.encoding` is one of `utf-8`, `utf-16`, `utf-32`, `cp1258`, `tcvn3`, `vni`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from kehoach.errors import IngestError
from kehoach.ingest.base import RawText
from kehoach.ingest.legacy import decode_legacy, detect_legacy, syllable_score

# Signatures of common binary formats that may arrive with a .txt name.
_MAGIC = (
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"\xd0\xcf\x11\xe0", "Word/Excel cũ (.doc/.xls)"),
    (b"PK\x03\x04", "tệp nén ZIP"),
    (b"\x1f\x8b", "tệp nén GZIP"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
    (b"Rar!", "tệp nén RAR"),
    (b"\x7fELF", "chương trình (ELF)"),
    (b"MZ", "chương trình Windows"),
)
# C0/C1 control characters other than tab, line breaks, form feed and the DOS end-of-file mark.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC, .VnTime)", "vni": "VNI (VNI-Times)"}


def _binary_error(filename: str, what: str | None = None) -> IngestError:
    kind = f" ({what})" if what else ""
    return IngestError(
        f"Tệp nhị phân{kind}, không phải văn bản: hãy dùng tệp .txt, .pdf hoặc .docx.",
        code="binary",
        path=filename or None,
    )


def _utf16_without_bom(head: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` when NULs sit in every other byte (mostly-ASCII text)."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / max(1, len(head[0::2]))
    odd = head[1::2].count(0) / max(1, len(head[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080–U+009F in UTF-8; starts with a literal byte


def _control_ratio(text: str) -> float:
    """Share of control characters (`_CONTROL`) in the first 64K characters.

    Counted on the UTF-8 bytes: `bytes.translate` and a literal-led regex are about ten times
    faster than a character-class regex over the text, and this runs on every file.
    """
    sample = text[:65536]
    if not sample:
        return 0.0
    data = sample.encode("utf-8", "surrogatepass")
    c0 = len(data) - len(data.translate(None, _C0_BYTES))
    return (c0 + len(_C1_UTF8.findall(data))) / len(sample)


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), name
    return None


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """An 8-bit file: Windows-1258, or TCVN3 / VNI bytes, by which reads as Vietnamese."""
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    try:
        surface = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        surface = data.decode("latin-1")
    legacy, _ = detect_legacy(surface)
    if legacy is None:
        return cp1258, "cp1258"
    converted = decode_legacy(surface, legacy)
    sample = slice(0, 64_000)
    if syllable_score(cp1258[sample]) >= syllable_score(converted[sample]):
        return cp1258, "cp1258"
    return converted, legacy


def read_text(data: bytes, filename: str = "") -> RawText:
    """Decode the bytes of a text file into a `RawText` (legacy encodings converted)."""
    warnings: list[str] = []
    head = data[:4096]
    decoded = _decode_bom(data)
    if decoded is None:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise _binary_error(filename, what)
    if decoded is None and b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec is None:
            raise _binary_error(filename)
        decoded = data.decode(codec, errors="replace"), "utf-16"
    if decoded is None:
        try:
            decoded = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            loose = data.decode("utf-8", errors="replace")
            bad = loose.count("\ufffd")
            multibyte = sum(1 for c in loose if ord(c) > 0x7F) - bad
            if bad <= max(3, multibyte // 100):  # a few broken bytes in a UTF-8 file
                decoded = loose, "utf-8"
                warnings.append(f"Tệp UTF-8 có {bad} byte lỗi; đã thay bằng ký tự �.")
            else:
                decoded = _decode_8bit(data)
    text, encoding = decoded
    if "\x00" in text or _control_ratio(text) > 0.01:
        raise _binary_error(filename)
    if encoding != "cp1258" and encoding not in _LEGACY_NAMES:
        legacy, _ = detect_legacy(text)
        if legacy is not None:
            text, encoding = decode_legacy(text, legacy), legacy
    if encoding in _LEGACY_NAMES:
        warnings.append(f"Văn bản dùng bảng mã cũ {_LEGACY_NAMES[encoding]}; đã chuyển sang Unicode.")
    if not text.strip():
        warnings.append("Tệp không có chữ nào (chỉ có khoảng trắng).")
    return RawText(text=text, format="txt", sha256="", size=len(data), encoding=encoding, warnings=warnings)
