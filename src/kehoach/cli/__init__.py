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
from kehoach.cli import parse_cmd  # noqa: E402,F401

for _optional in ("refs_cmd", "store_cmd", "align_cmd", "web_cmd", "tracking_cmd"):
    try:
        __import__(f"kehoach.cli.{_optional}")
    except ModuleNotFoundError as _exc:  # a command group not written yet
        if _exc.name != f"kehoach.cli.{_optional}":
            raise
