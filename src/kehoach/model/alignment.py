"""Alignment of a child plan's units to its parent plan's units."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AlignRelation = Literal["verbatim", "adapted", "added"]


class DocRef(BaseModel):
    source: str | None = None
    number_symbol: str | None = None
    title: str | None = None


class Unit(BaseModel):
    id: str
    text: str
    section: str | None = None


class AlignedPair(BaseModel):
    child_id: str
    parent_ids: list[str] = Field(default_factory=list)
    relation: AlignRelation
    score: float = 0.0
    shared: list[str] = Field(default_factory=list, description="evidence: words both units share")
    changed: list[str] = Field(default_factory=list, description="evidence: words only one side has")


class Coverage(BaseModel):
    overall: float
    by_section: dict[str, float] = Field(default_factory=dict)
    child_own_share: float = Field(0.0, description="share of child text with no parent counterpart")


class Alignment(BaseModel):
    parent: DocRef
    child: DocRef
    units: dict[str, list[Unit]]
    pairs: list[AlignedPair]
    omitted: list[str]
    coverage: Coverage
