"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC, VNI): detect by content, convert, encode.

Text typed in a `.VnTime` (TCVN3) or `VNI-Times` (VNI) font surfaces after
extraction as Latin-1 characters: `Kế hoạch` is `KÕ ho¹ch` in TCVN3 and
`Keá hoaïch` in VNI. `detect_legacy` tells which (if any) by scoring how many
words read as Vietnamese syllables before and after conversion; `decode_tcvn3`
and `decode_vni` convert; `encode_tcvn3` / `encode_vni` produce the legacy form
(tests use them to re-encode the sample corpus).

Why our own tables and not `viparse` (MIT, evaluated at 0.1.31): its TCVN3 table
agrees with ours on every letter, but its VNI table lacks `ẳ`/`Ẳ` (`aú`), which
sample 002 needs (`khẳng định`, `thẳng`), so a VNI round trip of the corpus
shifts text; it has no encoder (needed for tests), no recovery of capitals set
in `.VnTimeH` fonts, and converts with a per-character Python loop (≈3-6 MB/s
here) where `str.translate` / one regex run at 50-100+ MB/s. We keep one idea
from it: PDF text layers turn TCVN3 `0xAD` (ư) into U+2212 and `0xB7` (ã) into
U+2219 next to letters. The tables below are built from the published layouts
(TCVN 5712:1993 VN3; VNI-Windows: base letter + mark) and checked letter by
letter against viparse's in `tests/test_ingest.py` when it is installed.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import unicodedata
from collections import Counter

# --- the tables -------------------------------------------------------------

# TCVN3 (ABC, VN3): one byte per lowercase letter; only Ă Â Ê Ô Ơ Ư Đ exist in capitals.
# Capitals with a tone mark were typed with the lowercase byte in a `.VnTimeH` font.
_TCVN3_LOWER = (
    "aàáảãạ\x61\xb5\xb8\xb6\xb7\xb9",
    "ăằắẳẵặ\xa8\xbb\xbe\xbc\xbd\xc6",
    "âầấẩẫậ\xa9\xc7\xca\xc8\xc9\xcb",
    "eèéẻẽẹ\x65\xcc\xd0\xce\xcf\xd1",
    "êềếểễệ\xaa\xd2\xd5\xd3\xd4\xd6",
    "iìíỉĩị\x69\xd7\xdd\xd8\xdc\xde",
    "oòóỏõọ\x6f\xdf\xe3\xe1\xe2\xe4",
    "ôồốổỗộ\xab\xe5\xe8\xe6\xe7\xe9",
    "ơờớởỡợ\xac\xea\xed\xeb\xec\xee",
    "uùúủũụ\x75\xef\xf3\xf1\xf2\xf4",
    "ưừứửữự\xad\xf5\xf8\xf6\xf7\xf9",
    "yỳýỷỹỵ\x79\xfa\xfd\xfb\xfc\xfe",
)
_TCVN3_EXTRA = {
    "đ": "\xae",
    "Ă": "\xa1",
    "Â": "\xa2",
    "Ê": "\xa3",
    "Ô": "\xa4",
    "Ơ": "\xa5",
    "Ư": "\xa6",
    "Đ": "\xa7",
}


def _tcvn3_encode_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in _TCVN3_LOWER:
        letters, codes = row[:6], row[6:]
        for letter, code in zip(letters, codes, strict=True):
            if not letter.isascii():
                table[letter] = code
    table.update(_TCVN3_EXTRA)
    return table


TCVN3_ENCODE: dict[str, str] = _tcvn3_encode_table()
"""Unicode letter → TCVN3 surface character (lowercase letters and the seven capitals)."""
TCVN3_DECODE: dict[str, str] = {code: letter for letter, code in TCVN3_ENCODE.items()}
"""TCVN3 surface character → Unicode letter."""

# VNI: a base letter followed by a mark character; i-family and ơ ư đ are single characters.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
_VNI_TONE = ("", "ù", "ø", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")  # â ấ ầ ẩ ẫ ậ after a / e / o
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă ắ ằ ẳ ẵ ặ after a
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò")  # i í ì ỉ ĩ ị as one character


def _vni_encode_table() -> dict[str, str]:
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for t, tone in enumerate(_TONES):

        def add(base: str, mark: str, seq: str, tone: str = tone) -> None:
            letter = unicodedata.normalize("NFC", base + mark + tone)
            table[letter] = seq
            table[letter.upper()] = seq.upper()

        for base in "aeouy":
            if t:
                add(base, "", base + _VNI_TONE[t])
        for base in "aeo":
            add(base, "\u0302", base + _VNI_CIRCUMFLEX[t])
        add("a", "\u0306", "a" + _VNI_BREVE[t])
        add("o", "\u031b", "ô" + _VNI_TONE[t])
        add("u", "\u031b", "ö" + _VNI_TONE[t])
        if t:
            add("i", "", _VNI_I[t])
    return table


VNI_ENCODE: dict[str, str] = _vni_encode_table()
"""Unicode letter → VNI surface sequence (one or two characters)."""
VNI_DECODE: dict[str, str] = {seq: letter for letter, seq in VNI_ENCODE.items() if seq != letter}
"""VNI surface sequence → Unicode letter."""

# Longest sequences first so `aù` wins over a bare `a`; only sequences with a non-ASCII char.
_VNI_RE = re.compile("|".join(re.escape(s) for s in sorted(VNI_DECODE, key=len, reverse=True)))

# --- encoding (for tests and fixtures) ----------------------------------------

_NFC_FIXES = str.maketrans({"ƣ": "ư", "Ƣ": "Ư"})


def _tcvn3_encode_char(ch: str) -> str:
    code = TCVN3_ENCODE.get(ch)
    if code is not None:
        return code
    low = ch.lower()
    if low != ch and low in TCVN3_ENCODE:  # a toned capital: the `.VnTimeH` way, lowercase byte
        return TCVN3_ENCODE[low]
    return ch


_TCVN3_ENCODE_TRANS = {
    ord(ch): _tcvn3_encode_char(ch)
    for ch in {*TCVN3_ENCODE, *(c.upper() for c in TCVN3_ENCODE)}
    if _tcvn3_encode_char(ch) != ch
}
_VNI_ENCODE_TRANS = {ord(ch): seq for ch, seq in VNI_ENCODE.items()}


def _as_bytes(surface: str) -> bytes:
    return surface.encode("cp1252", errors="replace")


def encode_tcvn3(text: str, *, as_bytes: bool = False) -> str | bytes:
    """`text` as it surfaces from a TCVN3 (`.VnTime`) document: a str of Latin-1 characters.

    Toned capitals become the lowercase byte (what a `.VnTimeH` heading holds);
    `ƣ` is written as `ư`. With `as_bytes`, the 8-bit file bytes (cp1252 for the rest).
    """
    surface = unicodedata.normalize("NFC", text).translate(_NFC_FIXES).translate(_TCVN3_ENCODE_TRANS)
    return _as_bytes(surface) if as_bytes else surface


def encode_vni(text: str, *, as_bytes: bool = False) -> str | bytes:
    """`text` as it surfaces from a VNI (`VNI-Times`) document (base letter + mark characters)."""
    surface = unicodedata.normalize("NFC", text).translate(_NFC_FIXES).translate(_VNI_ENCODE_TRANS)
    return _as_bytes(surface) if as_bytes else surface


_CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """`text` in Windows-1258: shape-marked letters precomposed, tone marks as combining bytes."""
    out: list[bytes] = []
    for ch in unicodedata.normalize("NFC", text).translate(_NFC_FIXES):
        if ch.isascii():
            out.append(ch.encode("ascii"))
            continue
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in _CP1258_TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        try:
            out.append((base + tone).encode("cp1258"))
        except UnicodeEncodeError:
            out.append(ch.encode("cp1258", errors="replace"))
    return b"".join(out)


# --- decoding ------------------------------------------------------------------

# PDF text layers put these out for TCVN3 bytes (seen by viparse on real `.VnTime` PDFs).
_PDF_GLYPH_FIX = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")
_PDF_GLYPH_MAP = {"\u2212": "\xad", "\u2219": "\xb7"}  # back to the TCVN3 surface: ư, ã
_TCVN3_TRANS = {ord(code): letter for code, letter in TCVN3_DECODE.items()}
# The same table as a 256-character string: Latin-1 text converts through the charmap codec
# (C speed), other text through `str.translate` with a list (an ordinal past 255 raises
# IndexError, a LookupError: the character stays), ≈ 2× faster than with the dict.
_TCVN3_CHARMAP = "".join(_TCVN3_TRANS.get(i, chr(i)) for i in range(256))
_TCVN3_LIST = list(_TCVN3_CHARMAP)


def _tcvn3_letters(text: str) -> str:
    """`text.translate(_TCVN3_TRANS)`, faster."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.translate(_TCVN3_LIST)
    return codecs.charmap_decode(raw, "strict", _TCVN3_CHARMAP)[0]


# A line already holding Unicode-only Vietnamese letters is not legacy text (mixed documents).
_UNICODE_VIET = re.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\W\d_]+")
_CAPITAL = re.compile(r"[A-Z\u0102\u00c2\u00ca\u00d4\u01a0\u01af\u0110]")
_FIRST_LETTER = _LETTER = re.compile(r"[^\W\d_]")
_ASCII_LOWER = re.compile(r"[a-z]")
_LIST_LABEL = re.compile(r"[ \t]*(?:[-+•*]|\d+(?:\.\d+)*[.)-]|[IVXLC]+[.-]|[a-zđ]\))[ \t]+")


def _caps_inside(line: str) -> bool:
    """A capital after a letter (`KÕ HO¹CH` set in `.VnTimeH`): the capitals found first,
    then the character before each (≈ 3× faster than one regex with a look-behind)."""
    return any(_LETTER.match(line, m.start() - 1) for m in _CAPITAL.finditer(line, 1))


def _recase_line(line: str) -> str:
    """Restore capitals a `.VnTimeH` font drew from lowercase TCVN3 bytes.

    A word whose ASCII letters are capitals (at least two capitals, or a capital
    after its first letter) is set in capitals; a word with a single capital or
    none (`KÕ` is `Kế` or `KẾ`) is set in capitals when the nearest telling words
    on both sides of it (where there are any) are in capitals.
    Words inside symbols and numbers (`39-KH/ĐUK`, `T/M`) are no evidence. The
    first word after a list label gets its first letter capitalised.
    """
    words = list(_WORD.finditer(line))
    if not words:
        return line
    states: list[str] = []  # caps | lower | ambiguous | neutral
    for m in words:
        w = m.group()
        left = line.rfind(" ", 0, m.start()) + 1
        right = line.find(" ", m.end())
        token = line[left : right if right >= 0 else len(line)]
        if _ASCII_LOWER.search(w):
            states.append("lower")
        elif "/" in token or any(map(str.isdigit, token)):
            states.append("neutral")
        elif any(map(str.isupper, w[1:])):  # two capitals, or one after the first letter
            states.append("caps")
        else:
            states.append("ambiguous")
    out = list(line)
    for i, m in enumerate(words):
        state = states[i]
        if state == "ambiguous":
            left = next((states[j] for j in range(i - 1, -1, -1) if states[j] in ("caps", "lower")), None)
            right = next(
                (states[j] for j in range(i + 1, len(words)) if states[j] in ("caps", "lower")), None
            )
            state = "caps" if (left or right) and left != "lower" and right != "lower" else "lower"
        if state == "caps":
            out[m.start() : m.end()] = m.group().upper()
    label = _LIST_LABEL.match(line)
    if label and words[0].start() == label.end():
        first = out[label.end()]
        if not first.isascii() and first.islower():
            out[label.end()] = first.upper()
    return "".join(out)


def decode_tcvn3(text: str, *, recase: bool = True) -> str:
    """Convert TCVN3 surface text to Unicode (NFC); lines already in Unicode are left alone.

    With `recase`, capitals set in `.VnTimeH` are restored (see `_recase_line`) and a
    line that starts a sentence (after a line ending in `.`/`:`/`!`/`?`) gets its first
    letter capitalised.
    """
    if "\u2212" in text or "\u2219" in text:
        text = _PDF_GLYPH_FIX.sub(lambda m: _PDF_GLYPH_MAP[m.group()], text)
    # A line holding Unicode letters is left alone; with none in the whole text (the common
    # case) the check per line is skipped, and without `recase` the text converts at once
    # (the table changes no ASCII character, so ASCII lines stay as they are).
    unicode_lines = _UNICODE_VIET.search(text) is not None
    if not recase and not unicode_lines:
        return unicodedata.normalize("NFC", _tcvn3_letters(text))
    lines = text.split("\n")
    sentence_start = True
    for i, line in enumerate(lines):
        stripped = line.rstrip()
        if not stripped:
            continue
        if not (line.isascii() or (unicode_lines and _UNICODE_VIET.search(line))):
            converted = _tcvn3_letters(line)
            if recase:
                if _caps_inside(converted) or _LIST_LABEL.match(converted):
                    converted = _recase_line(converted)
                if sentence_start:
                    first = _FIRST_LETTER.search(converted)
                    if first and first.group().islower() and not first.group().isascii():
                        converted = (
                            converted[: first.start()] + first.group().upper() + converted[first.end() :]
                        )
            lines[i] = converted
        sentence_start = stripped[-1] in ".:!?"
    return unicodedata.normalize("NFC", "\n".join(lines))


def decode_vni(text: str) -> str:
    """Convert VNI surface text to Unicode (NFC); lines already in Unicode are left alone."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.isascii() or _UNICODE_VIET.search(line):
            continue
        lines[i] = _VNI_RE.sub(lambda m: VNI_DECODE[m.group()], line)
    return unicodedata.normalize("NFC", "\n".join(lines))


# --- detection -----------------------------------------------------------------

_NUCLEI = [
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "ôi",
    "ơi",
    "oo",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "uy",
    "yê",
    "iêu",
    "oai",
    "oao",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyê",
    "uyu",
    "yêu",
]
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SHAPE_ONLY = {"\u0302", "\u0306", "\u031b"}
_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~“”‘’…–—]+")
# Latin-1 characters that are not Vietnamese letters: plentiful in legacy surfaces, rare in Unicode text.
_ALIEN = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®¯±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ\u2212\u2219")
_PER_TOKEN_UNSAFE = re.compile(
    r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u2212\u2219\u0300-\u036f]"
)  # `_UNICODE_VIET`, `_PDF_GLYPH_FIX`'s glyphs, combining marks
_ALIEN_CHAR = re.compile("[" + re.escape("".join(sorted(_ALIEN))) + "]")


@functools.lru_cache(maxsize=1 << 16)  # words repeat: a page of text holds a few hundred distinct ones
def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if any(c in _SHAPE_ONLY for c in bare):  # a mark left over that has no precomposed letter
        return False
    return _SYLLABLE.fullmatch(bare) is not None


def syllable_counts(text: str) -> tuple[int, int]:
    """(words that read as Vietnamese syllables, words that do not), over words with a non-ASCII letter."""
    return _token_counts(Counter(_SPLIT.split(text)))


def _token_counts(tokens: Counter, decode=None) -> tuple[int, int]:
    """`syllable_counts` over counted tokens (each distinct token judged once), read through
    `decode` (a token → its Unicode reading) when given."""
    valid = invalid = 0
    for token, n in tokens.items():
        if decode is not None:
            token = decode(token)
        if not token or token.isascii():
            continue
        if _is_syllable(token):
            valid += n
        else:
            invalid += n
    return valid, invalid


def _tcvn3_token(token: str) -> str:
    return unicodedata.normalize("NFC", _tcvn3_letters(token))


def _vni_token(token: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_DECODE[m.group()], token))


def syllable_score(text: str) -> int:
    """Words with a non-ASCII letter that read as Vietnamese syllables, minus those that do not."""
    valid, invalid = syllable_counts(text)
    return valid - invalid


_TELLTALE_CHARS = "µ¸¹\xad«¬®öñäïøûå"  # frequent in TCVN3/VNI surfaces, rare in Vietnamese


def looks_legacy(text: str) -> bool:
    """Cheap gate: does `text` hold the Latin-1 symbols that legacy surfaces are made of?"""
    if text.isascii():
        return False
    head = text[:200_000]
    if sum(head.count(c) for c in _TELLTALE_CHARS) < 3:  # str.count: far faster than a regex class
        return False
    return sum(1 for _ in itertools.islice(_ALIEN_CHAR.finditer(text), 3)) >= 3


def detect_legacy(text: str, sample_chars: int = 64_000) -> tuple[str | None, dict[str, int]]:
    """(`tcvn3` | `vni` | None, scores): the legacy encoding `text` is in, judged on a sample.

    Each reading (as is, TCVN3, VNI) is scored by `syllable_score`; a legacy reading
    must beat the text as is by a clear margin, else the text is taken as Unicode.
    """
    sample = text[:sample_chars]
    if not looks_legacy(sample):
        return None, {}
    if _PER_TOKEN_UNSAFE.search(sample) is None:
        # Split once, each distinct token converted on its own: the same counts, since the
        # converters change no separator (`_SPLIT`) and act within a word, when no line is left
        # alone as Unicode, no PDF glyph needs its neighbours and no combining mark can join
        # a character across a separator (the cases checked by `_PER_TOKEN_UNSAFE`).
        tokens = Counter(_SPLIT.split(sample))
        counts = {
            "unicode": _token_counts(tokens),
            "tcvn3": _token_counts(tokens, _tcvn3_token),
            "vni": _token_counts(tokens, _vni_token),
        }
    else:
        counts = {
            "unicode": syllable_counts(sample),
            "tcvn3": syllable_counts(decode_tcvn3(sample, recase=False)),
            "vni": syllable_counts(decode_vni(sample)),
        }
    scores = {name: valid - invalid for name, (valid, invalid) in counts.items()}
    best = max(("tcvn3", "vni"), key=lambda k: scores[k])
    valid, invalid = counts[best]
    margin = max(3, abs(scores["unicode"]) // 10)
    # A legacy reading must beat the text as is, and must itself read as Vietnamese
    # (French `naïve` gains a syllable under VNI, and still is not Vietnamese).
    if scores[best] - scores["unicode"] >= margin and valid >= 0.75 * (valid + invalid):
        return best, scores
    return None, scores


def decode_legacy(text: str, encoding: str) -> str:
    """Convert surface text in `encoding` (`tcvn3` | `vni`) to Unicode."""
    return decode_tcvn3(text) if encoding == "tcvn3" else decode_vni(text)
