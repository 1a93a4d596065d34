"""Citations of other documents (filled by `kehoach.refs`; key scheme in `kehoach.identity`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Relation = Literal["implements", "based_on", "mentions", "self"]
RefKind = Literal["numbered", "named", "incomplete", "partial"]
"""numbered: number and symbol printed; named: `Nghị quyết Đại hội XIII …`, no number;
incomplete: a draft's blank number (`Kế hoạch số      -KH/HU`); partial: type and number without
symbol (`Chỉ thị 05`) that matched no numbered citation of the same document."""


class Reference(BaseModel):
    """One cited document, with every place it is cited."""

    key: str = Field(
        description="canonical identity, e.g. '40-KH/TU@2022', '05-CT/TW' or 'named:nq-dai-hoi-xiii'"
    )
    kind: RefKind = "numbered"
    doc_type: str | None = Field(None, description="Kế hoạch, Nghị quyết, Chỉ thị …")
    doc_type_ambiguous: bool = Field(False, description="QĐ printed without a type word")
    number: str | None = None
    symbol: str | None = None
    number_symbol: str | None = None
    date: str | None = Field(None, description="ISO date, or YYYY-MM / YYYY when partial")
    issuer: str | None = None
    term: str | None = Field(None, description="khóa XII …")
    title: str | None = Field(None, description="for named citations: the name as printed")
    relation: Relation = Field("mentions", description="the strongest relation over all occurrences")
    programme: bool = Field(
        False,
        description="a programme, project, strategy, master plan or regulation named without a number "
        "(`Chương trình mục tiêu quốc gia …`, `Đề án 06`): a policy the text names, listed apart from the "
        "documents it cites (FIXTURES.md, session 9)",
    )
    count: int = 1
    spans: list[tuple[int, int]] = Field(
        default_factory=list, description="every occurrence in Document.text"
    )
    raw_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="the same spans in the raw text"
    )
    context: str = Field("", description="the words around the first occurrence")
    node_ids: list[str] = Field(default_factory=list, description="outline nodes where it is cited")
