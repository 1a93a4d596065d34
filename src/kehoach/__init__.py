"""kehoach: structured data, cascades and follow-up for Vietnamese plan documents."""

__version__ = "0.1.0"
