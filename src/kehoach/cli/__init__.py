"""The `kehoach` command line: one Typer app (`cli.app`), one module per command group."""

from __future__ import annotations

from kehoach.cli import (  # noqa: F401  (they register their commands)
    align_cmd,
    cascade_cmd,
    draft_cmd,
    export_cmd,
    lint_cmd,
    parse_cmd,
    refs_cmd,
    store_cmd,
    tracking_cmd,
    web_cmd,
)
from kehoach.cli.app import app

__all__ = ["app"]
