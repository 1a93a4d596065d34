"""PDF reader: the text layer through PDFium, in visual order; scanned pages through OCR.

Modules: `reader` (`read_pdf`: the pages in order, the legacy encoding, what the reader warns of),
`document` (PDFium under its one lock: opening, page rendering, plain text layers), `page_text`
(PDFium's text of a page, its hyphen marks and lines), `fragments` (a page as boxed fragments and
visual lines), `word_runs` (a line read word by word), `char_boxes` (PDFium's character boxes on
the hot path), `scans` (scanned, empty and garbage pages), `ocr_pages` (the OCR path).

Each page's text comes from PDFium (`pypdfium2`'s raw API) as fragments with their boxes:
a line of PDFium's text drawn by one text object in one piece (boxed by two character
boxes), other lines run by run of words (`page_fragments`). `layout.lines_from_fragments`
groups them into visual lines: rows by vertical overlap, read left to right, a wide gap
between two fragments of a row (the two columns of the header, recipients | signature)
written as `COLUMN_GAP`, e.g. `Nơi nhận:        T/M BAN THƯỜNG VỤ`; `kehoach.normalize`
splits lines there.

Choice of library, measured by `benchmarks/read.py` (the same real PDFs, one run): PDFium
reads 3-10× faster than pypdf's layout mode (the reader before this one) and keeps the
visual order where the content stream does not follow it (signed PDFs, exports that
write a block after the text below it); pdfplumber/pdfminer are slower still. `pdftotext`
(poppler) is the reference the tests compare with.

Pages are read by OCR (`kehoach.ingest.ocr`, through `ocr_pages`) instead when
- `ocr="always"`, or
- `ocr="auto"` and the page has no real text layer: almost no letters over a page-size
  image (a scan, or a scan whose only text is an e-signature stamp), or the whole text
  layer is garbage (a legacy-font PDF without a usable ToUnicode map that the TCVN3/VNI
  decoder cannot repair).
"""

from kehoach.ingest.pdf.document import opened, render_page, text_layers
from kehoach.ingest.pdf.fragments import page_lines
from kehoach.ingest.pdf.reader import read_pdf
from kehoach.ingest.pdf.scans import is_garbage

__all__ = ["is_garbage", "opened", "page_lines", "read_pdf", "render_page", "text_layers"]
