"""The Typer application every command group registers its commands on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kehoach",
    help="kehoach — đọc, phân tích, so sánh và theo dõi các văn bản Kế hoạch.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
