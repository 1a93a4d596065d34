"""Unit names as plans print them: where a name starts, where a list of names splits, name variants.

Hand-written: no library knows Vietnamese administrative body names; these are short word lists
(heads of body names, abbreviations) that the rules below combine.
"""

from __future__ import annotations

import re

from kehoach.vntext import fold

# Folded first words of a body's name ("Ban Tuyên giáo …", "Sở Nội vụ", "UBND cấp xã", "các khoa").
_HEADS = (
    "ban",
    "so",
    "phong",
    "van phong",
    "trung tam",
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong",
    "dang uy",
    "dang doan",
    "dang bo",
    "huyen uy",
    "tinh uy",
    "thanh uy",
    "quan uy",
    "thi uy",
    "chi uy",
    "chi bo",
    "cap uy",
    "cong an",
    "bo ",
    "hoi ",
    "doan ",
    "mat tran",
    "mttq",
    "bao ",
    "dai ",
    "cong ty",
    "truong ",
    "khoa ",
    "vien ",
    "cuc ",
    "tong cuc",
    "vu ",
    "hoc vien",
    "lanh dao",
    "bch",
    "btg",
    "btc",
    "thu truong",
    "nguoi dung dau",
    "lien doan",
    "lien minh",  # Liên minh Hợp tác xã
    "hiep hoi",
    "tcd",
    "tccsd",
    "nha truong",
    "giam doc",
    "trung doi",
    "co quan",
    "don vi",
    "dia phuong",
    "bo phan",
    "thuong truc",
    "thuong vu",
    "ubmttq",
    "chu tich",
    "thanh tra tinh",
    "thanh tra thanh pho",
    "thanh tra huyen",
    "thanh tra so",
    "thanh tra bo",
    "thanh tra chinh phu",
    "vien kiem sat",
    "toa an",
    "kho bac",
    "bao hiem xa hoi",
    "chi cuc",
    "ngan hang",
    "thanh doan",
    "tinh doan",
    "huyen doan",
    "lien minh",
    "cong thong tin",  # Cổng Thông tin điện tử tỉnh
    "doanh nghiep",
    "chi nhanh ",  # Chi nhánh Ngân hàng Chính sách xã hội Thành phố
    "thue tinh",  # Thuế tỉnh Nghệ An (the tax office of a province since 2025)
    "thue thanh pho",
    "kiem toan nha nuoc",
    "hai quan",
)
# Verb phrases that begin like a name ("Ban hành …", "Bố trí …", "Báo cáo …").
_NOT_HEADS = (
    "bao cao",
    "bao dam",
    "ban hanh",
    "bo tri",
    "lanh dao,",
    "lanh dao chi dao",
    "hoi nghi",
    "truong hop",
    "khoa hoc",
    "don vi chu tri",
    "don vi phoi hop",
    "don vi thuc hien",
    "co quan chu tri",
    "co quan phoi hop",
    "thuong xuyen",
    "bao chi",
    "phong trao",
    "phong chong",
    "phong ngua",
)
# A plural ("Các …", "các …") starts a name too.
_PLURAL = ("cac ", "nhung ")

# Abbreviations that plans print for the same word; expanded before comparing names.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "btg": "ban tuyen giao",
    "btc": "ban to chuc",
    "bch": "ban chi huy",
    "tccsd": "to chuc co so dang",
    "dqtv": "dan quan tu ve",
    "qlcl": "quan ly chat luong",
    "cntt": "cong nghe thong tin",
    "vp": "van phong",
    "hu": "huyen uy",
    "tu": "tinh uy",
    "ct-xh": "chinh tri - xa hoi",
}

# Verbs that end the subject of a duty sentence ("Sở Tư pháp theo dõi …").
_VERBS = (
    "chu tri",
    "phoi hop",
    "xay dung",
    "tang cuong",
    "kien toan",
    "thuc hien",
    "trien khai",
    "theo doi",
    "to chuc",
    "chu dong",
    "co trach nhiem",
    "bo tri",
    "can cu",
    "tham muu",
    "huong dan",
    "chi dao",
    "la don vi",
    "la dau moi",
    "la co quan",
    "la thuong truc",
    "ban hanh",
    "ra soat",
    "tiep tuc",
    "day manh",
    "quan tam",
    "cung cap",
    "bao cao",
    "tong hop",
    "nghien cuu",
    "tuyen truyen",
    "lanh dao",
    "dam bao",
    "bam sat",
    "quan triet",
    "kiem tra",
    "giam sat",
    "cu can bo",
    "bo tri",
    "sap xep",
    "uu tien",
    "van dong",
    "de xuat",
    "tham gia",
    "hoan thanh",
    "kip thoi",
    "don doc",
    "xu ly",
    "khan truong",
    "bao dam",
    "nang cao",
    "tren co so",
    "trong qua trinh",
    "dinh ky",
    "thuong xuyen",
    "giup",
    "chiu trach nhiem",
    "tiep nhan",
    "cap nhat",
    "duy tri",
    "khuyen khich",
    "tien hanh",
    "quyet liet",
    "phat huy",  # "Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội phát huy …"
    "phan cong",  # "Hội đồng Thi đua - Khen thưởng các cấp phân công rõ trách nhiệm …"
    "thuc day",  # "Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu"
)
# Verbs whose folded form is also other words: the printed marks decide ("Cổ phần Công nghệ" is a name).
_ACCENTED = {"phan cong": "phân công", "phat huy": "phát huy", "thuc day": "thúc đẩy"}
_VERB_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(v) for v in _VERBS) + r")(?![a-z0-9])")


_NOUN_BEFORE_VERB = (
    "cac",
    "nhung",
    "ban",
    "cua",
    "va",
    "phong",
    "tam",
    "vu",
    "so",
    "bo",
    "doan",
    "hoi",
    "cuc",
)


def first_verb(text: str, start: int = 0, capital: bool = False) -> int | None:
    """Where the first verb of `text` starts at or after `start` (None without one).

    A verb is printed in lower case ("Ủy ban Kiểm tra" is a name) and is not a noun after a
    plural or a board ("các tổ chức", "Ban tổ chức", "tổ chức cơ sở"). With `capital`, a
    capitalized verb is taken too: a name line run into its first sentence ("… Du lịch Lãnh đạo, …").
    """
    folded = fold(text)
    for m in _VERB_RE.finditer(folded, start):
        if not (text[m.start()].islower() or (capital and m.start() > 0)):
            continue
        accented = _ACCENTED.get(m.group(1))
        if accented and text[m.start() : m.end()].lower() != accented:
            continue
        before = folded[: m.start()].split()[-1:]
        # `nhà cung cấp`, `nhà đầu tư`: an agent noun, not a verb (`Doanh nghiệp, nhà cung cấp dịch vụ IoT`)
        nouns = _NOUN_BEFORE_VERB if text[m.start()].isupper() else (*_NOUN_BEFORE_VERB[:5], "vuc", "nha")
        if before and before[0] in nouns:
            continue
        if folded.startswith(("co so", "chinh tri", "dang"), m.end() + 1):
            continue
        if m.group(1) == "to chuc" and folded.startswith(",", m.end()):  # "cơ quan, tổ chức, cá nhân"
            continue
        # "các cơ quan, tổ chức có liên quan": after a kind of body and its comma, a kind too
        if m.group(1) == "to chuc" and re.search(
            r"(?:co quan|don vi|dia phuong|nganh|doan the),\s*$", folded[: m.start()]
        ):
            continue
        if before and before[0] == "duoc":  # "… được phân công chủ trì": a qualifier, the verb comes later
            continue
        return m.start()
    return None


def _list_head(piece: str) -> bool:
    """Does a piece after `,`/`và` start another name? Capitalized, a plural, or `phòng Tổng hợp`."""
    piece = piece.strip()
    words = piece.split()
    if not words or not starts_unit(piece):
        return False
    return (
        piece[0].isupper() or fold(words[0]) in ("cac", "nhung") or (len(words) > 1 and words[1][0].isupper())
    )


def _generic(piece: str) -> bool:
    """A body named by its kind in lower case (`cơ quan, địa phương liên quan`): after `và` it is
    another name (`Sở Tài chính và cơ quan, địa phương liên quan`)."""
    return fold(piece).split()[:2] in (["co", "quan"], ["don", "vi"], ["dia", "phuong"], ["he", "thong"])


def starts_unit(text: str) -> bool:
    """Does the text begin with the name of a body ("Sở …", "UBND …", "các khoa …")?"""
    f = fold(text.strip()) + " "
    if f.startswith(_NOT_HEADS):
        return False
    # a head is whole words: `ban` opens `Ban …`, not `Bằng khen …`; `so` opens `Sở …`, not `Sổ tay …`
    whole = any(f.startswith(h) and (h.endswith(" ") or not f[len(h)].isalnum()) for h in _HEADS)
    return whole or (f.startswith(_PLURAL) and len(f.split()) >= 2)


# What a plural names when it names bodies ("các huyện", "các tổ chức", "những đơn vị …").
_PLURAL_BODIES = (
    "huyen",
    "xa",
    "phuong",
    "tinh",
    "thanh pho",
    "quan",
    "nganh",
    "to chuc",
    "doan the",
    "cap",
    "doanh nghiep",
    "khoa",
    "truong",
    "lop",
    "bo",  # "Các bộ, ngành, địa phương"
)


def names_body(text: str) -> bool:
    """Stricter than `starts_unit`: a plural must be followed by a body ("Các sở, ban, ngành",
    "Các tổ chức, cá nhân", "các huyện"), not by any noun ("Các nhiệm vụ cụ thể", "Những kết quả
    đạt được" are headings of a report or a plan, not bodies)."""
    text = re.sub(r"^(?:giao|đề nghị)\s+", "", text.strip(), flags=re.IGNORECASE)
    if not starts_unit(text):
        return False
    words = text.split()
    if fold(words[0]) not in ("cac", "nhung"):
        return True
    rest = " ".join(words[1:])
    plain = " ".join(re.sub(r"[^\w\s]", " ", fold(rest)).split()) + " "
    return starts_unit(rest) or plain.startswith(tuple(b + " " for b in _PLURAL_BODIES))


def _bare_plural(piece: str) -> bool:
    """`Các Ban` alone: a plural head that shares the qualifier printed after the next name."""
    words = fold(piece).split()
    return len(words) == 2 and words[0] in ("cac", "nhung")


def clean(name: str) -> str:
    """A unit name as printed, without list punctuation, markdown residue or a leading `Giao`."""
    name = re.sub(r"[*_]", "", name)
    name = re.sub(r"\s+", " ", name).strip(" \t.,;:-–")
    name = re.sub(r"^(?:giao|đề nghị)\s+", "", name, flags=re.IGNORECASE)
    name = _QUALIFIER.sub("", name)
    name = re.sub(r"\s*\((?:b/c|b\.cáo|báo cáo|để [^)]*)\)$", "", name, flags=re.IGNORECASE)
    # "Trung tâm Dịch vụ việc làm Thành phố (Sở Nội vụ)", "Sở Nội vụ (Cơ quan thường trực Ban …)": the
    # body it belongs to or the post it holds is no part of its name; "(VTV)", "(VNPT, Viettel …)" are
    bracket = re.search(r"\s*\(([^()]+)\)$", name)
    if bracket and bracket.start() > 0 and bracket.group(1)[:1].isupper() and starts_unit(bracket.group(1)):
        name = name[: bracket.start()]
    # "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the post it holds, after a spaced dash, the same
    # (a dash inside a name, "Sở Lao động - Thương binh và Xã hội", names no post)
    post = _POST_AFTER_DASH.search(name)
    if post and post.start() > 0:
        name = name[: post.start()]
    return name.strip()


# A post a body holds, printed after its name and a spaced dash ("- Cơ quan thường trực …")
_POST_AFTER_DASH = re.compile(
    r"\s+[-–]\s+(?:cơ\s+quan\s+(?:thường\s+trực|chủ\s+trì|đầu\s+mối)|thường\s+trực|đầu\s+mối)\b.*$",
    re.IGNORECASE | re.DOTALL,
)


_JOINT_OFFICE = re.compile(r"van phong doan (?:dai bieu quoc hoi|dbqh)\b")
_COUNCIL = re.compile(r"(?:hdnd|hoi dong nhan dan)\b")


def split_units(text: str) -> list[str]:
    """Split a printed list of bodies into names.

    `;` always separates; `,` and ` và ` separate only when the next piece starts a body's name
    ("Sở Nội vụ, Sở Tư pháp"), so "Các Sở, ngành, đơn vị", "Sở Văn hóa, Thể thao và Du lịch" stay
    whole; "Các Ban, Văn phòng Đảng ủy Khối" stays whole (bare plural head).
    """
    listed = _distributed(text)
    if listed:
        return listed
    out: list[str] = []
    for part in re.split(r";", text):
        pieces = re.split(r"(,\s+|\s+và\s+)", part)
        current = ""
        for i in range(0, len(pieces), 2):
            piece = pieces[i]
            if not current:
                current = piece
                continue
            after_and = pieces[i - 1].strip() == "và"
            # "Các cơ quan Trung ương và địa phương": a bare kind after "và" ends the plural's list
            of_plural = fold(current).startswith(_PLURAL) and len(piece.split()) <= 2
            generic = after_and and _generic(piece) and not of_plural
            # "Viện, Trường; …": a kind's bare word is no name alone, it goes on with the kinds after it
            bare_word = len(current.split()) == 1 and not current.isupper()
            # "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh": one office serving both (every province since 2021)
            office = after_and and _JOINT_OFFICE.match(fold(current)) and _COUNCIL.match(fold(piece))
            if (_list_head(piece) or generic) and not _bare_plural(current) and not bare_word and not office:
                out.append(current)
                current = piece
            else:
                current += pieces[i - 1] + piece
        if current:
            out.append(current)
    out = [name for piece in out for name in _unglued(piece)]
    return [c for c in (clean(p) for p in out) if c and len(c) > 2]


# Heads that a name never prints twice: "Sở Khoa học và Công nghệ Sở Công Thương" is two names whose
# comma was lost (a web copy's table cell), not one. ("Ủy ban", "Ban", "Văn phòng" do stand inside a
# name: "Văn phòng Ủy ban nhân dân tỉnh", "Thường trực Ban Chỉ đạo".)
_SINGLE_HEADS = ("Sở", "Bộ", "Cục")


def _unglued(piece: str) -> list[str]:
    """A piece cut before its own head word printed again with a capital ("Sở A Sở B" → "Sở A", "Sở B")."""
    words = piece.split()
    if not words or words[0] not in _SINGLE_HEADS or (len(words) > 1 and words[1] == "trưởng"):
        return [piece]  # (`Bộ trưởng Bộ Tài chính`: a minister's title, then the ministry he heads)
    cuts = [i for i in range(2, len(words)) if words[i] == words[0]]
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


# Departments (and ministries) whose name holds a comma or "và": a list "các Sở: A, B và C" is split
# by them. Hand-written: the state's department names (Nghị định 24/2014, 107/2020 and the 2025
# reorganisation, Nghị định 45/2025), which no library lists.
_DEPARTMENTS_WITH_AND = (
    "văn hóa, thể thao và du lịch",
    "nông nghiệp và môi trường",
    "nông nghiệp và phát triển nông thôn",
    "khoa học và công nghệ",
    "giáo dục và đào tạo",
    "dân tộc và tôn giáo",
    "tài nguyên và môi trường",
    "kế hoạch và đầu tư",
    "thông tin và truyền thông",
    "lao động - thương binh và xã hội",
    "văn hóa và thể thao",
    "quy hoạch và kiến trúc",
)
_DEPARTMENTS_FOLDED = tuple(fold(d) for d in _DEPARTMENTS_WITH_AND)
_DISTRIBUTED = re.compile(r"\b(?:các|những)\s+(Sở|Bộ|Cục|Phòng)\s*:\s*([^;:()]+)", re.IGNORECASE)


def _distributed(text: str) -> list[str] | None:
    """ "các Sở: Xây dựng, Nông nghiệp và Môi trường, Văn hóa, Thể thao và Du lịch" names each
    department with the head in front ("Sở Xây dựng", "Sở Nông nghiệp và Môi trường", …); the text
    around the list ("Các cơ quan tham mưu …, gồm …") is no name of its own. None without such a list."""
    m = _DISTRIBUTED.search(text)
    if not m:
        return None
    head = m.group(1)[:1].upper() + m.group(1)[1:].lower()
    rest = m.group(2).strip().rstrip(".")
    names: list[str] = []
    while rest:
        folded = fold(rest)
        known = next((d for d in _DEPARTMENTS_FOLDED if folded.startswith(d)), None)
        if known:
            piece, rest = rest[: len(known)], rest[len(known) :]
        else:
            cut = re.search(r",\s*|\s+và\s+", rest)
            piece, rest = (rest[: cut.start()], rest[cut.start() :]) if cut else (rest, "")
        names.append(f"{head} {piece.strip()}")
        rest = re.sub(r"^(?:,\s*|\s*và\s+)", "", rest).strip()
    return [clean(n) for n in names if len(n.split()) > 1] or None


_SUBJECT_WORDS = 20


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def subject(text: str) -> tuple[str, int] | None:
    """The body a duty sentence starts with and where its predicate starts, or None.

    "Sở Tài chính chủ trì, phối hợp …" -> ("Sở Tài chính", 13). A subject is at most 20 words, a
    dash between words not counted ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị -
    xã hội tỉnh phối hợp …").
    """
    body = re.sub(r"^(?:giao|đề nghị)\s+", "", text, flags=re.IGNORECASE)
    offset = len(text) - len(body)
    if not starts_unit(body):
        return None
    folded = fold(body)
    # "… được phân công chủ trì …" qualifies the body; its own verb comes later
    m = next(
        (
            x
            for x in re.finditer(r"\s(chu tri|phoi hop)\b", folded)
            if not _QUALIFIED.search(folded[: x.start()])
        ),
        None,
    )
    cut = None
    first_words = 2 if fold(body).split()[0] in ("cac", "nhung", "ban", "to") else 1
    start = len(" ".join(body.split()[:first_words]))
    vs = first_verb(body, start, capital=True)
    while vs is not None and _QUALIFIED.search(folded[:vs]):  # "… được phân công chủ trì": go on
        vs = first_verb(body, vs + 1, capital=True)

    def words(end: int) -> int:  # a qualifier after the name does not count
        n = _words(_QUALIFIER.sub("", body[:end]))
        # a list of bodies may be longer: each of its names counts ("Các Sở, ban, ngành, đoàn thể cấp
        # tỉnh, cơ quan ngành dọc đóng trên địa bàn, Ủy ban nhân dân xã, phường xây dựng …")
        names = split_units(body[:end]) if _SUBJECT_WORDS < n <= 5 * _SUBJECT_WORDS else []
        return max(_words(x) for x in names) if len(names) > 1 else n

    if m and words(m.start()) <= _SUBJECT_WORDS:
        cut = m.start()
        # "Trưởng các đơn vị có liên quan căn cứ Kế hoạch này chủ động phối hợp …": a verb before
        # "phối hợp" ends the subject first (a lower-case one: a capitalized word may be a name)
        if vs is not None and vs < cut and body[vs].islower():
            cut = vs
    elif vs is not None and words(vs) <= _SUBJECT_WORDS:
        cut = vs
    if cut is None:
        return None
    name = clean(body[:cut])
    return (name, offset + cut) if name else None


# What follows a body's name and qualifies it, not part of the name: "các sở, ngành có liên quan theo
# chức năng, nhiệm vụ quản lý được giao", "Ủy ban nhân dân các xã, phường được phân công".
_QUALIFIED = re.compile(r"\s(?:duoc\s+phan\s+cong|duoc\s+giao)\s*$")
_QUALIFIER = re.compile(
    r"\s+(?:theo\s+chức\s+năng|trong\s+phạm\s+vi\s+chức\s+năng|được\s+phân\s+công|được\s+giao)\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def canonical(name: str, place: str | None = None) -> str:
    """Folded, abbreviation-expanded form used to match name variants.

    `BTG Huyện ủy` and `Ban Tuyên giáo Huyện ủy` give the same key; with `place` ("Lâm Đồng"),
    `UBND tỉnh` and `Ủy ban nhân dân tỉnh Lâm Đồng` give the same key.
    """
    words = fold(clean(name)).replace(",", " ").split()
    expanded = " ".join(ABBREVIATIONS.get(w, w) for w in words)
    if place:
        p = fold(place)
        expanded = re.sub(r"\s+" + re.escape(p) + r"$", "", expanded)
    return expanded.strip()


def starts_verb(text: str) -> bool:
    """Does the text begin with a duty verb ("Tham mưu …", "Chủ trì …", "Xây dựng …")?"""
    words = re.sub(r"[^\w\s-]", " ", fold(text)).split()
    return any(words[: len(v.split())] == v.split() for v in _VERBS)


# how many words after a blank decide whether a sentence starts there (a body's name is at most 20 words, a
# duty verb 3)
_HEAD_WORDS = 60


def run_in(text: str) -> list[str]:
    """A text cut where one sentence runs into the next without a stop: a bold title run into its
    first sentence ("… pháp luật Tham mưu, đề xuất …") or two paragraphs joined ("… Quốc gia Các
    phòng trong Trung tâm bố trí …"). A cut is made before a capitalized duty verb, or a
    capitalized plural that starts a duty sentence, printed right after a lower-case word.

    The words around each blank are read from the blanks found once, and what follows a blank is read
    from its next `_HEAD_WORDS` words only (taking the whole rest of the text at every blank made a long
    paragraph quadratic: a task table of 2,000 rows pasted as text, 12 s)."""
    cuts = [0]
    blanks = [(m.start(), m.end()) for m in re.finditer(r"\s+", text)]
    for k, (start, end) in enumerate(blanks):
        before = text[blanks[k - 1][1] if k else 0 : start]  # the word before the blank
        if not (before and before[0].islower() and before[-1].isalpha() and text[end : end + 1].isupper()):
            continue
        after = text[end : blanks[k + _HEAD_WORDS][0]] if k + _HEAD_WORDS < len(blanks) else text[end:]
        first = fold(after.split()[0])
        if (starts_verb(after) and not starts_unit(after)) or (
            first in ("cac", "nhung") and subject(after) is not None
        ):
            cuts.append(end)
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]
