"""Vietnamese text helpers every step shares: folding for comparison and search.

`fold` is the one folded form of the project: lower case, no tone or vowel
marks, `đ` → `d`. It is length-preserving on NFC text (one character in, one
out), so an offset found in folded text is the same offset in the text.
Written by hand because Unicode folding (NFKD + strip marks) leaves `đ`
alone and is several times slower than one `str.translate`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x1EFA):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[code] = base.lower()
    for ch, base in {"đ": "d", "Đ": "d", "ƣ": "u", "Ƣ": "u", "ơ": "o", "Ơ": "o", "ư": "u", "Ư": "u"}.items():
        table[ord(ch)] = base
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


_FAST_REPLACE = (
    ("đ", "d"),
    ("Đ", "D"),
    ("ƣ", "u"),
    ("Ƣ", "U"),
    ("“", '"'),
    ("”", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("–", "-"),
    ("—", "-"),
    ("…", "."),
    ("\u00a0", " "),
)
_FOLD = _build_fold_table() | {ord(a): b.lower() for a, b in _FAST_REPLACE}


_TABLE_FROM = 512  # shorter texts: numpy's per-call cost outweighs what it saves
_TABLES: tuple | None = None  # (one-character forms, fold by translate, whether a form is ever longer)


def _nfd_ascii_each(text: str) -> str:
    """`_FAST_REPLACE`, NFD, marks dropped: what `_nfd_ascii` does to any text (see there)."""
    t = text
    for a, b in _FAST_REPLACE:
        if a in t:
            t = t.replace(a, b)
    return unicodedata.normalize("NFD", t).encode("ascii", "ignore").decode("ascii")


def _tables() -> tuple:
    """Tables over the Basic Multilingual Plane, built once: each code point's one-character
    form (`_nfd_ascii` of the character alone; 0 when it has none), the code point `_FOLD` maps it
    to, and whether any character's form is longer than one character.

    The forms are read from one `_nfd_ascii_each` of every character joined by NUL: both its steps
    work character by character (NFD splits a character into its base and marks and never reorders
    across a base, the marks are dropped), so the form of a text is the forms of its characters."""
    global _TABLES
    if _TABLES is None:
        import numpy as np

        codes = [c for c in range(1, 0x10000) if not 0xD800 <= c < 0xE000]
        forms = _nfd_ascii_each("\0".join(map(chr, codes))).split("\0")
        if len(forms) != len(codes):  # not one form a character after all: each on its own
            forms = [_nfd_ascii_each(chr(c)) for c in codes]
        one = np.zeros(0x10000, dtype=np.uint8)
        longer = False
        for code, form in zip(codes, forms, strict=True):
            if len(form) == 1:
                one[code] = ord(form)
            longer = longer or len(form) > 1
        folded = np.arange(0x10000, dtype=np.uint32)
        for code, to in _FOLD.items():
            if len(to) != 1:
                longer = True  # not one character for one: the translation is left to `str.translate`
            else:
                folded[code] = ord(to)
        _TABLES = (one, folded, longer)
    return _TABLES


def _one_ascii_each(text: str) -> str | bool | None:
    """The form `_nfd_ascii(text)` gives, read from `_tables` for all characters at once, when
    every character has a one-character form; False when one has none, so that `_nfd_ascii(text)`
    is shorter than `text` (no character's form is longer); None when the tables cannot tell (a
    character past the BMP)."""
    import numpy as np

    if "\0" in text:  # NUL is its own form, but 0 in the table stands for none
        return None
    one, _folded, longer = _tables()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() >= 0x10000:
        return None
    forms = one[codes].tobytes()
    if b"\0" in forms:  # a character without a one-character form
        return None if longer else False
    return forms.decode("ascii")


def ascii_bytes(text: str, stand_in: Callable[[str], int | None]) -> bytes | None:
    """Each character of `text` as one ASCII byte: its one-character form (`ascii_form`), and for
    a character that has none, the byte `stand_in(character)` gives (None: no byte stands for it,
    and the answer is None). Read from the tables (a long text); None past the BMP."""
    import numpy as np

    one, _folded, longer = _tables()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if longer or codes.max(initial=0) >= 0x10000:
        return None
    forms = one[codes]
    missing = codes[forms == 0]
    for code in np.unique(missing).tolist():  # the few characters without a form, each once
        byte = stand_in(chr(code))
        if byte is None:
            return None
        forms[codes == code] = byte
    return forms.tobytes()


def _translate_fold(text: str) -> str:
    """`text.translate(_FOLD)`, from `_tables` for all characters at once when the text is long."""
    if len(text) >= _TABLE_FROM:
        import numpy as np

        _one, folded, longer = _tables()
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        if not longer and codes.max() < 0x10000:
            return folded[codes].tobytes().decode("utf-32-le", "surrogatepass")
    return text.translate(_FOLD)


def _nfd_ascii(text: str) -> str:
    """The fast path of `fold` (about 10x str.translate): NFD splits each letter into base +
    marks, and the marks are the only non-ASCII left once đ and common punctuation are replaced.
    A long text whose characters each have a one-character form is read from a table (`_one_ascii_each`)."""
    if len(text) >= _TABLE_FROM:
        form = _one_ascii_each(text)
        if isinstance(form, str):
            return form
    return _nfd_ascii_each(text)


def fold(text: str) -> str:
    """Folded form: lower case, no marks, đ→d; same length as NFC `text`."""
    if text.isascii():
        return text.lower()
    if len(text) >= _TABLE_FROM:
        form = _one_ascii_each(text)
        if isinstance(form, str):
            return form.lower()
        if form is False:  # `_nfd_ascii(text)` is shorter than the text
            return _translate_fold(text).lower()
    out = _nfd_ascii_each(text)
    if len(out) == len(text):
        return out.lower()
    return _translate_fold(text).lower()  # some other non-ASCII character: keep it, fold the rest


@lru_cache(maxsize=8)
def ascii_form(text: str) -> str | None:
    """`text` with every character written as one ASCII character, case kept (`Đảng ủy` →
    `Dang uy`): `fold` before lower-casing. None when a character has no such form (`fold` then
    keeps it or drops it). Cached with `fold_aligned`, which is built on it.

    Each character maps to one character on its own (a decomposition never holds two ASCII
    characters), so a slice of the form is the form of the slice, and an ASCII letter in it stands
    for a letter of the text (upper case for upper case)."""
    if text.isascii():
        return text
    if len(text) >= _TABLE_FROM:
        form = _one_ascii_each(text)
        if form is False:
            return None
        if form is not None:
            return form
    out = _nfd_ascii_each(text)
    return out if len(out) == len(text) else None


@lru_cache(maxsize=8)
def fold_aligned(text: str) -> str:
    """`fold`, guaranteed to keep offsets (character by character when `fold` would not).

    Cached: normalization, parsing and the citation steps fold the same document text several
    times (`clear_caches` forgets it)."""
    form = ascii_form(text)
    if form is not None:
        return form.lower()  # what `fold` returns, from the cached form
    out = fold(text)
    if len(out) == len(text):
        return out
    return "".join((fold(ch) or " ")[0] for ch in text)


def clear_caches() -> None:
    """Forget the cached folds (`ascii_form`, `fold_aligned`): benchmarks timing a new document."""
    ascii_form.cache_clear()
    fold_aligned.cache_clear()


# Old-style tone placement (òa, óa, ỏa, õa, ọa, òe …, uỳ, uý …) → new style (oà …, uỳ).
_OLD_TO_NEW = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}


_TONE_PAIRS = tuple(
    pair for old, new in _OLD_TO_NEW.items() for pair in ((old, new), (old.capitalize(), new.capitalize()))
)  # each pair, then its capitalized form (`Hòa` → `Hoà`)


def unify_tone(text: str) -> str:
    """Tone marks placed one way (new style: `hoà`, `uỷ`) so both spellings compare equal."""
    for old, new in _TONE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Folded word tokens of `text`."""
    return _WORD.findall(fold(text))


_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
SYLLABLE = rf"{_ONSET}[aeiouy]{{1,3}}{_CODA}"
"""One Vietnamese syllable, folded (`fold`)."""
_SYLLABLE = re.compile(rf"^{SYLLABLE}$")


def is_syllable(token: str) -> bool:
    """True when `token` (any case, marks allowed) can be one Vietnamese syllable."""
    return bool(_SYLLABLE.match(fold(token)))


_PROPER_AFTER = {"tỉnh", "huyện", "xã", "thành phố", "thị xã", "quận", "phường", "thị trấn"}
# Names capitalized wherever they stand (`CÔNG ĐOÀN GIÁO DỤC VIỆT NAM`, `BQL CÁC KHU CÔNG NGHIỆP BÀ
# RỊA – VŨNG TÀU`): the country, the president's name that many bodies carry, and the provinces and
# centrally run cities (the 63 before the 2025 merger; the 34 after it keep names from this list).
_PROPER_NAMES = tuple(
    tuple(name.split())
    for name in (
        "việt nam",
        "hồ chí minh",
        "hà nội",
        "hải phòng",
        "đà nẵng",
        "cần thơ",
        "huế",
        "an giang",
        "bà rịa",
        "vũng tàu",
        "bắc giang",
        "bắc kạn",
        "bạc liêu",
        "bắc ninh",
        "bến tre",
        "bình định",
        "bình dương",
        "bình phước",
        "bình thuận",
        "cà mau",
        "cao bằng",
        "đắk lắk",
        "đắk nông",
        "điện biên",
        "đồng nai",
        "đồng tháp",
        "gia lai",
        "hà giang",
        "hà nam",
        "hà tĩnh",
        "hải dương",
        "hậu giang",
        "hòa bình",
        "hưng yên",
        "khánh hòa",
        "kiên giang",
        "kon tum",
        "lai châu",
        "lâm đồng",
        "lạng sơn",
        "lào cai",
        "long an",
        "nam định",
        "nghệ an",
        "ninh bình",
        "ninh thuận",
        "phú thọ",
        "phú yên",
        "quảng bình",
        "quảng nam",
        "quảng ngãi",
        "quảng ninh",
        "quảng trị",
        "sóc trăng",
        "sơn la",
        "tây ninh",
        "thái bình",
        "thái nguyên",
        "thanh hóa",
        "thừa thiên",
        "tiền giang",
        "trà vinh",
        "tuyên quang",
        "vĩnh long",
        "vĩnh phúc",
        "yên bái",
    )  # fmt: skip
)
# institutions named with a capital on their first word only (`Thủ tướng Chính phủ`, `Quốc hội`,
# `Đoàn TNCS Hồ Chí Minh`)
_INSTITUTIONS = (("chính", "phủ"), ("quốc", "hội"), ("đoàn", "tncs"))
# the names with their tone marks placed one way, built once (`_named_positions` runs per header line)
_NAMES_BY_TONE = tuple(
    (tuple(unify_tone(w) for w in name), every_word)
    for names, every_word in ((_PROPER_NAMES, True), (_INSTITUTIONS, False))
    for name in names
)
_ROMAN_NUMERAL = re.compile(r"^[ivxl]+[,.;:]?$")
_CAPITALIZE_NEXT = {"ban", "sở", "bộ", "phòng", "vụ", "cục", "trung tâm"}
_ALWAYS_CAPITAL = {"đảng", "khối", "trung"}
_HEAD_TITLES = {"chủ tịch", "bộ trưởng", "giám đốc", "cục trưởng", "viện trưởng", "hiệu trưởng", "thủ trưởng"}
_BODY_OPENERS = {"ủy", "uỷ", "hội", "bộ", "sở", "ban", "cục", "tổng", "văn", "viện", "trường", "đại"}


# words that end a body's field of work (`Ban Tuyên giáo và Dân vận | Trung ương`, `… | tỉnh`)
_FIELD_END = {"trung", "của", "các", "thuộc", "khối", "thành", "thị", "đảng", "huyện", "tỉnh", "xã", "quận"}
_BEFORE_NUMERAL = {"thứ", "khóa", "khoá", "kỳ", "phần", "chương", "mục", "đợt", "giai"}


_PROPER_NAMES_FOLDED = frozenset(fold(" ".join(name)) for name in _PROPER_NAMES)


def is_proper_name(text: str) -> bool:
    """`Hà Nội`, `Cần Thơ`: the country, the name many bodies carry or a province's name (folded
    comparison, any case and tone placement)."""
    return fold(" ".join(text.split())) in _PROPER_NAMES_FOLDED


# Multi-word names whose folded spelling is no other phrase: printed with other tone marks in a
# header line (`THÀNH PHÓ HỎ CHÍ MINH` from OCR, a legacy font decoded wrong) they are the name
# damaged, so their marks are put back. One-word names (`Huế`) are left alone: `huệ` is a word.
_MENDABLE = {fold(" ".join(name)): name for name in _PROPER_NAMES if len(name) > 1}
_MENDABLE_LONGEST = max(len(name) for name in _MENDABLE.values())
# the first word of a body's name whose folded spelling has one reading there (`BÔ CÔNG THƯƠNG`)
_BODY_HEAD_MARKS = {"bo": "bộ", "so": "sở", "cuc": "cục"}


def _in_case_of(word: str, model: str) -> str:
    """`word` in the case `model` is printed in (upper, capitalized or lower)."""
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def mend_name_marks(line: str) -> str:
    """A header line's known names with their tone marks put back (`THÀNH PHÓ HỎ CHÍ MINH` →
    `THÀNH PHỐ HỒ CHÍ MINH`, `BÔ CÔNG THƯƠNG` → `BỘ CÔNG THƯƠNG`); the line unchanged otherwise.

    Only what has one reading is mended: the provinces, the country and the name many bodies carry
    (two words or more), `thành phố` before one of them, and the first word of a body's name."""
    tokens = line.split(" ")
    bare = [t.strip(",.;:()") for t in tokens]
    folded = [fold(b) for b in bare]
    out = list(tokens)

    def put(i: int, word: str) -> None:
        if bare[i] and fold(word) == folded[i] and unify_tone(bare[i].lower()) != unify_tone(word):
            out[i] = tokens[i].replace(bare[i], _in_case_of(word, bare[i]))

    i = 0
    while i < len(tokens):
        for n in range(min(_MENDABLE_LONGEST, len(tokens) - i), 1, -1):
            name = _MENDABLE.get(" ".join(folded[i : i + n]))
            if name:
                for k, word in enumerate(name):
                    put(i + k, word)
                if i >= 2 and folded[i - 2 : i] == ["thanh", "pho"]:
                    put(i - 2, "thành")
                    put(i - 1, "phố")
                i += n
                break
        else:
            i += 1
    if len(tokens) > 1 and folded[0] in _BODY_HEAD_MARKS:
        put(0, _BODY_HEAD_MARKS[folded[0]])
    return " ".join(out)


def _named_positions(tokens: list[str]) -> dict[int, bool]:
    """Positions of the tokens that spell a name of `_PROPER_NAMES` or `_INSTITUTIONS` (tone marks
    placed either way), each with whether it takes a capital."""
    folded = [unify_tone(t.strip(",.;:()")) for t in tokens]
    found: dict[int, bool] = {}
    for name, every_word in _NAMES_BY_TONE:
        n = len(name)
        for i in range(len(folded) - n + 1):
            if folded[i] == name[0] and folded[i + 1 : i + n] == list(name[1:]):
                found.update({i + k: every_word or k == 0 for k in range(n)})
    return found


def display_case(caps: str) -> str:
    """`ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH` → `Đảng ủy Khối các cơ quan tỉnh`.

    Sentence case, keeping capitals on `Đảng`, `Khối`, `Trung ương`, on the word
    after `Ban`/`Sở`/`Bộ` (`Ban Tổ chức`), on the proper name that follows an
    administrative word (`tỉnh Lâm Đồng`), on the names of the country and the provinces
    wherever they stand (`Công đoàn Giáo dục Việt Nam` keeps `Việt Nam`), and on Roman numerals
    after `thứ`, `khóa` (`lần thứ XXII`). Mixed-case input is returned unchanged.
    """
    if caps != caps.upper():
        return caps
    tokens = caps.lower().split()
    named = _named_positions(tokens)
    out: list[str] = []
    proper = False
    field_name = False  # inside a body's field of work: `Ban Tuyên giáo và Dân vận`, `Sở Văn hóa, Thể thao`
    for i, low in enumerate(tokens):
        if _ROMAN_NUMERAL.match(low) and (i == 0 or tokens[i - 1] in _BEFORE_NUMERAL):
            out.append(low.upper())  # `LẦN THỨ XXII`, `KHÓA XIII`
            proper = False
            continue
        if i in named:
            bare = low.strip(",.;:()")
            acronym = bare.isalpha() and not is_syllable(bare)  # `TNCS` in `Đoàn TNCS`
            out.append(low.upper() if acronym else low[:1].upper() + low[1:] if named[i] else low)
            proper = False  # the name was the proper part: what follows it is not
            continue
        prev = tokens[i - 1] if i else ""
        after_body = (
            prev in _CAPITALIZE_NEXT
            and not (prev == "bộ" and i > 1 and tokens[i - 2] == "đảng")
            and low not in {"nhân", "trưởng"}  # Ủy ban nhân dân, Hội đồng nhân dân; Bộ trưởng, Cục trưởng
        )
        is_committee = low in {"ủy", "uỷ"}
        if after_body:
            field_name = True
        elif low in _PROPER_AFTER or low in _FIELD_END or (i and tokens[i - 1] in _FIELD_END):
            field_name = False
        next_field = field_name and (prev == "và" or tokens[i - 1].endswith(",")) and i > 1
        connector = low in {"và", "các", "của", "về"}
        # the body a head's title names: `Chủ tịch Ủy ban nhân dân …`, `Bộ trưởng Bộ Tài chính`
        heads_body = " ".join(tokens[max(0, i - 2) : i]) in _HEAD_TITLES and low in _BODY_OPENERS
        cap = (
            i == 0
            or heads_body
            or (proper and not is_committee and not connector)
            or low in _ALWAYS_CAPITAL
            or after_body
            or next_field
        )
        bare = low.strip(",.;:()")
        if bare.isalpha() and not is_syllable(bare):
            out.append(low.upper())  # an acronym: UBND, HĐND, MTTQ, TNCS
        else:
            out.append(low[:1].upper() + low[1:] if cap else low)
        if is_committee:
            proper = fold(prev) in {"huyen", "tinh", "thanh", "thi", "xa", "quan"}
        elif low in _PROPER_AFTER or f"{prev} {low}" in _PROPER_AFTER:
            proper = True
        elif proper and low in {"và", "các", "của", "về"}:
            proper = False
    return " ".join(out)
