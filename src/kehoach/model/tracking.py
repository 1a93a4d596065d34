"""Implementation tracking: which unit must do what, and what it reported.

Designed now so the store has room for it; filled by `tracking.py` in a later issue.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Assignment(BaseModel):
    """A responsible unit and its duties, from `Tổ chức thực hiện`."""

    unit: str = Field(description="responsible body as printed, e.g. 'Ban Tuyên giáo Huyện ủy'")
    role: Literal["lead", "coordinate", "report"] = "lead"
    node_id: str = Field(description="the outline node that assigns it")
    duty_node_ids: list[str] = Field(default_factory=list)
    deadline: str | None = None


class Activity(BaseModel):
    """A concrete activity a unit carries out for a duty."""

    id: str
    assignment_node_id: str
    unit: str
    description: str
    due: str | None = None
    status: Literal["planned", "in_progress", "done", "dropped"] = "planned"


class ProgressReport(BaseModel):
    """A report document (Báo cáo) or entry stating progress on activities."""

    unit: str
    period: str | None = None
    document_key: str | None = None
    activity_ids: list[str] = Field(default_factory=list)
    percent_done: float | None = Field(None, ge=0.0, le=100.0)
    note: str | None = None
