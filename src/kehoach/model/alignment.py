"""Alignment of a child plan's units to its parent plan's units."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AlignRelation = Literal["verbatim", "adapted", "added"]


class DocRef(BaseModel):
    source: str | None = None
    number_symbol: str | None = None
    title: str | None = None
    issuer: str | None = None


class Unit(BaseModel):
    """One outline node as a unit of comparison: its id and its own text (heading included)."""

    id: str
    text: str
    section: str | None = Field(None, description="id of the Roman section (or annex) it belongs to")
    kind: str | None = Field(None, description="outline node kind: section, item, subitem, letter, bullet …")
    label: str | None = Field(None, description="the label as printed, e.g. '1.1-', 'a)', '-'")
    outline_parent: str | None = Field(None, description="id of the enclosing outline node")
    span: tuple[int, int] | None = Field(
        None, description="span of the node in the document's normalized text"
    )


class AlignedPair(BaseModel):
    """A child unit with its parent unit(s) (none when added), the relation and the evidence."""

    child_id: str
    parent_ids: list[str] = Field(default_factory=list)
    relation: AlignRelation
    score: float = 0.0
    method: str | None = Field(
        None, description="how the link was found: in_order, moved, merge, structure (none when added)"
    )
    shared: list[str] = Field(default_factory=list, description="evidence: words both units share")
    changed: list[str] = Field(default_factory=list, description="evidence: words only one side has")
    substitutions: list[str] = Field(
        default_factory=list, description="level substitutions seen, e.g. 'Trung ương → Huyện ủy'"
    )


class Coverage(BaseModel):
    overall: float = Field(description="share of parent units kept or adapted in the child")
    by_section: dict[str, float] = Field(default_factory=dict, description="the same per parent section")
    child_own_share: float = Field(0.0, description="share of child text (words) with no parent counterpart")
    parent_units: int = 0
    child_units: int = 0
    kept: int = Field(0, description="parent units with at least one child counterpart")
    relations: dict[str, int] = Field(default_factory=dict, description="child units per relation")


class Alignment(BaseModel):
    parent: DocRef
    child: DocRef
    scope: Literal["body", "annex"] = "body"
    units: dict[str, list[Unit]]
    pairs: list[AlignedPair]
    omitted: list[str]
    coverage: Coverage
    warnings: list[str] = Field(default_factory=list)

    def pair(self, child_id: str) -> AlignedPair | None:
        """The pair for one child unit."""
        return next((p for p in self.pairs if p.child_id == child_id), None)

    def links(self) -> set[tuple[str, str]]:
        """All (child id, parent id) links."""
        return {(p.child_id, q) for p in self.pairs for q in p.parent_ids}

    def to_public_dict(self) -> dict:
        """The JSON contract of `kehoach align --format json`."""
        return {
            "parent": self.parent.model_dump(mode="json"),
            "child": self.child.model_dump(mode="json"),
            "scope": self.scope,
            "units": {
                side: [{"id": u.id, "text": u.text} for u in units] for side, units in self.units.items()
            },
            "pairs": [
                {
                    "child_id": p.child_id,
                    "parent_ids": p.parent_ids,
                    "relation": p.relation,
                    "score": round(p.score, 4),
                    "method": p.method,
                    "evidence": {"shared": p.shared, "changed": p.changed, "substitutions": p.substitutions},
                }
                for p in self.pairs
            ],
            "omitted": self.omitted,
            "coverage": self.coverage.model_dump(mode="json"),
            "warnings": self.warnings,
        }
