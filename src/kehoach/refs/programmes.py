"""Programmes, projects, regulations and master plans cited by name, without a number
(`Chương trình mục tiêu quốc gia …`, `Đề án “…”`, `Quy chế bầu cử trong Đảng`, `Quy hoạch tỉnh …
thời kỳ 2021 - 2030`), and the pass that reads them in context (aliases, the document's own,
variants of one name)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.refs import patterns as P
from kehoach.refs.anchors import first_word_branches
from kehoach.refs.laws import LAW_HEAD
from kehoach.refs.mention import Mention, named_key, named_mention, squash
from kehoach.refs.tail import WORD, read_tail
from kehoach.vntext import fold

# A programme, a project (đề án) or a regulation (quy chế) is cited by its name when the type word
# is capitalized inside a sentence (`thực hiện Chương trình mục tiêu quốc gia …`, `theo Quy chế bầu cử
# trong Đảng`): the capital makes the words after it a proper name, where `chương trình công tác`
# written in lower case is a plan's own work. At the start of a sentence or a line the capital says
# nothing, so the name must show it names one document: a period (`giai đoạn 2021-2025`, `đến năm
# 2030`), `quốc gia`, or quotes. Each branch opens on its first word (`anchors.first_word_branches`).
_PROGRAMME_PRINTED = frozenset(name.lower() for name in P.PROGRAMME_TYPES.values())
_PROGRAMME_BRANCHES = first_word_branches(P.PROGRAMME_TYPES)
# words (as printed, lower case) that end a programme's name: verbs and links of the sentence around it
# (printed, not folded: `đang` ends a name, `Đảng` does not; `số` ends one before a number only)
_PROGRAMME_STOP_WORDS = "đã được đang sẽ cần phải là thì mà nhằm theo do tại của ngày khi"
_PROGRAMME_STOP = frozenset(
    (_PROGRAMME_STOP_WORDS + " nếu hoặc hay như trên dưới sau trước đều chưa này gồm với vào từ").split()
)
_PRINTED_PROGRAMME_STOPS = frozenset(["để", "đến", "trong", "về"])  # stop unless part of a name (below)
# first words (folded) of a programme's name that make it no one document: a body's own work
# (`Chương trình công tác năm`, `Chương trình hành động của …`, `Chương trình thực hiện Đề án …`)
_GENERIC_HEADS = frozenset(
    ["hanh dong", "cong tac", "thuc hien", "lam viec", "chi tieu", "hoat dong", "ke hoach"]
)
# first words that no name opens on: a conjunction or a verb after the type word makes it the subject
# of a sentence (`Chương trình bảo đảm “rõ người, rõ việc”`, `Chương trình và kết quả cho các sở`)
_NOT_NAME_FIRST = frozenset(
    ["và", "hoặc", "được", "đã", "sẽ", "là", "này", "đó", "nhằm", "cho", "với", "gồm", "còn", "cũng", "ở"]
)  # as printed (lower case): `bào` and `bao` fold alike, only the printed word decides
_NOT_NAME_OPENING = ("bảo đảm", "đảm bảo")
# names that are a kind of programme, not one programme (`Chương trình mục tiêu quốc gia` alone): every
# national target programme is named with its subject (`… quốc gia xây dựng nông thôn mới`)
_CLASS_NAMES = frozenset(["muc tieu quoc gia", "muc tieu", "trong diem", "quoc gia"])
# words before a type word that make it a class, not one document (`các Chương trình mục tiêu quốc gia`)
_QUANTIFIERS = frozenset(["cac", "nhung", "moi", "tung", "nhieu", "mot", "hai", "ba", "so"])
_SPECIFIC = re.compile(r"quoc gia|giai doan|\bden nam\b|\bnam \d{4}|\d{4}")
_LINE_LABEL = re.compile(r"\s*(?:[-–+•*]|\(?\d{1,2}(?:\.\d{1,2})*[.)]?|\(?[a-zđ]\)|[IVXL]{1,5}[.)])?\s*\Z")
_LABEL_BEFORE = re.compile(
    r"(?:^|\s)(?:\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\))\s*\Z"
)  # `… thực hiện. (2) Chương trình`
_SUBJECT_BEFORE = re.compile(
    r"(?<!\w)(?:(?P<verb>ban\s+hanh|phe\s+duyet)|ve\s+viec|v/v|ve)"
    r"(?:\s+kem\s+theo(?:\s+(?:quyet\s+dinh|nghi\s+quyet)\s+nay)?)?\s*:?\s*[\"“]?\s*\Z"
)
# up to the end of its clause, or up to a term (`khoá XIII`, read apart)
_CLAUSE_REST = re.compile(r"[^;\n]*?(?=\s*,?\s*\(?\s*(?i:kho[áa])\s+[IVXL]|\.\s|[;\n]|\.?\Z)")
# what before a programme's type word says it is not a document cited: an event organised, a document
# still to be written
_NOT_CITED_BEFORE = re.compile(
    r"(?:to\s+chuc|xay\s+dung(?:\s+(?:lai|moi|xong))?|soan\s+thao|de\s+ra|du\s+thao)\s*\Z"
)
# a regulation is named with the body that issued it (`Quy chế bầu cử trong Đảng của Ban
# Chấp hành Trung ương`); without it the words name a regime or a direction (`Quy chế dân chủ ở cơ sở`)
_ISSUER_NAMED_TYPES = frozenset(["Quy chế"])
# a master plan is named with its period (`Quy hoạch tỉnh … thời kỳ 2021 - 2030`)
_PERIOD_NAMED_TYPES = frozenset(["Quy hoạch"])
_ROMAN = re.compile(r"[IVX]{1,5}")
# (or its number in the national series: `Quy hoạch điện VIII`)
_PERIOD_IN_NAME = re.compile(r"(?:giai doan|thoi ky|den nam) \d{4}|\s[ivx]{1,5}\Z")
_OF_BODY = re.compile(r"\s*,?\s*của\s+(?=\w)")


def _of_body(text: str, pos: int) -> bool:
    """Whether `của` and a capitalized body's name follow `pos`."""
    m = _OF_BODY.match(text, pos)
    return bool(m) and text[m.end()].isupper()


_ACRONYM = re.compile(r"\s*[*_]*\(\s*[A-ZĐ][A-ZĐ0-9&-]{1,11}\s*\)[*_]*")  # `(OCOP)`, `(PCI)`
_IF_ANY = re.compile(r"\s*\(\s*neu\s+co\s*\)")
_QUOTED = re.compile(
    r"\s*:?\s*[\"“](?P<q>(?:[^\"”\n]|\n(?![ \t]*\n)){3,200})[\"”]"
)  # hard wraps inside, no blank line


def _sentence_initial(text: str, start: int) -> bool:
    """Whether only a line's label or the end of a sentence comes before `start` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 300) : start]
    if _LINE_LABEL.match(before) or _LABEL_BEFORE.search(before):
        return True
    stripped = before.rstrip()
    return stripped.endswith((".", "!", "?", ":", ";")) and not stripped.endswith("..")


_VISION = re.compile(r"\s*(?:tam\s+nhin|dinh\s+huong)\s+(?:den|toi)\s+nam\s+\d{4}(?!\d)")
# (a blank line between the two halves too: some extractions double every line break)
_HARD_WRAP = re.compile(
    r"\n[ \t]*(?:\n[ \t]*)?(?![a-zđ]\))"  # (`… ở các cấp` / `a) Đối tượng …`: a point, not a wrap)
    r"(?=[a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ])"
)
_LIST_ITEM = re.compile(r"\s*((?:[^\s,.;:()]+\s+){0,2}[^\s,.;:()]+)(?=\s*[,.;:)]|\s*$)")


def _programme_name_end(text: str, folded: str, pos: int) -> int | None:
    """Where the name after a programme's type word ends, on its line or over a hard wrap (a line going
    on in lower case) (None when no name follows)."""
    limit = min(pos + 240, len(text))
    line_end = text.find("\n", pos, limit)
    while line_end >= 0 and (wrap := _HARD_WRAP.match(text, line_end)):
        line_end = text.find("\n", wrap.end(), limit)
    tokens = list(WORD.finditer(text, pos, limit if line_end < 0 else line_end))
    end: int | None = None
    count, prev_printed = 0, ""
    for i, wm in enumerate(tokens):
        token = wm.group(0)
        core = token.rstrip(",.;:)”\"'’…*_")
        if not core or core.lstrip("*_")[:1] in "(“\"'‘" or not (core[0].isalnum() or core in "-–"):
            break
        printed = core.lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        nf = fold(nxt.lower().rstrip(",.;:)")) if nxt else ""
        if printed in _PROGRAMME_STOP or (printed == "tiếp" and nf == "tuc"):
            break
        if printed == "số" and (nxt[:1].isdigit() or nf == ":"):
            break
        if printed == "năm" and prev_printed != "đến" and not prev_printed.isdigit():
            # `… nông thôn mới năm 2022`: the year of the work, not of the programme (`đến năm 2030` is,
            # and so is a span with its period: `Chiến lược … 10 năm 2021-2030`)
            break
        if printed in _PRINTED_PROGRAMME_STOPS:
            keep = (
                (printed == "đến" and nf == "nam")  # `đến năm 2030`
                or (
                    printed == "trong" and (nxt[:1].isupper() or nf == "cac")
                )  # `trong Đảng`, `trong các ngành`
                or (printed == "về" and nf not in ("viec", "cac"))  # `mục tiêu quốc gia về dân số`
            )
            if not keep or end is None:
                break
        if printed == "và" and (not nxt[:1].islower() or nf in ("cac", "nhung")):
            break
        if printed == "mới" and nxt.lower() in _PROGRAMME_STOP:
            break  # `… quốc gia mới được xác định`: `mới` says when, not which
        if core[0].isupper() and (
            any(b.match(folded, wm.start()) for b in _PROGRAMME_BRANCHES)
            or LAW_HEAD.match(folded, wm.start())
        ):
            break  # another document's name begins (`Chương trình thực hiện Đề án …`)
        end, count, prev_printed = wm.start() + len(core), count + 1, printed
        if core != token:
            if not token[len(core) :].startswith(",") or not nxt[:1].isalpha():
                break
            vision = _VISION.match(folded, wm.end())
            if vision:  # `…, tầm nhìn đến năm 2050`: part of the name
                end = vision.end()
                break
            if core[:1].isdigit() or _ROMAN.fullmatch(core):
                break  # `… 10 năm 2021-2030, vừa phòng …`, `Quy hoạch điện VIII, đề nghị`: its period closes it
            # after a comma: a short item of the same list goes on (`trường, lớp học`, `Bắc, Trung, Nam`)
            item = _LIST_ITEM.match(text, wm.end(), wm.end() + 40)
            item_words = item.group(1).split() if item else []
            if not item_words or len(item_words) > 2 or any(w.lower() in _PROGRAMME_STOP for w in item_words):
                break
        if count >= 24:
            break
    return end


def programme_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """`Chương trình mục tiêu quốc gia …`, `Đề án “…”`, `Quy chế bầu cử trong Đảng`: cited by name."""
    printed = " ".join(text[m.start() : m.end()].split())
    if not printed[:1].isupper() or not printed[1:2].islower() or printed.lower() not in _PROGRAMME_PRINTED:
        return None
    kind = P.PROGRAMME_TYPES[" ".join(m.group(0).split())]
    lead = folded[max(0, m.start() - 40) : m.start()]
    before = lead.split()
    if before and (before[-1] in _QUANTIFIERS or before[-1].isdigit()):
        return None  # `các Chương trình mục tiêu quốc gia`, `20 Chương trình`: a class, not one document
    if _NOT_CITED_BEFORE.search(lead) or lead.rstrip().endswith(("“", '"')):
        return (
            None  # `tổ chức Chương trình …` (an event), `xây dựng Đề án …` (not written yet), a quoted title
        )
    quoted = _QUOTED.match(text, m.end())
    end = quoted.end() if quoted else _programme_name_end(text, folded, m.end())
    if end is None or _IF_ANY.match(folded, end):
        return None  # `Ban Chủ nhiệm Chương trình (nếu có)`: a placeholder
    acronym = _ACRONYM.match(text, end)
    if acronym:  # `Chương trình mỗi xã một sản phẩm (OCOP)`: a proper name with its short name
        end = acronym.end()
    name_folded = " ".join(folded[m.end() : end].split())
    if not quoted:
        head = " ".join(name_folded.split()[:2])
        if head == "lam viec" and _of_body(text, end):
            # `Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị …`: the bodies make the name
            clause = _CLAUSE_REST.match(text, end, min(len(text), end + 200))
            end = clause.end() if clause else end
            name_folded = " ".join(folded[m.end() : end].split())
        elif head in _GENERIC_HEADS or _verb_or_conjunction_first(text[m.end() : end]):
            return None
        if len(name_folded.split()) < 2 or name_folded[:1].isdigit():
            return None  # `Chương trình 135`: a partial citation known by its number (`numbered.partial_mention`)
        if name_folded in _CLASS_NAMES:
            return None  # `Chương trình mục tiêu quốc gia khi hợp nhất …`: the kind, no programme's name
    if kind in _ISSUER_NAMED_TYPES and not _of_body(text, end) and "cua" not in name_folded.split():
        return None  # `Quy chế dân chủ ở cơ sở`: a regime
    if kind in _PERIOD_NAMED_TYPES and not _PERIOD_IN_NAME.search(name_folded):
        return None  # `Quy hoạch chung xây dựng …` without its period: a planning task, not one plan
    if _sentence_initial(text, m.start()) and not (quoted or acronym) and not _SPECIFIC.search(name_folded):
        return None  # `Chương trình sách giáo khoa mới …` opening a sentence: no sign of a proper name
    name = squash(text[m.start() : end].replace("*", " ")).replace("( ", "(")  # no markdown emphasis
    mention = named_mention(m.start(), end, kind, name)
    mention.programme = True
    mention.end = read_tail(text, folded, end, mention)
    return mention


def _verb_or_conjunction_first(name: str) -> bool:
    """The printed words after the type word open on a conjunction or a verb (`và kết quả …`, `bảo đảm
    “rõ người …”`): the type word is a sentence's subject, not the head of a name."""
    words = name.split()
    return bool(words) and (words[0] in _NOT_NAME_FIRST or " ".join(words[:2]) in _NOT_NAME_OPENING)


def programme_heads(text: str, folded: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The programme type words at `starts` (`find_anchors`) printed capitalized and opening a word
    (`Chương trình`, `Đề án` …), as matches on `folded`, in text order."""
    for start in starts:
        if text[start].isupper() and not (
            start and (folded[start - 1].isalnum() or folded[start - 1] in "_/")
        ):
            for branch in _PROGRAMME_BRANCHES:
                m = branch.match(folded, start)
                if m:
                    yield m
                    break


_ALIAS_OPEN = re.compile(r"\s*\(\s*")
# what joins a programme to the numbered document that issued or approved it, the rest of its name
# between (`… giai đoạn 2021 - 2030, giai đoạn I: … ban hành kèm theo Quyết định số 920/QĐ-TTg`)
_ISSUED_BY_NEXT = re.compile(
    r"[^;\n]{0,160}?[\s,(]\s*(?:(?:da\s+)?duoc\s+)?(?:ban\s+hanh\s+(?:kem\s+theo|tai)|kem\s+theo"
    r"|phe\s+duyet\s+(?:tai|theo))\s*"
)


def programme_links(text: str, folded: str, mentions: list[Mention]) -> list[Mention]:
    """Programmes in context.

    - One named as the subject of the document cited just before it (`Quyết định số … ban hành Quy
      chế X`, `Nghị định 77/CP … về Quy chế X`) is that document under another name: an alias, so a
      later `Quy chế X` folds into it. One the document itself issues or approves (`Ban hành kèm theo
      Quyết định này Chương trình X`, a title `V/v phê duyệt Đề án X`) is the document itself: it and
      every later mention of that name are not citations.
    - A name followed by its number in brackets (`Đề án tin học hóa … (Đề án 112)`) is one mention,
      keyed by the number.
    - Variants of one name fold into one key: `và` or a dash between words, the period printed or not
      (`… dân số và kế hoạch hóa gia đình`, `… dân số - kế hoạch hoá gia đình giai đoạn 2001 - 2005`),
      unless the text cites the same name for two periods.
    """
    out: list[Mention] = []
    own: list[str] = []  # names (folded, cut to their stem) of what the document itself issues
    for i, m in enumerate(mentions):
        prev = out[-1] if out else None
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            m.programme
            and m.kind == "named"
            and nxt is not None
            and nxt.kind == "numbered"
            and _ISSUED_BY_NEXT.fullmatch(folded, m.end, nxt.start)
        ):
            nxt.aliases.append(m.named_key or "")
            continue  # `Chương trình … ban hành kèm theo Quyết định số 920/QĐ-TTg`: that decision, cited
        if m.programme and m.kind == "named":
            stem = _name_stem(m)
            if any(stem.startswith(o) or o.startswith(stem) for o in own):
                continue
            lead = folded[max(0, m.start - 80) : m.start]
            subject = _SUBJECT_BEFORE.search(lead)
            gap_start = m.start - (len(lead) - subject.start()) if subject else m.start
            after_numbered = (
                prev is not None
                and prev.kind == "numbered"
                and not folded[prev.end : gap_start].strip(" \t\n,")
            )
            if subject and (after_numbered or subject.group("verb")):
                if after_numbered and prev is not None:
                    prev.aliases.append(m.named_key or "")
                else:
                    own.append(stem)
                continue  # the subject of a decision that issues or approves it, not cited apart
        if (
            m.programme
            and m.kind == "partial"
            and prev is not None
            and prev.programme
            and prev.kind == "named"
            and prev.doc_type == m.doc_type
            and _ALIAS_OPEN.fullmatch(folded, prev.end, m.start)
        ):
            close = re.compile(r"\s*\)").match(text, m.end)
            prev.kind, prev.number, prev.named_key = "partial", m.number, m.named_key
            prev.end = close.end() if close else m.end
            prev.title = squash(text[prev.start : prev.end])
            continue
        out.append(m)
    _fold_name_variants([m for m in out if m.programme and m.kind == "named"])
    return out


_PERIOD = re.compile(r"\s+(?:giai\s+doan|thoi\s+ky|den\s+nam|nam)\s+\d{4}.*\Z")
_VISION_TAIL = re.compile(r"\s*,?\s*tam\s+nhin\b.*\Z")


def _name_stem(m: Mention) -> str:
    """A programme's name folded, without its period and without `và` or dashes between words."""
    name = fold(m.title or "")
    name = _PERIOD.sub("", name)
    return " ".join(w for w in re.findall(r"[a-z0-9]+", name) if w != "va")


def _fold_name_variants(mentions: list[Mention]) -> None:
    """One key per programme name stem, unless the text cites it for two periods (two documents)."""
    periods: dict[str, set[str]] = {}
    for m in mentions:
        period = _PERIOD.search(fold(m.title or ""))
        span = (
            _VISION_TAIL.sub("", period.group(0)) if period else ""
        )  # `…, tầm nhìn đến năm 2045`: same period
        periods.setdefault(_name_stem(m), set()).add(re.sub(r"\D+", "-", span).strip("-"))
    for m in mentions:
        stem = _name_stem(m)
        if len(periods[stem] - {""}) <= 1:
            m.named_key = named_key(stem)
