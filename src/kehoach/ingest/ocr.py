"""OCR of scanned pages: Tesseract with its Vietnamese model (its command line, TSV output
parsed by `pytesseract`'s reader), under a memory limit and a timeout (`limits.py`).

A page image is deskewed (projection profile, below), recognised with Tesseract's
automatic page segmentation, and Tesseract's lines (with their boxes) go through the same
row grouping as a text PDF's fragments (`layout.lines_from_fragments`): the two columns
of the header and the recipients | signature block stay apart, joined by `COLUMN_GAP`.

Words whose confidence is below `LOW_CONFIDENCE` are returned so the reader can warn
about them; the page's confidence is the mean over its words.

System packages: `tesseract-ocr`, `tesseract-ocr-vie` (scripts/setup-system.sh installs them).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import IngestError
from kehoach.ingest import limits
from kehoach.ingest.layout import Fragment, lines_from_fragments

log = logging.getLogger(__name__)
LANG = "vie"
LOW_CONFIDENCE = 50.0  # Tesseract's word confidence, 0-100
OCR_TIMEOUT = 180  # seconds per page
OCR_MEMORY_MB = 1024
"""Address space allowed to Tesseract for one page: a 300 dpi A4 page needs about 200 MB."""
_MAX_SKEW = 5.0
_PUNCT = set("-–+*•.,;:()/\"'“”…")  # degrees searched by the deskew


def _has_text(word: str) -> bool:
    """A letter (not a modifier such as `ˆ`) or a digit."""
    return any(c.isdigit() or (c.isalpha() and unicodedata.category(c) != "Lm") for c in word)


_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Vietnamese has no eth: Tesseract's confusion for Đ/đ


def _noise(word: str, conf: float) -> bool:
    """Specks, stamp edges, rules and underlines read as `ˆ`, `‹`, `@†`, `———-.ZỶ“..`."""
    if not _has_text(word):
        return conf < LOW_CONFIDENCE or bool(set(word) - _PUNCT)
    alnum = sum(1 for c in word if c.isalnum())
    if len(word) >= 4 and alnum < 0.4 * len(word) and conf < 70:
        return True
    return len(word) == 1 and conf < 40


# one-character marks that never open a printed line: a speck read before its first word
_SPECKS = frozenset(".,'`´‘’·")
_SMALL_LABEL = re.compile(r"^(?:số|nơi nhận|kính gửi)(?=\s*:)")


def _label_capital(line: str) -> str:
    """`số: 753/KH-DCT` → `Số: …`: Tesseract often reads the capital of a short label at a
    line's start (`Số:`, `Nơi nhận:`, `Kính gửi:`) as a small letter; the label then reads as
    the end of the line above and the number is lost to the header."""
    m = _SMALL_LABEL.match(line)
    return line[:1].upper() + line[1:] if m else line


class OcrError(IngestError):
    """Tesseract failed on a page (timeout, memory limit, crash); `message` in Vietnamese."""


@dataclass
class OcrPage:
    lines: list[str]
    confidence: float  # mean word confidence, 0-1
    words: int
    low_words: list[str] = field(default_factory=list)
    skew: float = 0.0  # degrees the image was turned before recognition


@functools.cache
def unavailable() -> str | None:
    """Why OCR cannot run here (a Vietnamese phrase), or None when it can."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return "thiếu gói Python pytesseract"
    exe = shutil.which("tesseract")
    if exe is None:
        return "máy chưa cài Tesseract (tesseract-ocr)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "không chạy được Tesseract"
    langs = set((out.stdout + out.stderr).split())
    if LANG not in langs:
        return "Tesseract chưa có mô hình tiếng Việt (tesseract-ocr-vie)"
    return None


def deskew_angle(image) -> float:
    """The small rotation (degrees) that makes text rows horizontal, by projection profile.

    Written here because Tesseract's OSD only finds quarter turns: rotate a small binarized
    copy by candidate angles and keep the one whose row sums vary most (text rows sharp).
    """
    import numpy as np

    small = image.convert("L")
    scale = 800 / max(small.width, 1)
    if scale < 1:
        small = small.resize((max(int(small.width * scale), 1), max(int(small.height * scale), 1)))
    ink = small.point(lambda v: 255 if v < 140 else 0)

    def score(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, expand=False, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.var(np.diff(rows)))

    best, best_score = 0.0, score(0.0)
    step = 1.0
    for angle in np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, step):
        s = score(float(angle))
        if s > best_score:
            best, best_score = float(angle), s
    for angle in np.arange(best - 0.8, best + 0.81, 0.2):  # refine around the coarse best
        s = score(float(angle))
        if s > best_score:
            best, best_score = float(angle), s
    return best if abs(best) >= 0.3 else 0.0


def tesseract_data(image, lang: str = LANG, psm: int = 3) -> dict[str, list]:
    """Tesseract's words with their boxes and confidences (TSV parsed as pytesseract's
    `image_to_data(output_type=DICT)`), Tesseract run as in `limits.py`: one thread,
    `OCR_MEMORY_MB` of address space, `OCR_TIMEOUT` seconds.

    Tesseract is called here rather than through `pytesseract.image_to_data`, which has no
    way to set a memory limit and sets the thread count only through the process-wide
    environment (not safe in the threaded web server)."""
    from pytesseract.pytesseract import file_to_dict

    exe = shutil.which("tesseract") or "tesseract"
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # ingest already runs one worker per core
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        source = Path(tmp) / "page.png"
        image.save(source)
        cmd = [exe, str(source), "stdout", "-l", lang, "--psm", str(psm), "tsv"]
        try:
            result = limits.run(cmd, timeout=OCR_TIMEOUT, memory_mb=OCR_MEMORY_MB, env=env)
        except limits.Timeout as exc:
            raise OcrError(
                f"Nhận dạng chữ (OCR) một trang quá {OCR_TIMEOUT:g} giây mà chưa xong: bỏ dở.", code="timeout"
            ) from exc
    reason = limits.memory_reason(result)
    if reason:
        raise OcrError(
            f"Nhận dạng chữ (OCR) {reason}: trang ảnh quá lớn. Hãy scan lại ở 300 dpi (khổ A4) rồi tải lại.",
            code="memory",
        )
    if result.returncode != 0:
        # Tesseract's own (English) output goes to the log, not into the message
        log.info("Tesseract: %s", result.stderr.decode("utf-8", "replace").strip()[-500:])
        raise OcrError(
            "Tesseract không nhận dạng được trang này (ảnh hỏng?): hãy scan lại ở 300 dpi rồi tải lại.",
            code="ocr_failed",
        )
    return file_to_dict(result.stdout.decode("utf-8", "replace"), "\t", -1)


def small_image_data(image, lang: str = LANG, psm: int = 3) -> dict[str, list]:
    """`tesseract_data` for a small image (a signed PDF's stamped number): recognised in this
    process with the model kept loaded (`tessapi`), else by the command line."""
    from kehoach.ingest import tessapi

    data = tessapi.tsv_data(image, lang, psm)
    return data if data is not None else tesseract_data(image, lang, psm)


def small_images_readable(lang: str = LANG) -> bool:
    """Whether `small_image_data` can run here (in this process, or the command line)."""
    from kehoach.ingest import tessapi

    return tessapi.available(lang) or unavailable() is None


# how much redder than green and blue a pixel must be to count as a seal's ink (0-255)
_SEAL_RED = 60


def without_seal(image):
    """A colour page as grayscale with the red seal's ink turned to paper.

    A signed paper is stamped with a red seal over the signer's position and name (and often
    over the recipients' column); in grayscale the seal's ring and star cover those words and
    Tesseract reads neither. Saturated red pixels become white, everything else keeps its
    luminance, so black print and blue ink stay. Written here because the step is a few array
    operations (numpy, already required); OpenCV would add a large dependency for it.
    """
    import numpy as np
    from PIL import Image

    rgb = np.asarray(image.convert("RGB"))
    r = rgb[..., 0].astype(np.int16)
    others = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    gray = np.asarray(image.convert("L"))
    return Image.fromarray(np.where(r - others > _SEAL_RED, 255, gray).astype(np.uint8), "L")


def ocr_image(image, lang: str = LANG, dpi: int = 300) -> OcrPage:
    """Recognise one page image (PIL) into visual lines (see module doc); a colour image is read
    without its red seal (`without_seal`)."""
    if image.mode not in ("L", "1"):
        image = without_seal(image)
    angle = deskew_angle(image)
    if angle:
        image = image.rotate(angle, expand=True, fillcolor=255)
    data = tesseract_data(image, lang)
    lines: dict[tuple[int, int, int], list[int]] = {}
    confs: list[float] = []
    low: list[str] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        if _noise(word, conf):
            continue
        word = word.translate(_ETH)
        lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        confs.append(conf)
        if conf < LOW_CONFIDENCE and _has_text(word):
            low.append(word)
    scale = dpi / 72  # boxes in points, like a text PDF's (the row grouping's minimum gap is in points)
    fragments = []
    for members in lines.values():
        # A Tesseract line can hold both columns of a header row: split it where two words
        # stand a column apart, so the row grouping sees two fragments.
        members.sort(key=lambda i: data["left"][i])
        height = sorted(data["height"][i] for i in members)[len(members) // 2]
        pieces: list[list[int]] = [[members[0]]]
        for prev, cur in zip(members, members[1:], strict=False):
            if data["left"][cur] - (data["left"][prev] + data["width"][prev]) >= 1.5 * height:
                pieces.append([])
            pieces[-1].append(cur)
        for piece in pieces:
            while piece and data["text"][piece[0]].strip() in _SPECKS:
                piece = piece[1:]  # a speck before a line's first word (`. TỈNH PHÚ THỌ`), or alone
            if not piece:
                continue
            left = min(data["left"][i] for i in piece)
            top = min(data["top"][i] for i in piece)
            right = max(data["left"][i] + data["width"][i] for i in piece)
            bottom = max(data["top"][i] + data["height"][i] for i in piece)
            text = " ".join(data["text"][i].strip() for i in piece)
            fragments.append(Fragment(left / scale, top / scale, right / scale, bottom / scale, text))
    return OcrPage(
        lines=[_label_capital(line) for line in lines_from_fragments(fragments)],
        confidence=(sum(confs) / len(confs) / 100) if confs else 0.0,
        words=len(confs),
        low_words=low,
        skew=angle,
    )
