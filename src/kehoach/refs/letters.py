"""Letters numbered outside the state's grammar: a company or an association numbers its own letters
(`công văn số 107/2025`, `công văn số 1025-CVHQ`, `công văn số JHDPC/2025/276`, `văn bản số 01/CV-01`), and
an agency's reply cites them (`Trả lời công văn số … của Công ty …`); an agency's letter numbered with its
name only, no drafting unit (`Công văn số 4102/BVHTTDL`, `Văn bản số 1691/UBDNGS15`). Only after a printed
letter word and `số`: without it such a token is a page number, a quantity or a code, not a document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.refs.mention import Mention
from kehoach.refs.tail import read_tail

# matched on folded text; the letters of a code must be printed in capitals (checked on the text)
_LETTER = re.compile(
    r"(?<!\w)(?:cong\s+van|van\s+ban|thu)\s+so\s*:?\s*"
    r"(?P<num>\d{1,5}/(?:19|20)\d\d|\d{1,5}-[a-z]{2,10}|[a-z]{2,10}/(?:19|20)\d\d/\d{1,5}|\d{1,5}/[a-z]{2,10}-\d{1,4}"
    r"|\d{1,5}/[a-z]{2,12}\d{0,2})"
    r"(?![\w/.-]*\w)"
)


def letter_matches(folded: str) -> Iterator[re.Match[str]]:
    """Every `công văn số <number of another grammar>` in the folded text."""
    if "so" in folded:
        yield from _LETTER.finditer(folded)


def letter_mention(text: str, folded: str, m: re.Match[str]) -> Mention | None:
    """The letter `m` names, with its date and sender (`ngày 05/11/2025 của Công ty …`)."""
    printed = text[m.start("num") : m.end("num")]
    letters = re.sub(r"[^A-Za-zĐđ]", "", printed)
    if letters and not letters.isupper():
        return None  # `số 12-tháng`: a word, not a code
    parts = re.split(r"[/-]", printed, maxsplit=1)
    mention = Mention("numbered", m.start(), m.end(), number=parts[0], symbol=parts[1], number_symbol=printed)
    mention.doc_type, mention.type_from_word = "Công văn", True
    mention.end = read_tail(text, folded, m.end(), mention)
    return mention
