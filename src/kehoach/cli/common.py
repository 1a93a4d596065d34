"""What the command groups share: consoles, printing an outline, reading files given on the
command line. No domain rule: reading is `kehoach.pipeline`'s, formats `store.consume`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from kehoach.errors import KehoachError
from kehoach.ingest import OCR_MODES, unsupported_error
from kehoach.model import Document, Node
from kehoach.pipeline import process_file

console = Console()
err_console = Console(stderr=True, soft_wrap=True)


def _tree_label(node: Node) -> str:
    from rich.markup import escape

    text = node.text.split("\n")[0]
    if len(text) > 90:
        text = text[:87] + "…"
    style = {"section": "bold cyan", "item": "bold", "bullet": "dim", "plus": "dim"}.get(node.kind)
    label = f"[{style}]{escape(node.label)}[/]" if style else escape(node.label)
    return f"{label} {escape(text)}  [dim]#{node.id}[/]"


def _add(tree: Tree, node: Node) -> None:
    branch = tree.add(_tree_label(node))
    for child in node.children:
        _add(branch, child)


def print_tree(doc: Document) -> None:
    """The outline (and annex outlines) as an indented Rich tree."""
    title = f"{doc.doc_type or 'Văn bản'} {doc.number_symbol or '(chưa rõ số)'} — {doc.title or ''}"
    tree = Tree(f"[bold]{title}[/]")
    for node in doc.outline:
        _add(tree, node)
    for annex in doc.annexes:
        sub = tree.add(f"[bold magenta]{annex.title}[/]")
        for node in annex.outline:
            _add(sub, node)
    console.print(tree)


OcrOption = Annotated[
    str,
    typer.Option(
        "--ocr",
        help="Nhận dạng chữ bản scan: auto (trang không có lớp chữ), always (mọi trang PDF), never.",
    ),
]


def check_ocr(mode: str) -> str:
    """The `--ocr` value, or exit 2 with the allowed values."""
    if mode not in OCR_MODES:
        err_console.print(f"[red]--ocr không hợp lệ: {mode}. Chọn một trong: {', '.join(OCR_MODES)}.[/]")
        raise typer.Exit(2)
    return mode


def check_format(value: str, allowed: Sequence[str]) -> None:
    """Exit 2 with the allowed values when `--format` is not one of them."""
    if value not in allowed:
        err_console.print(
            f"[red]Định dạng không hỗ trợ: {escape(value)}. Chọn một trong: {', '.join(allowed)}.[/]"
        )
        raise typer.Exit(2)


def read_or_exit(path: Path, ocr: str = "auto") -> Document:
    """`process_file(path)`, or exit 1 saying why the file cannot be read."""
    try:
        return process_file(path, ocr=ocr)
    except KehoachError as exc:
        err_console.print(f"[red]Lỗi[/] {escape(str(path))}: {escape(exc.message)} [dim]({exc.code})[/]")
        raise typer.Exit(1) from None


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Không hiện tiến độ đọc từng trang (thanh tiến độ trên stderr).")
]
STAGE_LABELS = {"text": "đọc trang", "ocr": "nhận dạng chữ (OCR) trang"}


class PageProgress:
    """Per-page progress of the file being read: a Rich bar on stderr, shown only on a terminal
    and without `--quiet` (a pipe or a log file gets none). `for_file(name)` gives the
    `on_page(done, total, stage)` callback of one file; its bar goes away when the file is done."""

    def __init__(self, quiet: bool = False) -> None:
        self.enabled = not quiet and err_console.is_terminal
        self._progress: Any = None

    def __enter__(self) -> PageProgress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    @contextmanager
    def for_file(self, name: str) -> Iterator[Callable[[int, int, str], None] | None]:
        progress = self._progress
        if progress is None:
            yield None
            return
        from rich.markup import escape

        task = progress.add_task(name, total=None)

        def on_page(done: int, total: int, stage: str) -> None:
            label = f"{escape(name)}: {STAGE_LABELS.get(stage, stage)}"
            progress.update(task, description=label, completed=done, total=total)
            if done in (1, total):  # drawn now at a stage's first and last page, whatever the timer
                progress.refresh()

        try:
            yield on_page
        finally:
            progress.remove_task(task)


def load_documents(
    files: list[Path], ocr: str = "auto", progress: PageProgress | None = None
) -> list[tuple[Path, Document | KehoachError]]:
    """Parse each file; a bad file (or one in a format we do not read) yields its error
    instead of stopping the run. `progress`: per-page progress shown while each file is read."""
    out: list[tuple[Path, Document | KehoachError]] = []
    progress = progress or PageProgress(quiet=True)
    for f in files:
        try:
            if (exc := unsupported_error(f)) is not None:
                raise exc
            with progress.for_file(f.name) as on_page:
                out.append((f, process_file(f, ocr=ocr, on_page=on_page)))
        except KehoachError as exc:
            out.append((f, exc))
    return out


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders walked (sorted): every file but hidden ones, so that a file in a
    format we do not read is listed with its reason (`load_documents`), never left out."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        else:
            out.append(p)
    return out
