"""How far a clerk can trust what was read: a score, the fields to check, and why.

The score counts the expected parts found (a guessed one counts half), then drops for what
makes a reading suspect:

- the reading itself: words glued across a scrambled reading order (`lĩnhtin`, `mộtthuộcnhững`,
  from PDFs whose text runs in drawing order), letters that are no Vietnamese syllable (legacy
  font decoding gone wrong), a low OCR confidence reported by the reader: every field is to check
  and the score is at most one half;
- a field that does not read as one: a title that is a sentence of the body, runs over 300
  characters (a Party title printed in lower case is normal: `thông tin, tuyên truyền …`); an issuer with digits or slashes or without the word that
  opens a body's name (Ủy ban, Bộ, Ban, Sở …); a signer's position of a dozen words; a recipient
  line of a paragraph; each counts half and is listed to check;
- a field found outside the header (guessed from the preamble, an annex): listed to check;
- a number, date, issuer or signer read by OCR (a scan's pages, or the number and day a signing system
  stamped as images into a signed PDF's blanks): listed to check, and the document is not called
  good, even when Tesseract was confident (a digit misread there is the costliest error).

Calibrated on the real development documents: `benchmarks/quality.py` prints, per field, the
share right among documents the score calls good and among those it calls doubtful.
"""

from __future__ import annotations

import re
from collections import Counter

from kehoach.display import FIELD_LABELS
from kehoach.model import Document, Quality
from kehoach.normalize import SYLLABLE, non_syllables
from kehoach.parse.header import starts_body
from kehoach.vntext import ascii_bytes, ascii_form, fold

EXPECTED_FIELDS = (
    "doc_type",
    "number_symbol",
    "issuer",
    "date",
    "place",
    "title",
    "outline",
    "signer",
    "recipients",
)
GOOD = 0.8
"""A document scoring at least this, with no doubt on its reading, is called good."""

GLUED_PER_MILLE = 0.2  # glued multi-syllable words per 1,000 words: a scrambled reading order
GLUED_MIN = 2  # and at least this many different ones: one loanword (`makét`, `ka-ra-ô-kê`) is no sign
BROKEN_PERCENT = 0.3  # short non-syllables per 100 words: characters decoded wrong
BROKEN_MIN = 20  # and at least this many: a few stray fragments are normal
OCR_MIN = 0.8
WORDS_MIN = 200  # lower-case words a text needs before its odd words say anything

_WORD = re.compile(r"[^\W\d_]+")
# a decision's authority line run into the title (`… TRƯỚC MÃ SỐ CỤC TRƯỞNG CỤC HẢI QUAN`), on folded text;
# `… của Chủ tịch Ủy ban nhân dân tỉnh` is a title's own words
_AUTHORITY_AT_END = re.compile(
    r"(?<!cua )(?<!cho )(?<!voi )(?<!va )(?<!pho )\b(?:(?:bo|cuc|vien|hieu|thu)\s+truong\s+(?:bo|cuc|vien|truong)|chu\s+tich"
    r"\s+(?:uy\s+ban|ubnd|hoi\s+dong)|thu\s+tuong\s+chinh\s+phu)\b[^,;]{0,60}$"
)
# the first word of a body's name, which never ends one (`Chủ tịch ủy` / `Ban nhân dân tỉnh …`)
_NAME_OPENING_WORDS = frozenset(["uy", "hoi", "mat"])
_TITLE_NOT = re.compile(r"(?:^|\s)(?:Căn\s+cứ|Kính\s+gửi|Nơi\s+nhận)\b|_{3,}|\|")


def _lower_words(text: str) -> dict[str, int]:
    """How often each lower-case word (`_WORD`) occurs, in the order of first occurrence.

    A text has few distinct whitespace-separated tokens: they are counted first (`str.split` and
    `Counter` run in C) and `_WORD` is applied to each distinct one, not to the whole text (no
    word spans a space, so the counts are the same; a token of letters only is one word)."""
    counts: dict[str, int] = {}
    get, findall = counts.get, _WORD.findall
    for token, n in Counter(text.split()).items():
        if token.isalpha():
            if token.islower():
                counts[token] = get(token, 0) + n
        else:
            for w in findall(token):
                if w.islower():
                    counts[w] = get(w, 0) + n
    return counts


def _odd_words(text: str) -> tuple[int, list[str]]:
    """How many lower-case words (`_WORD`) `text` has, and (from `WORDS_MIN` words on) those of
    two letters or more that are no syllable (`non_syllables`), each as often as it occurs, words
    in order of first occurrence (a single letter counts as neither glued nor broken)."""
    counts = _lower_words(text)
    total = sum(counts.values())
    if total < WORDS_MIN:
        return total, []
    bad = non_syllables(list(counts))
    return total, [w for w, n in counts.items() if w in bad and len(w) > 1 for _ in range(n)]


_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_UPPER_AS_RUNS = bytes(85 if 65 <= c <= 90 else 32 for c in range(256))  # capital → `U`, else a space
_LOWER = bytes(range(97, 123))
_ONLY_LETTERS = bytes(c if c in _LETTERS else 32 for c in range(256))
_SYLLABLES = re.compile(rf"^(?:{SYLLABLE})$".encode(), re.MULTILINE)  # the lines that are one syllable
_ODD_MAX = 64  # distinct odd words looked for one by one; more (a text decoded wrong): `_odd_words`


def _stand_in(ch: str) -> int | None:
    """The ASCII byte that stands for a character without a one-character form in
    `_odd_words_fast`: a space for what `_WORD` does not take, `z`/`Z` for a letter in lower/upper
    case (no syllable holds a `z`, so its word is odd, as the word with the letter is), None for a
    letter without case (a word of it alone is not lower case; no ASCII letter says so)."""
    if not ch.isalnum() or ch.isdecimal():
        return 32
    if ch.islower():
        return 122
    if ch.isupper():
        return 90
    return None


def _odd_words_fast(text: str) -> tuple[int, list[str]] | None:
    """`_odd_words`, read on the text's ASCII form (`vntext.ascii_form`, shared with the other
    steps) with byte operations that run in C instead of a count of every word; None when the text
    has no ASCII form that stands for it or many odd words. The same answer: in the form each
    character is one ASCII character, a letter for a letter of the same case, so a word is a run of
    letters, lower case when it holds no capital, and its fold is the run itself. A character
    without a form is given one by `_stand_in` (`vntext.ascii_bytes`)."""
    form = ascii_form(text)
    data = form.encode("ascii") if form is not None else ascii_bytes(text, _stand_in)
    if data is None:
        return None
    capitals = data.translate(_UPPER_AS_RUNS, _LOWER)  # a run with a capital → `U…`, else nothing
    spaced = b" " + data.translate(_ONLY_LETTERS) + b" "  # every word between two spaces
    words = spaced.split()
    total = len(words) - len(capitals.split())  # words less those with a capital (a run of `U`)
    if total < WORDS_MIN:
        return total, []
    lower = [w for w in set(words) if w.islower()]
    syllables = set(_SYLLABLES.findall(b"\n".join(lower)))
    odd = [w for w in lower if len(w) > 1 and w not in syllables]
    if len(odd) > _ODD_MAX:
        return None
    hits: list[tuple[int, int]] = []  # (offset, length) of each occurrence of an odd word
    for w in odd:
        key = b" " + w + b" "
        at = spaced.find(key)
        while at >= 0:
            hits.append((at, len(w)))  # the word starts at `at + 1` in `spaced`, at `at` in the text
            at = spaced.find(key, at + len(w) + 1)
    counts: dict[str, int] = {}  # each odd word as printed → how often, in order of first occurrence
    for at, n in sorted(hits):
        word = text[at : at + n]
        counts[word] = counts.get(word, 0) + 1
    return total, [w for w, n in counts.items() for _ in range(n)]


def reading_doubts(doc: Document) -> list[str]:
    """Why the text itself is suspect (Vietnamese, for the clerk); [] when it reads cleanly."""
    doubts = []
    total, odd = _odd_words_fast(doc.text) or _odd_words(doc.text)
    if total >= WORDS_MIN:
        glued = sum(1 for w in odd if len(w) >= 5 and not w.isascii())
        broken = sum(1 for w in odd if 1 < len(w) < 3 or (len(w) >= 3 and not w.isascii() and len(w) < 5))
        glued_kinds = {w for w in odd if len(w) >= 5 and not w.isascii()}
        if len(glued_kinds) >= GLUED_MIN and glued * 1000 / total > GLUED_PER_MILLE:
            doubts.append(
                f"Thứ tự đọc có thể bị đảo ({glued} từ bị dính nhau như “{next(w for w in odd if len(w) >= 5 and not w.isascii())}”):"
                " kiểm tra mọi trường với bản gốc."
            )
        if broken >= BROKEN_MIN and broken * 100 / total > BROKEN_PERCENT:
            doubts.append(
                f"Nhiều chữ không thành âm tiết tiếng Việt ({broken}/{total}): phông chữ hoặc bảng mã có thể giải sai."
            )
    ocr = getattr(doc.source, "ocr_confidence", None)
    if isinstance(ocr, int | float) and ocr < OCR_MIN:
        doubts.append(f"Nhận dạng chữ (OCR) có độ tin cậy thấp ({ocr:.0%}): kiểm tra mọi trường với bản gốc.")
    return doubts


def field_doubts(doc: Document) -> dict[str, str]:
    """Fields whose value does not read as one, with the reason."""
    out: dict[str, str] = {}
    title = doc.title
    if title and (
        len(title) > 300 or len(title) < 4 or _TITLE_NOT.search(title) or title.rstrip().endswith(":")
    ):
        out["title"] = (
            "trích yếu không giống một tiêu đề (quá dài, bắt đầu chữ thường hay lẫn câu của thân bài)"
        )
    if title and _AUTHORITY_AT_END.search(fold(title)):
        out["title"] = (
            "trích yếu kết thúc bằng dòng thẩm quyền ban hành (như “Cục trưởng Cục …”): có thể lẫn dòng sau"
        )
    issuer = doc.issuer
    if issuer and (re.search(r"[\d/|]", issuer) or len(issuer.split()) > 15 or not starts_body(fold(issuer))):
        out["issuer"] = "cơ quan ban hành không giống tên một cơ quan"
    elif any(name and fold(name).split()[-1] in _NAME_OPENING_WORDS for name in (issuer, doc.issuer_parent)):
        out["issuer"] = "tên cơ quan bị cắt giữa hai dòng (kết thúc bằng “Ủy”, “Hội”, “Mặt”)"
    position = doc.signer.position or ""
    if len(position.split()) > 8 or len((doc.signer.authority or "").split()) > 12:
        out["signer"] = "chức vụ người ký quá dài: có thể lẫn chữ khác"
    if any(len(r.name) > 200 for r in doc.recipients):
        out["recipients"] = "một dòng nơi nhận dài như một đoạn văn"
    if doc.place and len(doc.place) > 40:
        out["place"] = "địa danh quá dài"
    return out


def ocr_fields(doc: Document) -> dict[str, str]:
    """Fields whose characters come from OCR, with the reason: a scan's number, date and signer
    (digits and names are where Tesseract errs and where an error costs most), and the number or
    day a signing system stamped as an image into a signed PDF's blanks."""
    out: dict[str, str] = {}
    source = doc.source
    pages = getattr(source, "ocr_pages", None) or []
    if pages:
        shown = ", ".join(str(p) for p in pages[:6]) + (" …" if len(pages) > 6 else "")
        why = f"đọc bằng nhận dạng chữ (OCR, trang {shown}): đối chiếu chữ số và tên với bản gốc"
        for name in ("number_symbol", "date", "signer", "recipients"):
            out[name] = why
        if 1 in pages:  # the header's names: Tesseract drops and swaps tone marks (`thành phó hỏ chí minh`)
            out["issuer"] = why
    stamps = getattr(source, "ocr_stamps", None) or []
    if stamps:
        values = ", ".join(f"“{v}”" for v in stamps)
        why = f"{values} đọc bằng OCR từ ô điền của chữ ký số: đối chiếu với bản gốc"
        for name in ("number_symbol", "date"):
            out.setdefault(name, why)
    return out


def _present(doc: Document, name: str) -> bool:
    if name == "outline":
        return bool(doc.outline)
    if name == "signer":
        return bool(doc.signer.name)
    if name == "recipients":
        return bool(doc.recipients)
    return getattr(doc, name) is not None


def _shown(doc: Document, name: str) -> bool:
    """Something of the field is on the card (a signer's position without a name counts)."""
    if name == "signer":
        return any((doc.signer.authority, doc.signer.position, doc.signer.name))
    return _present(doc, name)


def quality_of(doc: Document) -> Quality:
    """Which expected parts were found, missing, guessed or doubtful, and a score from 0 to 1."""
    doubts = reading_doubts(doc)
    suspect = field_doubts(doc)
    read_by_ocr = {k: v for k, v in ocr_fields(doc).items() if _shown(doc, k) and k not in suspect}
    found, missing, guessed, check = [], [], [], []
    credit = 0.0
    for name in EXPECTED_FIELDS:
        if not _present(doc, name):
            missing.append(name)
            if name in read_by_ocr:  # part of it shown (a position without a name): to check
                check.append(name)
            continue
        if name in doc.inferred:
            guessed.append(name)
            check.append(name)
            credit += 0.5
        elif name in suspect:
            found.append(name)
            check.append(name)
            credit += 0.5
        elif name in read_by_ocr:  # found and read whole, but from an image: listed, full credit
            found.append(name)
            check.append(name)
            credit += 1.0
        else:
            found.append(name)
            credit += 1.0
    score = credit / len(EXPECTED_FIELDS)
    if doubts:
        score = min(score, 0.5)
        check = [n for n in EXPECTED_FIELDS if n not in missing]
    reasons = doubts + [
        f"{FIELD_LABELS[k].capitalize()}: {why}." for k, why in (suspect | read_by_ocr).items()
    ]
    return Quality(
        score=round(score, 3),
        found=found,
        missing=missing,
        guessed=guessed,
        check=check,
        doubts=reasons,
        doubtful=bool(doubts) or bool(suspect) or bool(read_by_ocr) or score < GOOD,
    )


def warn_missing(doc: Document) -> None:
    """One warning per header field that could not be found anywhere, and one per doubt."""
    for name in ("doc_type", "number_symbol", "issuer", "date", "place", "title"):
        if getattr(doc, name) is None:
            doc.warnings.append(f"Không tìm thấy {FIELD_LABELS[name]} ({name}); cần kiểm tra thủ công.")
    for name, origin in doc.inferred.items():
        doc.warnings.append(
            f"{FIELD_LABELS.get(name, name).capitalize()} ({name}) không in ở phần đầu văn bản; "
            f"đã suy ra từ {origin.source} (độ tin cậy {origin.confidence:.1f})."
        )
