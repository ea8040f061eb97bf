"""`rectxl import`: a flat, hand-typed ledger sheet → a rectxl ledger (.xlsm with the ribbon, or .xlsx).

The reading is rectxl.importing.flat's (pure); this module reads the file, presents what was inferred
and writes the ledger atomically. Heavy modules are imported inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import fail, make_console, parse_day
from rectxl.cli.options import ForceOption
from rectxl.errors import quoted_path

OUTPUT_SUFFIXES = (".xlsx", ".xlsm")



@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="手工整理的单表台账（.xlsx/.xlsm/.xls/.ods）。")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="导入后的台账（.xlsm 带功能区按钮，或 .xlsx）。")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="要导入的工作表名（默认：第一个有台账表头的工作表）。")] = None,
    feedback_date: Annotated[Optional[str], typer.Option(
        "--feedback-date", help="巡察反馈日期，如 2022-09-16（“立行立改”和不写年份的时限由它推算）。")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="单位名称（默认：从标题或“填报单位”行读取）。")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示识别结果（列对应关系、数量），不写文件。")] = False,
    force: ForceOption = False,
):
    """导入单表台账：把手工整理的一张整改台账表转成 rectxl 台账（问题清单、任务清单、责任人、设置）。"""
    from rectxl.importing.flat import CannotImport, flat_import
    from rectxl.io.atomic import atomic_save, check_not_open, writing
    from rectxl.io.reading import read_file

    if out is None and not dry_run:
        fail("请用 -o 指定导入后的台账文件（.xlsm 或 .xlsx），或加 --dry-run 只看识别结果。")
    if out is not None and out.suffix.lower() not in OUTPUT_SUFFIXES:
        fail(f"{out}：导入后的台账应保存为 .xlsx 或 .xlsm（带功能区按钮）文件。")
    if out is not None and not dry_run:
        if out.exists() and not force:
            fail(f"{out} 已存在；如需覆盖请加 --force。")
        if path.exists() and out.exists() and out.resolve() == path.resolve():
            fail("输出文件与源文件相同，请用 -o 指定另一个文件。")
    day = parse_day(feedback_date, "--feedback-date")
    grids = read_file(path)
    try:
        result = flat_import(grids, sheet=sheet, unit=unit.strip() if unit else None, feedback_date=day)
    except CannotImport as exc:
        raise CannotImport(f"{path.name} 不是可导入的整改台账：{exc.zh}", f"{path.name}: {exc.en}", file=path) from None

    from rich.text import Text

    console = make_console()
    _report(console, result)
    if dry_run:
        console.print(Text("试运行（--dry-run）：未写入任何文件。", style="bold"))
        return
    from rectxl.io.newledger import write_ledger

    with writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            check_not_open(out)
        atomic_save(lambda temp: write_ledger(temp, result.data), out)
    typer.echo(f"已导入：{out}")
    typer.echo(f"下一步：rectxl validate {quoted_path(out)}（校验导入后的台账）")


def _report(console, result) -> None:
    """What was inferred: counts, the column mapping, unplaced rows, warnings."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(
        f"工作表“{result.sheet}”，表头在第 {result.header_row} 行：{result.aspects} 个方面、{result.problems} 个问题、"
        f"{result.measures} 项整改措施，责任人 {result.people} 名。", style="bold"))
    if result.unit:
        source = f"（取自 {result.unit_source}）" if result.unit_source else "（--unit）"
        console.print(f"单位名称：{result.unit}{source}")

    table = Table(title="列对应关系")
    for head in ("单元格", "源表头", "导入为"):
        table.add_column(head, overflow="fold", max_width=40)
    for m in result.mapping:
        table.add_row(m.cell, m.header, m.target or Text("（未识别，不导入）", style="yellow"))
    console.print(table)

    others = [n for n in result.notes if n not in result.unplaced]
    if others:
        table = Table(title=f"非数据行及其识别（{len(others)} 行）")
        for head, width in (("单元格", 8), ("识别为", 10), ("说明", 30), ("该行内容", 40)):
            table.add_column(head, overflow="fold", max_width=width)
        for n in others:
            table.add_row(n.cell, n.kind, n.reason, n.text)
        console.print(table)
    if result.unplaced:
        table = Table(title=f"未导入的行（{len(result.unplaced)} 行）", title_style="bold red")
        for head, width in (("单元格", 8), ("原因", 36), ("该行内容", 40)):
            table.add_column(head, overflow="fold", max_width=width)
        for u in result.unplaced:
            table.add_row(u.cell, u.reason, u.text, style="red")
        console.print(table)
    for warning in result.warnings:
        console.print(Text(f"注意：{warning}", style="yellow"))
