"""Following a plan through: duties per unit, the unit registry, activities, progress, reports."""

from kehoach.tracking.duties import DutyEntry, extract_duties

__all__ = ["DutyEntry", "extract_duties"]
