"""How the page's preparation before OCR changes what is read: grayscale against seal removal.

A scanned page is rendered in colour; `ocr.without_seal` turns the red seal's ink to paper before
Tesseract reads the page (the seal covers the signer's position and name). Whether that helps or
hurts elsewhere (a handwritten number in coloured ink, a faint stamp) was decided in session 6 on
five scans. This benchmark gives the evidence in two parts, each preparation against the other:

1. **Real scans** (the development scans of /work/shared/corpus/real with expected outputs written
   by reading; the held-out scans are never read here): header and closing fields right.
2. **Printed pages with a seal, signature and scanner noise added** (the first and last pages of the
   development text PDFs, rendered at 300 dpi; a red seal ring with its lettering and star, a blue
   signature stroke, then noise, blur, a slight skew and JPEG): the words of the page's text layer
   found by OCR (recall) and the OCR'd words that are in it (precision), as multisets of lower-case
   words with their tone marks. Synthetic: it measures printed text under a seal, not handwriting.

    .venv/bin/python benchmarks/ocr_prep.py [--pages 1,-1] [--no-real] [--no-synthetic]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fixture_score as fs  # noqa: E402
from kehoach.ingest import ocr  # noqa: E402

REAL = Path("/work/shared/corpus/real")
# Development scans and text PDFs only: the held-out ones are measured by parse_fixtures.py, last.
SCANS = ("hp-cv4532-ubnd-phutho-2011-scan", "huit-kh753-2026-khaosat-hailong-scan",
         "ttg-cv464-2026-catgiam-tthc-signedscan")  # fmt: skip
TEXT_PDFS = ("btctw-hd38-2025-congtac-dangvien", "btctu-hanoi-hd-2025-to-chuc-dang-dangvien",
             "doan-spkt-vankien-daihoi-xxii-2024-duthao", "tw-quydinh294-2025-thihanh-dieule")  # fmt: skip
_KEEP = ocr.without_seal


def _grayscale(image):
    return image.convert("L")


PREPARATIONS = {"seal removed (main)": _KEEP, "grayscale": _grayscale}


def _use(prep) -> None:
    ocr.without_seal = prep  # ocr_image calls the module's function for a colour page


# --- part 1: real scans -------------------------------------------------------------------------


def _real_scans(console: Console) -> None:
    from kehoach.pipeline import process_file

    table = Table(title="Real development scans: header and closing fields right, per preparation")
    table.add_column("scan")
    for name in PREPARATIONS:
        table.add_column(name, justify="right")
    totals = dict.fromkeys(PREPARATIONS, (0, 0))
    misses: dict[str, list[str]] = {}
    for stem in SCANS:
        exp = json.loads((fs.REAL / f"{stem}.json").read_text(encoding="utf-8"))
        assert exp["split"] == "dev", stem
        row = [stem]
        for name, prep in PREPARATIONS.items():
            _use(prep)
            try:
                s = fs.score(stem, "dev", exp, process_file(REAL / exp["file"]))
            finally:
                _use(_KEEP)
            right, total = sum(s.fields.values()), len(s.fields)
            row.append(f"{right}/{total}")
            a, b = totals[name]
            totals[name] = (a + right, b + total)
            misses.setdefault(name, []).extend(f"{stem}: {m}" for m in s.misses if "citation" not in m)
        table.add_row(*row)
    table.add_row("ALL", *(f"{a}/{b} ({a / b:.1%})" for a, b in totals.values()))
    console.print(table)
    for name, lines in misses.items():
        console.print(f"[bold]{name}[/] — fields wrong:")
        for line in lines:
            console.print(f"  {line}")


# --- part 2: printed pages with a seal and scanner noise -----------------------------------------


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def _seal(size: int, seed: int):
    """A red round seal (RGB on white): two rings, lettering around, a star, a name across."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    red = (205, 30, 45)
    c, r = size / 2, size / 2 - 6
    draw.ellipse((c - r, c - r, c + r, c + r), outline=red, width=10)
    draw.ellipse((c - 0.72 * r, c - 0.72 * r, c + 0.72 * r, c + 0.72 * r), outline=red, width=5)
    try:  # a font with Vietnamese letters (fonts-dejavu comes with LibreOffice); else Pillow's own
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", int(size * 0.07))
    except OSError:
        font = ImageFont.load_default(size=int(size * 0.07))
    text = "ỦY BAN NHÂN DÂN * TỈNH MẪU * "
    for i, ch in enumerate(text * 2):
        angle = math.pi * (1.05 + i / len(text))
        x, y = c + 0.86 * r * math.cos(angle), c + 0.86 * r * math.sin(angle)
        draw.text((x, y), ch, fill=red, font=font, anchor="mm")
    star = [
        (c + (0.22 if k % 2 == 0 else 0.09) * r * math.cos(math.pi / 2 + k * math.pi / 5),
         c - 0.3 * r - (0.22 if k % 2 == 0 else 0.09) * r * math.sin(math.pi / 2 + k * math.pi / 5))
        for k in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    draw.text((c, c + 0.1 * r), "VĂN PHÒNG", fill=red, font=font, anchor="mm")
    return img


def _signature(width: int, height: int, seed: int):
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    pts = [
        (width * (0.05 + 0.9 * t / 40), height * (0.5 + 0.35 * math.sin(t * 0.9 + seed))) for t in range(41)
    ]
    draw.line(pts, fill=(30, 50, 170), width=7)
    return img


def _degrade(page, seed: int, seal_at: tuple[int, int] | None):
    """The page stamped (multiply blend, as ink on paper), then scanned: noise, blur, skew, JPEG."""
    import numpy as np
    from PIL import Image, ImageChops, ImageFilter

    page = page.convert("RGB")
    if seal_at is not None:
        size = 500
        x, y = seal_at
        box = (x - size // 2, y - size // 2)
        ink = Image.new("RGB", page.size, "white")
        ink.paste(_signature(600, 200, seed), (x - 150, y - 80))
        page = ImageChops.multiply(page, ink)
        seal = Image.new("RGB", page.size, "white")
        seal.paste(_seal(size, seed), box)
        page = ImageChops.multiply(page, seal)
    rng = np.random.default_rng(seed)
    arr = np.asarray(page).astype(np.int16) + rng.normal(0, 10, (page.height, page.width, 1)).astype(np.int16)
    page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(0.7))
    page = page.rotate(0.6, expand=False, fillcolor=(255, 255, 255))
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=60)
    return Image.open(io.BytesIO(buf.getvalue()))


def _lowest_text(textpage, width_pt: float, height_pt: float, scale: float) -> tuple[int, int]:
    """Where a seal goes: over the right half's lowest printed text above the footer (the signer)."""
    lowest = None
    for i in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(i)
        if bottom < 0.12 * height_pt:  # a page number or a footer notice
            continue
        if left > width_pt / 2 and (lowest is None or bottom < lowest[1]):
            lowest = (left, bottom)
    if lowest is None:
        return int(width_pt * 0.7 * scale), int(height_pt * 0.8 * scale)
    return int(width_pt * 0.72 * scale), int((height_pt - lowest[1] - 40) * scale)


def _synthetic(console: Console, pages_wanted: list[int]) -> None:
    import pypdfium2 as pdfium

    table = Table(title="Printed pages with a seal, a signature and scanner noise: words found")
    for col in ("page", "words", *(f"{n} R / P" for n in PREPARATIONS), *(f"{n} s" for n in PREPARATIONS)):
        table.add_column(col, justify="right")
    sums = {n: [0, 0, 0, 0.0] for n in PREPARATIONS}  # hits, truth, ocr'd, seconds
    for seed, stem in enumerate(TEXT_PDFS):
        pdf = pdfium.PdfDocument(str(REAL / f"{stem}.pdf"))
        for wanted in pages_wanted:
            index = wanted if wanted >= 0 else len(pdf) + wanted
            page = pdf[index]
            w, h = page.get_size()
            textpage = page.get_textpage()
            truth = _words(textpage.get_text_range())
            if not truth:
                continue
            scale = 300 / 72
            image = _degrade(page.render(scale=scale).to_pil(), seed, _lowest_text(textpage, w, h, scale))
            row = [f"{stem[:28]} p{index + 1}", str(sum(truth.values()))]
            times = []
            for name, prep in PREPARATIONS.items():
                _use(prep)
                start = time.perf_counter()
                try:
                    got = _words("\n".join(ocr.ocr_image(image).lines))
                finally:
                    _use(_KEEP)
                seconds = time.perf_counter() - start
                hits = sum((got & truth).values())
                row.append(f"{hits / sum(truth.values()):.3f} / {hits / max(sum(got.values()), 1):.3f}")
                times.append(f"{seconds:.1f}")
                s = sums[name]
                s[0], s[1], s[2], s[3] = (
                    s[0] + hits,
                    s[1] + sum(truth.values()),
                    s[2] + sum(got.values()),
                    s[3] + seconds,
                )
            table.add_row(*row, *times)
    table.add_row(
        "ALL", str(next(iter(sums.values()))[1]),
        *(f"{s[0] / max(s[1], 1):.3f} / {s[0] / max(s[2], 1):.3f}" for s in sums.values()),
        *(f"{s[3]:.1f}" for s in sums.values()),
    )  # fmt: skip
    console.print(table)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="0,-1", help="0-based page indexes of each text PDF (-1 = last)")
    ap.add_argument("--no-real", action="store_true")
    ap.add_argument("--no-synthetic", action="store_true")
    args = ap.parse_args()
    console = Console(width=160)
    if ocr.unavailable():
        console.print(f"Tesseract unavailable: {ocr.unavailable()}")
        return
    if not args.no_real:
        _real_scans(console)
    if not args.no_synthetic:
        _synthetic(console, [int(p) for p in args.pages.split(",")])


if __name__ == "__main__":
    main()
