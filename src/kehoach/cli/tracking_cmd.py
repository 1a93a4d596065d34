"""`kehoach duties`: who must do what under a plan."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kehoach.cli.app import app
from kehoach.cli.common import check_format, console, err_console, read_or_exit
from kehoach.errors import KehoachError

FORMATS = ("table", "json")


@app.command()
def duties(
    plan: Annotated[Path, typer.Argument(help="Tệp Kế hoạch (.txt, .pdf, .docx).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """Liệt kê nhiệm vụ của từng đơn vị trong phần Tổ chức thực hiện và bảng phân công."""
    from kehoach.tracking.duties import extract_duties

    check_format(format, FORMATS)
    doc = read_or_exit(plan)
    entries = extract_duties(doc)
    if format == "json":
        sys.stdout.write(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return
    if not entries:
        console.print("[yellow]Không tìm thấy đơn vị nào được giao nhiệm vụ trong văn bản này.[/]")
        return
    table = Table(title=f"Phân công thực hiện — {doc.number_symbol or plan.name}")
    for col in ("Mục", "Đơn vị", "Vai trò", "Số nhiệm vụ", "Nhiệm vụ đầu tiên", "Thời hạn"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.node_id, e.unit, e.role or "", str(len(e.duties)), e.duties[0][:70], e.deadline or "")
    console.print(table)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="KEHOACH_DB", help="URL cơ sở dữ liệu hoặc tệp SQLite (mặc định: kehoach.db)."
    ),
]


def _stored_plan(db: str | None, key: str):  # noqa: ANN202 (store types stay out of the CLI)
    from kehoach.store import open_store

    try:
        store = open_store(db)
    except KehoachError as exc:
        err_console.print(f"[red]{exc.message}[/]")
        raise typer.Exit(2) from None
    stored = store.get_document(int(key) if key.isdigit() else key)
    if stored is None:
        err_console.print(f"[red]Không tìm thấy kế hoạch '{key}' trong kho.[/]")
        store.close()
        raise typer.Exit(1)
    return store, stored


@app.command("track-duties")
def track_duties(
    plan: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của kế hoạch đã lưu trong kho.")],
    force: Annotated[
        bool, typer.Option("--force", help="Trích lại cả khi cán bộ đã sửa nhiệm vụ (mất các chỉnh sửa).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Trích và lưu nhiệm vụ của từng đơn vị (đăng ký đơn vị vào danh mục) cho một kế hoạch trong kho."""
    from kehoach.tracking.repo import Tracker

    store, stored = _stored_plan(db, plan)
    with store:
        try:
            entries = Tracker(store).save_duties(stored.summary.id, stored.document, force=force)
        except KehoachError as exc:
            err_console.print(f"[red]Lỗi[/] {exc.message}")
            raise typer.Exit(1) from None
    console.print(f"Đã lưu {len(entries)} mục phân công của {stored.document.number_symbol or plan}.")


@app.command("track-import")
def track_import(
    plan: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của kế hoạch đã lưu trong kho.")],
    sheet: Annotated[
        Path, typer.Argument(help="Tệp .csv hoặc .xlsx: Ngày, Đơn vị, Mục, Hình thức, Số lượng, …")
    ],
    actor: Annotated[str, typer.Option("--actor", help="Người nhập (ghi vào nhật ký).")] = "cli",
    db: DbOption = None,
) -> None:
    """Nhập hoạt động của các đơn vị từ bảng tính (tất cả hoặc không dòng nào)."""
    from kehoach.tracking.repo import Tracker

    store, stored = _stored_plan(db, plan)
    with store:
        try:
            ids = Tracker(store).import_activities(stored.summary.id, sheet, actor)
        except KehoachError as exc:
            err_console.print(f"[red]Lỗi[/] {exc.message}")
            raise typer.Exit(1) from None
    console.print(f"Đã nhập {len(ids)} hoạt động.")


@app.command()
def report(
    plan: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của kế hoạch đã lưu trong kho.")],
    period: Annotated[str, typer.Option("--period", help="Kỳ báo cáo: 2022-01-01..2022-06-30")],
    out: Annotated[Path, typer.Option("--out", help="Tệp .docx cần ghi.")] = Path("bao-cao.docx"),
    unit: Annotated[str | None, typer.Option("--unit", help="Chỉ báo cáo một đơn vị.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Ngày ghi trên báo cáo (mặc định: hôm nay).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Viết Báo cáo kết quả thực hiện Kế hoạch (DOCX) theo thể thức của cơ quan ban hành."""
    from kehoach.tracking.repo import Tracker
    from kehoach.tracking.report import report_data, write_docx

    if ".." not in period:
        err_console.print("[red]Kỳ báo cáo cần dạng ĐẦU..CUỐI, ví dụ 2022-01-01..2022-06-30.[/]")
        raise typer.Exit(2)
    start, end = period.split("..", 1)
    store, stored = _stored_plan(db, plan)
    with store:
        try:
            data = report_data(Tracker(store), stored.summary.id, stored.document, start, end, unit)
            path = write_docx(data, out, on)
        except KehoachError as exc:
            err_console.print(f"[red]Lỗi[/] {exc.message}")
            raise typer.Exit(1) from None
    console.print(f"Đã ghi báo cáo: {path} (hoàn thành chung {100 * data.completion:.1f}%).")


@app.command("track-report")
def track_report(
    report_doc: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của báo cáo đã lưu trong kho.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    db: DbOption = None,
) -> None:
    """Đọc một Báo cáo kết quả thực hiện Kế hoạch trong kho: kế hoạch, đơn vị báo cáo, các đoạn gắn với mục."""
    from kehoach.tracking.repo import Tracker

    store, stored = _stored_plan(db, report_doc)
    with store:
        link = Tracker(store).report_link(stored.summary.id)
    if link is None:
        err_console.print(f"[red]{report_doc} không phải báo cáo kết quả thực hiện một kế hoạch.[/]")
        raise typer.Exit(1)
    if format == "json":
        data = {k: v for k, v in vars(link).items() if k != "statements"}
        data["statements"] = [asdict(s) for s in link.statements]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(
        f"Báo cáo {link.number_symbol or link.report_id} của {link.unit or '?'}"
        + (f" (đơn vị số {link.unit_id})" if link.unit_id else " (chưa có trong danh mục đơn vị)")
        + (
            f" — thực hiện kế hoạch {link.plan_label or link.plan_id}"
            if link.plan_id
            else " — chưa tìm thấy kế hoạch trong kho"
        )
    )
    table = Table(title="Các đoạn gắn với mục của kế hoạch")
    for col in ("Đoạn", "Mục", "Cách gắn", "Đơn vị", "Số liệu", "Đánh giá", "Nội dung"):
        table.add_column(col)
    for s in link.statements:
        how = "nêu mục" if s.via == "item" else "theo đơn vị"
        nums = ", ".join(f"{n} {w}" for n, w in s.figures)
        said = [m.assessment for m in s.measures if m.assessment]
        state = {"done": "hoàn thành", "under_way": "đang thực hiện", "not_started": "chưa thực hiện"}
        judged = ", ".join([*([state[s.status]] if s.status else []), *dict.fromkeys(said)])
        table.add_row(s.node_id, ", ".join(s.items), how, s.unit or "", nums, judged, s.text[:70])
    console.print(table)


@app.command("track-duty")
def track_duty(
    plan: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của kế hoạch đã lưu trong kho.")],
    duty_id: Annotated[
        int | None, typer.Option("--id", help="Mã nhiệm vụ cần sửa hoặc xóa (xem danh sách).")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Tên đơn vị như kế hoạch ghi.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="chủ trì | phối hợp | thực hiện")] = None,
    node: Annotated[str | None, typer.Option("--node", help="Mục của kế hoạch, ví dụ IV.2.")] = None,
    duty: Annotated[
        list[str] | None, typer.Option("--duty", help="Một câu nhiệm vụ (lặp lại cho nhiều câu).")
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Thời hạn như kế hoạch ghi.")] = None,
    remove: Annotated[bool, typer.Option("--delete", help="Xóa nhiệm vụ --id.")] = False,
    add: Annotated[bool, typer.Option("--add", help="Thêm một nhiệm vụ mà phần trích bỏ sót.")] = False,
    actor: Annotated[str, typer.Option("--actor", help="Người sửa (ghi vào nhật ký).")] = "cli",
    db: DbOption = None,
) -> None:
    """Liệt kê nhiệm vụ đã lưu của một kế hoạch (kèm mã), hoặc sửa, thêm, xóa một nhiệm vụ (có ghi nhật ký)."""
    from kehoach.tracking.repo import Tracker

    store, stored = _stored_plan(db, plan)
    with store:
        tracker = Tracker(store)
        changes = {
            k: v
            for k, v in (
                ("unit", unit),
                ("role", role),
                ("node_id", node),
                ("duties", duty),
                ("deadline", deadline),
            )
            if v
        }
        try:
            if remove:
                if duty_id is None:
                    raise KehoachError("Cần --id của nhiệm vụ cần xóa.", code="bad_duty")
                tracker.correct_duty(duty_id, None, actor)
                console.print(f"Đã xóa nhiệm vụ số {duty_id}.")
                return
            if add or (duty_id is not None and changes):
                if duty_id is not None and tracker.duty_plan(duty_id) != stored.summary.id:
                    raise KehoachError(f"Nhiệm vụ số {duty_id} không thuộc kế hoạch này.", code="bad_duty")
                new_id = tracker.correct_duty(
                    None if add else duty_id, changes, actor, plan_id=stored.summary.id
                )
                console.print(f"Đã {'thêm' if add else 'sửa'} nhiệm vụ số {new_id}.")
                return
        except KehoachError as exc:
            err_console.print(f"[red]Lỗi[/] {exc.message}")
            raise typer.Exit(1) from None
        rows = tracker.duties_of(stored.summary.id)
    table = Table(title=f"Nhiệm vụ đã lưu — {stored.document.number_symbol or plan}")
    for col in ("Mã", "Mục", "Đơn vị", "Vai trò", "Thời hạn", "Nhiệm vụ đầu tiên"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["node_id"],
            r["unit"],
            r["role"] or "",
            r["deadline"] or "",
            (r["duties"] or [""])[0][:60],
        )
    console.print(table)


@app.command("track-links")
def track_links(
    plan: Annotated[str, typer.Argument(help="Số ký hiệu hoặc mã của kế hoạch cấp trên đã lưu trong kho.")],
    derive: Annotated[
        bool,
        typer.Option(
            "--derive", help="Suy lại liên kết từ đối chiếu (kế hoạch này và các kế hoạch cấp dưới)."
        ),
    ] = False,
    node: Annotated[
        str | None, typer.Option("--set", help="Mục của kế hoạch này cần điều chỉnh liên kết, ví dụ IV.4.")
    ] = None,
    child: Annotated[
        str | None, typer.Option("--child", help="Số ký hiệu hoặc mã của kế hoạch cấp dưới.")
    ] = None,
    child_node: Annotated[str | None, typer.Option("--child-node", help="Mục của kế hoạch cấp dưới.")] = None,
    weight: Annotated[float | None, typer.Option("--weight", help="Trọng số (0: không tính).")] = None,
    reason: Annotated[str, typer.Option("--reason", help="Lý do điều chỉnh (ghi vào nhật ký).")] = "",
    actor: Annotated[str, typer.Option("--actor", help="Người điều chỉnh (ghi vào nhật ký).")] = "cli",
    db: DbOption = None,
) -> None:
    """Liên kết tổng hợp tiến độ từ kế hoạch cấp dưới: liệt kê, suy lại từ đối chiếu, hoặc điều chỉnh một liên kết (có ghi nhật ký)."""
    from kehoach.tracking.repo import Tracker

    store, stored = _stored_plan(db, plan)
    with store:
        tracker = Tracker(store)
        plan_id = stored.summary.id
        try:
            if node is not None:
                if child is None or child_node is None or weight is None:
                    raise KehoachError("Cần --child, --child-node và --weight cùng --set.", code="bad_link")
                below = store.get_document(int(child) if child.isdigit() else child)
                if below is None:
                    raise KehoachError(f"Không tìm thấy kế hoạch '{child}' trong kho.", code="not_found")
                tracker.set_link((plan_id, node), (below.summary.id, child_node), weight, reason, actor)
                console.print(f"Đã ghi liên kết {node} ← {child} {child_node} (trọng số {weight:g}).")
            elif derive:
                derived = tracker.derive_links_around(plan_id, stored.document)
                n = sum(len(v) for v in derived.values())
                console.print(f"Đã suy {n} liên kết từ đối chiếu ({len(derived)} kế hoạch).")
        except KehoachError as exc:
            err_console.print(f"[red]Lỗi[/] {exc.message}")
            raise typer.Exit(1) from None
        children = tracker.children_of(plan_id)
        labels = tracker.plan_labels({link.child[0] for links in children.values() for link in links})
    if not children:
        console.print("Chưa có kế hoạch cấp dưới nào được tính vào kế hoạch này.")
        return
    table = Table(title=f"Tổng hợp từ kế hoạch cấp dưới — {stored.document.number_symbol or plan}")
    for col in ("Mục", "Kế hoạch cấp dưới", "Mục cấp dưới", "Trọng số", "Nguồn", "Ghi chú"):
        table.add_column(col)
    for parent_node, links in children.items():
        for link in links:
            table.add_row(
                parent_node,
                labels.get(link.child[0], str(link.child[0])),
                link.child[1],
                f"{link.weight:.3g}",
                "đối chiếu" if link.method == "align" else "điều chỉnh",
                (link.reason or "")[:80],
            )
    console.print(table)
