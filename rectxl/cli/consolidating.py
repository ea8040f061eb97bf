"""`rectxl consolidate` and `rectxl briefing --from`: many units' ledgers read at once, in parallel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import fail, parse_day, parse_month, to_pdf

DEFAULT_OUT = Path("整改台账汇总.xlsx")


def read_all(inputs: list[Path], as_of: str | None, month: tuple[int, int] | None, jobs: int | None,
             exclude: tuple[Path, ...] = ()):
    """Find and read the ledgers, with a progress bar on stderr; exit 2 when there is none."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from rectxl.consolidate.combine import consolidate as run
    from rectxl.consolidate.units import find_ledgers

    given = parse_day(as_of, "--as-of")
    files, missing = find_ledgers(inputs, exclude)
    if not files:
        where = "、".join(str(p) for p in inputs)
        fail(f"在 {where} 中没有找到台账文件（.xlsx/.xlsm）。" if not missing else
              "；".join(f"{f}：{why}" for f, why in missing))
    total = [len(files)]
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True, highlight=False)) as progress:
        bar = progress.add_task("读取台账", total=total[0])

        def more(n: int) -> None:
            total[0] += n
            progress.update(bar, total=total[0], description="按统一截止日期重新统计")

        return run(files, missing, given, dt.date.today(), month, jobs, done=lambda: progress.advance(bar),
                   more=more)


def report(summary) -> None:
    """The figures on stdout; what needs the office's attention on stderr."""
    from rectxl.core.figures import percent

    t = summary.total
    typer.echo(f"已汇总 {len(summary.units)} 个单位的台账（统计截至 {summary.as_of.isoformat()}，"
               f"截止日期取自{summary.as_of_source}）：整改措施 {t['total']} 项，已完成 {t['done']} 项，"
               f"完成率 {percent(t['completion_rate'])}；逾期 {t['overdue']} 项，临期 {t['due_soon']} 项，"
               f"无进展 {t['stale']} 项。")
    if summary.as_of_disagree:
        typer.echo(f"注意：各台账的统计截止日期不一致，已统一按 {summary.as_of.isoformat()} 统计；"
                   f"可用 --as-of 指定。", err=True)
    for d in summary.duplicates:
        typer.echo(f"警告：单位名称“{d['name']}”重复（{'、'.join(d['files'])}）：各自单列为"
                   f"{'、'.join(d['labels'])}，都计入合计，请核实后删除多余的台账或更正单位名称。", err=True)
    if summary.unreadable:
        typer.echo(f"无法读取 {len(summary.unreadable)} 个文件（未计入汇总）：", err=True)
        for u in summary.unreadable:
            typer.echo(f"  {u['file']}：{u['reason']}", err=True)
    if summary.with_errors:
        typer.echo(f"{len(summary.with_errors)} 个单位的台账有校验错误（已计入汇总；用 rectxl validate 查看详情）：",
                   err=True)
        for u in summary.with_errors:
            typer.echo(f"  {u['name']}：{u['error']} 个错误（{u['file']}）", err=True)


@app.command("consolidate")
def consolidate(
    paths: Annotated[list[Path], typer.Argument(help="各单位的台账文件，或台账所在的文件夹（逐级查找 .xlsx/.xlsm）。")],
    out: Annotated[Path, typer.Option("-o", "--out", help="汇总工作簿（.xlsx）。")] = DEFAULT_OUT,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="统一的统计截止日期，如 2023-03-31（默认：各台账设置中一致的统计截止日期，否则当天）。")] = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", min=1, help="并行读取的进程数（默认：CPU 核数）。")] = None,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="-o 指定的文件是一份台账（或汇总的输入）时仍覆盖它（先自动备份）。")] = False,
):
    """汇总多个单位的台账：单位、责任人、方面、逾期事项各一张表（末行合计），另列无法读取的文件和重复的单位。
    退出码 0 全部正常，1 有无法读取的文件、校验错误或重复的单位，2 无法汇总。"""
    from rectxl.consolidate.summary import write_summary

    if out.suffix.lower() != ".xlsx":
        fail(f"{out}：汇总结果应保存为 .xlsx 文件。")
    if out.exists() and not overwrite and _is_ledger(out, paths):
        from rectxl.errors import WriteRefused

        raise WriteRefused(f"{out} 是一份台账（或汇总的输入），不能用汇总结果覆盖；请换一个输出文件名，"
                           f"或加 --overwrite（先自动备份原文件）。",
                           f"{out} is a ledger (or one of the inputs); it is not replaced by the summary. Choose "
                           f"another name, or add --overwrite (it is backed up first).", file=out)
    summary = read_all(paths, as_of, None, jobs, exclude=(out,))
    from rectxl.io.atomic import backup, check_not_open, check_replaceable, writing

    saved = None
    with writing(out):
        if out.exists():
            check_not_open(out)
            check_replaceable(out)
            saved = backup(out, dt.datetime.now())
        written = write_summary(summary, out)
    report(summary)
    typer.echo(f"已写入：{written}")
    if saved:
        typer.echo(f"原文件已备份为：{saved}")
    raise typer.Exit(0 if summary.clean else 1)


def _is_ledger(out: Path, inputs: list[Path]) -> bool:
    """Whether `out` is one of the inputs named or holds a measures sheet (a unit's ledger in an input
    folder does; an earlier summary, whose sheets are 单位, 责任人…, does not)."""
    import os

    from rectxl.core import schema
    from rectxl.core.grid import sheet_key
    from rectxl.errors import RectxlError
    from rectxl.io.probe import probe_workbook

    measures = {sheet_key(n) for n in schema.MEASURES_SHEET.names}

    real = os.path.realpath(out)
    if any(real == os.path.realpath(given) for given in inputs):
        return True
    try:
        return bool(probe_workbook(out, quick=True, wanted=lambda name: sheet_key(name) in measures).sheets)
    except RectxlError:
        return False


def briefing_from(folder: Path, month: str | None, as_of: str | None, out: Path | None, pdf: bool) -> None:
    """`rectxl briefing --from DIR`: the monthly briefing over every unit's ledger in the folder."""
    from rectxl.consolidate.briefing import write_briefing

    summary = read_all([folder], as_of, parse_month(month) if month else None, None)
    report(summary)
    if not summary.units:
        fail("没有可以读取的台账，无法生成汇总简报。")
    from rectxl.io.atomic import writing

    dest = out or folder
    with writing(dest):
        written = write_briefing(summary, dest)
    typer.echo(f"汇总简报（{len(summary.units)} 个单位，截至 {summary.as_of.isoformat()}）：{written}")
    if pdf:
        typer.echo(f"PDF：{to_pdf([written])[0]}")
