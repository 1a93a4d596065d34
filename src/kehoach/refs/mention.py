"""A citation occurrence (`Mention`) and what every part of the citation reader shares about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.identity import base_key, slug
from kehoach.patterns import year_of

MentionKind = str  # "numbered" | "named" | "incomplete" | "partial"


@dataclass
class Mention:
    """One place where a document is cited, with the parts printed there."""

    kind: MentionKind
    start: int
    end: int
    doc_type: str | None = None
    type_from_word: bool = False
    ambiguous: bool = False
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    state_year: str | None = None
    date: str | None = None
    issuer: str | None = None
    term: str | None = None
    title: str | None = None
    named_key: str | None = None
    header: bool = False  # the document's own number in its header (`Số 39-KH/ĐUK`)
    programme: bool = False  # a programme, project or regulation cited by name
    aliases: list[str] = field(default_factory=list)  # named keys of what this document is also called


def mention_base(m: Mention) -> str | None:
    """Number and symbol without year (`05-CT/TW`), for numbered mentions."""
    if m.kind == "numbered" and m.number and m.symbol:
        return base_key(m.number, m.symbol)
    return None


def mention_year(m: Mention) -> str | None:
    """The year of a mention: a state number's own (`30/2020`: printed in the number, it outranks a date
    misprinted beside it, `Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025`), else its date's."""
    return m.state_year or year_of(m.date)


def squash(text: str) -> str:
    """Collapse whitespace (line wraps included) to single spaces."""
    return " ".join(text.split())


def named_key(name: str) -> str:
    """The key of a document cited by its name (`named:luat-can-bo-cong-chuc`)."""
    return f"named:{slug(name)}"


def named_mention(start: int, end: int, doc_type: str, title: str) -> Mention:
    """A document cited by its name after a printed type word (`Luật Đất đai`, `Chương trình …`),
    keyed by that name."""
    return Mention(
        "named", start, end, doc_type=doc_type, type_from_word=True, title=title, named_key=named_key(title)
    )
