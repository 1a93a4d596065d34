"""The `kehoach` command line: one Typer app, one module per command group."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kehoach",
    help="kehoach — đọc, phân tích, so sánh và theo dõi các văn bản Kế hoạch.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# Each module registers its commands on `app` when imported.
from kehoach.cli import align_cmd, parse_cmd, refs_cmd, store_cmd, tracking_cmd, web_cmd  # noqa: E402,F401
