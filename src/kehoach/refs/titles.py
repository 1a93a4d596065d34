"""Documents named only inside the title of a document cited just before them, in its clause: not
cited of their own (FIXTURES.md, conventions of sessions 8 and 9). A law a decree details (`Nghị định số
181/2025/NĐ-CP … quy định chi tiết … của Luật Thuế GTGT`), the laws a numbered amending law lists after
its number, a decree in the title of the decree amending it, a decision a repealed decision's title names
(`… về việc Thành lập Ban chỉ đạo thực hiện Quyết định 19/1999/QĐ-TTg`), a programme a decision approves
(`… về việc phê duyệt Chương trình …`), a charter a regulation puts into effect (`… về "Thi hành Điều lệ
Đảng"`), the document a decree sets rules under (`Nghị định số 72/2024/NĐ-CP … của Chính phủ quy định chính
sách giảm thuế … theo Nghị quyết số 142/2024/QH15`). Each is cited where the text names it in its own right.

Not dropped: what a plan or a conclusion carries on, named after its verb (`Kế hoạch số 29-KH/ĐUK … về thực
hiện Kế hoạch số 33-KH/TU … thực hiện Kết luận số 21-KL/TW`): the chain a cascade is read from, cited in
the samples' fixtures (a reader of the twelfth set left out `Nghị quyết số 29-NQ/TW` after `Kết luận số
91-KL/TW … tiếp tục thực hiện`; dropping such documents, tried in session 10, lost three of the samples'
citations)."""

from __future__ import annotations

import re

from kehoach.refs.mention import Mention

_SUBJECT_OF_TITLE = re.compile(r"thi\s+hanh\s*[\"“]?\s*\Z")
# a cited document's title whose subject is a law: `quy định chi tiết (thi hành) (một số điều của) Luật`,
# `hướng dẫn (thi hành) Luật`, `sửa đổi, bổ sung … của Luật`
# `Luật số 57/2024/QH15 … ban hành Luật sửa đổi, bổ sung …`: the law's own title, after its number
_TITLE_VERB = re.compile(r"quy\s+dinh\s+chi\s+tiet|huong\s+dan|thi\s+hanh|sua\s+doi|ban\s+hanh")
_LAW_OF_TITLE = re.compile(r"(?:cua|thi\s+hanh|huong\s+dan|ban\s+hanh)\s*[\"“]?\s*\Z")
# a title's list of laws (`sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Hải quan …`): every law
# named after `của Luật` in the clause of the numbered document is its title's subject
_OF_LAWS = re.compile(r"\bcua\s+(?:cac\s+)?(?:bo\s+)?luat\b")
# a numbered document in the title of the one cited before it (`… sửa đổi, bổ sung một số điều của Nghị
# định số 78/2025/NĐ-CP … và Nghị định số 79/2025/NĐ-CP …`): named there only, it is not cited (FIXTURES)
_OF_DOCS = re.compile(r"\bcua\s+(?:nghi\s+dinh|thong\s+tu|quyet\s+dinh|nghi\s+quyet|phap\s+lenh)\s+so\b")
# a cited document's title opening after its number, date and issuer (`… về việc …`, `… Ban hành …`,
# `… Sửa đổi …`), and a verb of that title right before the next document (`thực hiện Nghị quyết số`, `Sửa
# đổi Quyết định số`): the document the title names, not one the text cites
_SUBJECT_OPENS = re.compile(r"\bve\s+viec\b|\bban\s+hanh\b|\bsua\s+doi\b|\bbai\s+bo\b|\bthay\s+the\b")
# a programme named in the title of the numbered document cited before it in its clause (`… phê duyệt
# Chương trình …`, `… về việc thực hiện Chương trình 135`): not named by this text (the ninth and tenth sets'
# readers)
_TITLE_OF_PROGRAMME = re.compile(r"\bve\s+viec\b|\bban\s+hanh\b|\bphe\s+duyet\b|\bsua\s+doi\b|\bve\s+(?=\w)")
_VERB_BEFORE_DOC = re.compile(
    r"(?:thuc\s+hien|sua\s+doi(?:\s*,\s*bo\s+sung)?|bai\s+bo|thay\s+the|huong\s+dan|thi\s+hanh)"
    r"(?:\s+(?:mot\s+so\s+dieu\s+(?:cua\s+)?)?)?\s*\Z"
)
# a title that sets rules under another document (`Nghị định số 72/2024/NĐ-CP … quy định chính sách giảm
# thuế giá trị gia tăng theo Nghị quyết số 142/2024/QH15`): the document after `theo` is the title's
# (the verb right after the issuer: `của Chính phủ quy định …`; `… sửa đổi Quy định … ban hành theo` names a
# regulation)
_RULES_UNDER = re.compile(r"\bcua\s+(?:(?!ve\b)\w+\s+){1,6}quy\s+dinh\s+(?!tai\b|cua\b|ve\s+viec\b)\w")
_UNDER_BEFORE_DOC = re.compile(r"(?<!\w)theo\s*\Z")
_LIST_BEFORE = re.compile(r"(?:\bcua|\bva|,)\s*\Z")
# what ends a clause: `;`, a sentence or a list's colon at a line's end, a line that opens a new clause
_CLAUSE_BREAK = re.compile(
    r";|[.:]\s*\n|\n\s*(?:can\s+cu|theo|xet|thuc\s+hien|dieu\s+\d|[-+•*\d]|[a-z]\)|[ivxl]+\.)"
)


def without_title_subjects(folded: str, mentions: list[Mention]) -> list[Mention]:
    """`mentions` (in text order) without those named only in the title of the numbered document cited
    just before them in the same clause (the module's docstring lists the shapes)."""
    out: list[Mention] = []
    last_numbered_start = last_numbered_end = -1
    for m in mentions:
        clause = folded[last_numbered_end : m.start] if last_numbered_end >= 0 else ""
        same_clause = bool(clause) and not _CLAUSE_BREAK.search(clause)
        if (
            m.kind == "numbered"
            and same_clause
            and _TITLE_VERB.search(clause)
            and _OF_DOCS.search(folded, last_numbered_end, m.end)
            and _LIST_BEFORE.search(folded, max(0, m.start - 12), m.start)
        ):
            continue  # `Nghị định số 187/2025/NĐ-CP … sửa đổi, bổ sung một số điều của Nghị định số 78/2025/NĐ-CP …`
        if (
            m.kind == "numbered"
            and same_clause
            and _SUBJECT_OPENS.search(folded, last_numbered_start, m.start)  # (its tail may hold the verb)
            and _VERB_BEFORE_DOC.search(folded, max(0, m.start - 40), m.start)
        ):
            continue  # `Quyết định số 102/1999/QĐ-UB … về việc Thành lập Ban chỉ đạo thực hiện Quyết định 19/1999/QĐ-TTg`
        if (
            m.kind == "numbered"
            and same_clause
            and _RULES_UNDER.search(
                folded, last_numbered_start, m.start
            )  # (its tail holds `của` and the issuer)
            and _UNDER_BEFORE_DOC.search(folded, max(0, m.start - 12), m.start)
        ):
            continue  # `Nghị định số 72/2024/NĐ-CP … quy định chính sách … theo Nghị quyết số 142/2024/QH15`
        if m.programme and same_clause and _TITLE_OF_PROGRAMME.search(folded, last_numbered_start, m.start):
            continue  # `Quyết định số 170/2006/QĐ-TTg … về việc phê duyệt Chương trình xúc tiến du lịch …`: its title
        if (
            m.doc_type in ("Luật", "Bộ luật", "Pháp lệnh")
            and m.kind == "named"
            and same_clause
            and _TITLE_VERB.search(clause)
            and _OF_LAWS.search(clause)
        ):
            continue  # a further law of the title's list: `… của Luật: Chứng khoán, …, Luật Dự trữ quốc gia`
        if (
            m.doc_type == "Điều lệ"
            and m.kind == "named"
            and same_clause
            and _SUBJECT_OF_TITLE.search(folded, max(0, m.start - 16), m.start)
        ):
            continue
        if (
            m.doc_type in ("Luật", "Bộ luật", "Pháp lệnh")
            and m.kind == "named"
            and same_clause
            and _TITLE_VERB.search(clause)
            and _LAW_OF_TITLE.search(folded, max(0, m.start - 24), m.start)
        ):
            continue
        if m.kind == "numbered":
            last_numbered_start, last_numbered_end = m.start, m.end
        out.append(m)
    return out
