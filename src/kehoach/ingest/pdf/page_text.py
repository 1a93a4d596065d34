"""PDFium's text of a page, as it comes: its characters, its hyphen marks put back as printed,
its lines, cleaned (control characters dropped, NFC)."""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufffe\uffff]")


def clean_text(text: str, keep_lines: bool = False) -> str:
    """PDFium's text without control characters, NFC; its line breaks made spaces unless `keep_lines`."""
    if not keep_lines:
        text = text.replace("\r", " ").replace("\n", " ")
    return CONTROL.sub("", unicodedata.normalize("NFC", text))


LINE = re.compile(r"\S(?:[^\r\n]*\S)?")
"""One of PDFium's lines (it ends them with a generated `\\r\\n`), without the spaces at its ends."""


def page_text(textpage) -> str:
    """PDFium's text of a page (`FPDFText_GetText`: one character per character index, the
    spaces and line breaks it generates included), or "" when it has none."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written <= 1:
        return ""
    return bytes(memoryview(buffer)[: written - 1]).decode("utf-16-le", errors="ignore")


_TCVN3_FONT = re.compile(r"(?:[A-Z]{6}\+)?\.Vn", re.IGNORECASE)
"""The name of a TCVN3 (ABC) font: `.VnTime`, `.VnTimeH`, `.VnArial` (maybe with a subset prefix)."""


def hyphen_marks(textpage, text: str) -> tuple[str, list[int]]:
    """PDFium's hyphen marks put back as printed: (the page text, same length; the indices
    after which a line ends at a mark).

    Where a line ends in a hyphen code (0x2D `-`, 0xAD soft hyphen) after a letter and the
    next one starts with a letter or digit, PDFium takes it for a word broken over two lines:
    it drops the line break and writes U+FFFE for the hyphen (`FPDFText_IsHyphen`). But in a
    TCVN3 font 0xAD is the letter `ư`: `đầu tư` at the end of a line and `còn` below came out
    `đầu tcòn`. Each mark is written back as what the page shows, `\xad` (the TCVN3 byte of
    `ư`, converted with the rest of the text by the legacy decoder) when its glyph is in a
    `.Vn` font and stands as tall as a letter, `-` otherwise, and its line ends after it.
    U+FFFE that is not a hyphen mark (a character without Unicode) is left to `clean_text`.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    chars = list(text)
    ends: list[int] = []
    name = ctypes.create_string_buffer(256)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    at = text.find("\ufffe")
    while at >= 0:
        if pdfium_c.FPDFText_IsHyphen(textpage, at) == 1:
            ends.append(at)
            chars[at] = "-"
            size = pdfium_c.FPDFText_GetFontInfo(textpage, at, name, len(name), None)
            font = name.value.decode("utf-8", "replace") if 0 < size <= len(name) else ""
            boxed = _TCVN3_FONT.match(font) and pdfium_c.FPDFText_GetCharBox(
                textpage, at, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
            )
            # a hyphen is a short bar; `ư` stands as tall as the letters around it
            if boxed and top.value - bottom.value > 0.3 * pdfium_c.FPDFText_GetFontSize(textpage, at):
                chars[at] = "\xad"
        at = text.find("\ufffe", at + 1)
    return "".join(chars), ends


def split_lines(text: str, ends: list[int]) -> list[tuple[int, int]]:
    """The spans of `LINE` in `text`, each also ended after the indices `ends` (hyphen marks)."""
    spans = []
    cuts = iter(ends)
    cut = next(cuts, len(text))
    for m in LINE.finditer(text):
        start, end = m.span()
        while cut < start:
            cut = next(cuts, len(text))
        while cut < end - 1:  # a mark inside the line: a line ends after it
            spans.append((start, cut + 1))
            start = cut + 1
            while start < end and text[start].isspace():
                start += 1
            cut = next(cuts, len(text))
        if start < end:
            spans.append((start, end))
    return spans
